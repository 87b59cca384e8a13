#!/usr/bin/env bash
# Performance benchmark for issue 2 — see tests/bench/README.md.
#
#   tests/bench/run.sh [N]            N incidents (default 100000; also $N)
#
# Environment: BUILD_DIR (default build/release), KEEP=1 keeps the temporary directory,
# RUNS / WARMUP (default 10 / 2) for the side-by-side run, NEW_RUNS (default 50),
# COLD_RUNS (default 5), BENCH_TMP (parent of the temporary directory, default $TMPDIR or /tmp).
#
# Not a test: ctest never runs this. Writes tests/bench/RESULTS.md (overwritten).
set -euo pipefail

N="${1:-${N:-100000}}"
RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-2}"
NEW_RUNS="${NEW_RUNS:-50}"
COLD_RUNS="${COLD_RUNS:-5}"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/release}"
HC="$BUILD_DIR/cmd/hypercare"   # copied into the temporary directory after the build
GEN="$BUILD_DIR/tests/bench/hypercare_bench_gen"
RESULTS="$HERE/RESULTS.md"
INVOCATION="tests/bench/run.sh $N  (RUNS=$RUNS WARMUP=$WARMUP NEW_RUNS=$NEW_RUNS COLD_RUNS=$COLD_RUNS)"

# Targets (issue 2).
T_LIST_MS=100
T_ALL_MS=500
T_NEW_MS=15
T_RSS_KB=$((100 * 1024))   # 100 MiB
T_RATIO=3

# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"  # say, die, cpu_busy

# ---- prerequisites ---------------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v task >/dev/null || missing+=(taskwarrior)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  die "missing prerequisites; install them with:  apt-get install -y ${missing[*]}"
fi
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || die "N must be a positive integer, not '$N'"

# ---- build -----------------------------------------------------------------------------------
say "building hypercare and hypercare_bench_gen ($BUILD_DIR)"
if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  (cd "$ROOT" && cmake --preset release >/dev/null)
fi
cmake --build "$BUILD_DIR" --target hypercare hypercare_bench_gen -j "$(nproc)" >/dev/null
[[ -x "$HC" && -x "$GEN" ]] || die "build did not produce $HC and $GEN"

# ---- data ------------------------------------------------------------------------------------
WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/hypercare-bench.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then
  echo "keeping $WORK" >&2
else
  trap 'rm -rf "$WORK"' EXIT
fi
OPS="$WORK/ops"
# Benchmark a private copy: a concurrent build in the same tree must not swap the binary mid-run.
mkdir -p "$WORK/bin"
cp "$HC" "$WORK/bin/hypercare"
HC="$WORK/bin/hypercare"
export HYPERCARE_USER=bench
export HYPERCARE_NOW=2026-12-01T00:00:00Z
export NO_COLOR=1
export TASKDATA="$WORK/taskdata"
export TASKRC="$WORK/taskrc"
mkdir -p "$TASKDATA"
: >"$TASKRC"
TW=(rc.confirmation=off rc.verbose=nothing rc.hooks=off rc.gc=off)

say "generating $N incidents into $OPS"
gen_start=$(date +%s.%N)
GEN_OUT="$("$GEN" --out "$OPS" --count "$N" --config "$ROOT/examples/smart-dairy/hypercare.toml" --tasks "$WORK/tasks.json")"
gen_end=$(date +%s.%N)
echo "$GEN_OUT" >&2
EVENTS="$(sed -n 's/.*), \([0-9]*\) events.*/\1/p' <<<"$GEN_OUT")"
MONTHS="$(sed -n 's/.*events, \([0-9]*\) month.*/\1/p' <<<"$GEN_OUT")"
OPEN="$(sed -n 's/.*(\([0-9]*\) open).*/\1/p' <<<"$GEN_OUT")"
DISK="$(du -sh "$OPS/incidents" | cut -f1)"

say "importing $N tasks into taskwarrior ($TASKDATA)"
imp_start=$(date +%s.%N)
task "${TW[@]}" import "$WORK/tasks.json" >/dev/null
imp_end=$(date +%s.%N)
tw_count="$(task "${TW[@]}" count)"
[[ "$tw_count" == "$N" ]] || die "taskwarrior holds $tw_count tasks, expected $N"
# Every task starts a row with its id (pending) or '-' (completed) and its status letter;
# annotations wrap onto further lines, so count the rows, not the lines.
task "${TW[@]}" all >"$WORK/task-all.txt"
tw_lines="$(wc -l <"$WORK/task-all.txt")"
tw_rows="$(grep -cE '^ *([0-9]+|-) +[PC] ' "$WORK/task-all.txt" || true)"
[[ "$tw_rows" == "$N" ]] || die "'task all' lists $tw_rows tasks ($tw_lines lines), expected $N"
echo "task all: $tw_rows tasks, $tw_lines lines" >&2

# ---- correctness checks and cache warm-up ------------------------------------------------------
say "cold fold (no cache) and cache warm-up"
rm -rf "$OPS/.hypercare/cache"
HYPERCARE_CACHE=off "$HC" -C "$OPS" incident list --all >"$WORK/all-nocache.txt"
"$HC" -C "$OPS" incident list --all >"$WORK/all-warmup.txt"   # builds the cache
"$HC" -C "$OPS" incident list --all >"$WORK/all-cached.txt"   # served from it
"$HC" -C "$OPS" incident list >"$WORK/open-cached.txt"
HYPERCARE_CACHE=off "$HC" -C "$OPS" incident list >"$WORK/open-nocache.txt"
cmp -s "$WORK/all-nocache.txt" "$WORK/all-cached.txt" || die "incident list --all differs with and without the cache"
cmp -s "$WORK/open-nocache.txt" "$WORK/open-cached.txt" || die "incident list differs with and without the cache"
all_rows=$(($(wc -l <"$WORK/all-cached.txt") - 1))
open_rows=$(($(wc -l <"$WORK/open-cached.txt") - 1))
[[ "$all_rows" == "$N" ]] || die "incident list --all shows $all_rows incidents, expected $N"
[[ "$open_rows" == "$OPEN" ]] || die "incident list shows $open_rows incidents, expected $OPEN open"
CACHE_SIZE="$(du -sh "$OPS/.hypercare/cache" | cut -f1)"
echo "list --all: $all_rows rows, list: $open_rows rows, same output with and without the cache; cache $CACHE_SIZE" >&2

# ---- timings ---------------------------------------------------------------------------------
HF=(hyperfine -N --style basic --output=null)
CMD_LIST="$HC -C $OPS incident list"
CMD_ALL="$HC -C $OPS incident list --all"
CMD_TASK="task ${TW[*]} all"
CMD_COLD="$HC -C $OPS incident list --all"
CMD_NEW="$HC -C $OPS --no-commit incident new bench-incident -p P3 -c api"
HF_MAIN=("${HF[@]}" --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/main.json" --export-markdown "$WORK/main.md"
  -n "hypercare incident list" "$CMD_LIST"
  -n "hypercare incident list --all" "$CMD_ALL"
  -n "task all" "$CMD_TASK")
HF_COLD=("${HF[@]}" --runs "$COLD_RUNS" --prepare "rm -rf $OPS/.hypercare/cache" --export-json "$WORK/cold.json"
  --export-markdown "$WORK/cold.md" -n "hypercare incident list --all (cold cache)" "$CMD_COLD")
HF_NEW=("${HF[@]}" --warmup 3 --runs "$NEW_RUNS" --export-json "$WORK/new.json" --export-markdown "$WORK/new.md"
  -n "hypercare incident new --no-commit" "$CMD_NEW")

# Other work on this machine skews every figure: record how busy the CPUs are (over 2 s, while
# this script is idle) and the load average around the timed part.
BUSY_BEFORE="$(cpu_busy)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if ((BUSY_BEFORE > 10)); then
  echo "warning: other processes keep the CPUs ${BUSY_BEFORE}% busy; timings will be inflated" >&2
fi
say "side by side: incident list, incident list --all, task all"
"${HF_MAIN[@]}" >&2

say "cold cache: incident list --all after deleting .hypercare/cache"
"${HF_COLD[@]}" >&2
"$HC" -C "$OPS" incident list --all >/dev/null   # leave a warm cache behind

say "peak RSS (/usr/bin/time -f %M, max of 3 runs)"
rss() {  # rss [prepare-command] -- command...
  local best=0 kb
  for _ in 1 2 3; do
    if [[ "$1" == cold ]]; then rm -rf "$OPS/.hypercare/cache"; fi
    kb="$(/usr/bin/time -f %M "${@:2}" 2>&1 >/dev/null | tail -1)"
    ((kb > best)) && best=$kb
  done
  echo "$best"
}
RSS_LIST="$(rss warm "$HC" -C "$OPS" incident list)"
RSS_ALL="$(rss warm "$HC" -C "$OPS" incident list --all)"
RSS_COLD="$(rss cold "$HC" -C "$OPS" incident list --all)"
"$HC" -C "$OPS" incident list --all >/dev/null
RSS_NEW="$(rss warm "$HC" -C "$OPS" --no-commit incident new bench-incident -p P3 -c api)"
RSS_TASK="$(rss warm task "${TW[@]}" all)"
echo "RSS KB: list $RSS_LIST, list --all $RSS_ALL, cold $RSS_COLD, new $RSS_NEW, task all $RSS_TASK" >&2

say "incident new --no-commit (each run creates one incident)"
"${HF_NEW[@]}" >&2

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
BUSY_AFTER="$(cpu_busy)"

# ---- report ----------------------------------------------------------------------------------
q() {  # shell-quote for display: 'a b' rather than a\ b
  local a
  for a; do
    if [[ "$a" =~ [^A-Za-z0-9_./=:,+@%-] ]]; then printf "'%s' " "${a//\'/\'\\\'\'}"; else printf '%s ' "$a"; fi
  done
}
export BENCH_WORK="$WORK" BENCH_N="$N" BENCH_EVENTS="$EVENTS" BENCH_MONTHS="$MONTHS" BENCH_OPEN="$OPEN"
export BENCH_DISK="$DISK" BENCH_CACHE="$CACHE_SIZE" BENCH_TW_LINES="$tw_lines"
export BENCH_GEN_S="$(awk -v a="$gen_start" -v b="$gen_end" 'BEGIN {printf "%.1f", b - a}')"
export BENCH_IMP_S="$(awk -v a="$imp_start" -v b="$imp_end" 'BEGIN {printf "%.1f", b - a}')"
export RSS_LIST RSS_ALL RSS_COLD RSS_NEW RSS_TASK T_LIST_MS T_ALL_MS T_NEW_MS T_RSS_KB T_RATIO
export BENCH_INVOCATION="$INVOCATION" BENCH_LOAD="load average before the timings $LOAD_BEFORE, after $LOAD_AFTER; CPUs busy with other work: ${BUSY_BEFORE}% before, ${BUSY_AFTER}% after"
export BENCH_CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
export BENCH_NPROC="$(nproc)"
export BENCH_MEM="$(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
export BENCH_KERNEL="$(uname -sr)"
export BENCH_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export BENCH_HC_VERSION="$("$HC" --version 2>&1 | head -1)"
export BENCH_GIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
export BENCH_TASK_VERSION="$(task --version)"
export BENCH_HF_VERSION="$(hyperfine --version)"
export BENCH_FS="$(df -T "$WORK" | awk 'NR==2 {print $2}')"
export BENCH_HF_MAIN="$(q "${HF_MAIN[@]}")"
export BENCH_HF_COLD="$(q "${HF_COLD[@]}")"
export BENCH_HF_NEW="$(q "${HF_NEW[@]}")"
export BENCH_ENV="HYPERCARE_USER=$HYPERCARE_USER HYPERCARE_NOW=$HYPERCARE_NOW NO_COLOR=1 TASKDATA=$TASKDATA TASKRC=$TASKRC (empty file)"

python3 - "$RESULTS" <<'PY'
import json, os, sys
E = os.environ
W = E["BENCH_WORK"]
def load(name):
    with open(os.path.join(W, name + ".json")) as f:
        return {r["command"]: r for r in json.load(f)["results"]}
main, cold, new = load("main"), load("cold"), load("new")
lst = main["hypercare incident list"]
alll = main["hypercare incident list --all"]
task = main["task all"]
coldr = cold["hypercare incident list --all (cold cache)"]
newr = new["hypercare incident new --no-commit"]
ms = lambda s: s * 1000.0
def fmt_t(r):
    return f"{ms(r['mean']):.1f} ± {ms(r['stddev'] or 0):.1f} ms (median {ms(r['median']):.1f}, min {ms(r['min']):.1f}, max {ms(r['max']):.1f})"
def mb(kb): return f"{int(kb)/1024:.1f} MiB"
ratio = task["mean"] / alll["mean"]
rss_max = max(int(E[k]) for k in ("RSS_LIST", "RSS_ALL", "RSS_COLD", "RSS_NEW"))
pf = lambda ok: "PASS" if ok else "**FAIL**"
rows = [
    ("`incident list` (open, warm cache)", fmt_t(lst), f"≤ {E['T_LIST_MS']} ms", pf(ms(lst["mean"]) <= float(E["T_LIST_MS"]))),
    ("`incident list --all` (warm cache)", fmt_t(alll), f"≤ {E['T_ALL_MS']} ms", pf(ms(alll["mean"]) <= float(E["T_ALL_MS"]))),
    ("`incident new --no-commit` (incl. fsync)", fmt_t(newr), f"≤ {E['T_NEW_MS']} ms", pf(ms(newr["mean"]) <= float(E["T_NEW_MS"]))),
    ("`task all` (taskwarrior, same run)", fmt_t(task), "—", ""),
    ("speed-up `list --all` vs `task all`", f"{ratio:.1f}×", f"≥ {E['T_RATIO']}×", pf(ratio >= float(E["T_RATIO"]))),
    ("peak RSS, max over hypercare commands", mb(rss_max), f"≤ {int(E['T_RSS_KB'])//1024} MiB", pf(rss_max <= int(E["T_RSS_KB"]))),
    ("`incident list --all` (cold: cache deleted)", fmt_t(coldr), "— (info)", ""),
]
out = []
out.append("# hypercare performance benchmark (issue 2)\n")
out.append(f"Generated by `tests/bench/run.sh`; overwritten on every run.\n")
out.append("## Results\n")
out.append("| measurement | result | target | |")
out.append("|---|---|---|---|")
for r in rows: out.append("| " + " | ".join(r) + " |")
out.append("")
out.append("Timings are hyperfine means (the pass/fail column judges the mean); output of every command goes to /dev/null.\n")
out.append("Peak RSS (`/usr/bin/time -f %M`, max of 3 runs each):\n")
out.append("| command | peak RSS |")
out.append("|---|---|")
for name, k in (("hypercare incident list", "RSS_LIST"), ("hypercare incident list --all", "RSS_ALL"),
                ("hypercare incident list --all (cold cache)", "RSS_COLD"),
                ("hypercare incident new --no-commit", "RSS_NEW"), ("task all", "RSS_TASK")):
    out.append(f"| `{name}` | {mb(E[k])} |")
out.append("")
out.append("## Data\n")
out.append(f"- {E['BENCH_N']} incidents ({E['BENCH_OPEN']} open), {E['BENCH_EVENTS']} events, {E['BENCH_MONTHS']} month directories, {E['BENCH_DISK']} on disk ({E['BENCH_FS']}); cache {E['BENCH_CACHE']}; generated in {E['BENCH_GEN_S']} s")
out.append(f"- taskwarrior: {E['BENCH_N']} tasks (same open/completed split, 3 annotations each) imported with `task import` in {E['BENCH_IMP_S']} s; `task all` prints all {E['BENCH_N']} rows ({E['BENCH_TW_LINES']} lines)")
out.append("- `incident list --all` output checked identical with and without the cache (`HYPERCARE_CACHE=off`), and row counts checked\n")
out.append("## Machine\n")
out.append(f"- date: {E['BENCH_DATE']}")
out.append(f"- CPU: {E['BENCH_CPU']}, nproc = {E['BENCH_NPROC']}, memory {E['BENCH_MEM']}, {E['BENCH_KERNEL']}")
out.append(f"- machine load: {E['BENCH_LOAD']}")
out.append(f"- {E['BENCH_HC_VERSION']} (git {E['BENCH_GIT']}), taskwarrior {E['BENCH_TASK_VERSION']}, {E['BENCH_HF_VERSION']}\n")
out.append("## Commands\n")
out.append(f"Invocation: `{E['BENCH_INVOCATION']}`\n")
out.append(f"Environment: `{E['BENCH_ENV']}`\n")
out.append("```sh")
for k in ("BENCH_HF_MAIN", "BENCH_HF_COLD", "BENCH_HF_NEW"):
    out.append(E[k].strip())
out.append("```\n")
out.append("Peak RSS: `/usr/bin/time -f %M <command> >/dev/null` (cold: after `rm -rf ops/.hypercare/cache`).\n")
out.append("## hyperfine output\n")
for name in ("main", "cold", "new"):
    with open(os.path.join(W, name + ".md")) as f:
        out.append(f.read().strip() + "\n")
text = "\n".join(out) + "\n"
with open(sys.argv[1], "w") as f:
    f.write(text)
print(text)
PY
say "results written to $RESULTS"
