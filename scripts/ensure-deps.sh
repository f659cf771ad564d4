#!/usr/bin/env bash
# Installs what Daigang needs on a fresh Debian 12 machine that has Swift, and nothing more.
#   scripts/ensure-deps.sh          build and run: libwebsockets, OpenSSL, libqrencode, cairo with a CJK
#                                   font (posters), zlib, pkg-config
#   scripts/ensure-deps.sh --test   also what the tests use: openssl CLI, Python with websockets, pytest,
#                                   selenium and openpyxl, Debian's chromium + chromium-driver, nginx and
#                                   systemd-analyze (the deploy tests), zbarimg (reads the posters' QR codes),
#                                   LibreOffice Calc (headless) to open the .xlsx files Daigang writes,
#                                   schemathesis and openapi-spec-validator (the HTTP contract test of
#                                   docs/openapi.yaml)
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
$want_tests && need openssl iproute2 python3 chromium chromium-driver zbar-tools libreoffice-calc-nogui poppler-utils
# The deploy tests: nginx in front of the server (run as a child, never as a service) and systemd-analyze for the unit.
$want_tests && need nginx systemd
apt_install "${missing[@]}"

if $want_tests; then
    python=$(scripts/find-python)
    # yaml and jsonschema: test_accounts.py checks answers against docs/openapi-fragments/*.yaml.
    if ! "$python" -c 'import websockets, pytest, selenium, openpyxl, prometheus_client, yaml, jsonschema' 2>/dev/null; then
        # Prefer PyPI where pip works; Debian's packages where the system Python is externally managed.
        if ! "$python" -m pip install -q websockets pytest selenium openpyxl prometheus_client pyyaml jsonschema >&2 2>/dev/null; then
            apt_install python3-websockets python3-pytest python3-selenium python3-openpyxl python3-prometheus-client python3-yaml python3-jsonschema
        fi
    fi
    python=$(scripts/find-python)
    "$python" -c 'import websockets, pytest, selenium, openpyxl, prometheus_client, yaml, jsonschema' || { echo "ensure-deps: no Python with websockets, pytest, selenium, openpyxl, prometheus_client, yaml, jsonschema" >&2; exit 1; }
    # The contract test (Tests/integration/test_openapi.py); Debian has no schemathesis, so PyPI
    # (--break-system-packages where the system Python is externally managed). Pinned: the test
    # relies on its config keys and pytest plugin.
    if ! "$python" -c 'import schemathesis, openapi_spec_validator, yaml' 2>/dev/null; then
        "$python" -m pip install -q "schemathesis==4.32.5" "openapi-spec-validator==0.9.0" pyyaml >&2 2>/dev/null \
            || "$python" -m pip install -q --break-system-packages "schemathesis==4.32.5" "openapi-spec-validator==0.9.0" pyyaml >&2
    fi
    "$python" -c 'import schemathesis, openapi_spec_validator, yaml' || { echo "ensure-deps: no Python with schemathesis and openapi-spec-validator" >&2; exit 1; }
fi
