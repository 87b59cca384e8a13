#!/usr/bin/env bash
# Rota benchmark for issue 3 — see tests/bench/README.md ("Rota benchmark").
#
#   tests/bench/rota_run.sh [N]       N overrides in rota/changes.jsonl (default 1000; also $N)
#
# Environment: BUILD_DIR (default build/bench, configured Release if new), KEEP=1 keeps the
# temporary directory, RUNS / WARMUP (default 30 / 3), BENCH_TMP (parent of the temporary
# directory, default $TMPDIR or /tmp), PROFILE (auto: callgrind the commands that miss their
# target, if valgrind is installed; all: callgrind every command; off).
#
# Not a test: ctest never runs this. Writes tests/bench/RESULTS-rota.md (overwritten).
set -euo pipefail

N="${1:-${N:-1000}}"
DAYS=365
RUNS="${RUNS:-30}"
WARMUP="${WARMUP:-3}"
PROFILE="${PROFILE:-auto}"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/bench}"
HC="$BUILD_DIR/cmd/hypercare"   # copied into the temporary directory after the build
GEN="$HERE/rota_gen.py"
RESULTS="$HERE/RESULTS-rota.md"
INVOCATION="tests/bench/rota_run.sh $N  (RUNS=$RUNS WARMUP=$WARMUP PROFILE=$PROFILE)"

# Targets (issue 3).
T_NOW_MS=10
T_RANGE_MS=100

# shellcheck source=tests/bench/lib.sh
source "$HERE/lib.sh"  # say, die, cpu_busy

# ---- prerequisites ---------------------------------------------------------------------------
PY=/usr/bin/python3
[[ -x "$PY" ]] || PY="$(command -v python3 || true)"
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[[ -x /usr/bin/time ]] || missing+=(time)
[[ -n "$PY" ]] || missing+=(python3)
if ((${#missing[@]})); then
  die "missing prerequisites; install them with:  apt-get install -y ${missing[*]}"
fi
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || die "N must be a positive integer, not '$N'"
HAVE_VALGRIND=0
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null && HAVE_VALGRIND=1

# ---- build -----------------------------------------------------------------------------------
say "building hypercare ($BUILD_DIR)"
if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD_DIR" --target hypercare -j "$(nproc)" >/dev/null
[[ -x "$HC" ]] || die "build did not produce $HC"
BUILD_TYPE="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")"

# ---- data ------------------------------------------------------------------------------------
WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/hypercare-rota-bench.XXXXXX")"
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
export HYPERCARE_NOW=2026-11-23T04:30:00Z   # 10:00 IST on day 1 of the smart-dairy rota (slot A)
export NO_COLOR=1

say "ops dir $OPS (smart-dairy example) and $N overrides"
"$HC" init "$OPS" --example smart-dairy --no-commit >/dev/null
"$HC" init "$WORK/empty" --example smart-dairy --no-commit >/dev/null   # baseline: no changes file
GEN_OUT="$("$PY" "$GEN" "$OPS" --count "$N" --days "$DAYS" --start 2026-11-23 --actor bench)"
echo "$GEN_OUT" >&2
GEN_OUT="${GEN_OUT#*: }"
CHANGES="$OPS/rota/changes.jsonl"

# The generator must write what hypercare writes: record a few events with the CLI in a scratch
# ops dir and compare key order, value shapes and serialisation line by line.
say "checking the generated events against what the CLI writes"
FMT="$WORK/fmt"
"$HC" init "$FMT" --example smart-dairy --no-commit >/dev/null
"$HC" -C "$FMT" --no-commit rota override dev2 --from '2026-12-01 10:00' --to '2026-12-01 12:00' -m x >/dev/null
"$HC" -C "$FMT" --no-commit rota override dev2 --from '2026-12-01 14:00' --to '2026-12-01 16:00' --replacing dev1 -m x >/dev/null
"$HC" -C "$FMT" --no-commit rota swap 2026-12-01/B 2026-12-03/A -m x >/dev/null
ov_tail="$(sed -n '1s/.*"override":"\(OV-[^"]*\)".*/\1/p' "$FMT/rota/changes.jsonl")"
"$HC" -C "$FMT" --no-commit rota cancel "$ov_tail" -m x >/dev/null
"$PY" - "$FMT/rota/changes.jsonl" "$CHANGES" <<'PY'
import json, re, sys
cli = [l for l in open(sys.argv[1], encoding="utf-8")]
gen = [l for l in open(sys.argv[2], encoding="utf-8")]
ID = r"[0-9A-HJKMNP-TV-Z]{26}"
TS = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
REC = r"(OV|SW)-\d{8}-[0-9A-HJKMNP-TV-Z]{4}"
shape = {"id": ID, "ts": TS, "from": TS, "to": TS, "override": REC, "swap": REC, "target": REC,
         "a": r"\d{4}-\d\d-\d\d/[ABC]", "b": r"\d{4}-\d\d-\d\d/[ABC]", "member": r"dev[123]|lead",
         "replacing": r"dev[123]"}
def check(line, where):
    e = json.loads(line)
    canon = json.dumps(e, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    if canon != line: sys.exit(f"{where}: not in hypercare's serialisation (sorted keys, compact):\n{line}")
    if e.get("v") != 1: sys.exit(f"{where}: v must be 1")
    for k, rx in shape.items():
        if k in e and not re.fullmatch(rx, str(e[k])): sys.exit(f"{where}: {k}={e[k]!r} does not match {rx}")
    if e["id"][:10] != cli_id_head(e["ts"]): sys.exit(f"{where}: id does not encode ts")
    return e
def cli_id_head(ts):
    import datetime as dt
    ms = int(dt.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp()) * 1000
    a = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; s = ""
    for _ in range(10): s = a[ms & 31] + s; ms >>= 5
    return s
keys = {}
for i, l in enumerate(cli, 1):
    e = check(l, f"CLI line {i}")
    keys.setdefault(e["type"], set()).add(tuple(e))
types = {}
for i, l in enumerate(gen, 1):
    e = check(l, f"generated line {i}")
    types[e["type"]] = types.get(e["type"], 0) + 1
    if tuple(e) not in keys.get(e["type"], ()):
        sys.exit(f"generated line {i}: keys {list(e)} differ from the CLI's {sorted(keys.get(e['type'], []))}")
ids = [json.loads(l)["id"] for l in gen]
if len(set(ids)) != len(ids): sys.exit("generated event ids are not unique")
print("format: CLI and generated events agree (" + ", ".join(f"{v} {k}" for k, v in sorted(types.items())) + ")",
      file=sys.stderr)
print("CLI:", cli[1].strip(), file=sys.stderr)
PY

# ---- correctness checks ----------------------------------------------------------------------
say "checking that hypercare reads the rota"
rc=0
"$HC" -C "$OPS" rota check --days "$DAYS" >"$WORK/check.txt" 2>"$WORK/check.err" || rc=$?
((rc <= 1)) || die "rota check --days $DAYS failed (exit $rc): $(cat "$WORK/check.err")"
CHECK_SUMMARY="$(awk '{print $1}' "$WORK/check.txt" | sort | uniq -c | awk '{printf "%s%s %s", (NR>1 ? ", " : ""), $1, $2}')"
echo "rota check --days $DAYS: exit $rc; ${CHECK_SUMMARY:-no findings}" >&2
"$HC" -C "$OPS" rota overrides --all --json >"$WORK/overrides.json"
"$HC" -C "$OPS" rota show --days "$DAYS" >"$WORK/show.txt"
"$HC" -C "$OPS" rota show --days "$DAYS" --json >"$WORK/show.json"
"$HC" -C "$OPS" rota export --days "$DAYS" >"$WORK/export.ics"
"$HC" -C "$OPS" rota export --days "$DAYS" --format csv >"$WORK/export.csv"
"$HC" -C "$OPS" rota now >"$WORK/now.txt"
STATS="$("$PY" - "$WORK" "$N" "$DAYS" <<'PY'
import json, os, sys
w, n, days = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rd = lambda f: open(os.path.join(w, f), encoding="utf-8").read()
ov = [o for o in json.loads(rd("overrides.json")) if o["id"].startswith("OV-")]   # newer builds list swaps too
if len(ov) != n: sys.exit(f"rota overrides --all lists {len(ov)} overrides, expected {n}")
cancelled = sum(o["state"] == "cancelled" for o in ov)
show = rd("show.txt").splitlines()
rows = [l for l in show if l[:4].isdigit()]
if len(rows) != days: sys.exit(f"rota show --days {days} prints {len(rows)} days")
stars = sum(l.count("*") for l in rows)
tildes = sum(l.count("~") for l in rows)
if not stars or not tildes: sys.exit(f"rota show marks {stars} overrides (*) and {tildes} swaps (~); expected both")
shifts = json.loads(rd("show.json"))
ov_shifts = sum(1 for s in shifts if s["override"])
vevents = rd("export.ics").count("BEGIN:VEVENT")
csv_rows = len(rd("export.csv").splitlines()) - 1
if not (len(shifts) == vevents == csv_rows): sys.exit(f"shift counts differ: show --json {len(shifts)}, ical {vevents}, csv {csv_rows}")
if "On call" not in rd("now.txt"): sys.exit("rota now does not name who is on call")
print(f"{len(ov)} {cancelled} {len(shifts)} {ov_shifts} {stars} {tildes}")
for f in ("show.txt", "show.json", "export.ics", "export.csv", "now.txt"):
    print(f"{f}={os.path.getsize(os.path.join(w, f))}")
PY
)"
read -r OV_COUNT OV_CANCELLED SHIFTS OV_SHIFTS STARS TILDES <<<"$(head -1 <<<"$STATS")"
OUT_SIZES="$(tail -n +2 <<<"$STATS" | tr '\n' ' ')"
echo "overrides $OV_COUNT ($OV_CANCELLED cancelled); $SHIFTS shifts over $DAYS days, $OV_SHIFTS from overrides; show marks $STARS '*' and $TILDES '~'" >&2
echo "output bytes: $OUT_SIZES" >&2
head -1 "$WORK/now.txt" >&2

# ---- timings ---------------------------------------------------------------------------------
HF=(hyperfine -N --style basic --output=null --warmup "$WARMUP" --runs "$RUNS")
declare -a NAMES=("rota now" "rota show --days $DAYS" "rota show --days $DAYS --json"
                  "rota export --days $DAYS" "rota export --days $DAYS --format csv"
                  "rota now (no changes file)")
declare -a ARGS=("-C $OPS rota now" "-C $OPS rota show --days $DAYS" "-C $OPS rota show --days $DAYS --json"
                 "-C $OPS rota export --days $DAYS" "-C $OPS rota export --days $DAYS --format csv"
                 "-C $WORK/empty rota now")
HF_MAIN=("${HF[@]}" --export-json "$WORK/main.json" --export-markdown "$WORK/main.md")
for i in "${!NAMES[@]}"; do HF_MAIN+=(-n "${NAMES[$i]}" "$HC ${ARGS[$i]}"); done

BUSY_BEFORE="$(cpu_busy)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if ((BUSY_BEFORE > 10)); then
  echo "warning: other processes keep the CPUs ${BUSY_BEFORE}% busy; timings will be inflated" >&2
fi
say "hyperfine: ${NAMES[*]}"
"${HF_MAIN[@]}" >&2

say "peak RSS (/usr/bin/time -f %M, max of 3 runs)"
RSS=()
for i in "${!NAMES[@]}"; do
  best=0
  for _ in 1 2 3; do
    # shellcheck disable=SC2086  # ARGS are plain words
    kb="$(/usr/bin/time -f %M "$HC" ${ARGS[$i]} 2>&1 >/dev/null | tail -1)"
    ((kb > best)) && best=$kb
  done
  RSS+=("$best")
done
echo "RSS KB: ${RSS[*]}" >&2
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
BUSY_AFTER="$(cpu_busy)"

# ---- profile ---------------------------------------------------------------------------------
# callgrind the commands that miss their target (PROFILE=auto) or all of them (PROFILE=all).
"$PY" - "$WORK/main.json" "$T_NOW_MS" "$T_RANGE_MS" "$PROFILE" >"$WORK/to-profile.txt" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
t_now, t_range, mode = float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
for i, r in enumerate(res):
    if "no changes" in r["command"]: continue
    target = t_now if r["command"] == "rota now" else t_range
    if mode == "all" or (mode == "auto" and r["mean"] * 1000 > target): print(i)
PY
: >"$WORK/profile.md"
if [[ -s "$WORK/to-profile.txt" && "$HAVE_VALGRIND" == 1 ]]; then
  say "callgrind: $(wc -l <"$WORK/to-profile.txt") command(s)"
  shorten() {  # shorter C++ names in callgrind_annotate lines
    sed -E 's/ \[[^]]*\]$//; s/std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >/std::string/g
            s/nlohmann::json_abi_v3_11_2::basic_json<std::map, std::vector, std::string, bool, long, unsigned long, double, std::allocator, nlohmann::json_abi_v3_11_2::adl_serializer, std::vector<unsigned char, std::allocator<unsigned char> > >/json/g
            s/nlohmann::json_abi_v3_11_2::/nlohmann::/g; s/std::basic_string_view<char, std::char_traits<char> >/std::string_view/g
            s/(.{200}).*/\1…/'
  }
  base_i=$((${#NAMES[@]} - 1))   # `rota now` without a changes file, for comparison
  valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.base" "$HC" ${ARGS[$base_i]} >/dev/null 2>"$WORK/callgrind.base.log" || true
  BASE_IR="$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/callgrind.base.log")"
  echo "Baseline: \`hypercare ${NAMES[$base_i]}\` executes ${BASE_IR:-?} instructions." >>"$WORK/profile.md"
  echo >>"$WORK/profile.md"
  while read -r i; do
    out="$WORK/callgrind.$i"
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file="$out" "$HC" ${ARGS[$i]} >/dev/null 2>"$out.log" || true
    {
      echo "### \`hypercare ${NAMES[$i]}\` ($(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out.log") instructions)"
      echo
      echo "Inclusive, hypercare and JSON functions above 2% (\`callgrind_annotate --inclusive=yes\`):"
      echo
      echo '```'
      callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null |
        awk 'match($0, /^ *[0-9,]+ +\( *[0-9.]+%\)/) { p = substr($0, 1, RLENGTH); sub(/.*\( */, "", p); if (p + 0 >= 2) print }' |
        grep -E 'hypercare::|nlohmann|malloc|free|operator (new|delete)|date::' | grep -v '(below main)\|hypercare::cli::run(' |
        shorten | head -25
      echo '```'
      echo
      echo "Self cost, top 12 (\`callgrind_annotate\`):"
      echo
      echo '```'
      callgrind_annotate --threshold=100 "$out" 2>/dev/null | awk '/^ *[0-9,]+ +\( *[0-9.]+%\)/' | sed -n 2,13p |
        shorten
      echo '```'
      echo
    } >>"$WORK/profile.md"
  done <"$WORK/to-profile.txt"
elif [[ -s "$WORK/to-profile.txt" ]]; then
  echo "valgrind not installed: no profile (apt-get install -y valgrind)" >&2
  echo "valgrind is not installed, so the commands that missed their target were not profiled." >"$WORK/profile.md"
fi

# ---- report ----------------------------------------------------------------------------------
q() {
  local a
  for a; do
    if [[ "$a" =~ [^A-Za-z0-9_./=:,+@%-] ]]; then printf "'%s' " "${a//\'/\'\\\'\'}"; else printf '%s ' "$a"; fi
  done
}
export BENCH_WORK="$WORK" BENCH_N="$N" BENCH_DAYS="$DAYS" BENCH_GEN_OUT="$GEN_OUT" BENCH_CHECK="rota check --days $DAYS: exit $rc; ${CHECK_SUMMARY:-no findings}"
export BENCH_DATA="$OV_COUNT overrides ($OV_CANCELLED cancelled) read back by \`rota overrides --all\`; $SHIFTS shifts over $DAYS days, $OV_SHIFTS of them from overrides; \`rota show\` marks $STARS overrides (*) and $TILDES swaps (~); output bytes: $OUT_SIZES"
export BENCH_RSS="${RSS[*]}" T_NOW_MS T_RANGE_MS
export BENCH_INVOCATION="$INVOCATION" BENCH_LOAD="load average before the timings $LOAD_BEFORE, after $LOAD_AFTER; CPUs busy with other work: ${BUSY_BEFORE}% before, ${BUSY_AFTER}% after"
export BENCH_CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
export BENCH_NPROC="$(nproc)"
export BENCH_MEM="$(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
export BENCH_KERNEL="$(uname -sr)"
export BENCH_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export BENCH_HC_VERSION="$("$HC" --version 2>&1 | head -1) ($BUILD_TYPE build, $BUILD_DIR)"
export BENCH_GIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
export BENCH_HF_VERSION="$(hyperfine --version)"
export BENCH_FS="$(df -T "$WORK" | awk 'NR==2 {print $2}')"
export BENCH_HF_MAIN="$(q "${HF_MAIN[@]}")"
export BENCH_ENV="HYPERCARE_USER=$HYPERCARE_USER HYPERCARE_NOW=$HYPERCARE_NOW NO_COLOR=1"
export BENCH_CHANGES_BYTES="$(stat -c %s "$CHANGES")" BENCH_CHANGES_LINES="$(wc -l <"$CHANGES")"

"$PY" - "$RESULTS" <<'PY'
import json, os, sys
E = os.environ
W = E["BENCH_WORK"]
res = json.load(open(os.path.join(W, "main.json")))["results"]
rss = [int(x) for x in E["BENCH_RSS"].split()]
ms = lambda s: s * 1000.0
def fmt_t(r):
    return f"{ms(r['mean']):.1f} ± {ms(r['stddev'] or 0):.1f} ms (median {ms(r['median']):.1f}, min {ms(r['min']):.1f}, max {ms(r['max']):.1f})"
pf = lambda ok: "PASS" if ok else "**FAIL**"
out = ["# hypercare rota benchmark (issue 3)\n",
       "Generated by `tests/bench/rota_run.sh`; overwritten on every run.\n",
       "## Results\n",
       "| command | time | target | | peak RSS |", "|---|---|---|---|---|"]
for r, kb in zip(res, rss):
    name = r["command"]
    if "no changes" in name:
        target, verdict = "— (baseline)", ""
    else:
        t = float(E["T_NOW_MS"] if name == "rota now" else E["T_RANGE_MS"])
        target, verdict = f"≤ {t:g} ms", pf(ms(r["mean"]) <= t)
    out.append(f"| `hypercare {name}` | {fmt_t(r)} | {target} | {verdict} | {kb / 1024:.1f} MiB |")
out.append("")
out.append("Times are hyperfine means (the verdict judges the mean), output to /dev/null; peak RSS is "
           "`/usr/bin/time -f %M`, max of 3 runs. The last row is `rota now` on the same rota without "
           "`rota/changes.jsonl`: process start-up, config and time-zone loading.\n")
out.append("## Data\n")
out.append(f"- `rota/changes.jsonl`: {E['BENCH_CHANGES_LINES']} events, {E['BENCH_CHANGES_BYTES']} bytes, written by "
           f"`tests/bench/rota_gen.py` — {E['BENCH_GEN_OUT']}")
out.append("- rota: `hypercare init DIR --example smart-dairy --no-commit` (Asia/Kolkata, dev1..dev3 + lead, slots "
           "A 06–14, B 14–22, C 22–06, start 2026-11-23); overrides start at quarter hours from 2026-11-23 10:00 IST "
           f"over {E['BENCH_DAYS']} days, 1–12 h long, ~40% with `replacing`, plus swaps and cancellations")
out.append(f"- checked: generated events have the same keys, shapes and serialisation as events written by "
           f"`rota override` / `swap` / `cancel`; {E['BENCH_DATA']}")
out.append(f"- {E['BENCH_CHECK']} (random overlapping overrides shorten rests and shadow some `replacing` "
           "overrides; the benchmark only requires that the check runs)\n")
out.append("## Machine\n")
out.append(f"- date: {E['BENCH_DATE']}")
out.append(f"- CPU: {E['BENCH_CPU']}, nproc = {E['BENCH_NPROC']}, memory {E['BENCH_MEM']}, {E['BENCH_KERNEL']}, temp dir on {E['BENCH_FS']}")
out.append(f"- machine load: {E['BENCH_LOAD']}")
out.append(f"- {E['BENCH_HC_VERSION']}, git {E['BENCH_GIT']}, {E['BENCH_HF_VERSION']}\n")
out.append("## Commands\n")
out.append(f"Invocation: `{E['BENCH_INVOCATION']}`\n")
out.append(f"Environment: `{E['BENCH_ENV']}`\n")
out.append("```sh")
out.append(E["BENCH_HF_MAIN"].strip())
out.append("```\n")
out.append("Peak RSS: `/usr/bin/time -f %M hypercare -C ops <command> >/dev/null`.\n")
prof = open(os.path.join(W, "profile.md"), encoding="utf-8").read().strip()
if prof:
    out.append("## Profile (callgrind)\n")
    out.append("Instruction counts (Ir) under `valgrind --tool=callgrind`, same binary, data and environment.\n")
    out.append(prof + "\n")
out.append("## hyperfine output\n")
out.append(open(os.path.join(W, "main.md"), encoding="utf-8").read().strip() + "\n")
text = "\n".join(out) + "\n"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(text)
print(text)
PY
say "results written to $RESULTS"
