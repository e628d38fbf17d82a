#!/usr/bin/env bash
# Scores `regionwatch extract` on the labelled sets: one prediction per
# article, then score.py over each gold folder. The invented set here, the
# shared real articles (../shared/eval/real, beside the clone) and a local
# real set (tests/eval/real: articles/*.txt with gold/*.json) when present.
# Usage: tests/eval/score.sh [BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-"$here/../../target/release/regionwatch"}
shared_real="$here/../../../shared/eval/real"

# score_set NAME GOLD_DIR ARTICLE_DIR: predicts each gold file's article
# (NAME.txt, or NAME.html, in ARTICLE_DIR) and prints the scorer's report.
score_set() {
  local name=$1 gold_dir=$2 article_dir=$3 out
  out=$(mktemp -d)
  for gold in "$gold_dir"/*.json; do
    local stem article
    stem=$(basename "$gold" .json)
    article=$(ls "$article_dir/$stem".* 2>/dev/null | head -n 1 || true)
    if [ -n "$article" ]; then
      "$bin" extract --format json "$article" > "$out/$stem.json" 2>/dev/null || true
    fi
  done
  echo "== $name"
  python3 "$here/score.py" --dir "$gold_dir" "$out"
  rm -rf "$out"
}

score_set "invented set (tests/eval)" "$here/gold" "$here/articles"
if [ -d "$shared_real/gold" ]; then
  score_set "shared real set (../shared/eval/real)" "$shared_real/gold" "$shared_real/html"
fi
if [ -d "$here/real/gold" ]; then
  score_set "real set (tests/eval/real)" "$here/real/gold" "$here/real/articles"
fi
