#!/usr/bin/env bash
# Report benchmark for issue 8 — see tests/bench/README.md ("Report benchmark").
#
#   tests/bench/report_run.sh
#
# `report summary` over 10 000 incidents and 30 days of health results (target <= 1 s) and
# `report daily` (<= 200 ms). Environment: BUILD_DIR (default build/bench, configured Release if
# new), KEEP=1 keeps the temporary directory, RUNS / WARMUP (10 / 2), BENCH_TMP, COUNT (10000).
#
# Not a test: ctest never runs this. Writes tests/bench/RESULTS-report.md (overwritten).
set -euo pipefail

RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-2}"
COUNT="${COUNT:-10000}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/bench}"
RESULTS="$HERE/RESULTS-report.md"
T_SUMMARY_MS=1000
T_DAILY_MS=200

# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"  # say, die, cpu_busy

PY="$(command -v python3 || true)"
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[[ -x /usr/bin/time ]] || missing+=(time)
[[ -n "$PY" ]] || missing+=(python3)
((${#missing[@]} == 0)) || die "missing prerequisites; install them with:  apt-get install -y ${missing[*]}"

say "building hypercare and hypercare_bench_gen ($BUILD_DIR)"
[[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target hypercare hypercare_bench_gen -j 2 >/dev/null
BUILD_TYPE="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")"

WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/hypercare-report-bench.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then say "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
HC="$WORK/hypercare"
cp "$BUILD_DIR/cmd/hypercare" "$HC"   # a private copy: a concurrent build cannot swap it mid-run
OPS="$WORK/ops"
export HYPERCARE_USER=bench HYPERCARE_NOW=2026-12-01T00:00:30Z NO_COLOR=1

# ---- data: the incident benchmark's generator, the health benchmark's history ----------------
say "generating $COUNT incidents over 30 days and 30 days of health results"
GEN_OUT="$("$BUILD_DIR/tests/bench/hypercare_bench_gen" --out "$OPS" --count "$COUNT" --days 30 --end 2026-11-30 \
            --config "$ROOT/examples/smart-dairy/hypercare.toml" 2>&1 | tail -1)"
sed -i 's/^start = .*/start = 2026-11-01/; s/^days = .*/days = 30/' "$OPS/hypercare.toml"
HEALTH_OUT="$("$PY" "$HERE/health_gen.py" "$OPS" --days 30 --start 2026-11-01 | tail -1)"
"$PY" - "$WORK/survey.csv" <<'PY'
import random, sys
rng = random.Random(8)
with open(sys.argv[1], "w", newline="") as f:
    f.write("Timestamp,Rating,Comments\r\n")
    for i in range(500):
        f.write(f"2026-11-{1 + i % 30:02d} {8 + i % 12:02d}:{i % 60:02d},{rng.choice([1,2,3,4,4,5,5,5])},\"answer {i}, fine\"\r\n")
PY
"$HC" -C "$OPS" --no-commit feedback import "$WORK/survey.csv" >/dev/null
"$HC" -C "$OPS" incident list --all >/dev/null   # warm the index, as on any machine after the first command

# ---- checks: the figures agree with an independent count -------------------------------------
"$HC" -C "$OPS" report summary --json >"$WORK/summary.json"
CHECK="$("$PY" - "$OPS" "$WORK/summary.json" <<'PY'
import json, os, sys, glob
s = json.load(open(sys.argv[2]))
ops = sys.argv[1]
n = sum(1 for _ in glob.glob(os.path.join(ops, "incidents", "*", "*.jsonl")))
results = sum(sum(1 for _ in open(p)) for p in glob.glob(os.path.join(ops, "health", "*.jsonl")))
assert s["period"]["days"] == 30, s["period"]
assert s["satisfaction"]["responses"] == 500, s["satisfaction"]
assert len(s["uptime"]["days"]) == 30
print(f"{n} incident files, {s['incidents']['total']} opened in the window (IST days), "
      f"{s['uptime']['results']} of {results} health results in the window, uptime {s['uptime']['period']['percent']:.3f}%, "
      f"500 feedback answers, {len(s['targets'])} targets")
PY
)"
echo "$CHECK" >&2

# ---- timings ----------------------------------------------------------------------------------
HF=(hyperfine -N --style basic --output=null --warmup "$WARMUP" --runs "$RUNS")
NAMES=("report summary" "report summary --json" "report summary --format html" "report daily --date 2026-11-15"
       "report daily --date 2026-11-15 --format html" "report bau")
TARGETS=("$T_SUMMARY_MS" "$T_SUMMARY_MS" "$T_SUMMARY_MS" "$T_DAILY_MS" "$T_DAILY_MS" "")
CMD=("${HF[@]}" --export-json "$WORK/main.json" --export-markdown "$WORK/main.md")
for n in "${NAMES[@]}"; do CMD+=(-n "$n" "$HC -C $OPS $n"); done
BUSY_BEFORE="$(cpu_busy)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
((BUSY_BEFORE <= 10)) || echo "warning: other processes keep the CPUs ${BUSY_BEFORE}% busy; timings will be inflated" >&2
say "hyperfine"
"${CMD[@]}" >&2
RSS=()
for n in "${NAMES[@]}"; do
  # shellcheck disable=SC2086
  RSS+=("$(/usr/bin/time -f %M "$HC" -C "$OPS" $n 2>&1 >/dev/null | tail -1)")
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

export BENCH_WORK="$WORK" BENCH_RSS="${RSS[*]}" BENCH_TARGETS="${TARGETS[*]}" BENCH_CHECK="$CHECK" BENCH_GEN="$GEN_OUT"
export BENCH_HEALTH="$HEALTH_OUT" BENCH_LOAD="load average $LOAD_BEFORE before, $LOAD_AFTER after; CPUs busy with other work before: ${BUSY_BEFORE}%"
export BENCH_CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
export BENCH_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)" BENCH_VERSION="$("$HC" --version) ($BUILD_TYPE, $BUILD_DIR)"
export BENCH_GIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
"$PY" - "$RESULTS" <<'PY'
import json, os, sys
E = os.environ
res = json.load(open(os.path.join(E["BENCH_WORK"], "main.json")))["results"]
rss = [int(x) for x in E["BENCH_RSS"].split()]
targets = E["BENCH_TARGETS"].split(" ")
out = ["# hypercare report benchmark (issue 8)\n", "Generated by `tests/bench/report_run.sh`; overwritten on every run.\n",
       "| command | wall time (hyperfine mean ± σ) | target | | peak RSS |", "|---|---|---|---|---|"]
for r, kb, t in zip(res, rss, targets + [""] * len(res)):
    ms = r["mean"] * 1000
    verdict = ("PASS" if ms <= float(t) else "**FAIL**") if t else ""
    out.append(f"| `hypercare {r['command']}` | {ms:.1f} ± {(r['stddev'] or 0) * 1000:.1f} ms (min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f}) | "
               f"{'≤ ' + t + ' ms' if t else '—'} | {verdict} | {kb / 1024:.1f} MiB |")
out += ["", "## Data\n",
        f"- incidents: `hypercare_bench_gen --count N --days 30 --end 2026-11-30` with examples/smart-dairy/hypercare.toml "
        f"(Asia/Kolkata), `[hypercare] start = 2026-11-01`, `days = 30`: {E['BENCH_GEN']}",
        f"- health: `health_gen.py --days 30 --start 2026-11-01`: {E['BENCH_HEALTH']}",
        "- feedback: 500 answers imported with `feedback import`",
        f"- checked: {E['BENCH_CHECK']}",
        "- the incident index is warm (one `incident list --all` first), as it is after any command on a clone",
        "- all commands: `HYPERCARE_NOW=2026-12-01T00:00:30Z`, output to /dev/null\n",
        "## Machine\n", f"- {E['BENCH_DATE']}; {E['BENCH_CPU']}", f"- {E['BENCH_LOAD']}", f"- {E['BENCH_VERSION']}, git {E['BENCH_GIT']}\n",
        "## hyperfine output\n", open(os.path.join(E["BENCH_WORK"], "main.md")).read().strip(), ""]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
say "results written to $RESULTS"
