#!/usr/bin/env bash
# Builds target/weft.aot, a JDK 25 AOT cache (classes loaded and linked, method profiles) from a
# training run of weft on conf/aot-training.properties (the demo, an HTTP/2 backend, a backend
# with a dead server and a FastCGI backend, scripts/aot/fcgi-responder.py) under load, so that a later
#   java @conf/jvm.options -XX:AOTCache=target/weft.aot -jar target/weft.jar CONF
# starts faster and reaches its compiled speed sooner (BENCHMARKS.md).
# Needs: target/weft.jar (mvn package), wrk, h2load and python3; JAVA_HOME at a JDK 25; ports 8080-8083 free.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
[ -f target/weft.jar ] || { echo "aot-cache: target/weft.jar missing: run mvn -DskipTests package" >&2; exit 1; }
command -v python3 >/dev/null || { echo "aot-cache: python3 missing (the training's FastCGI responder)" >&2; exit 1; }
# listening PORT: something accepts connections on 127.0.0.1:PORT
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# the retry backend's first server must refuse connections, not answer them
if listening 8082; then
    echo "aot-cache: something listens on 127.0.0.1:8082; the training needs it free" >&2; exit 1
fi
if listening 8083; then
    echo "aot-cache: something listens on 127.0.0.1:8083; the training's FastCGI responder needs it" >&2; exit 1
fi
rm -f target/weft.aot
python3 scripts/aot/fcgi-responder.py 8083 &
fcgi=$!
for _ in $(seq 50); do listening 8083 && break; sleep 0.1; done
listening 8083 || { echo "aot-cache: the FastCGI responder did not start on 8083" >&2; kill $fcgi 2>/dev/null; exit 1; }
"$java" @conf/jvm.options -XX:AOTCacheOutput=target/weft.aot -Xms256m -Xmx256m -jar target/weft.jar conf/aot-training.properties \
    > target/aot-training.log 2>&1 &
pid=$!
trap 'kill $pid $fcgi 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null localhost:8080/ && break; sleep 0.1; done
# load URL SECONDS: wrk on URL, prints its rate; a request that failed fails the training
load() {
    local out
    out=$(wrk -t2 -c64 -d"$2"s "$1") || true
    if ! grep Requests/sec <<<"$out" || grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "aot-cache: requests failed while training on $1:" >&2; echo "$out" >&2; exit 1
    fi
}
load http://127.0.0.1:8080/ 20
load http://127.0.0.1:8080/h2/ 10
load http://127.0.0.1:8080/retry/ 10
load 'http://127.0.0.1:8080/php/index.php?training=1' 5
out=$(h2load -c4 -m16 -n 50000 http://127.0.0.1:8080/) || true
grep 'status codes: 50000 2xx' <<<"$out" || { echo "aot-cache: h2load requests failed while training:" >&2; echo "$out" >&2; exit 1; }
kill "$pid"; wait "$pid" || true
kill "$fcgi" 2>/dev/null || true
trap - EXIT
ls -l target/weft.aot
