#!/usr/bin/env bash
# Makes sure the Debian packages the tests need are installed; quiet when they all are.
#   chromium            - the browser Playwright drives for the UI tests (/usr/bin/chromium)
#   libkrb5-dev, pkg-config - code-server's `kerberos` dependency is compiled from source
#   ripgrep             - its `rg` is packed into the download cache of @vscode/ripgrep, whose
#                         postinstall would otherwise download it from the internet
# As root it installs what is missing (one `apt-get update` first); otherwise it says what to install.
set -euo pipefail

missing=()
for pkg in chromium libkrb5-dev pkg-config ripgrep; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "ensure-system: missing Debian packages: ${missing[*]}" >&2
  echo "ensure-system: install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "ensure-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
