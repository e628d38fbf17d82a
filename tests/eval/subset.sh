#!/usr/bin/env bash
# Scores `regionwatch extract` on a subset of tests/eval/real, so the frozen
# first-contact ids and the tunable ids can be scored apart.
# Usage: tests/eval/subset.sh frozen|tunable|first36|added|all [--quiet] [BINARY]
#   frozen:  101-113, 201-212 (never tuned on: only the score line is printed)
#   tunable: every id that is not frozen, that is first36 and added
#   first36: 114-130, 213-231 (labelled with the frozen ones, tuned on since)
#   added:   131-148, 232-244 (labelled later, scored before any rule saw them)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
which=${1:?frozen|tunable|first36|added|all}
quiet=0
if [ "${2:-}" = "--quiet" ]; then quiet=1; shift; fi
bin=${2:-"$here/../../target/release/regionwatch"}
between() { [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
frozen() { between "$1" 101 113 || between "$1" 201 212; }
added() { between "$1" 131 148 || between "$1" 232 244; }
gold=$(mktemp -d); out=$(mktemp -d)
for g in "$here"/real/gold/*.json; do
  stem=$(basename "$g" .json)
  case $which in
    frozen) frozen "$stem" || continue ;;
    tunable) frozen "$stem" && continue ;;
    first36) { frozen "$stem" || added "$stem"; } && continue ;;
    added) added "$stem" || continue ;;
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
