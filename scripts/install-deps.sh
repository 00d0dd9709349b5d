#!/usr/bin/env bash
# Installs the Debian packages heritage-search needs to build, test and serve (only missing ones).
set -euo pipefail

PACKAGES=(
    build-essential cmake pkg-config git
    libxapian-dev xapian-tools libicu-dev nlohmann-json3-dev libcpp-httplib-dev catch2
    libcli11-dev libcld2-dev libhunspell-dev hunspell-no hunspell-en-us wnorwegian libyaml-dev
    mythes-no mythes-en-us libjemalloc-dev libzstd-dev
)
# Extra packages for the test suite (browser tests, load tests) come from the test script.
PACKAGES+=("$@")

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
