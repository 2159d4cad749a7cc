#!/usr/bin/env bash
# Builds target/weft.aot, a JDK 25 AOT cache (classes loaded and linked, method profiles) from a
# training run of weft on conf/weft.properties under load, so that a later
#   java @conf/jvm.options -XX:AOTCache=target/weft.aot -jar target/weft.jar CONF
# starts faster and reaches its compiled speed sooner (BENCHMARKS.md).
# Needs: target/weft.jar (mvn package), wrk and h2load; JAVA_HOME at a JDK 25; ports 8080-8081 free.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
[ -f target/weft.jar ] || { echo "aot-cache: target/weft.jar missing: run mvn -DskipTests package" >&2; exit 1; }
rm -f target/weft.aot
"$java" @conf/jvm.options -XX:AOTCacheOutput=target/weft.aot -Xms256m -Xmx256m -jar target/weft.jar conf/weft.properties \
    > target/aot-training.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null localhost:8080/ && break; sleep 0.1; done
wrk -t2 -c64 -d20s http://127.0.0.1:8080/ | grep Requests/sec
h2load -c4 -m16 -n 50000 http://127.0.0.1:8080/ | grep 'status codes'
kill "$pid"; wait "$pid" || true
trap - EXIT
ls -l target/weft.aot
