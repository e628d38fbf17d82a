#!/usr/bin/env bash
# Scores `regionwatch extract` on a subset of tests/eval/real, so the frozen
# first-contact ids and the tunable ids can be scored apart.
# Usage: tests/eval/subset.sh frozen|tunable|all [--quiet] [BINARY]
#   frozen:  101-113, 201-212 (never tuned on: only the score line is printed)
#   tunable: 114-130, 213-231
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
which=${1:?frozen|tunable|all}
quiet=0
if [ "${2:-}" = "--quiet" ]; then quiet=1; shift; fi
bin=${2:-"$here/../../target/release/regionwatch"}
frozen() { local n=$1; { [ "$n" -ge 101 ] && [ "$n" -le 113 ]; } || { [ "$n" -ge 201 ] && [ "$n" -le 212 ]; }; }
gold=$(mktemp -d); out=$(mktemp -d)
for g in "$here"/real/gold/*.json; do
  stem=$(basename "$g" .json)
  case $which in
    frozen) frozen "$stem" || continue ;;
    tunable) frozen "$stem" && continue ;;
    all) ;;
  esac
  cp "$g" "$gold/"
  "$bin" extract --format json "$here/real/articles/$stem.txt" > "$out/$stem.json" 2>/dev/null || true
done
if [ "$which" = frozen ] || [ "$quiet" = 1 ]; then
  python3 "$here/score.py" --dir "$gold" "$out" | tail -n 1
else
  python3 "$here/score.py" --dir "$gold" "$out"
fi
rm -rf "$gold" "$out"
