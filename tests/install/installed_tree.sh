#!/bin/sh
# `cmake --install` into a temporary prefix: the binary and its listener module, the man pages
# (`man -M PREFIX/share/man hypercare-rota`) and the bash completion work from there.
# Usage: installed_tree.sh BUILD_DIR
set -eu
build="$1"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null || fail "cmake --install $build --prefix $prefix"
[ -x "$prefix/bin/hypercare" ] || fail "no bin/hypercare"
[ -f "$prefix/lib/hypercare/hypercare-listen.so" ] || fail "no lib/hypercare/hypercare-listen.so (watch --listen loads it from ../lib/hypercare)"
"$prefix/bin/hypercare" --version | grep -q '^hypercare ' || fail "the installed binary does not run"
for f in share/zsh/vendor-completions/_hypercare share/fish/vendor_completions.d/hypercare.fish \
         share/doc/hypercare/copyright share/doc/hypercare/README.md share/doc/hypercare/examples/smart-dairy/hypercare.toml; do
  [ -f "$prefix/$f" ] || fail "no $f"
done

command -v man >/dev/null || fail "man is not installed (apt-get install man-db)"
page=$(MANPAGER=cat MANWIDTH=80 man -M "$prefix/share/man" hypercare-rota 2>/dev/null) || fail "man -M $prefix/share/man hypercare-rota"
echo "$page" | grep -q 'hypercare-rota' || fail "the installed hypercare-rota(1) does not render"

command -v bash >/dev/null || fail "bash is not installed"
# The script asks the installed binary (`hypercare __complete`), found on PATH as after an install.
got=$(PATH="$prefix/bin:$PATH" HYPERCARE_OPS= bash -c '. "$1"; COMP_WORDS=(hypercare inci); COMP_CWORD=1; _hypercare; printf "%s\n" "${COMPREPLY[@]}"' _ \
      "$prefix/share/bash-completion/completions/hypercare") || fail "the installed bash completion does not load"
[ "$got" = "incident" ] || fail "bash completion of 'hypercare inci' gave '$got', not 'incident'"
echo "ok: installed into a temporary prefix"
