#!/usr/bin/env bash
# Installs what Daigang needs on a fresh Debian 12 machine that has Swift, and nothing more.
#   scripts/ensure-deps.sh          build and run: libwebsockets, OpenSSL, libqrencode, cairo with a CJK
#                                   font (posters), zlib, pkg-config
#   scripts/ensure-deps.sh --test   also what the tests use: openssl CLI, Python with websockets, pytest,
#                                   selenium and openpyxl, Debian's chromium + chromium-driver, a CJK font,
#                                   nginx and systemd-analyze (the deploy tests), zbarimg (reads the
#                                   posters' QR codes), LibreOffice Calc (headless) to open the .xlsx files
# Each package is installed only when missing; apt-get runs as root (or through sudo).
set -euo pipefail

want_tests=false
[ "${1:-}" = "--test" ] && want_tests=true

missing=()
need() {
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
}

apt_updated=false
apt_install() {
    [ $# -gt 0 ] || return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if [ "$apt_updated" = false ]; then
        echo "ensure-deps: apt-get update" >&2
        $sudo apt-get update -qq
        apt_updated=true
    fi
    echo "ensure-deps: installing $*" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
}

need libwebsockets-dev libssl-dev libqrencode-dev libcairo2-dev fonts-wqy-microhei pkg-config zlib1g-dev
$want_tests && need openssl iproute2 python3 chromium chromium-driver zbar-tools libreoffice-calc-nogui
# The deploy tests: nginx in front of the server (run as a child, never as a service) and systemd-analyze for the unit.
$want_tests && need nginx systemd
apt_install "${missing[@]}"

if $want_tests; then
    python=$(scripts/find-python)
    if ! "$python" -c 'import websockets, pytest, selenium, openpyxl, prometheus_client' 2>/dev/null; then
        # Prefer PyPI where pip works; Debian's packages where the system Python is externally managed.
        if ! "$python" -m pip install -q websockets pytest selenium openpyxl prometheus_client >&2 2>/dev/null; then
            apt_install python3-websockets python3-pytest python3-selenium python3-openpyxl python3-prometheus-client
        fi
    fi
    python=$(scripts/find-python)
    "$python" -c 'import websockets, pytest, selenium, openpyxl, prometheus_client' || { echo "ensure-deps: no Python with websockets, pytest, selenium, openpyxl, prometheus_client" >&2; exit 1; }
fi
