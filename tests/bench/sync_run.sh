#!/usr/bin/env bash
# Sync benchmark for issue 12 — see tests/bench/README.md ("Sync benchmark").
#
#   tests/bench/sync_run.sh
#
# Two clones of one ops dir and a bare origin on the local disk. Measures, side by side in one
# hyperfine run: `hypercare sync` with nothing to do; `incident note` with [git] sync = "manual"
# (a commit) and with sync = "auto" (pull first, commit, push); and the git commands they are made
# of, for scale. Environment: BUILD_DIR (default build/release), RUNS / WARMUP (default 30 / 3),
# KEEP=1 keeps the temporary directory. Not a test: ctest never runs it. Writes
# tests/bench/RESULTS-sync.md (overwritten).
set -euo pipefail

RUNS="${RUNS:-30}"
WARMUP="${WARMUP:-3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/release}"
RESULTS="$HERE/RESULTS-sync.md"

# Targets (issue 12).
T_SYNC_MS=150
T_AUTO_RATIO=3

# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"  # say, die, cpu_busy, bench_git_setup
bench_git_setup sync  # $WORK, $HC, $HOME

say "origin, a manual clone and an auto clone"
git init -q --bare "$WORK/origin.git"
"$HC" init "$WORK/manual" --example smart-dairy >/dev/null
git -C "$WORK/manual" remote add origin "$WORK/origin.git"
git -C "$WORK/manual" push -q -u origin main
ID="$("$HC" -C "$WORK/manual" -q incident new "Benchmarked" -p P3)"
"$HC" -C "$WORK/manual" sync >/dev/null
git clone -q "$WORK/origin.git" "$WORK/auto"
sed -i 's/^sync = "manual"/sync = "auto"/' "$WORK/auto/hypercare.toml"
git -C "$WORK/auto" commit -qam "sync = auto"
git -C "$WORK/auto" push -q   # the manual clone never pulls this: it stays manual
git clone -q "$WORK/origin.git" "$WORK/idle"
grep -q '^sync = "manual"' "$WORK/manual/hypercare.toml" || die "the manual clone is not manual"
grep -q '^sync = "auto"' "$WORK/auto/hypercare.toml" || die "the auto clone is not auto"

BUSY_BEFORE="$(cpu_busy)"
say "hyperfine ($RUNS runs each)"
hyperfine -N --style basic --output=null --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/hf.json" \
  -n "sync, nothing to do" "$HC -C $WORK/idle sync" \
  -n "incident note, sync = manual" "$HC -C $WORK/manual incident note $ID -m bench" \
  -n "incident note, sync = auto" "$HC -C $WORK/auto incident note $ID -m bench" \
  -n "git fetch (nothing new)" "git -C $WORK/idle fetch -q origin" \
  -n "git commit --allow-empty" "git -C $WORK/idle commit -q --allow-empty -m bench" >&2
BUSY_AFTER="$(cpu_busy)"

mean() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .mean * 1000' "$WORK/hf.json"; }
sd() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .stddev * 1000' "$WORK/hf.json"; }
SYNC="$(mean "sync, nothing to do")"
MANUAL="$(mean "incident note, sync = manual")"
AUTO="$(mean "incident note, sync = auto")"
RATIO="$(awk -v a="$AUTO" -v m="$MANUAL" 'BEGIN { printf "%.2f", a / m }')"
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "met" : "MISSED") }'; }

{
  echo "# Sync benchmark (issue 12)"
  echo
  echo "\`tests/bench/sync_run.sh\` (RUNS=$RUNS WARMUP=$WARMUP) on $(date -u +%F), $(nproc) cores, $(git --version),"
  echo "$(hyperfine --version); CPU busy before/after: ${BUSY_BEFORE}% / ${BUSY_AFTER}%. A bare origin on the"
  echo "local disk; every command is one hyperfine run, side by side."
  echo
  echo "| measurement | mean ± σ | target |"
  echo "|---|---|---|"
  for n in "sync, nothing to do" "incident note, sync = manual" "incident note, sync = auto" "git fetch (nothing new)" \
           "git commit --allow-empty"; do
    t=""
    [[ "$n" == "sync, nothing to do" ]] && t="≤ ${T_SYNC_MS} ms: $(verdict "$SYNC" "$T_SYNC_MS")"
    printf '| %s | %.1f ± %.1f ms | %s |\n' "$n" "$(mean "$n")" "$(sd "$n")" "$t"
  done
  echo "| \`note\` auto ÷ manual | ${RATIO}× | ≤ ${T_AUTO_RATIO}×: $(verdict "$RATIO" "$T_AUTO_RATIO") |"
} >"$RESULTS"
cat "$RESULTS"
