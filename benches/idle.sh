#!/usr/bin/env bash
# The idle daemon (issue 5, acceptance 5): `regionwatch run` (release build) with
# 20 sitemap sources on a loopback site (examples/bench_site.rs, 10 articles each),
# every source scheduled hourly at a minute and second a few seconds after start,
# so the daemon runs each source once and then has nothing to do for an hour.
# Once all 20 runs are logged it measures IDLE_SECS of idleness:
#
#   bash benches/idle.sh              # IDLE_SECS=30
#   HTTP=1 bash benches/idle.sh       # with the [http] listener, scraped once a second while idle
#   REGIONWATCH_BIN=/path/to/other/regionwatch bash benches/idle.sh   # measure another build
#
# Prints: the daemon's RSS (VmRSS) and peak RSS (VmHWM) from /proc/PID/status
# (target < 30 MB), the peak RSS of the worker process that refreshed the
# sources (sampled every 50 ms while it runs; it has exited by the time the
# daemon is idle, which the script checks), and the CPU time (utime + stime
# from /proc/PID/stat) used while idle, as CPU seconds per minute (target ~0;
# tokio-cron-scheduler wakes every 500 ms by design, so it is small but not
# zero). Then SIGTERM, and the exit status.
set -euo pipefail
cd "$(dirname "$0")/.."

IDLE_SECS="${IDLE_SECS:-30}"
HTTP="${HTTP:-0}"
SOURCES=20
PER_SITEMAP=10

echo "== building (release)"
cargo build --release --quiet --bin regionwatch --example bench_site
BIN="${REGIONWATCH_BIN:-$PWD/target/release/regionwatch}"

WORK="$(mktemp -d)"
SITE_PID=""
DAEMON_PID=""
SAMPLER_PID=""
cleanup() {
    if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
    if [ -n "$DAEMON_PID" ]; then kill -KILL "$DAEMON_PID" 2>/dev/null || true; fi
    if [ -n "$SITE_PID" ]; then kill "$SITE_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

target/release/examples/bench_site $((SOURCES * PER_SITEMAP)) "$PER_SITEMAP" >"$WORK/site" &
SITE_PID=$!
for _ in $(seq 100); do
    [ -s "$WORK/site" ] && break
    sleep 0.1 # waiting for the site to print its address, not timing anything
done
read -r BASE _ <"$WORK/site"

# Hourly, at the minute and second 8 s from now (UTC), so the one run comes soon.
read -r MINUTE SECOND <<<"$(date -u -d '+8 seconds' '+%-M %-S')"
{
    echo "database = \"$WORK/idle.db\""
    echo "timezone = \"UTC\""
    echo "[fetch]"
    echo "min_delay_ms = 0"
    echo "jitter = 0.0"
    echo "allow_private_networks = true"
    if [ "$HTTP" = 1 ]; then
        echo "[http]"
        echo "listen = \"127.0.0.1:0\""
    fi
    for k in $(seq 0 $((SOURCES - 1))); do
        echo "[[sources]]"
        echo "name = \"sitemap-$k\""
        echo "url = \"$BASE/sitemap-$k.xml\""
        echo "kind = \"sitemap\""
        echo "schedule = \"$SECOND $MINUTE * * * *\""
    done
} >"$WORK/idle.toml"

"$BIN" run -c "$WORK/idle.toml" 2>"$WORK/daemon.log" &
DAEMON_PID=$!

status_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$DAEMON_PID/status"; }
for _ in $(seq 100); do
    grep -q 'regionwatch is running' "$WORK/daemon.log" && break
    sleep 0.1 # polling the log
done
echo "RSS at start, before any run: $(awk -v kb="$(status_kb VmRSS)" 'BEGIN { printf "%.1f MB", kb / 1024 }')"

# The worker's peak: its VmHWM, sampled until it exits (VmHWM only grows).
sample_workers() {
    while kill -0 "$DAEMON_PID" 2>/dev/null; do
        for pid in $(pgrep -P "$DAEMON_PID" || true); do
            awk '$1 == "VmHWM:" { print $2 }' "/proc/$pid/status" 2>/dev/null || true
        done
        sleep 0.05 # sampling interval
    done
}
sample_workers >"$WORK/worker-hwm" &
SAMPLER_PID=$!

echo "== waiting for the $SOURCES source runs (at :$MINUTE:$SECOND UTC)"
for _ in $(seq 1200); do
    [ "$(grep -c 'source refreshed' "$WORK/daemon.log" || true)" -ge "$SOURCES" ] && break
    kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$WORK/daemon.log"; exit 1; }
    sleep 0.1 # polling the log
done
STORED="$(grep -c 'source refreshed' "$WORK/daemon.log" || true)"
if [ "$STORED" -lt "$SOURCES" ]; then
    echo "only $STORED of $SOURCES sources ran" >&2
    tail -20 "$WORK/daemon.log" >&2
    exit 1
fi
grep 'source refreshed' "$WORK/daemon.log" | head -2

# utime + stime in clock ticks: fields 14 and 15 of /proc/PID/stat, counted
# after the command name (which is in parentheses and could hold spaces).
cpu_ticks() { sed 's/^.*) //' "/proc/$DAEMON_PID/stat" | awk '{ print $12 + $13 }'; }
TICKS_PER_SEC="$(getconf CLK_TCK)"

SCRAPER_PID=""
if [ "$HTTP" = 1 ]; then
    HTTP_ADDR="$(grep -o 'serving /healthz and /metrics addr=[0-9.:]*' "$WORK/daemon.log" | sed 's/.*addr=//')"
    curl -fsS "http://$HTTP_ADDR/metrics" | grep -m 3 '^regionwatch_source'
    # Prometheus-like load: a scrape a second (it is not "idle", but shows what scrapes cost).
    (while sleep 1; do curl -fsS -o /dev/null "http://$HTTP_ADDR/metrics" || exit; done) &
    SCRAPER_PID=$!
fi

echo "== idle for ${IDLE_SECS}s"
BEFORE="$(cpu_ticks)"
START_NS="$(date +%s%N)"
sleep "$IDLE_SECS" # the measurement window itself
AFTER="$(cpu_ticks)"
END_NS="$(date +%s%N)"
if [ -n "$(pgrep -P "$DAEMON_PID" || true)" ]; then
    echo "a worker process is still running while the daemon is idle" >&2
    exit 1
fi
WORKER_KB="$(sort -n "$WORK/worker-hwm" | tail -1)"
if [ -n "$SCRAPER_PID" ]; then kill "$SCRAPER_PID"; fi
RSS_KB="$(status_kb VmRSS)"
HWM_KB="$(status_kb VmHWM)"
THREADS="$(status_kb Threads)"

awk -v rss="$RSS_KB" -v hwm="$HWM_KB" -v threads="$THREADS" -v worker="${WORKER_KB:-0}" \
    -v ticks=$((AFTER - BEFORE)) -v hz="$TICKS_PER_SEC" \
    -v ns=$((END_NS - START_NS)) 'BEGIN {
    secs = ns / 1e9; cpu = ticks / hz
    printf "RSS now:  %.1f MB (VmRSS)   target < 30 MB\n", rss / 1024
    printf "RSS peak: %.1f MB (VmHWM)\n", hwm / 1024
    printf "worker:   %.1f MB peak RSS while refreshing (exited since)\n", worker / 1024
    printf "threads:  %d\n", threads
    printf "idle CPU: %.2f s in %.1f s = %.3f CPU s per idle minute (%.2f%% of one core)\n",
        cpu, secs, cpu * 60 / secs, 100 * cpu / secs
}'

echo "== SIGTERM"
kill -TERM "$DAEMON_PID"
set +e
wait "$DAEMON_PID"
CODE=$?
set -e
DAEMON_PID=""
echo "exit status: $CODE"
