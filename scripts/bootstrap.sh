#!/usr/bin/env bash
# Install what lhrctl needs on a fresh Debian/Ubuntu machine: the PC/SC stack (as root), then a
# virtual environment with lhrctl and its dev tools. Safe to run again.
set -euo pipefail
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

apt_packages=(pcscd libpcsclite-dev swig vsmartcard-vpcd)
# the print test renders every workbook through LibreOffice with a Thai font, read back by pdftotext
apt_packages+=(libreoffice-calc-nogui fonts-thai-tlwg poppler-utils)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then missing+=(python3-venv); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: please install (as root): apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e '.[dev]'
