#!/usr/bin/env bash
# Write benchmark for issue 13 — see tests/bench/README.md ("Write benchmark").
#
#   tests/bench/write_run.sh
#
# One ops dir with git. Times, side by side in one hyperfine run: `incident note` with autocommit
# (append + fsync, then `git add` and `git commit` of the record), the same note with --no-commit,
# and the same two git commands run from a shell on a file of the same size, appended to the same
# way (`echo >>`, no fsync). Environment: BUILD_DIR (default build/release), RUNS / WARMUP
# (default 40 / 3), KEEP=1 keeps the temporary directory. Not a test: ctest never runs it. Writes
# tests/bench/RESULTS-write.md (overwritten).
set -euo pipefail

RUNS="${RUNS:-40}"
WARMUP="${WARMUP:-3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/release}"
RESULTS="$HERE/RESULTS-write.md"
T_RATIO=1.5  # issue 13: a write with autocommit within 1.5× the same git commands

# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"  # say, die, cpu_busy, bench_git_setup
bench_git_setup write  # $WORK, $HC, $HOME

"$HC" init "$WORK/ops" --example smart-dairy >/dev/null
ID="$("$HC" -C "$WORK/ops" -q incident new "Benchmarked" -p P3)"
REC="$(cd "$WORK/ops" && ls incidents/*/"$ID".jsonl)"
LINE="$(head -c 300 /dev/zero | tr '\0' x)"  # about the size of a note event
cp "$WORK/ops/$REC" "$WORK/ops/$REC.shell" && git -C "$WORK/ops" add -- "$REC.shell" && git -C "$WORK/ops" commit -qm shell

BUSY_BEFORE="$(cpu_busy)"
say "hyperfine ($RUNS runs each)"
hyperfine -N --style basic --output=null --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/hf.json" \
  -n "incident note (autocommit)" "$HC -C $WORK/ops incident note $ID -m bench" \
  -n "incident note --no-commit" "$HC -C $WORK/ops --no-commit incident note $ID -m bench" \
  -n "the same git commands from a shell" \
  "sh -c 'cd $WORK/ops && echo $LINE >> $REC.shell && git add -- $REC.shell && git commit -q --no-gpg-sign --no-verify -m note -- $REC.shell'" >&2
BUSY_AFTER="$(cpu_busy)"

mean() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .mean * 1000' "$WORK/hf.json"; }
sd() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .stddev * 1000' "$WORK/hf.json"; }
NOTE="$(mean "incident note (autocommit)")"
SHELL_GIT="$(mean "the same git commands from a shell")"
RATIO="$(awk -v a="$NOTE" -v b="$SHELL_GIT" 'BEGIN { printf "%.2f", a / b }')"
VERDICT="$(awk -v v="$RATIO" -v t="$T_RATIO" 'BEGIN { print (v <= t ? "met" : "MISSED") }')"
{
  echo "# Write benchmark (issue 13)"
  echo
  echo "\`tests/bench/write_run.sh\` (RUNS=$RUNS WARMUP=$WARMUP) on $(date -u +%F), $(nproc) cores, $(git --version),"
  echo "$(hyperfine --version); CPU busy before/after: ${BUSY_BEFORE}% / ${BUSY_AFTER}%. Side by side in one run."
  echo
  echo "| measurement | mean ± σ |"
  echo "|---|---|"
  for n in "incident note (autocommit)" "incident note --no-commit" "the same git commands from a shell"; do
    printf '| %s | %.1f ± %.1f ms |\n' "$n" "$(mean "$n")" "$(sd "$n")"
  done
  echo
  echo "A write with autocommit ÷ the same git commands from a shell: **${RATIO}×** (target ≤ ${T_RATIO}×: $VERDICT)."
} >"$RESULTS"
cat "$RESULTS"
