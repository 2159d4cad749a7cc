#!/usr/bin/env bash
# Time from `java @conf/jvm.options -jar` to the first proxied 200 on conf/weft.properties (the demo: frontend
# 8080 -> built-in origin), polled every 10 ms. Extra arguments are JVM flags, e.g.
#   scripts/startup.sh -XX:AOTMode=on -XX:AOTCache=target/weft.aot
# Needs target/weft.jar, curl, JAVA_HOME at a JDK 25, port 8080-8081 free.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
t0=$(date +%s%N)
"$java" @conf/jvm.options "$@" -jar target/weft.jar conf/weft.properties >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null http://127.0.0.1:8080/; do
    kill -0 "$pid" 2>/dev/null || { echo "weft exited" >&2; exit 1; }
    sleep 0.01
done
echo "first proxied response after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
