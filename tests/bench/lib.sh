# Shared by the benchmark scripts (sourced, not run): messages and machine-load readings.

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# Percent of CPU time spent by anything over two seconds: timings taken while it is high are
# inflated, so the results files record it.
cpu_busy() {
  local a b
  a=($(head -1 /proc/stat)); sleep 2; b=($(head -1 /proc/stat))
  awk -v u=$((b[1] + b[2] + b[3] + b[6] + b[7] - a[1] - a[2] - a[3] - a[6] - a[7])) \
      -v t=$((b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + b[7] + b[8] - a[1] - a[2] - a[3] - a[4] - a[5] - a[6] - a[7] - a[8])) \
      'BEGIN {printf "%.0f", t ? 100 * u / t : 0}'
}

# The start of a git benchmark (sync_run.sh, write_run.sh): checks for hyperfine and jq, builds
# hypercare in $BUILD_DIR, makes $WORK (removed on exit unless KEEP=1) with a copy of the binary
# as $HC, and a $HOME with a git identity. $1 names the temporary directory.
bench_git_setup() {
  command -v hyperfine >/dev/null || die "missing hyperfine; install it with: apt-get install -y hyperfine"
  command -v jq >/dev/null || die "missing jq; install it with: apt-get install -y jq"
  say "building hypercare ($BUILD_DIR)"
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" --target hypercare -j "$(nproc)" >/dev/null
  WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/hypercare-$1-bench.XXXXXX")"
  if [[ "${KEEP:-0}" == 1 ]]; then say "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
  HC="$WORK/hypercare"
  cp "$BUILD_DIR/cmd/hypercare" "$HC"
  export HOME="$WORK/home" HYPERCARE_USER=dev1 HYPERCARE_NOW=2026-11-27T03:00:00Z GIT_CONFIG_NOSYSTEM=1
  mkdir -p "$HOME"
  git config --global user.name Bench
  git config --global user.email bench@example.invalid
  git config --global init.defaultBranch main
}
