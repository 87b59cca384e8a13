#!/usr/bin/env bash
# Health-check benchmark for issue 4 — see tests/bench/README.md ("Health-check benchmark").
#
#   tests/bench/health_run.sh
#
# Environment: BUILD_DIR (default build/bench, configured Release if new), KEEP=1 keeps the
# temporary directory, RUNS / WARMUP (default 10 / 2), BENCH_TMP (parent of the temporary
# directory, default $TMPDIR or /tmp), HTTP_CHECKS (50), HTTP_DELAY_MS (200), DAYS (30),
# CHECKS (20), PROFILE (auto: callgrind the uptime commands that miss their target, if valgrind
# is installed; all; off), PROFILE_DAYS (3: callgrind runs uptime over the first PROFILE_DAYS days).
#
# Not a test: ctest never runs this. Writes tests/bench/RESULTS-health.md (overwritten).
set -euo pipefail

RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-2}"
PROFILE="${PROFILE:-auto}"
PROFILE_DAYS="${PROFILE_DAYS:-3}"
HTTP_CHECKS="${HTTP_CHECKS:-50}"
HTTP_DELAY_MS="${HTTP_DELAY_MS:-200}"
DAYS="${DAYS:-30}"
CHECKS="${CHECKS:-20}"
START=2026-11-01

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/bench}"
HC="$BUILD_DIR/cmd/hypercare"   # copied into the temporary directory after the build
GEN="$HERE/health_gen.py"
RESULTS="$HERE/RESULTS-health.md"
INVOCATION="tests/bench/health_run.sh  (RUNS=$RUNS WARMUP=$WARMUP HTTP_CHECKS=$HTTP_CHECKS HTTP_DELAY_MS=$HTTP_DELAY_MS DAYS=$DAYS CHECKS=$CHECKS PROFILE=$PROFILE PROFILE_DAYS=$PROFILE_DAYS)"

# Targets (issue 4).
T_HTTP_MS=500
T_UPTIME_MS=300

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
for v in RUNS WARMUP HTTP_CHECKS HTTP_DELAY_MS DAYS CHECKS PROFILE_DAYS; do
  [[ "${!v}" =~ ^[0-9]+$ && "${!v}" -gt 0 ]] || die "$v must be a positive integer, not '${!v}'"
done
((PROFILE_DAYS <= DAYS)) || PROFILE_DAYS=$DAYS
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

WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/hypercare-health-bench.XXXXXX")"
SERVER_PID=
cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; fi
  [[ "${KEEP:-0}" == 1 ]] || rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
[[ "${KEEP:-0}" == 1 ]] && echo "keeping $WORK" >&2
# Benchmark a private copy: a concurrent build in the same tree must not swap the binary mid-run.
mkdir -p "$WORK/bin"
cp "$HC" "$WORK/bin/hypercare"
HC="$WORK/bin/hypercare"
export HYPERCARE_USER=bench
export HYPERCARE_NOW="$("$PY" -c "import datetime as d; print((d.date.fromisoformat('$START') + d.timedelta(days=$DAYS)).isoformat() + 'T00:00:30Z')")"
export NO_COLOR=1
# libcurl honours proxy variables: the loopback server must be asked directly.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY='*' no_proxy='*'
D1="$START"
DN="$("$PY" -c "import datetime as d; print(d.date.fromisoformat('$START') + d.timedelta(days=$DAYS - 1))")"
DP="$("$PY" -c "import datetime as d; print(d.date.fromisoformat('$START') + d.timedelta(days=$PROFILE_DAYS - 1))")"

# ---- 1. HTTP: a loopback server that answers every request after HTTP_DELAY_MS ----------------
say "loopback HTTP server (every answer after $HTTP_DELAY_MS ms, a thread per request)"
"$PY" - "$WORK/port" "$HTTP_DELAY_MS" "$WORK/server.log" <<'PY' &
import http.server, sys, time
port_file, delay, log = sys.argv[1], int(sys.argv[2]) / 1000.0, open(sys.argv[3], "a", buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        time.sleep(delay)
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True
    def log_message(self, fmt, *args):
        log.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))
class S(http.server.ThreadingHTTPServer):
    request_queue_size = 256      # the default listen backlog (5) would drop SYNs of 50 parallel checks
    daemon_threads = True
srv = S(("127.0.0.1", 0), H)      # port 0: the kernel picks a free port
with open(port_file + ".tmp", "w") as f: f.write(str(srv.server_address[1]))
import os; os.replace(port_file + ".tmp", port_file)
srv.serve_forever()
PY
SERVER_PID=$!
for _ in $(seq 100); do [[ -s "$WORK/port" ]] && break; sleep 0.05; done
[[ -s "$WORK/port" ]] || die "the HTTP server did not start"
PORT="$(cat "$WORK/port")"
"$PY" -c "import urllib.request as u, sys; r = u.urlopen('http://127.0.0.1:$PORT/ready', timeout=5); sys.exit(r.read() != b'ok\n')" ||
  die "the HTTP server on port $PORT does not answer"
echo "server on 127.0.0.1:$PORT (pid $SERVER_PID)" >&2

HTTP_OPS="$WORK/http"
"$HC" init "$HTTP_OPS" --example minimal --no-commit >/dev/null
write_http_checks() {  # DIR COUNT
  {
    echo "# $2 HTTP checks against the benchmark's loopback server (tests/bench/health_run.sh)."
    printf '\n[defaults]\ntimeout = "5s"\n'
    for ((i = 0; i < $2; i++)); do
      printf '\n[[check]]\nname = "c%02d"\nkind = "http"\nservice = "svc%d"\nurl = "http://127.0.0.1:%s/c%d"\nexpect_status = 200\nbody_contains = "ok"\n' \
        "$i" $((i % 5)) "$PORT" "$i"
    done
  } >"$1/checks.toml"
}
write_http_checks "$HTTP_OPS" "$HTTP_CHECKS"
HTTP_ONE="$WORK/http1"   # the floor: one check (start-up + one request)
"$HC" init "$HTTP_ONE" --example minimal --no-commit >/dev/null
write_http_checks "$HTTP_ONE" 1

say "checking that all $HTTP_CHECKS HTTP checks pass"
"$HC" -C "$HTTP_OPS" health-check list >/dev/null
rc=0
"$HC" -C "$HTTP_OPS" --json health-check --no-record >"$WORK/http.json" 2>"$WORK/http.err" || rc=$?
((rc == 0)) || die "health-check --no-record exited $rc: $(head -5 "$WORK/http.err"; head -c 2000 "$WORK/http.json")"
HTTP_CHECK="$("$PY" - "$WORK/http.json" "$HTTP_CHECKS" "$HTTP_DELAY_MS" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); n, delay = int(sys.argv[2]), int(sys.argv[3])
cs = j["checks"]
if len(cs) != n: sys.exit(f"{len(cs)} checks ran, expected {n}")
bad = [c for c in cs if c["status"] != "ok" or c["value"] != 200]
if bad: sys.exit(f"{len(bad)} checks did not pass, e.g. {bad[0]}")
if j["recorded"]: sys.exit("--no-record recorded the run")
lat = sorted(c["latency_ms"] for c in cs)
if lat[0] < delay: sys.exit(f"a check answered in {lat[0]} ms, before the server's {delay} ms delay")
print(f"all {n} checks ok (HTTP 200, body 'ok'), status {j['status']}, not recorded; "
      f"latency min {lat[0]} ms, median {lat[n // 2]} ms, max {lat[-1]} ms")
PY
)"
echo "$HTTP_CHECK" >&2
[[ -d "$HTTP_OPS/health" ]] && die "--no-record wrote $HTTP_OPS/health"

# ---- 2. uptime: 30 days of results --------------------------------------------------------------
UP_OPS="$WORK/uptime"
say "ops dir $UP_OPS: $DAYS days x $CHECKS checks every 5 minutes"
"$HC" init "$UP_OPS" --example minimal --no-commit >/dev/null
sed -i -E "s/^# *start = .*/start = $START/; s/^days = .*/days = $DAYS/" "$UP_OPS/hypercare.toml"
grep -q "^start = $START" "$UP_OPS/hypercare.toml" || die "could not set [hypercare] start in hypercare.toml"
GEN_OUT="$("$PY" "$GEN" "$UP_OPS" --days "$DAYS" --checks "$CHECKS" --start "$START" --actor bench)"
echo "$GEN_OUT" >&2
GEN_LINES="${GEN_OUT%% *}"

# The generator must write what hypercare writes: run one check (it records) in a scratch ops dir
# with the same checks.toml and compare key set, value shapes and serialisation line by line.
say "checking the generated results against what the CLI records"
FMT="$WORK/fmt"
"$HC" init "$FMT" --example minimal --no-commit >/dev/null
cp "$UP_OPS/checks.toml" "$FMT/checks.toml"
"$HC" -C "$FMT" --no-commit health-check c00 c01 >/dev/null
"$PY" - "$FMT/health" "$UP_OPS/health" <<'PY'
import glob, json, re, sys, datetime as dt
cli = [l for f in sorted(glob.glob(sys.argv[1] + "/*.jsonl")) for l in open(f, encoding="utf-8")]
if not cli: sys.exit("the CLI recorded nothing")
ID = r"[0-9A-HJKMNP-TV-Z]{26}"
shape = {"id": ID, "ts": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "run": r"HC-\d{8}-[0-9A-HJKMNP-TV-Z]{4,6}",
         "check": r"c\d\d", "service": r"svc\d+", "kind": r"command", "status": r"ok|warn|fail", "type": r"result",
         "actor": r"bench", "latency_ms": r"\d+", "value": r"\d+\.0", "message": r".+"}
def id_head(ts):
    ms = int(dt.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp()) * 1000
    a = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; s = ""
    for _ in range(10): s = a[ms & 31] + s; ms >>= 5
    return s
def check(line, where):
    e = json.loads(line)
    canon = json.dumps(e, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    if canon != line: sys.exit(f"{where}: not in hypercare's serialisation (sorted keys, compact):\n{line}")
    if e.get("v") != 1: sys.exit(f"{where}: v must be 1")
    for k, rx in shape.items():
        if not re.fullmatch(rx, json.dumps(e[k]).strip('"')): sys.exit(f"{where}: {k}={e[k]!r} does not match {rx}")
    if e["id"][:10] != id_head(e["ts"]): sys.exit(f"{where}: id does not encode ts")
    return e
keys = {tuple(check(l, f"CLI line {i}")) for i, l in enumerate(cli, 1)}
runs, n, prev = {}, 0, ""
for f in sorted(glob.glob(sys.argv[2] + "/*.jsonl")):
    for i, l in enumerate(open(f, encoding="utf-8"), 1):
        e = check(l, f"{f}:{i}")
        if tuple(e) not in keys: sys.exit(f"{f}:{i}: keys {list(e)} differ from the CLI's {sorted(keys)}")
        if e["ts"] < prev: sys.exit(f"{f}:{i}: results are not in time order")
        if not f.endswith(e["ts"][:10] + ".jsonl"): sys.exit(f"{f}:{i}: ts {e['ts']} is not in this day's file")
        prev = e["ts"]
        runs.setdefault(e["run"], set()).add(e["ts"])
        n += 1
if any(len(t) != 1 for t in runs.values()): sys.exit("a run id is shared by results of different times")
print(f"format: CLI and generated results agree ({n} results, {len(runs)} runs, one ts per run id)", file=sys.stderr)
print("CLI:", cli[0].strip(), file=sys.stderr)
PY

say "checking that hypercare reads the history"
UP_ARGS="-C $UP_OPS health-check uptime --from $D1 --to $DN"
# shellcheck disable=SC2086  # plain words
"$HC" $UP_ARGS >"$WORK/uptime.txt"
# shellcheck disable=SC2086
"$HC" $UP_ARGS --by day >"$WORK/uptime-day.txt"
# shellcheck disable=SC2086
"$HC" --json $UP_ARGS --by day >"$WORK/uptime.json"
"$HC" -C "$UP_OPS" health-check uptime >"$WORK/uptime-window.txt"   # the [hypercare] window: the same range
cmp -s "$WORK/uptime.txt" "$WORK/uptime-window.txt" || die "uptime over the [hypercare] window differs from --from $D1 --to $DN"
UP_CHECK="$("$PY" - "$WORK/uptime.json" "$GEN_LINES" "$DAYS" "$CHECKS" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); lines, days, checks = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
if j["results"] != lines: sys.exit(f"uptime read {j['results']} results, the generator wrote {lines}")
if len(j["days"]) != days: sys.exit(f"--by day has {len(j['days'])} days, expected {days}")
o = j["overall"]
if not (50 < o["percent"] < 100): sys.exit(f"overall uptime {o['percent']}% is implausible")
if o["unknown_s"] <= 0: sys.exit("the missing runs left no unknown time")
if o["up_s"] + o["down_s"] + o["unknown_s"] != days * 86400: sys.exit(f"up + down + unknown != {days} days: {o}")
svc = {k: round(v["percent"], 3) for k, v in j["services"].items()}
print(f"uptime read all {lines} results; overall {o['percent']:.3f}% (down {o['down_s']} s, unknown {o['unknown_s']} s); "
      f"services {svc}; --by day lists {len(j['days'])} days")
# Each day of --by day must account for exactly one day. Reported as a finding, not fatal: the
# timings are still worth having.
bad = [d for d in j["days"] if d["overall"]["up_s"] + d["overall"]["down_s"] + d["overall"]["unknown_s"] != 86400
       or d["overall"]["unknown_s"] < 0]
if bad:
    b, l = bad[0], j["days"][-1]
    print(f"FINDING: `uptime --by day` is not per day: on {len(bad)} of {len(j['days'])} days up + down + unknown != 86400 s "
          f"(e.g. {b['day']}: up {b['overall']['up_s']} s, down {b['overall']['down_s']} s, unknown {b['overall']['unknown_s']} s; "
          f"{l['day']}: up {l['overall']['up_s']} s, unknown {l['overall']['unknown_s']} s). Each day counts every earlier "
          f"result too: `health::uptime()` clips the end of a result's interval to `to` but not its start to `from`, "
          f"and `run_uptime` passes it all results of the range for every day.")
PY
)"
UP_FINDING="$(grep '^FINDING: ' <<<"$UP_CHECK" | sed 's/^FINDING: //' || true)"
UP_CHECK="$(grep -v '^FINDING: ' <<<"$UP_CHECK")"
echo "$UP_CHECK" >&2
[[ -z "$UP_FINDING" ]] || echo "warning: $UP_FINDING" >&2
head -1 "$WORK/uptime.txt" >&2

# ---- timings ---------------------------------------------------------------------------------
HF=(hyperfine -N --style basic --output=null --warmup "$WARMUP" --runs "$RUNS")
declare -a NAMES=("health-check --no-record ($HTTP_CHECKS HTTP checks)"
                  "health-check uptime --from $D1 --to $DN"
                  "health-check uptime --from $D1 --to $DN --by day"
                  "health-check --no-record (1 HTTP check)")
declare -a ARGS=("-C $HTTP_OPS health-check --no-record"
                 "$UP_ARGS"
                 "$UP_ARGS --by day"
                 "-C $HTTP_ONE health-check --no-record")
declare -a TARGETS=("$T_HTTP_MS" "$T_UPTIME_MS" "$T_UPTIME_MS" "")
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
# The HTTP run waits on the network, so callgrind says nothing about its wall time; the uptime
# commands are CPU-bound: callgrind those that miss their target (auto) or both (all), over the
# first PROFILE_DAYS days (callgrind is ~50x slower) — the work is linear in the results.
"$PY" - "$WORK/main.json" "$T_UPTIME_MS" "$PROFILE" >"$WORK/to-profile.txt" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
target, mode = float(sys.argv[2]), sys.argv[3]
for i, r in enumerate(res):
    if "uptime" in r["command"] and (mode == "all" or (mode == "auto" and r["mean"] * 1000 > target)): print(i)
PY
: >"$WORK/profile.md"
if [[ -s "$WORK/to-profile.txt" && "$HAVE_VALGRIND" == 1 ]]; then
  say "callgrind: $(wc -l <"$WORK/to-profile.txt") command(s), $PROFILE_DAYS day(s) of results"
  shorten() {  # shorter C++ names in callgrind_annotate lines
    sed -E 's/ \[[^]]*\]$//; s/std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >/std::string/g
            s/nlohmann::json_abi_v3_11_[0-9]+::basic_json<std::map, std::vector, std::string, bool, long, unsigned long, double, std::allocator, nlohmann::json_abi_v3_11_[0-9]+::adl_serializer, std::vector<unsigned char, std::allocator<unsigned char> >(, void)? >/json/g
            s/nlohmann::json_abi_v3_11_[0-9]+::/nlohmann::/g; s/std::basic_string_view<char, std::char_traits<char> >/std::string_view/g
            s/std::chrono::time_point<std::chrono::_V2::system_clock, std::chrono::duration<long, std::ratio<1l, 1l> > >/TimePoint/g
            s/(.{200}).*/\1…/'
  }
  while read -r i; do
    out="$WORK/callgrind.$i"
    # shellcheck disable=SC2086
    args="${ARGS[$i]/--to $DN/--to $DP}"
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file="$out" "$HC" $args >/dev/null 2>"$out.log" || true
    # shellcheck disable=SC2086
    nres="$("$HC" --json $args | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["results"])')"
    {
      echo "### \`hypercare ${args#-C * }\` ($nres results, $(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out.log") instructions)"
      echo
      echo "Inclusive, hypercare, JSON, allocator and libc functions above 2% (\`callgrind_annotate --inclusive=yes\`):"
      echo
      echo '```'
      callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null |
        awk 'match($0, /^ *[0-9,]+ +\( *[0-9.]+%\)/) { p = substr($0, 1, RLENGTH); sub(/.*\( */, "", p); if (p + 0 >= 2) print }' |
        grep -E 'hypercare::|nlohmann|malloc|free|operator (new|delete)|date::|std::|mem|str' | grep -v '(below main)\|hypercare::cli::run(' |
        shorten | head -30 || true   # head closes the pipe early: SIGPIPE upstream is expected
      echo '```'
      echo
      echo "Self cost, top 15 (\`callgrind_annotate\`):"
      echo
      echo '```'
      callgrind_annotate --threshold=100 "$out" 2>/dev/null | awk '/^ *[0-9,]+ +\( *[0-9.]+%\)/' | sed -n 2,16p | shorten || true
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
export BENCH_WORK="$WORK" BENCH_GEN_OUT="$GEN_OUT" BENCH_HTTP_CHECK="$HTTP_CHECK" BENCH_UP_CHECK="$UP_CHECK"
export BENCH_RSS="${RSS[*]}" BENCH_TARGETS="${TARGETS[*]}" BENCH_HTTP_CHECKS="$HTTP_CHECKS" BENCH_DELAY="$HTTP_DELAY_MS"
export BENCH_INVOCATION="$INVOCATION" BENCH_LOAD="load average before the timings $LOAD_BEFORE, after $LOAD_AFTER; CPUs busy with other work: ${BUSY_BEFORE}% before, ${BUSY_AFTER}% after"
export BENCH_CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
export BENCH_NPROC="$(nproc)"
export BENCH_MEM="$(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
export BENCH_KERNEL="$(uname -sr)"
export BENCH_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export BENCH_HC_VERSION="$("$HC" --version 2>&1 | head -1) ($BUILD_TYPE build, $BUILD_DIR)"
export BENCH_GIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
export BENCH_HF_VERSION="$(hyperfine --version)" BENCH_PY_VERSION="$("$PY" --version 2>&1)"
export BENCH_CURL="$(ldd "$HC" 2>/dev/null | grep -o 'libcurl[^ ]*' | head -1)"
export BENCH_FS="$(df -T "$WORK" | awk 'NR==2 {print $2}')"
export BENCH_HF_MAIN="$(q "${HF_MAIN[@]}")"
export BENCH_ENV="HYPERCARE_USER=$HYPERCARE_USER HYPERCARE_NOW=$HYPERCARE_NOW NO_COLOR=1 NO_PROXY='*'"
export BENCH_HEALTH_BYTES="$(du -sb "$UP_OPS/health" | cut -f1)" BENCH_PROFILE_DAYS="$PROFILE_DAYS"
export BENCH_FINDING="$UP_FINDING"
export BENCH_UPTIME_HEAD="$(head -1 "$WORK/uptime.txt")"

"$PY" - "$RESULTS" <<'PY'
import json, os, sys
E = os.environ
W = E["BENCH_WORK"]
res = json.load(open(os.path.join(W, "main.json")))["results"]
rss = [int(x) for x in E["BENCH_RSS"].split()]
targets = E["BENCH_TARGETS"].split(" ")
ms = lambda s: s * 1000.0
def fmt_t(r):
    return f"{ms(r['mean']):.1f} ± {ms(r['stddev'] or 0):.1f} ms (median {ms(r['median']):.1f}, min {ms(r['min']):.1f}, max {ms(r['max']):.1f})"
pf = lambda ok: "PASS" if ok else "**FAIL**"
out = ["# hypercare health-check benchmark (issue 4)\n",
       "Generated by `tests/bench/health_run.sh`; overwritten on every run.\n",
       "## Results\n",
       "| command | wall time | target | | peak RSS |", "|---|---|---|---|---|"]
for r, kb, t in zip(res, rss, targets + [""] * len(res)):
    if t:
        target, verdict = f"≤ {float(t):g} ms", pf(ms(r["mean"]) <= float(t))
    else:
        target, verdict = "— (floor)", ""
    out.append(f"| `hypercare {r['command']}` | {fmt_t(r)} | {target} | {verdict} | {kb / 1024:.1f} MiB |")
out.append("")
out.append("Times are hyperfine means (the verdict judges the mean), output to /dev/null; peak RSS is "
           "`/usr/bin/time -f %M`, max of 3 runs. The last row runs a single HTTP check: process start-up, "
           f"config loading and one {E['BENCH_DELAY']} ms request — the floor under the first row.\n")
out.append("## Data\n")
out.append(f"- HTTP: `hypercare init DIR --example minimal --no-commit` and a checks.toml with `[defaults] timeout = \"5s\"` "
           f"and {E['BENCH_HTTP_CHECKS']} `[[check]] kind = \"http\"` entries, `url = \"http://127.0.0.1:PORT/c<i>\"`, "
           "`expect_status = 200`, `body_contains = \"ok\"`. The server is `/usr/bin/python3` "
           "`http.server.ThreadingHTTPServer` on 127.0.0.1 (a thread per connection, listen backlog 256, HTTP/1.1 "
           f"with `Connection: close`), sleeping {E['BENCH_DELAY']} ms before answering 200 `ok`.")
out.append(f"- checked: {E['BENCH_HTTP_CHECK']}")
out.append(f"- uptime: `hypercare init DIR --example minimal --no-commit` (timezone UTC) with `[hypercare] start = 2026-11-01`, "
           f"`days = 30`; `health/YYYY-MM-DD.jsonl` written by `tests/bench/health_gen.py` ({int(E['BENCH_HEALTH_BYTES']) / 1e6:.1f} MB) — "
           f"{E['BENCH_GEN_OUT']}; checks.toml lists the checks (kind command, interval 5m)")
out.append("- checked: the generated results have the keys, value shapes and serialisation of results recorded by "
           f"`hypercare health-check` with the same checks.toml; {E['BENCH_UP_CHECK']}; "
           "`uptime` without --from/--to (the [hypercare] window) prints the same")
out.append(f"- `uptime` prints: {E['BENCH_UPTIME_HEAD']}\n")
out.append("## Machine\n")
out.append(f"- date: {E['BENCH_DATE']}")
out.append(f"- CPU: {E['BENCH_CPU']}, nproc = {E['BENCH_NPROC']}, memory {E['BENCH_MEM']}, {E['BENCH_KERNEL']}, temp dir on {E['BENCH_FS']}")
out.append(f"- machine load: {E['BENCH_LOAD']}")
out.append(f"- {E['BENCH_HC_VERSION']} ({E['BENCH_CURL'] or 'libcurl'}), git {E['BENCH_GIT']}, {E['BENCH_HF_VERSION']}, {E['BENCH_PY_VERSION']}\n")
out.append("## Commands\n")
out.append(f"Invocation: `{E['BENCH_INVOCATION']}`\n")
out.append(f"Environment: `{E['BENCH_ENV']}` (proxy variables unset)\n")
out.append("```sh")
out.append(E["BENCH_HF_MAIN"].strip())
out.append("```\n")
out.append("Peak RSS: `/usr/bin/time -f %M hypercare <args> >/dev/null`.\n")
if E.get("BENCH_FINDING"):
    out.append("## Correctness finding\n")
    out.append(E["BENCH_FINDING"] + "\n")
prof = open(os.path.join(W, "profile.md"), encoding="utf-8").read().strip()
if prof:
    out.append("## Profile (callgrind)\n")
    out.append(f"Instruction counts (Ir) under `valgrind --tool=callgrind`, same binary and environment, over the first "
               f"{E['BENCH_PROFILE_DAYS']} day(s) of the same history (`--to` moved; the work is linear in the results).\n")
    out.append(prof + "\n")
out.append("## hyperfine output\n")
out.append(open(os.path.join(W, "main.md"), encoding="utf-8").read().strip() + "\n")
text = "\n".join(out) + "\n"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(text)
print(text)
PY
say "results written to $RESULTS"
