#!/usr/bin/env bash
# Installs the Debian packages the tests need beyond npm, when missing:
#   chromium           browser end-to-end tests (playwright-core drives it; Playwright cannot
#                      download browsers here)
#   postgresql         a real PostgreSQL server for the sql runner tests
#   kubernetes-client  a real kubectl for the kubectl runner tests
#   openssl, git       TLS error tests; git log/show/grep cells
#   poppler-utils      pdftotext/pdfinfo read the PDF report back in its test
# Idempotent; run as root (CI) or with sudo.
set -euo pipefail

missing=()
need() { # need <package> <test command…>
  local package=$1
  shift
  "$@" >/dev/null 2>&1 || missing+=("$package")
}
need chromium command -v chromium
need postgresql sh -c 'ls /usr/lib/postgresql/*/bin/initdb'
need kubernetes-client command -v kubectl
need openssl command -v openssl
need git command -v git
need poppler-utils command -v pdftotext

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present (chromium, postgresql, kubectl, openssl, git, poppler-utils)"
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "install-system-deps: could not install ${missing[*]} (full log: $log)" >&2
  exit 1
fi
rm -f "$log"
echo "installed: ${missing[*]}"
