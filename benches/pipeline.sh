#!/usr/bin/env bash
# End-to-end benchmark of `regionwatch once` (issue 3, acceptance 5): a loopback
# site of 2,000 distinct 60-120 KB article pages (examples/bench_site.rs, sitemaps
# of 500), politeness delay 0, release build, a fresh database.
#
#   bash benches/pipeline.sh          # ARTICLES=2000 PER_SITEMAP=500
#
# Prints: articles stored per second of the first run (target >= 300), the peak
# RSS of each run from GNU time (target < 100 MB), and the unchanged second run's
# time as a share of the first's (target < 5 %; every request is conditional, 304).
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES="${ARTICLES:-2000}"
PER_SITEMAP="${PER_SITEMAP:-500}"

if [ ! -x /usr/bin/time ]; then
    echo "GNU time is needed: apt-get install time" >&2
    exit 1
fi

echo "== building (release)"
cargo build --release --quiet --bin regionwatch --example bench_site
BIN="$PWD/target/release/regionwatch"

WORK="$(mktemp -d)"
SITE_PID=""
cleanup() {
    if [ -n "$SITE_PID" ]; then kill "$SITE_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

target/release/examples/bench_site "$ARTICLES" "$PER_SITEMAP" >"$WORK/site" &
SITE_PID=$!
for _ in $(seq 100); do
    [ -s "$WORK/site" ] && break
    sleep 0.1 # waiting for the site to print its address, not timing anything
done
read -r BASE SITEMAPS <"$WORK/site"

{
    echo "database = \"$WORK/bench.db\""
    echo "[fetch]"
    echo "min_delay_ms = 0"
    echo "jitter = 0.0"
    echo "allow_private_networks = true"
    for k in $(seq 0 $((SITEMAPS - 1))); do
        echo "[[sources]]"
        echo "name = \"sitemap-$k\""
        echo "url = \"$BASE/sitemap-$k.xml\""
        echo "kind = \"sitemap\""
        echo "schedule = \"*/30 * * * *\""
        echo "max_articles_per_run = 1000"
    done
} >"$WORK/bench.toml"

# run N: `once` under GNU time; sets SECONDS_N, RSS_MB_N, NEW_N.
run() {
    local n=$1
    /usr/bin/time -v "$BIN" once -c "$WORK/bench.toml" >"$WORK/out$n" 2>"$WORK/time$n" || {
        cat "$WORK/out$n" "$WORK/time$n" >&2
        exit 1
    }
    local wall
    wall=$(grep 'Elapsed (wall clock)' "$WORK/time$n" | awk '{print $NF}')
    # h:mm:ss or m:ss.ss -> seconds
    printf -v "SECONDS_$n" '%s' "$(echo "$wall" | awk -F: '{s=0; for(i=1;i<=NF;i++) s=s*60+$i; print s}')"
    printf -v "RSS_MB_$n" '%s' "$(grep 'Maximum resident set size' "$WORK/time$n" | awk '{printf "%.1f", $NF/1024}')"
    # The summary table's "new" column (the third), summed over the source rows.
    printf -v "NEW_$n" '%s' "$(sed 's/[│┆]/|/g' "$WORK/out$n" | awk -F'|' 'NF > 4 {gsub(/ /, "", $4); if ($4 ~ /^[0-9]+$/) s += $4} END {print s + 0}')"
}

echo "== site: $ARTICLES articles in $SITEMAPS sitemaps at $BASE"
run 1
run 2
STORED=$(sqlite3 "$WORK/bench.db" 'SELECT count(*) FROM articles' 2>/dev/null || echo "?")

awk -v n1="$NEW_1" -v s1="$SECONDS_1" -v r1="$RSS_MB_1" -v n2="$NEW_2" -v s2="$SECONDS_2" \
    -v r2="$RSS_MB_2" -v stored="$STORED" 'BEGIN {
    printf "first run:  %d new articles (%s stored) in %.2f s = %.0f articles/s (target >= 300); peak RSS %.1f MB (target < 100)\n", n1, stored, s1, n1 / s1, r1
    printf "second run: %d new, %.2f s = %.1f%% of the first (target < 5%%); peak RSS %.1f MB\n", n2, s2, 100 * s2 / s1, r2
}'
