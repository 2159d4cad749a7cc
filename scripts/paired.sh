#!/usr/bin/env bash
# Two weft builds measured in the same minutes: both run at once (A on 18080/18081, B on
# 28080/28081), pinned with the origin nginx (and for fcgi a php-fpm each) on CPU 1 as
# shared/bench/run.sh pins, and the load (CPU 0) alternates between them in DUR-second slices, so
# that the host's drift, which moves one build's req/s by 30-50 % from one minute to the next
# here, hits both alike. An A/A run (one build against itself, 10 pairs) gives medians of 0.994
# (req/s) and 1.000 (CPU per request).
#
#   scripts/paired.sh DIR_A DIR_B SCENARIO PAIRS
#     DIR_A, DIR_B: each holds a weft.jar and its weft.aot (scripts/aot-cache.sh), copied there
#     SCENARIO: h1-small | h1-big | h1-close | h2-front | h2-back | fcgi | retry
#     env: WARM (s of load on each before the pairs, default 20), DUR (s per slice, default 5),
#          JAVA_HOME (a JDK 25)
#
# Prints each pair (req/s, the weft process's user+system CPU per request and wrk's p99, A then
# B, and the origin's CPU per request in each slice), then the medians of B/A: req/s, CPU per
# request, and CPU per request over the origin's in the same slice. Why the last: CPU 1's
# speed drifts (BENCHMARKS.md, session 23: for minutes at a time, weft and the origin nginx,
# which share it, take about 1.5 times as long for the same work and the same system calls,
# in user and system time alike), and the origin moves with it. It assumes that the origin
# does the same work per request for both builds: a change to what weft sends the origin, or
# to how much of CPU 1's caches weft leaves it, moves the origin too and the quotient hides
# that part; for such changes the raw CPU per request is the figure. (fcgi: the origin is
# php-fpm, which is not measured; no third median. Its pairs also favour A: in session 24 the
# second build ran at about 0.81x the first in both orders, B having its own php-fpm pool, so
# run fcgi both ways round and combine: B/A = sqrt(run1 / run2), BENCHMARKS.md.) Side-by-side figures with HAProxy and nginx
# come from ../shared/bench/run.sh only; this compares weft with weft (BENCHMARKS.md, session 14).
# Needs nginx, wrk, h2load, taskset, pgrep (php-fpm for fcgi); ports 18080-18081, 28080-28081,
# 19001-19004, 19090 and 29090 free.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
A=$(realpath "${1:?usage: scripts/paired.sh DIR_A DIR_B SCENARIO PAIRS}") B=$(realpath "${2:?}")
scenario=${3:?} pairs=${4:?}
case $scenario in h1-small | h1-big | h1-close | h2-front | h2-back | fcgi | retry) ;; *) echo "unknown scenario $scenario" >&2; exit 2 ;; esac
WARM=${WARM:-20} DUR=${DUR:-5}
bench=../shared/bench
run=$(mktemp -d -t weft-pair.XXXXXX); chmod 755 "$run"
mkdir -p "$run/logs" "$run/tmp" "$run/www/h2" "$run/www/php"
head -c 200 /dev/zero | tr '\0' 's' >"$run/www/small"
head -c 65536 /dev/zero | tr '\0' 'b' >"$run/www/big"
cp "$run/www/small" "$run/www/big" "$run/www/h2/"
if [[ $scenario == retry ]]; then grep -v 'bench:dead-in-retry' "$bench/backends/origin-nginx.conf" >"$run/origin-nginx.conf"
else cp "$bench/backends/origin-nginx.conf" "$run/origin-nginx.conf"; fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.5; rm -rf "$run"; }
trap cleanup EXIT
taskset -c 1 nginx -p "$run/" -c "$run/origin-nginx.conf" -g 'daemon off;' >"$run/logs/origin.log" 2>&1 &
origin=$!; pids+=($origin) # nginx's master (taskset execs it); its workers are its children
if [[ $scenario == fcgi ]]; then
    cp "$bench/backends/php/echo.php" "$run/www/php/"
    sed "s|@RUN@|$run|g" "$bench/backends/php-fpm.conf" >"$run/php-fpm.conf"
    php_fpm=$(command -v php-fpm 2>/dev/null || ls /usr/sbin/php-fpm* 2>/dev/null | sort -V | tail -1)
    fpm_args=(-F); ((EUID == 0)) && fpm_args+=(-R)
    taskset -c 1 "$php_fpm" "${fpm_args[@]}" -y "$run/php-fpm.conf" >"$run/logs/php-fpm.log" 2>&1 &
    pids+=($!)
    # B gets php-fpm children of its own: idle pooled connections pin them (shared/bench/README.md)
    mkdir -p "$run/b/logs"
    sed "s|@RUN@|$run/b|g; s|127.0.0.1:19090|127.0.0.1:29090|" "$bench/backends/php-fpm.conf" >"$run/php-fpm-b.conf"
    taskset -c 1 "$php_fpm" "${fpm_args[@]}" -y "$run/php-fpm-b.conf" >"$run/logs/php-fpm-b.log" 2>&1 &
    pids+=($!)
fi
sed 's/18080/28080/; s/18081/28081/; s/19090/29090/' conf/bench.properties >"$run/b.properties"
# each build with its own JVM options when its directory has them (the repository's otherwise)
opts() { if [[ -f $1/jvm.options ]]; then echo "@$1/jvm.options"; else echo "@conf/jvm.options"; fi; }
BENCH_PHP_ROOT="$run/www" taskset -c 1 "$java" "$(opts "$A")" -XX:AOTMode=on -XX:AOTCache="$A/weft.aot" -Xms256m -Xmx256m \
    -jar "$A/weft.jar" conf/bench.properties >"$run/logs/a.log" 2>&1 &
pa=$!; pids+=($pa)
BENCH_PHP_ROOT="$run/www" taskset -c 1 "$java" "$(opts "$B")" -XX:AOTMode=on -XX:AOTCache="$B/weft.aot" -Xms256m -Xmx256m \
    -jar "$B/weft.jar" "$run/b.properties" >"$run/logs/b.log" 2>&1 &
pb=$!; pids+=($pb)
for side in a:18080 b:28080; do
    port=${side#*:}
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.1; done
    curl -sf -o /dev/null "http://127.0.0.1:$port/health" || { echo "build ${side%%:*} did not start:" >&2; cat "$run/logs/${side%%:*}.log" >&2; exit 1; }
done
# url PORTBASE
url() { case $scenario in
    h1-small | h1-close | retry) echo "wrk http://127.0.0.1:$1/small" ;;
    fcgi) echo "wrk http://127.0.0.1:$1/php/echo.php?bench=1" ;;
    h1-big) echo "wrk http://127.0.0.1:$1/big" ;;
    h2-back) echo "wrk http://127.0.0.1:$1/h2/small" ;;
    h2-front) echo "h2load http://127.0.0.1:$(($1 + 1))/small" ;;
    *) echo "unknown scenario" >&2; exit 2 ;; esac; }
load() { # PORTBASE SECONDS -> "requests p99" (h2load gives no p99: its slowest request)
    read -r gen u < <(url "$1")
    local extra=(); [[ $scenario == h1-close ]] && extra=(-H 'Connection: close')
    if [[ $gen == wrk ]]; then taskset -c 0 wrk -t2 -c64 -d"$2"s --latency "${extra[@]}" "$u" | awk '/requests in/{n=$1} / 99%/{p=$2} END{print n, p}'
    else taskset -c 0 h2load -c16 -m16 -t2 -D "$2" "$u" | awk '/^requests:/{n=$8} /^time for request:/{p=$5} END{print n, "max:" p}'; fi; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# the origin nginx's CPU ticks: its workers' (the master only starts them)
origin_ticks() { local q; for q in $(pgrep -P "$origin"); do cat "/proc/$q/stat" 2>/dev/null || true; done | awk '{t += $14 + $15} END{print t + 0}'; }
load 18080 "$WARM" >/dev/null; load 28080 "$WARM" >/dev/null
hz=$(getconf CLK_TCK)
# slice SIDE -> "req/s cpu_us_per_req p99 origin_cpu_us_per_req"
slice() {
    local port=18080 pid=$pa n p c0 c1 o0 o1
    [[ $1 == B ]] && port=28080 pid=$pb
    c0=$(ticks $pid); o0=$(origin_ticks); read -r n p < <(load $port "$DUR"); c1=$(ticks $pid); o1=$(origin_ticks)
    awk -v n="$n" -v d="$DUR" -v c=$((c1 - c0)) -v o=$((o1 - o0)) -v hz="$hz" -v p="$p" -v s="$scenario" \
        'BEGIN{printf "%d %.1f %s %s", n/d, c/hz*1e6/n, p, s == "fcgi" ? "n/a" : sprintf("%.1f", o/hz*1e6/n)}'
}
# ABBA: A first in odd pairs, B first in even ones, so that neither always follows the other
for i in $(seq "$pairs"); do
    if ((i % 2)); then a=$(slice A); b=$(slice B); else b=$(slice B); a=$(slice A); fi
    read -r ra ca pa99 oa <<<"$a"; read -r rb cb pb99 ob <<<"$b"
    printf 'A %6d req/s %6.1f us/req p99 %-9s   B %6d req/s %6.1f us/req p99 %-9s   origin %s %s us/req\n' \
        "$ra" "$ca" "$pa99" "$rb" "$cb" "$pb99" "$oa" "$ob"
done | tee "$run/out"
median() { sort -n | awk '{r[NR]=$1} END{m = NR % 2 ? r[(NR+1)/2] : (r[NR/2] + r[NR/2+1]) / 2; printf "%.3f", m}'; }
echo "median B/A req/s $(awk '{print $9/$2}' "$run/out" | median), CPU/req $(awk '{print $11/$4}' "$run/out" | median) (of $pairs pairs)"
if [[ $scenario != fcgi ]]; then
    # pairs where a figure is 0 (no origin worker found) say nothing: left out, n/a if all are
    q=$(awk '$4 > 0 && $11 > 0 && $16 > 0 && $17 > 0 {print ($11 / $17) / ($4 / $16)}' "$run/out")
    echo "median B/A of CPU/req over the origin's: $(if [[ -n $q ]]; then median <<<"$q"; echo " (of $(wc -l <<<"$q") pairs)"; else echo n/a; fi)"
fi
