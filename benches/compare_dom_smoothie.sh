#!/usr/bin/env bash
# `regionwatch extract` against dom_smoothie (a Rust port of readability.js) as
# whole processes, start-up included (issue 11, acceptance 3): all 201 pages of
# ../shared/bench (make_pages.py, median 83 KB) in one process each, then one
# page each, timed side by side in the same command.
#
#   bash benches/compare_dom_smoothie.sh        # RUNS=20 by default
#
# dom_smoothie runs as benches/dom_smoothie, a small binary crate with its own
# workspace (the root's tests never build it), built into target/dom-smoothie.
# Timed with hyperfine (apt-get install hyperfine) without a shell, warm cache;
# prints the median wall time and mean CPU (user+sys) of the runs. regionwatch
# is built where cargo builds it (CARGO_TARGET_DIR if set, else target/).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-20}"
SHARED="${SHARED:-../shared}"
PAGES_DIR="${PAGES_DIR:-target/bench-pages}"

if ! command -v hyperfine >/dev/null; then
    echo "== installing hyperfine"
    apt-get install -y -qq hyperfine >/dev/null
fi
if [ ! -d "$PAGES_DIR/pages" ]; then
    echo "== writing the benchmark pages into $PAGES_DIR"
    python3 "$SHARED/bench/make_pages.py" --seed-article "$SHARED/eval/seed/article.txt" \
        --out "$PAGES_DIR" >/dev/null
fi

echo "== building (release)"
cargo build --release --quiet --bin regionwatch
cargo build --release --quiet --manifest-path benches/dom_smoothie/Cargo.toml \
    --target-dir target/dom-smoothie
RW="${CARGO_TARGET_DIR:-$PWD/target}/release/regionwatch"
DS="$PWD/target/dom-smoothie/release/dom-smoothie-bench"

PAGES_DIR="$(cd "$PAGES_DIR" && pwd)" # relative or absolute
mapfile -t PAGES < <(ls "$PAGES_DIR"/pages/*.html)
ONE="$PAGES_DIR/pages/seed.html"
echo "== ${#PAGES[@]} pages, $(du -sk "$PAGES_DIR/pages" | cut -f1) KB; one page: $(basename "$ONE") ($(($(stat -c %s "$ONE") / 1024)) KB); $(nproc) cores"

# Both must extract every page, else the timings compare different work.
"$RW" extract "${PAGES[@]}" >/dev/null
"$DS" "${PAGES[@]}" >/dev/null

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$WORK/all.json" \
    -n "regionwatch extract, ${#PAGES[@]} pages" "$RW extract ${PAGES[*]}" \
    -n "dom_smoothie, ${#PAGES[@]} pages" "$DS ${PAGES[*]}"
hyperfine -N --warmup 3 --runs "$((RUNS * 3))" --export-json "$WORK/one.json" \
    -n "regionwatch extract, one page" "$RW extract $ONE" \
    -n "dom_smoothie, one page" "$DS $ONE"

python3 - "$WORK/all.json" "$WORK/one.json" <<'PY'
import json, sys
runs = [json.load(open(p))["results"] for p in sys.argv[1:]]
# Per command: median wall and mean CPU (user+sys) of the runs, all pages then one page.
(rw, ds), (rw1, ds1) = ([(r["median"], r["user"] + r["system"]) for r in rs] for rs in runs)
print(f"{'':<22}{'all pages: wall':>16}{'CPU':>8}{'one page: wall':>17}{'CPU':>9}")
for name, (w, c), (w1, c1) in (("regionwatch extract", rw, rw1), ("dom_smoothie", ds, ds1)):
    print(f"{name:<22}{w:>15.3f}s{c:>7.3f}s{w1 * 1000:>15.1f}ms{c1 * 1000:>7.1f}ms")
print(f"all pages: regionwatch takes {rw[0] / ds[0]:.2f}x dom_smoothie's wall time (target <= 1); "
      f"one page: {rw1[0] * 1000:.1f} ms (target < 15)")
PY
