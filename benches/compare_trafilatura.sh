#!/usr/bin/env bash
# Side-by-side speed of `regionwatch extract` and trafilatura 2.x (Python) on the
# same benchmark pages (benches/corpus: 12 pages of 60-120 KB, English and Chinese),
# each pinned to one core, plus the peak RSS of one `regionwatch extract` on a ~100 KB page.
#
#   bash benches/compare_trafilatura.sh            # MIN_SECONDS=1 by default
#
# regionwatch runs as one process over many inputs (the corpus repeated until the run
# lasts MIN_SECONDS); trafilatura's extract() runs in one Python process, likewise.
# Installs trafilatura into target/bench-venv (from PyPI) and GNU time (apt) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${TRAFILATURA_VENV:-target/bench-venv}"
MIN_SECONDS="${MIN_SECONDS:-1}"
CORE="${BENCH_CORE:-0}"

if ! "$VENV/bin/python" -c 'import trafilatura' 2>/dev/null; then
    echo "== installing trafilatura 2.x into $VENV"
    python3 -m venv "$VENV"
    # lxml >= 5.2 moved lxml.html.clean out; trafilatura's justext fallback still imports it.
    "$VENV/bin/pip" install --quiet 'trafilatura>=2,<3' lxml_html_clean
fi
if [ ! -x /usr/bin/time ]; then
    echo "== installing GNU time"
    apt-get install -y -qq time >/dev/null
fi

echo "== building (release)"
cargo build --release --quiet --bin regionwatch --example write_bench_corpus
BIN="$PWD/target/release/regionwatch"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
target/release/examples/write_bench_corpus "$WORK/pages" >"$WORK/index.tsv"
PAGES=$(wc -l <"$WORK/index.tsv")
echo "corpus: $PAGES pages, $(du -sk "$WORK/pages" | cut -f1) KB, in $WORK/pages"
echo "regionwatch $("$BIN" --version | cut -d' ' -f2), trafilatura $("$VENV/bin/python" -c 'import trafilatura; print(trafilatura.__version__)'), one core (taskset -c $CORE)"

# regionwatch: one process, the corpus repeated until the run lasts MIN_SECONDS.
RW_RATE=$(python3 - "$BIN" "$WORK/index.tsv" "$MIN_SECONDS" "$CORE" <<'PY'
import subprocess, sys, time
binary, index, min_seconds, core = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
files = [line.split("\t")[0] for line in open(index, encoding="utf-8")]
repeat = 1
while True:
    args = ["taskset", "-c", core, binary, "extract", "--format", "json"] + files * repeat
    start = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"regionwatch failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    if elapsed >= min_seconds:
        failed = done.stderr.decode().count("error:")
        print(f"{len(files) * repeat / elapsed:.1f}", f"{len(files) * repeat}", f"{elapsed:.2f}", failed)
        break
    repeat = max(repeat * 2, int(repeat * min_seconds / max(elapsed, 1e-3) * 1.2) + 1)
PY
)
read -r RW_PPS RW_N RW_S RW_FAILED <<<"$RW_RATE"
echo "regionwatch: $RW_PPS pages/s ($RW_N pages in $RW_S s, $RW_FAILED extraction errors)"

TR_RATE=$(taskset -c "$CORE" "$VENV/bin/python" - "$WORK/index.tsv" "$MIN_SECONDS" <<'PY'
import sys, time, trafilatura
index, min_seconds = sys.argv[1], float(sys.argv[2])
pages = []
for line in open(index, encoding="utf-8"):
    path, url = line.rstrip("\n").split("\t")
    pages.append((open(path, encoding="utf-8").read(), url))
trafilatura.extract(pages[0][0], url=pages[0][1])  # warm-up: imports and caches
count, start = 0, time.perf_counter()
while time.perf_counter() - start < min_seconds:
    for html, url in pages:
        trafilatura.extract(html, url=url, with_metadata=True)
        count += 1
elapsed = time.perf_counter() - start
print(f"{count / elapsed:.1f}", count, f"{elapsed:.2f}")
PY
)
read -r TR_PPS TR_N TR_S <<<"$TR_RATE"
echo "trafilatura: $TR_PPS pages/s ($TR_N pages in $TR_S s)"
python3 -c "print(f'ratio: regionwatch is {$RW_PPS / $TR_PPS:.1f}x trafilatura (target: >= 20x, >= 500 pages/s)')"

# Peak RSS of one extract on the page closest to 100 KB.
PAGE=$(python3 - "$WORK/index.tsv" <<'PY'
import os, sys
files = [line.split("\t")[0] for line in open(sys.argv[1], encoding="utf-8")]
print(min(files, key=lambda f: abs(os.path.getsize(f) - 100 * 1024)))
PY
)
RSS_KB=$(/usr/bin/time -v "$BIN" extract --format json "$PAGE" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
echo "peak RSS: $((RSS_KB / 1024)) MB ($RSS_KB KB) for one extract of $(basename "$PAGE") ($(($(stat -c %s "$PAGE") / 1024)) KB) (target: < 30 MB)"
