#!/usr/bin/env bash
# End-to-end benchmark of `regionwatch once` against urlwatch (issue 11,
# acceptance 1, 2 and 4; issue 3, acceptance 5), in one command on the same
# servers: HOSTS loopback sites on 127.0.0.2, 127.0.0.3, ... (examples/bench_site.rs
# --hosts), each with PER_HOST distinct 60-120 KB article pages and one HTML list
# page naming them, politeness delay 0, release build, a fresh database.
#
#   bash benches/pipeline.sh          # HOSTS=8 PER_HOST=250: 2,000 articles
#   REGIONWATCH_BIN=/path/to/other/regionwatch bash benches/pipeline.sh   # time another build
#
# Runs, in order: `regionwatch once` (8 html sources, one per host); the same
# `once` again with nothing changed; urlwatch 2.29 (installed from PyPI into
# target/bench-venv) with one job per article, css filter + html2text, its
# default 10 workers. Prints each run's wall time and CPU (user+sys, GNU time),
# the requests the servers answered (lists and articles, 304s among them,
# counted server-side), articles per second, peak RSS, and the targets.
#
# Both tools' databases go to a RAM-backed folder (/dev/shm) unless DB_DIR names
# another: urlwatch commits its cache once per job, and on this machine's disk
# those 2,000 fsyncs alone took ~35 s of urlwatch's wall time (regionwatch's WAL
# does not sync per article), which would measure the disk rather than the tools.
set -euo pipefail
cd "$(dirname "$0")/.."

HOSTS="${HOSTS:-8}"
PER_HOST="${PER_HOST:-250}"
VENV="${URLWATCH_VENV:-target/bench-venv}"
ARTICLES=$((HOSTS * PER_HOST))

if [ ! -x /usr/bin/time ]; then
    echo "GNU time is needed: apt-get install time" >&2
    exit 1
fi
if ! "$VENV/bin/python" -c 'import urlwatch, lxml, cssselect' 2>/dev/null; then
    echo "== installing urlwatch 2.29 into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'urlwatch==2.29' lxml cssselect
fi

echo "== building (release)"
cargo build --release --quiet --bin regionwatch --example bench_site
BIN="${REGIONWATCH_BIN:-$PWD/target/release/regionwatch}"

WORK="$(mktemp -d)"
if [ -z "${DB_DIR:-}" ] && [ -w /dev/shm ]; then DB_DIR=/dev/shm; fi
DB="$(mktemp -d -p "${DB_DIR:-$WORK}")"
SITE_PID=""
cleanup() {
    if [ -n "$SITE_PID" ]; then kill "$SITE_PID" 2>/dev/null || true; fi
    rm -rf "$WORK" "$DB"
}
trap cleanup EXIT

target/release/examples/bench_site --hosts "$HOSTS" "$PER_HOST" >"$WORK/site" &
SITE_PID=$!
for _ in $(seq 300); do
    [ -s "$WORK/site" ] && break
    sleep 0.1 # waiting for the sites to print their addresses, not timing anything
done
read -r -a BASES <"$WORK/site"

{
    echo "database = \"$DB/bench.db\""
    echo "[fetch]"
    echo "min_delay_ms = 0"
    echo "jitter = 0.0"
    echo "allow_private_networks = true"
    for k in "${!BASES[@]}"; do
        echo "[[sources]]"
        echo "name = \"host-$k\""
        echo "url = \"${BASES[$k]}/list.html\""
        echo "kind = \"html\""
        echo "links = \"#list .item .tit a\""
        echo "schedule = \"*/30 * * * *\""
        echo "max_articles_per_run = 1000"
    done
} >"$WORK/bench.toml"

# urlwatch: one job per article the lists name (read before the runs; these
# list requests are counted before the first snapshot).
for base in "${BASES[@]}"; do
    curl -sf "$base/list.html" | grep -o 'href="[^"]*"' | cut -d'"' -f2
done | awk '{
    printf "name: \"a%d\"\nurl: \"%s\"\nfilter:\n  - css: \"#detailContent\"\n  - html2text\n---\n", NR, $0
}' >"$WORK/urls.yaml"
JOBS=$(grep -c '^url:' "$WORK/urls.yaml")
cat >"$WORK/urlwatch.yaml" <<'EOF'
display: {new: true, error: true, unchanged: false}
report:
  text: {line_length: 75, details: false, footer: false, minimal: true}
  stdout: {enabled: true, color: false}
  email: {enabled: false}
  html: {diff: unified}
EOF

# The servers' request counts so far: "lists lists_304 articles articles_304 other".
counts() {
    curl -sf "${BASES[0]}/_bench/counts" | awk '{print $2, $4, $6, $8, $10}'
}

# timed NAME CMD...: runs CMD under GNU time; sets WALL_<NAME>, CPU_<NAME>
# (user+sys, s), RSS_<NAME> (MB) and REQ_<NAME> (requests answered meanwhile).
timed() {
    local name=$1
    shift
    local before after
    before=$(counts)
    /usr/bin/time -v "$@" >"$WORK/out-$name" 2>"$WORK/time-$name" || {
        tail -20 "$WORK/out-$name" "$WORK/time-$name" >&2
        exit 1
    }
    after=$(counts)
    local t="$WORK/time-$name"
    printf -v "WALL_$name" '%s' "$(grep 'Elapsed (wall clock)' "$t" | awk '{print $NF}' |
        awk -F: '{s=0; for(i=1;i<=NF;i++) s=s*60+$i; print s}')"
    printf -v "CPU_$name" '%s' "$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$t")"
    printf -v "RSS_$name" '%s' "$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$t")"
    printf -v "REQ_$name" '%s' "$(paste -d' ' <(echo "$before") <(echo "$after") |
        awk '{printf "%d %d %d %d", $6-$1, $7-$2, $8-$3, $9-$4}')"
}

# The summary table's "new" column (the third), summed over the source rows.
new_articles() {
    sed 's/[│┆]/|/g' "$WORK/out-$1" |
        awk -F'|' 'NF > 4 {gsub(/ /, "", $4); if ($4 ~ /^[0-9]+$/) s += $4} END {print s + 0}'
}

echo "== $ARTICLES articles on $HOSTS hosts (${BASES[0]} ...), $JOBS urlwatch jobs; $(nproc) cores; databases in $DB"
echo "   regionwatch $("$BIN" --version | cut -d' ' -f2), urlwatch $("$VENV/bin/urlwatch" --version | awk '{print $NF}')"
timed once "$BIN" once -c "$WORK/bench.toml"
timed rerun "$BIN" once -c "$WORK/bench.toml"
timed urlwatch "$VENV/bin/urlwatch" --urls "$WORK/urls.yaml" --config "$WORK/urlwatch.yaml" \
    --cache "$DB/urlwatch-cache.db"
NEW_once=$(new_articles once)
NEW_rerun=$(new_articles rerun)
STORED=$(sqlite3 "$DB/bench.db" 'SELECT count(*) FROM articles' 2>/dev/null || echo "?")

awk -v articles="$ARTICLES" -v stored="$STORED" \
    -v n1="$NEW_once" -v w1="$WALL_once" -v c1="$CPU_once" -v r1="$RSS_once" -v q1="$REQ_once" \
    -v n2="$NEW_rerun" -v w2="$WALL_rerun" -v c2="$CPU_rerun" -v r2="$RSS_rerun" -v q2="$REQ_rerun" \
    -v wu="$WALL_urlwatch" -v cu="$CPU_urlwatch" -v ru="$RSS_urlwatch" -v qu="$REQ_urlwatch" 'BEGIN {
    split(q1, a); split(q2, b); split(qu, u)
    printf "%-22s %8s %10s %14s %9s  %s\n", "", "wall s", "CPU s", "CPU ms/article", "RSS MB", "requests: lists (304) articles (304)"
    printf "%-22s %8.2f %10.2f %14.2f %9.1f  %d (%d) %d (%d)\n", "regionwatch once", w1, c1, 1000 * c1 / articles, r1, a[1], a[2], a[3], a[4]
    printf "%-22s %8.2f %10.2f %14s %9.1f  %d (%d) %d (%d)\n", "regionwatch rerun", w2, c2, "", r2, b[1], b[2], b[3], b[4]
    printf "%-22s %8.2f %10.2f %14.2f %9.1f  %d (%d) %d (%d)\n", "urlwatch (10 workers)", wu, cu, 1000 * cu / articles, ru, u[1], u[2], u[3], u[4]
    printf "first run:  %d new articles (%s stored) in %.2f s = %.0f articles/s (target >= 300); peak RSS %.1f MB (target < 100)\n", n1, stored, w1, n1 / w1, r1
    printf "second run: %d new, %.2f s = %.1f%% of the first (target < 5%%); %d article requests (target 0)\n", n2, w2, 100 * w2 / w1, b[3]
    printf "vs urlwatch: CPU per article %.2fx urlwatch'"'"'s (target <= 0.33); urlwatch'"'"'s wall %.2fx once'"'"'s (target >= 3)\n", c1 / cu, wu / w1
}'
