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
