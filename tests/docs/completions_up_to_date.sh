#!/bin/sh
# The committed completion scripts must be exactly what `hypercare completion SHELL` prints today.
# Usage: completions_up_to_date.sh HYPERCARE_BINARY SOURCE_DIR
set -u

bin=${1:?usage: $0 HYPERCARE_BINARY SOURCE_DIR}
src=${2:?usage: $0 HYPERCARE_BINARY SOURCE_DIR}

if [ ! -x "$bin" ]; then
  echo "FAIL: $bin is not an executable; build it first" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hypercare-completions.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

failed=0
for pair in bash:hypercare.bash zsh:_hypercare fish:hypercare.fish; do
  shell=${pair%%:*}
  file=completions/${pair#*:}
  if ! "$bin" completion "$shell" >"$tmp/$shell" 2>"$tmp/$shell.err"; then
    echo "FAIL: \`hypercare completion $shell\` failed:" >&2
    cat "$tmp/$shell.err" >&2
    failed=1
    continue
  fi
  if [ ! -f "$src/$file" ]; then
    echo "FAIL: $file is missing" >&2
    echo "  regenerate it: cd $src && $bin completion $shell > $file" >&2
    failed=1
  elif ! diff -u "$src/$file" "$tmp/$shell" >"$tmp/$shell.diff"; then
    echo "FAIL: $file is out of date with the binary (- committed, + generated):" >&2
    head -n 60 "$tmp/$shell.diff" >&2
    echo "  regenerate it: cd $src && $bin completion $shell > $file" >&2
    failed=1
  else
    echo "ok: $file"
  fi
done
exit $failed
