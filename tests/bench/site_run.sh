#!/usr/bin/env bash
# Issue 20, `hypercare site`: the seed's week (5 days, 50 incidents, 30 days of health at 20
# checks) built from nothing (target <= 1 s); 10 000 incidents over 30 days built from nothing
# (<= 10 s) and rebuilt after one new event (<= 0.5 s), beside `cp -r` of the site it wrote (the
# floor of writing that many files) in the same hyperfine runs.
#
#   tests/bench/site_run.sh
#
# Environment: BUILD_DIR (default build/release), BEFORE=path/to/another/hypercare (its rebuild
# after one new event timed in the same hyperfine run), RUNS / WARMUP (default 5 / 1), COUNT
# (10000), KEEP=1, BENCH_TMP. Not a test: ctest never runs this. Writes tests/bench/RESULTS-site.md.
set -euo pipefail

RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
COUNT="${COUNT:-10000}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/release}"
RESULTS="$HERE/RESULTS-site.md"
# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"  # say, die, cpu_busy

command -v hyperfine >/dev/null || die "missing hyperfine; install it with: apt-get install -y hyperfine"
command -v jq >/dev/null || die "missing jq; install it with: apt-get install -y jq"
[[ -x /usr/bin/time ]] || die "missing /usr/bin/time; install it with: apt-get install -y time"

say "building hypercare and hypercare_bench_gen ($BUILD_DIR)"
cmake --build "$BUILD_DIR" --target hypercare hypercare_bench_gen -j "$(nproc)" >/dev/null
WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/hypercare-site-bench.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then say "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
HC="$WORK/hypercare"
cp "$BUILD_DIR/cmd/hypercare" "$HC"
if [[ -n "${BEFORE:-}" ]]; then cp "$BEFORE" "$WORK/hypercare-before"; fi
export HYPERCARE_USER=bench NO_COLOR=1

# An ops dir: N incidents over D days ending END, the Smart Dairy config and rota with the window
# set, and (unless $7 is "no-health") 30 days of health results at 20 checks every 5 minutes.
# $1 name, $2 N, $3 D, $4 END, $5 window start, $6 window days.
make_ops() {
  local ops="$WORK/$1"
  "$BUILD_DIR/tests/bench/hypercare_bench_gen" --out "$ops" --count "$2" --days "$3" --end "$4" \
    --config "$ROOT/examples/smart-dairy/hypercare.toml" >/dev/null
  cp "$ROOT/examples/smart-dairy/rota.toml" "$ops/"
  sed -i "s/^start = [0-9][0-9-]*/start = $5/; s/^days = .*/days = $6/" "$ops/hypercare.toml"
  sed -i "s/^start = [0-9][0-9-]*/start = $5/" "$ops/rota.toml"
  [[ "${7:-}" == no-health ]] ||
    python3 "$HERE/health_gen.py" "$ops" --days 30 --checks 20 --start "$(date -u -d "$4 - 29 days" +%F)" >/dev/null
  "$HC" -C "$ops" incident list --all >/dev/null  # the index is warm, as on any machine after the first command
}

rows=()
# One hyperfine run of "name|command" pairs; a row each with mean ± σ, the target and peak RSS.
measure() {
  local out="$WORK/h-$1.json" i ms kb
  shift
  local names=() cmds=() targets=() args=()
  for spec in "$@"; do
    IFS='|' read -r n c t <<<"$spec"
    names+=("$n") cmds+=("$c") targets+=("$t")
    args+=(-n "$n" "$c")
  done
  hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$out" "${extra[@]}" "${args[@]}" >/dev/null 2>&1
  for i in "${!cmds[@]}"; do
    ms="$(jq -r ".results[$i] | \"\\(.mean * 1000 | round) ± \\(.stddev * 1000 | round)\"" "$out")"
    # shellcheck disable=SC2086
    kb="$(/usr/bin/time -f %M ${cmds[$i]} 2>&1 >/dev/null | tail -1)"
    rows+=("| ${names[$i]} | $ms ms | ${targets[$i]:-—} | $(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}') MiB |")
  done
}

busy_before="$(cpu_busy)"
say "the seed's week: 50 incidents over 5 days, 30 days of health at 20 checks"
make_ops week 50 5 2026-11-27 2026-11-23 5
week_as_of=2026-11-28T00:00:00Z
"$HC" -C "$WORK/week" site -o "$WORK/week-site" --as-of "$week_as_of" >/dev/null
cp -r "$WORK/week-site" "$WORK/week-site-keep"
week_files="$(find "$WORK/week-site" -type f | wc -l)"
extra=(--prepare "rm -rf $WORK/week-site $WORK/week-copy")
measure week \
  "\`site\`, the seed's week, from nothing ($week_files files)|$HC -C $WORK/week site -o $WORK/week-site --as-of $week_as_of|≤ 1 000 ms" \
  "\`site --public\`, the seed's week|$HC -C $WORK/week site -o $WORK/week-site --public --as-of $week_as_of|" \
  "\`cp -r\` of that site (the floor)|cp -r $WORK/week-site-keep $WORK/week-copy|"

say "generating $COUNT incidents over 30 days"
make_ops big "$COUNT" 30 2026-11-30 2026-11-01 30
big_as_of=2026-12-01T00:00:00Z
"$HC" -C "$WORK/big" site -o "$WORK/big-site" --as-of "$big_as_of" >/dev/null
cp -r "$WORK/big-site" "$WORK/big-site-keep"
big_files="$(find "$WORK/big-site" -type f | wc -l)"
id="$(find "$WORK/big/incidents" -name 'INC-*.jsonl' | sort | tail -1 | xargs basename | sed 's/\.jsonl$//')"
extra=(--prepare "rm -rf $WORK/big-site $WORK/big-copy")
measure big \
  "\`site\`, $COUNT incidents, from nothing ($big_files files)|$HC -C $WORK/big site -o $WORK/big-site --as-of $big_as_of|≤ 10 000 ms" \
  "\`cp -r\` of that site (the floor)|cp -r $WORK/big-site-keep $WORK/big-copy|"
"$HC" -C "$WORK/big" site -o "$WORK/big-site" --as-of "$big_as_of" >/dev/null
# Each run first adds a note stamped on the window's last day, which the rebuild then shows.
extra=(--prepare "env HYPERCARE_NOW=2026-11-30T12:00:00Z $HC -C $WORK/big --no-commit --no-notify incident note $id -m bench")
measure incremental \
  "\`site\`, $COUNT incidents, after one new event|$HC -C $WORK/big site -o $WORK/big-site --as-of $big_as_of|≤ 500 ms" \
  ${BEFORE:+"\`site\` by BEFORE ($(basename "$BEFORE")), the same|$WORK/hypercare-before -C $WORK/big site -o $WORK/big-site --as-of $big_as_of|"}
written="$("$HC" -C "$WORK/big" --json site -o "$WORK/big-site" --as-of "$big_as_of" | jq -r '"\(.written) of \(.files) files written"')"

say "the same incidents without health results"
make_ops bare "$COUNT" 30 2026-11-30 2026-11-01 30 no-health
"$HC" -C "$WORK/bare" site -o "$WORK/bare-site" --as-of "$big_as_of" >/dev/null
extra=(--prepare "env HYPERCARE_NOW=2026-11-30T12:00:00Z $HC -C $WORK/bare --no-commit --no-notify incident note $id -m bench")
measure bare \
  "\`site\`, $COUNT incidents and no health results, after one new event|$HC -C $WORK/bare site -o $WORK/bare-site --as-of $big_as_of|≤ 500 ms"
busy_after="$(cpu_busy)"

{
  echo "# hypercare site benchmark (issue 20)"
  echo
  echo "Generated by \`tests/bench/site_run.sh\`; overwritten on every run. hyperfine, $RUNS runs after $WARMUP warm-up;"
  echo "\"from nothing\" removes the output directory before each run. $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc);"
  echo "CPUs busy with other work: ${busy_before}% before, ${busy_after}% after. $("$HC" --version), $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- lib cmd || echo " with uncommitted changes").${BEFORE:+ BEFORE: $(basename "$BEFORE").}"
  echo
  echo "| what | wall time (mean ± σ) | target | peak RSS |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "A rebuild with nothing new (the same \`--as-of\`): $written."
} >"$RESULTS"
cat "$RESULTS"
