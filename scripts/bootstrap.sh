#!/usr/bin/env bash
# Install what a fresh machine lacks; safe to run again (it only installs what is missing).
#   scripts/bootstrap.sh run    - what `./run.sh` needs (tesseract, fonts, the virtualenv)
#   scripts/bootstrap.sh test   - plus chromium and dovecot for the test suite
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

# culmus: Hebrew fonts, so pages (and the browser tests' screenshots) show Hebrew properly.
debs=(tesseract-ocr tesseract-ocr-pol tesseract-ocr-eng tesseract-ocr-heb tesseract-ocr-osd
      fonts-dejavu-core libfribidi0 culmus)
if [ "$mode" = test ]; then
  debs+=(chromium dovecot-imapd)
fi
python3 -c 'import ensurepip, venv' 2>/dev/null || debs+=(python3-venv python3-pip)

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >/dev/null
  # Installing dovecot may start a system daemon; the tests run their own on a high port.
  if [ "$mode" = test ]; then $sudo pkill -x dovecot 2>/dev/null || true; fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv"
  python3 -m venv .venv
fi
stamp=.venv/.installed-$mode
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  extra=""; [ "$mode" = test ] && extra="[test]"
  .venv/bin/python -m pip install -q -e ".$extra"
  touch "$stamp"
fi
# The gettext catalogues (intake/translations/*/LC_MESSAGES/messages.po) are compiled here.
.venv/bin/pybabel -q compile -d intake/translations
