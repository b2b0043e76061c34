#!/usr/bin/env bash
# `make demo`: the main job end to end on the embedded SQLite default, with the tests' virtual
# Thai ID card standing in for the officer's card (a real reader needs none of this).
set -euo pipefail
VENV=${VENV:-.venv}
LHR="$VENV/bin/lhrctl"
PASSWORD="demo password 2569"   # the demo officer's; a real officer types theirs at a hidden prompt
export LHR_ALLOW_VIRTUAL_READER=1
# The demo's own database, never the officer's default one; made afresh so the demo runs again.
DEMO_DIR="$(pwd)/.demo"
mkdir -p "$DEMO_DIR"
rm -f "$DEMO_DIR"/lhr.db "$DEMO_DIR"/lhr.db-wal "$DEMO_DIR"/lhr.db-shm "$DEMO_DIR"/audit-*
export LHR_DATABASE_URL="sqlite:///$DEMO_DIR/lhr.db"
# and its own audit key and anchor file (an office's live in the user's config folder)
export LHR_AUDIT_KEY="$DEMO_DIR/audit-key" LHR_AUDIT_ANCHOR="$DEMO_DIR/audit-anchor.log"

if [ ! -S /run/pcscd/pcscd.comm ]; then
  if [ "$(id -u)" = 0 ]; then
    pcscd
    for _ in $(seq 50); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.1; done
  else
    echo "demo: pcscd is not running; start it with: sudo pcscd" >&2
    exit 1
  fi
fi

"$VENV/bin/python" -m tests.cardsim >/dev/null &
CARD=$!
trap 'kill $CARD 2>/dev/null || true' EXIT

if [ -t 2 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain" >&2; }

printf '%sThe demo database is %s (your default database is not touched).%s\n' \
  "$bold" "$DEMO_DIR/lhr.db" "$plain" >&2
printf '%sฐานข้อมูลของการสาธิตคือ %s (ไม่แตะฐานข้อมูลปกติของท่าน)%s\n' \
  "$bold" "$DEMO_DIR/lhr.db" "$plain" >&2
step lhrctl card readers
"$LHR" card readers
step lhrctl init
printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | "$LHR" init
step lhrctl import orgs
printf '%s\n' "$PASSWORD" | "$LHR" import orgs
step lhrctl org list --province 54 --type pao
"$LHR" org list --province 54 --type pao
step lhrctl org list --province 54 --type sao "| head"
"$LHR" org list --province 54 --type sao | head -n 12
step lhrctl validate examples/staff-6160402.xlsx
"$LHR" validate examples/staff-6160402.xlsx || true   # exit 1: the sheet has rows to fix
step lhrctl import staff --skip-invalid examples/staff-6160402.xlsx
printf '%s\n' "$PASSWORD" | "$LHR" import staff --skip-invalid examples/staff-6160402.xlsx || true
step lhrctl staff export --org 6160402 --format csv "| head -n 4"
printf '%s\n' "$PASSWORD" | "$LHR" staff export --org 6160402 --format csv | head -n 4
step lhrctl whoami
"$LHR" whoami
step lhrctl audit verify
"$LHR" audit verify
