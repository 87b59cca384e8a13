#!/bin/sh
# Every man page must format without a single groff warning.
# Usage: man_pages_render.sh SOURCE_DIR
set -u

src=${1:?usage: $0 SOURCE_DIR}

if ! command -v groff >/dev/null 2>&1; then
  # In CI a check that cannot run fails: tests/deps.sh installs groff.
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: groff is not installed (tests/deps.sh installs it)" >&2
    exit 1
  fi
  echo "skipped: groff is not installed (apt-get install groff to run this check)"
  exit 0
fi

failed=0
found=0
for page in "$src"/man/*.1; do
  [ -f "$page" ] || continue
  found=1
  name=man/${page##*/}
  # -ww: all warnings; -z: format but print nothing, so any output is a warning or an error.
  out=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
  status=$?
  if [ $status -ne 0 ] || [ -n "$out" ]; then
    echo "FAIL: $name: groff -man -Tutf8 -ww -z reports (exit $status):" >&2
    printf '%s\n' "$out" | sed 's/^/  /' >&2
    failed=1
  elif LC_ALL=C grep -n '[^[:print:][:space:]]' "$page" >/dev/null; then
    # groff without preconv reads bytes, not UTF-8: spell non-ASCII characters as escapes (\(em).
    echo "FAIL: $name has non-ASCII characters; use roff escapes such as \\(em, \\(en, \\(->:" >&2
    LC_ALL=C grep -n '[^[:print:][:space:]]' "$page" | head -n 5 | sed 's/^/  /' >&2
    failed=1
  else
    echo "ok: $name"
  fi
done
if [ $found -eq 0 ]; then
  echo "FAIL: no man pages in $src/man" >&2
  exit 1
fi
exit $failed
