#!/usr/bin/env bash
# A/B harness for one weft build on one scenario, pinned as shared/bench/run.sh pins (load
# generator on CPU 0; weft and the origin nginx on CPU 1), but with weft kept running across
# measurements so that a change can be judged at its compiled speed, and with the figures the
# bench does not give: user and system CPU per request, and the context switches of every weft
# thread and of the origin worker.
#
#   scripts/ab.sh JAR SCENARIO [JVM FLAG...]
#     JAR: a weft jar, or "haproxy" for HAProxy on shared/bench's peer configuration
#     SCENARIO: h1-small | h1-big | h1-close | h2-front | h2-back | retry | fcgi
#     env: WARM (s, default 30), RUNS (default 3), DUR (s, default 8), JAVA_HOME (a JDK 25)
#
# Prints one line per measured run:
#   rps=... p99=... user_us=... sys_us=...    (CPU of the weft process per request; for
#   h2-front, h2load reports no p99: the slowest request is shown as p99=max:...)
# then the switches per thread during one more run. Side-by-side figures with HAProxy and nginx
# come from ../shared/bench/run.sh only (BENCHMARKS.md); this script compares weft with weft.
# Needs nginx, wrk, h2load, taskset (php-fpm for fcgi); ports 18080-18081, 19001-19004 and 19090 free.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:?usage: scripts/ab.sh JAR SCENARIO [JVM FLAG...]}
scenario=${2:?usage: scripts/ab.sh JAR SCENARIO [JVM FLAG...]}
shift 2
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
WARM=${WARM:-30} RUNS=${RUNS:-3} DUR=${DUR:-8}
bench=../shared/bench

run=$(mktemp -d -t weft-ab.XXXXXX)
chmod 755 "$run"
mkdir -p "$run/logs" "$run/tmp" "$run/www/h2" "$run/www/php"
head -c 200 /dev/zero | tr '\0' 's' >"$run/www/small"
head -c 65536 /dev/zero | tr '\0' 'b' >"$run/www/big"
cp "$run/www/small" "$run/www/big" "$run/www/h2/"
conf="$run/origin-nginx.conf"
if [[ $scenario == retry ]]; then
    grep -v 'bench:dead-in-retry' "$bench/backends/origin-nginx.conf" >"$conf"
else
    cp "$bench/backends/origin-nginx.conf" "$conf"
fi
origin="" weft="" fpm=""
cleanup() {
    [[ -n $weft ]] && kill "$weft" 2>/dev/null || true
    [[ -n $fpm ]] && kill "$fpm" 2>/dev/null || true
    [[ -n $origin ]] && kill "$origin" 2>/dev/null || true
    sleep 0.5
    rm -rf "$run"
}
trap cleanup EXIT

taskset -c 1 nginx -p "$run/" -c "$conf" -g 'daemon off;' >"$run/logs/origin.log" 2>&1 &
origin=$!
if [[ $scenario == fcgi ]]; then
    # php-fpm as shared/bench/run.sh starts it: 8 static children on 19090, on the servers' CPU
    cp "$bench/backends/php/echo.php" "$run/www/php/"
    sed "s|@RUN@|$run|g" "$bench/backends/php-fpm.conf" >"$run/php-fpm.conf"
    php_fpm=$(command -v php-fpm 2>/dev/null || ls /usr/sbin/php-fpm* 2>/dev/null | sort -V | tail -1)
    fpm_args=(-F -y "$run/php-fpm.conf")
    ((EUID == 0)) && fpm_args+=(-R)
    taskset -c 1 "$php_fpm" "${fpm_args[@]}" >"$run/logs/php-fpm.log" 2>&1 &
    fpm=$!
fi
if [[ $jar == haproxy ]]; then
    # the reference, measured the same way: HAProxy on the bench's peer configuration
    BENCH_PHP_ROOT="$run/www" taskset -c 1 haproxy -db -f "$bench/peers/haproxy.cfg" >"$run/logs/weft.log" 2>&1 &
else
    BENCH_PHP_ROOT="$run/www" taskset -c 1 "$java" -Xms256m -Xmx256m "$@" -jar "$jar" conf/bench.properties \
        >"$run/logs/weft.log" 2>&1 &
fi
weft=$!
for _ in $(seq 100); do curl -sf -o /dev/null http://127.0.0.1:18080/health && break; sleep 0.1; done
curl -sf -o /dev/null http://127.0.0.1:18080/health || { echo "weft did not start:" >&2; cat "$run/logs/weft.log" >&2; exit 1; }

url=http://127.0.0.1:18080/small extra=() gen=wrk
case $scenario in
    h1-small | retry) ;;
    h1-big) url=http://127.0.0.1:18080/big ;;
    h1-close) extra=(-H 'Connection: close') ;;
    h2-back) url=http://127.0.0.1:18080/h2/small ;;
    h2-front) gen=h2load url=http://127.0.0.1:18081/small ;;
    fcgi) url='http://127.0.0.1:18080/php/echo.php?bench=1' ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
esac

# load SECONDS: runs the scenario's load generator; prints "requests p99"
load() {
    if [[ $gen == wrk ]]; then
        taskset -c 0 wrk -t2 -c64 -d"$1"s --latency "${extra[@]}" "$url" |
            awk '/requests in/{n=$1} / 99%/{p=$2} END{print n, p}'
    else
        taskset -c 0 h2load -c16 -m16 -t2 -D "$1" "$url" |
            awk '/^requests:/{n=$8} /^time for request:/{p=$5} END{print n, "max:" p}'   # h2load gives no p99
    fi
}
ticks() { awk '{print $14, $15}' "/proc/$weft/stat"; }
switches() {
    local ng
    ng=$(pgrep -P "$origin" | head -1)
    for p in "$weft" "$ng"; do
        for t in /proc/"$p"/task/*; do
            printf '%s|%s|%s\n' "$(basename "$t")" "$(cat "$t/comm")" \
                "$(awk '/voluntary_ctxt_switches/{printf "%s ", $2}' "$t/status")"
        done
    done | sort
}

load "$WARM" >/dev/null
for _ in $(seq "$RUNS"); do
    read -r u0 s0 < <(ticks)
    read -r n p99 < <(load "$DUR")
    read -r u1 s1 < <(ticks)
    hz=$(getconf CLK_TCK)
    awk -v n="$n" -v d="$DUR" -v p="$p99" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$hz" \
        'BEGIN { printf "rps=%d p99=%s user_us=%.1f sys_us=%.1f\n", n / d, p, u / hz * 1e6 / n, s / hz * 1e6 / n }'
done
switches >"$run/s0"
read -r n _ < <(load "$DUR")
switches >"$run/s1"
echo "context switches during $n requests (threads with more than 50):"
join -t'|' "$run/s0" "$run/s1" | awk -F'|' '{ split($3, a, " "); split($5, b, " ");
    v = b[1] - a[1]; i = b[2] - a[2]; if (v + i > 50) printf "  %-16s voluntary %7d  involuntary %7d\n", $2, v, i }'
