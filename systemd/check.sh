#!/usr/bin/env bash
# Checks systemd/regionwatch.service the way CI does (.ci/run and the README's test command):
#  1. `systemd-analyze security --offline=yes` must score it 2.0 or lower (exposure, 0 = best);
#  2. `systemd-analyze verify` must print nothing: it exits 0 on unknown keys and bad values
#     and only says so on stderr, so any output fails the check.
# Installs Debian's systemd package when systemd-analyze is missing (needs root and apt-get).
# Works without systemd as PID 1 (containers, CI). Prints one line on success.
set -euo pipefail
cd "$(dirname "$0")/.."

unit=systemd/regionwatch.service
max_score=2.0
# --threshold counts in tenths of the score (systemd 252: a 1.2 unit passes 12, fails 11).
threshold_tenths=20
installed_exec=/usr/local/bin/regionwatch

fail() { echo "systemd/check.sh: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

install_systemd_analyze() {
    command -v apt-get >/dev/null 2>&1 ||
        fail "systemd-analyze missing and no apt-get; install systemd (252 or newer) and rerun"
    [ "$(id -u)" = 0 ] || fail "systemd-analyze missing; run as root to install it, or: apt-get install systemd"
    # One update, then the install; its chatter goes to a log shown only on failure.
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd; } \
        >"$work/apt.log" 2>&1; then
        cat "$work/apt.log" >&2
        fail "installing Debian's systemd package failed (log above)"
    fi
    command -v systemd-analyze >/dev/null 2>&1 || fail "systemd installed but systemd-analyze not found"
}

check_security() {
    local out rc=0 score
    out=$(systemd-analyze security --offline=yes --threshold="$threshold_tenths" "$unit" 2>&1) || rc=$?
    score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$out")
    [ -n "$score" ] || { echo "$out" >&2; fail "no exposure score in systemd-analyze security output (above)"; }
    # Decide on the parsed score too, in case another systemd version reads --threshold differently.
    if [ "$rc" != 0 ] || ! awk -v s="$score" -v m="$max_score" 'BEGIN { exit !(s <= m) }'; then
        grep '✗' <<<"$out" >&2 || true
        fail "exposure score $score is above $max_score (failed settings above)"
    fi
    security_score=$score
}

# verify needs ExecStart's binary to exist: check a copy that runs the built one (or /bin/true).
check_verify() {
    local exec copy="$work/regionwatch.service" rc=0
    exec=$(command -v true)
    for built in target/debug/regionwatch target/release/regionwatch; do
        if [ -x "$built" ]; then exec="$PWD/$built"; break; fi
    done
    grep -q "^ExecStart=$installed_exec " "$unit" ||
        fail "$unit: ExecStart no longer starts with $installed_exec; update check.sh"
    sed "s|^ExecStart=$installed_exec |ExecStart=$exec |" "$unit" >"$copy"
    systemd-analyze verify "$copy" >"$work/verify.out" 2>&1 || rc=$?
    if [ "$rc" != 0 ] || [ -s "$work/verify.out" ]; then
        sed "s|$work/|$(dirname "$unit")/|g" "$work/verify.out" >&2
        fail "systemd-analyze verify complained about $unit (exit $rc, output above)"
    fi
}

command -v systemd-analyze >/dev/null 2>&1 || install_systemd_analyze
check_security
check_verify
echo "systemd/check.sh: $unit: exposure $security_score (limit $max_score), verify clean ($(systemd-analyze --version | sed -n 1p))"
