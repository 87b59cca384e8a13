#!/usr/bin/env bash
# Issue 19, "narrow commands read narrowly": a command about one incident named by a short id
# (its 4-character tail), and `report daily` for one day, at growing store sizes, against the same
# command given the full id (the floor: one file read), and optionally against an older binary in
# the same hyperfine run.
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
first_ms=""
for n in "${SIZES[@]}"; do
  ops="$WORK/ops-$n"
  say "generating $n incidents"
  "$BUILD_DIR/tests/bench/hypercare_bench_gen" --out "$ops" --count "$n" \
    --config "$ROOT/examples/smart-dairy/hypercare.toml" --tasks "$WORK/tasks-$n.json" >/dev/null
  "$HC" -C "$ops" incident list --all >/dev/null  # the index is warm, as on a laptop
  id="$(find "$ops/incidents" -name 'INC-*.jsonl' | sort | sed -n '2p' | xargs basename | sed 's/\.jsonl$//')"
  tail="${id: -4}"
  cmds=("$HC -C $ops incident show $tail" "$HC -C $ops incident show $id"
        "$HC -C $ops --no-commit incident note $tail -m bench" "$HC -C $ops report daily --date 2026-11-30")
  [[ -f "$WORK/hypercare-before" ]] &&
    cmds+=("$WORK/hypercare-before -C $ops incident show $tail" "$WORK/hypercare-before -C $ops --no-commit incident note $tail -m bench"
           "$WORK/hypercare-before -C $ops report daily --date 2026-11-30")
  if [[ -f "$WORK/hypercare-before" ]]; then  # the same answers, only sooner
    for args in "report daily --date 2026-11-30 --json" "incident show $tail --json"; do
      # shellcheck disable=SC2086
      cmp -s <("$HC" -C "$ops" $args) <("$WORK/hypercare-before" -C "$ops" $args) || die "\`$args\` differs from the older binary's at $n"
    done
  fi
  hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/h-$n.json" "${cmds[@]}" >/dev/null 2>&1
  for i in "${!cmds[@]}"; do
    ms="$(jq -r ".results[$i] | \"\\(.mean * 1000 | . * 10 | round / 10) ± \\(.stddev * 1000 | . * 10 | round / 10)\"" "$WORK/h-$n.json")"
    # shellcheck disable=SC2086
    kb="$(/usr/bin/time -f %M ${cmds[$i]} 2>&1 >/dev/null | tail -1)"
    label="${cmds[$i]//$WORK\//}"
    label="${label//-C ops-$n /}"
    rows+=("| $n | \`${label}\` | $ms ms | $(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}') MiB |")
  done
  mean_tail="$(jq -r '.results[0].mean * 1000' "$WORK/h-$n.json")"
  [[ -n "$first_ms" ]] || first_ms="$mean_tail"
  rows+=("| $n | growth of \`show TAIL\` since ${SIZES[0]} | $(awk -v a="$mean_tail" -v b="$first_ms" 'BEGIN {printf "%.2f×", a / b}') | |")
done
busy_after="$(cpu_busy)"

{
  echo "# Narrow reads (issue 19)"
  echo
  echo "\`tests/bench/narrow_run.sh ${SIZES[*]}\` (RUNS=$RUNS WARMUP=$WARMUP${BEFORE:+ BEFORE=$(basename "$BEFORE")}) on $(nproc) cores, $(date -u +%F),"
  echo "hypercare $("$HC" --version | awk '{print $2}'); CPU busy before/after the timed part: ${busy_before}% / ${busy_after}%."
  echo "Warm index; times are hyperfine means, RSS is /usr/bin/time's maximum resident set."
  echo
  echo "| incidents | command | time | peak RSS |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$RESULTS"
cat "$RESULTS"
