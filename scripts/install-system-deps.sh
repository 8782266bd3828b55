#!/usr/bin/env bash
# Installs the Debian packages the tests need beyond npm: Chromium (driven by playwright-core for
# the end-to-end tests; `npx playwright install` cannot download browsers here). Idempotent; run as
# root (CI) or with sudo.
set -euo pipefail

packages=(chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present: ${packages[*]}"
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
