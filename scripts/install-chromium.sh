#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing. Playwright drives it through
# executable_path; `playwright install` is never used (it downloads a browser build).
set -euo pipefail
browser=${CHROMIUM:-/usr/bin/chromium}
[[ -x $browser ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "No browser at $browser. Install Debian's chromium (as root: apt-get install chromium)," >&2
  echo "or set CHROMIUM to a Chromium binary." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
"$browser" --version
