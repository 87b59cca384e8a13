#!/usr/bin/env bash
# Installs the Debian 12 packages hypercare builds and tests with, when any is missing.
# Uses sudo when not root. Safe to run again: it does nothing when all are present.
set -euo pipefail

packages=(
  build-essential cmake git pkg-config curl
  libcli11-dev libfmt-dev libtomlplusplus-dev libyaml-cpp-dev libcurl4-openssl-dev
  nlohmann-json3-dev libhowardhinnant-date-dev libgtest-dev libre2-dev libutf8proc-dev libcpp-httplib-dev tzdata
  python3 python3-icalendar python3-aiosmtpd libssl-dev prometheus prometheus-alertmanager chromium groff man-db dpkg-dev lintian
  libmd4c-dev libjemalloc-dev bash-completion zsh fish shellcheck tidy
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
