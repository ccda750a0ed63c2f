#!/usr/bin/env bash
# Install the Debian packages the build and tests need, only when something is missing.
# chromium: browser tests; fonts-noto-cjk: Chinese in PDFs and screenshots; poppler-utils: PDF checks;
# rsync, openssh-client: brandsite deploy; openssh-server: the deploy tests' local SSH server;
# icc-profiles-free, argyll: the FOGRA39 profile of the CMYK brochure (made by tools/cmyk-profile.sh);
# npm: fetches Pagefind 1.6.0 (tools/pagefind.sh).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list :lang=zh 2>/dev/null | grep -qi "noto.*cjk" || missing+=(fonts-noto-cjk)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || missing+=(python3-venv)
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
[ -s /usr/share/color/icc/FOGRA39L.ti3 ] || missing+=(icc-profiles-free)
command -v colprof >/dev/null 2>&1 || missing+=(argyll)
command -v npm >/dev/null 2>&1 || missing+=(npm)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "正在安装系统软件包：${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
fi
profile=/usr/local/share/color/icc/brandsite/FOGRA39L-coated.icc  # brochure/cmyk.py DEFAULT_PROFILE
[ -s "$profile" ] || $sudo "$(dirname "$0")/cmyk-profile.sh" "$profile"
