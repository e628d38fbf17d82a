#!/usr/bin/env bash
# Composing digests over a year of highlights (issue 12, acceptance 2): a database of
# 200,000 highlights (examples/digest_bench_db.rs: 20,000 articles over 365 days, 8
# provinces), `regionwatch digest --dry-run` timed as a whole process with its peak RSS
# (GNU time), once per recipient:
#   - veteran@example.org has been sent everything but the last day's highlights;
#   - newcomer@example.org has never had a digest.
#
#   bash benches/digest.sh                  # HIGHLIGHTS=200000, release build of this tree
#   BIN=/path/to/regionwatch bash benches/digest.sh   # another build (e.g. an older one)
#
# Targets: each under 0.3 s and 60 MB. The database is made (and migrated, untimed) first.
# Every command opens the database with a quick_check, about 0.1-0.2 s of CPU on this 140 MB
# file: `status` alone shows it.
set -euo pipefail
cd "$(dirname "$0")/.."

HIGHLIGHTS="${HIGHLIGHTS:-200000}"

if [ ! -x /usr/bin/time ]; then
    echo "GNU time is needed: apt-get install time" >&2
    exit 1
fi

echo "== building (release)"
cargo build --release --quiet --bin regionwatch --example digest_bench_db
BIN="${BIN:-$PWD/target/release/regionwatch}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "== making $HIGHLIGHTS highlights"
target/release/examples/digest_bench_db "$WORK/bench.db" "$HIGHLIGHTS"

cat >"$WORK/bench.toml" <<EOF
database = "$WORK/bench.db"
[digest]
schedule = "0 8 * * *"
transport = "file"
directory = "$WORK/outbox"
[[recipients]]
email = "veteran@example.org"
[[recipients]]
email = "newcomer@example.org"
regions = ["Hainan"]
EOF

# Opening the database with $BIN applies its migrations; not part of the measurement.
"$BIN" status -c "$WORK/bench.toml" >/dev/null
/usr/bin/time -f 'status (open + quick_check only): %e s wall, %U + %S s CPU, peak RSS %M KB' \
    "$BIN" status -c "$WORK/bench.toml" 2>&1 >/dev/null

for to in veteran@example.org newcomer@example.org; do
    /usr/bin/time -v "$BIN" digest --dry-run --to "$to" -c "$WORK/bench.toml" \
        >"$WORK/out" 2>"$WORK/time" || {
        cat "$WORK/out" "$WORK/time" >&2
        exit 1
    }
    wall=$(grep 'Elapsed (wall clock)' "$WORK/time" | awk '{print $NF}')
    seconds=$(echo "$wall" | awk -F: '{s=0; for(i=1;i<=NF;i++) s=s*60+$i; print s}')
    rss=$(grep 'Maximum resident set size' "$WORK/time" | awk '{printf "%.1f", $NF/1024}')
    # CPU time too: on a busy machine the wall clock mostly measures the wait for a core.
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$WORK/time")
    count=$(sed -n 's/^==== To: .* (\([0-9]*\) highlights) ====$/\1/p' "$WORK/out")
    printf '%-22s %5s highlights  %6.2f s wall (target < 0.3), %5.2f s CPU  peak RSS %6.1f MB (target < 60)\n' \
        "$to" "$count" "$seconds" "$cpu" "$rss"
done
