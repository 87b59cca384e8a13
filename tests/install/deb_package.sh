#!/bin/sh
# `cpack -G DEB` builds a .deb whose dependencies dpkg-shlibdeps computed from what the binary and
# the module link, and lintian finds no error in it.
# Usage: deb_package.sh BUILD_DIR
set -eu
build="$1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v dpkg-shlibdeps >/dev/null || fail "dpkg-shlibdeps is not installed (apt-get install dpkg-dev)"
command -v lintian >/dev/null || fail "lintian is not installed (apt-get install lintian)"
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log" >&2; fail "cpack -G DEB"; }
deb=$(ls "$out"/hypercare_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "cpack made no hypercare_*.deb"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libstdc++6 libfmt9 libyaml-cpp0.7 libre2-9 libutf8proc2 libcpp-httplib0.11; do
  echo "$depends" | grep -q "$lib" || fail "Depends lacks $lib (computed by dpkg-shlibdeps?): $depends"
done
dpkg-deb -c "$deb" >"$out/contents"
grep -q './usr/bin/hypercare$' "$out/contents" || fail "no /usr/bin/hypercare in the package"
grep -q './usr/lib/hypercare/hypercare-listen.so$' "$out/contents" || fail "no /usr/lib/hypercare/hypercare-listen.so in the package"
grep -q './usr/share/man/man1/hypercare-rota.1.gz$' "$out/contents" || fail "no hypercare-rota.1.gz in the package"
report=$(lintian --tag-display-limit 0 "$deb" 2>&1 || true)
if echo "$report" | grep -q '^E: '; then
  echo "$report" >&2
  fail "lintian reports errors"
fi
echo "ok: $(basename "$deb") — Depends: $depends"
