#!/usr/bin/env bash
# Issue 19, "narrow commands read narrowly": a command about one incident named by a short id
# (its 4-character tail), `report daily` for one day, `status`, a `watch --once` round with nothing
# new to record, `incident list --all --json`, `report summary`, the first `status` after a write
# and `doctor`, at growing store sizes; the cold `incident list --all` beside `cat` of every file; against `incident show FULL-ID` (the floor: one file read),
# and optionally against an older binary in the same hyperfine run (on a copy of the ops dir).
#
#   tests/bench/narrow_run.sh [N...]      store sizes (default: 1000 10000 100000)
#
# Environment: BUILD_DIR (default build/release), BEFORE=path/to/an/older/hypercare (measured
# side by side), RUNS / WARMUP (default 10 / 2), KEEP=1, BENCH_TMP.
# Not a test: ctest never runs this. Writes tests/bench/RESULTS-narrow.md (overwritten).
set -euo pipefail

SIZES=("$@")
((${#SIZES[@]})) || SIZES=(1000 10000 100000)
RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-2}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/release}"
RESULTS="$HERE/RESULTS-narrow.md"
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"  # say, die, cpu_busy

command -v hyperfine >/dev/null || die "missing hyperfine; install it with: apt-get install -y hyperfine"
command -v jq >/dev/null || die "missing jq; install it with: apt-get install -y jq"
[[ -x /usr/bin/time ]] || die "missing /usr/bin/time; install it with: apt-get install -y time"

say "building hypercare and hypercare_bench_gen ($BUILD_DIR)"
cmake --build "$BUILD_DIR" --target hypercare hypercare_bench_gen -j "$(nproc)" >/dev/null
WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/hypercare-narrow-bench.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then say "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
HC="$WORK/hypercare"
cp "$BUILD_DIR/cmd/hypercare" "$HC"
if [[ -n "${BEFORE:-}" ]]; then cp "$BEFORE" "$WORK/hypercare-before"; fi
export HYPERCARE_USER=bench HYPERCARE_NOW=2026-12-01T00:00:00Z NO_COLOR=1

busy_before="$(cpu_busy)"
rows=()
declare -A first_ms=()
# One hyperfine run of `cmds`; a row per command with its mean and peak RSS. $1: size, $2: json name.
measure() {
  local n="$1" i ms kb label
  local out="$WORK/h-$n-$2.json"
  hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$out" "${extra[@]}" "${cmds[@]}" >/dev/null 2>&1
  for i in "${!cmds[@]}"; do
    ms="$(jq -r ".results[$i] | \"\\(.mean * 1000 | . * 10 | round / 10) ± \\(.stddev * 1000 | . * 10 | round / 10)\"" "$out")"
    # shellcheck disable=SC2086
    kb="$(/usr/bin/time -f %M ${cmds[$i]} 2>&1 >/dev/null | tail -1)"
    label="${cmds[$i]//$WORK\//}"
    label="${label//-C ops-$n-before /}"
    label="${label//-C ops-$n /}"
    rows+=("| $n | \`${label}\`${3:-} | $ms ms | $(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}') MiB |")
  done
}
# How a command's mean grew since the smallest size: $1 size, $2 json name, $3 result index, $4 label.
growth() {
  local ms key="$2-$3"
  ms="$(jq -r ".results[$3].mean * 1000" "$WORK/h-$1-$2.json")"
  [[ -n "${first_ms[$key]:-}" ]] || first_ms[$key]="$ms"
  rows+=("| $1 | growth of \`$4\` since ${SIZES[0]} | $(awk -v a="$ms" -v b="${first_ms[$key]}" 'BEGIN {printf "%.2f×", a / b}') | |")
}
for n in "${SIZES[@]}"; do
  ops="$WORK/ops-$n"
  say "generating $n incidents"
  "$BUILD_DIR/tests/bench/hypercare_bench_gen" --out "$ops" --count "$n" \
    --config "$ROOT/examples/smart-dairy/hypercare.toml" --tasks "$WORK/tasks-$n.json" >/dev/null
  "$HC" -C "$ops" incident list --all >/dev/null  # the index is warm, as on a laptop
  # `watch` records every breach once: recorded now, so that each timed round is a steady one.
  "$HC" -C "$ops" --no-commit --no-notify watch --once >/dev/null 2>&1
  id="$(find "$ops/incidents" -name 'INC-*.jsonl' | sort | sed -n '2p' | xargs basename | sed 's/\.jsonl$//')"
  tail="${id: -4}"
  hcs=("$HC -C $ops")
  if [[ -f "$WORK/hypercare-before" ]]; then
    # A copy of its own: the two binaries' indexes differ, and each would rebuild the other's.
    cp -a "$ops" "$ops-before"
    "$WORK/hypercare-before" -C "$ops-before" incident list --all >/dev/null
    "$WORK/hypercare-before" -C "$ops-before" --no-commit --no-notify watch --once >/dev/null 2>&1
    hcs+=("$WORK/hypercare-before -C $ops-before")
    for args in "report daily --date 2026-11-30 --json" "incident show $tail --json" "incident list --all --json" \
                "status --json" "report summary --json"; do  # the same answers, only sooner
      # shellcheck disable=SC2086
      cmp -s <("$HC" -C "$ops" $args) <("$WORK/hypercare-before" -C "$ops-before" $args) ||
        die "\`$args\` differs from the older binary's at $n"
    done
  fi
  extra=()
  cmds=()
  for h in "${hcs[@]}"; do
    cmds+=("$h incident show $tail" "$h --no-commit incident note $tail -m bench" "$h report daily --date 2026-11-30"
           "$h status" "$h --no-commit --no-notify watch --once" "$h incident list --all --json" "$h report summary")
  done
  cmds+=("$HC -C $ops incident show $id")  # the floor: one file read
  measure "$n" warm
  growth "$n" warm 0 "show TAIL"
  growth "$n" warm 2 "report daily"
  growth "$n" warm 3 "status"
  growth "$n" warm 4 "watch --once"
  # The first read after a write, and doctor, which keeps the index (RUNS at most 3: doctor reads
  # every record).
  for h in "${hcs[@]}"; do
    extra=(--prepare "$h --no-commit --no-notify incident note $id -m bench")
    cmds=("$h status")
    measure "$n" "write-${#rows[@]}" " after a write"
  done
  extra=()
  cmds=()
  for h in "${hcs[@]}"; do cmds+=("$h doctor"); done
  saved=("$RUNS" "$WARMUP")
  RUNS=$((RUNS < 3 ? RUNS : 3)) WARMUP=0
  measure "$n" doctor
  # Cold: the first command after a clone (the index deleted before each run), beside the floor,
  # `cat` of every incident file; the ratios are of wall time and of CPU time (user + system).
  find "$ops/incidents" -name 'INC-*.jsonl' -print0 >"$WORK/files-$n"
  cmds=()
  for h in "${hcs[@]}"; do cmds+=("$h incident list --all"); done
  cmds+=("xargs -0 -a $WORK/files-$n cat")
  out="$WORK/h-$n-cold.json"
  hyperfine -N --runs "$RUNS" --warmup 0 --export-json "$out" \
    --prepare "rm -rf $ops/.hypercare/cache $ops-before/.hypercare/cache" "${cmds[@]}" >/dev/null 2>&1
  floor="${#hcs[@]}"
  for i in "${!hcs[@]}"; do
    rm -rf "$ops/.hypercare/cache" "$ops-before/.hypercare/cache"
    # shellcheck disable=SC2086
    kb="$(/usr/bin/time -f %M ${cmds[$i]} 2>&1 >/dev/null | tail -1)"
    label="${cmds[$i]//$WORK\//}"
    label="${label//-C ops-$n-before /}"
    label="${label//-C ops-$n /}"
    rows+=("| $n | \`$label\`, cold | $(jq -r --argjson i "$i" --argjson f "$floor" \
      '.results as $r | "\($r[$i].mean * 1000 | round) ms: \($r[$i].mean / $r[$f].mean * 100 | round / 100)× the wall time, \(($r[$i].user + $r[$i].system) / ($r[$f].user + $r[$f].system) * 100 | round / 100)× the CPU time of `cat` of every file"' \
      "$out") | $(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}') MiB |")
  done
  rows+=("| $n | \`cat\` of every incident file | $(jq -r --argjson f "$floor" \
    '.results[$f] | "\(.mean * 1000 | round) ms, \((.user + .system) * 1000 | round) ms CPU"' "$out") | |")
  RUNS="${saved[0]}" WARMUP="${saved[1]}"
done
busy_after="$(cpu_busy)"

{
  echo "# Narrow reads (issue 19)"
  echo
  echo "\`tests/bench/narrow_run.sh ${SIZES[*]}\` (RUNS=$RUNS WARMUP=$WARMUP${BEFORE:+ BEFORE=$(basename "$BEFORE")}) on $(nproc) cores, $(date -u +%F),"
  echo "hypercare $("$HC" --version | awk '{print $2}'); CPU busy before/after the timed part: ${busy_before}% / ${busy_after}%."
  echo "Warm index; times are hyperfine means, RSS is /usr/bin/time's maximum resident set. \"after a write\":"
  echo "hyperfine's --prepare appends a note to one incident before each timed run. \"cold\": the index deleted before"
  echo "each run (the first command after a clone), beside \`xargs -0 cat\` of every incident file."
  echo
  echo "| incidents | command | time | peak RSS |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$RESULTS"
cat "$RESULTS"
