#!/usr/bin/env bash
# Scores `regionwatch extract` on the labelled set: one prediction per article,
# then score.py over the gold folder. Usage: tests/eval/score.sh [BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-"$here/../../target/release/regionwatch"}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for gold in "$here"/gold/*.json; do
  name=$(basename "$gold" .json)
  article=$(ls "$here"/articles/"$name".* | head -n 1)
  "$bin" extract --format json "$article" > "$out/$name.json" 2>/dev/null || true
done
python3 "$here/score.py" --dir "$here/gold" "$out"
