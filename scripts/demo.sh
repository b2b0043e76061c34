#!/usr/bin/env bash
# `make demo`: the main job end to end on the embedded SQLite default, with the tests' virtual
# Thai ID card standing in for the officer's card (a real reader needs none of this).
# `make demo-server` (DEMO_SERVER=1): the same job from a workstation that knows only the address
# of `lhrctl serve` (PostgreSQL where a local server answers, else an SQLite file).
set -euo pipefail
VENV=${VENV:-.venv}
LHR="$VENV/bin/lhrctl"
PASSWORD="demo password 2569"   # the demo officer's; a real officer types theirs at a hidden prompt
export LHR_ALLOW_VIRTUAL_READER=1
unset LHR_SERVER
# The demo's own database, key and anchor, never the officer's; made afresh so the demo runs again.
DEMO_DIR="$(pwd)/.demo"
mkdir -p "$DEMO_DIR"
rm -f "$DEMO_DIR"/lhr.db "$DEMO_DIR"/lhr.db-wal "$DEMO_DIR"/lhr.db-shm "$DEMO_DIR"/audit-*
export LHR_AUDIT_KEY="$DEMO_DIR/audit-key" LHR_AUDIT_ANCHOR="$DEMO_DIR/audit-anchor.log"
DATABASE="sqlite:///$DEMO_DIR/lhr.db"
if [ "${DEMO_SERVER:-}" = 1 ] && "$VENV/bin/python" scripts/demo_database.py >"$DEMO_DIR/pg-url" 2>/dev/null; then
  DATABASE="$(cat "$DEMO_DIR/pg-url")"
fi
export LHR_DATABASE_URL="$DATABASE"

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

SHOWN="$("$VENV/bin/python" -c 'import sys; from lhrctl.db import display_url; print(display_url(sys.argv[1]))' "$DATABASE")"
printf '%sThe demo database is %s (your default database is not touched).%s\n' \
  "$bold" "$SHOWN" "$plain" >&2
printf '%sฐานข้อมูลของการสาธิตคือ %s (ไม่แตะฐานข้อมูลปกติของท่าน)%s\n' \
  "$bold" "$SHOWN" "$plain" >&2
step lhrctl card readers
"$LHR" card readers
step lhrctl init
printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | "$LHR" init
if [ "${DEMO_SERVER:-}" = 1 ]; then
  # the server host: its database, key and anchor; the workstation below gets none of them
  PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  printf 'database_url = "%s"\naudit_key = "%s"\naudit_anchor = "%s"\nport = %s\n' \
    "$DATABASE" "$LHR_AUDIT_KEY" "$LHR_AUDIT_ANCHOR" "$PORT" >"$DEMO_DIR/server.toml"
  step lhrctl serve --config .demo/server.toml "&"
  "$LHR" serve --config "$DEMO_DIR/server.toml" &
  SERVER=$!
  trap 'kill $CARD $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    "$VENV/bin/python" -c 'import sys, httpx; httpx.get(sys.argv[1], timeout=1)' \
      "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break
    sleep 0.1
  done
  unset LHR_DATABASE_URL LHR_AUDIT_KEY LHR_AUDIT_ANCHOR
  export LHR_SERVER="http://127.0.0.1:$PORT"
  printf '%sThe workstation knows only LHR_SERVER=%s%s\n' "$bold" "$LHR_SERVER" "$plain" >&2
  printf '%sเครื่องของเจ้าหน้าที่รู้จักเพียง LHR_SERVER=%s%s\n' "$bold" "$LHR_SERVER" "$plain" >&2
fi
step lhrctl import orgs
printf '%s\n' "$PASSWORD" | "$LHR" import orgs
step lhrctl org list --province 54 --type pao
"$LHR" org list --province 54 --type pao
step lhrctl org list --province 54 --type sao "| head"
"$LHR" org list --province 54 --type sao | head -n 12
step lhrctl inspect examples/staff-6160402.xlsx
"$LHR" inspect examples/staff-6160402.xlsx
step lhrctl validate examples/staff-6160402.xlsx
"$LHR" validate examples/staff-6160402.xlsx || true   # exit 1: the sheet has rows to fix
step lhrctl import staff --skip-invalid examples/staff-6160402.xlsx
printf '%s\n' "$PASSWORD" | "$LHR" import staff --skip-invalid examples/staff-6160402.xlsx || true
step lhrctl staff export --org 6160402 --format csv "| head -n 4"
printf '%s\n' "$PASSWORD" | "$LHR" staff export --org 6160402 --format csv | head -n 4
step lhrctl import history examples/kp7-6160402.xlsx
printf '%s\n' "$PASSWORD" | "$LHR" import history examples/kp7-6160402.xlsx
step lhrctl staff kp7 1166997704678 -o .demo/kp7-1166997704678.pdf
printf '%s\n' "$PASSWORD" | "$LHR" staff kp7 1166997704678 -o "$DEMO_DIR/kp7-1166997704678.pdf"
step lhrctl plan import examples/plan-6160402.xlsx --org 6160402 --cycle 2570-2572
printf '%s\n' "$PASSWORD" | "$LHR" plan import examples/plan-6160402.xlsx --org 6160402 --cycle 2570-2572
step lhrctl plan check --org 6160402 --cycle 2570-2572
printf '%s\n' "$PASSWORD" | "$LHR" plan check --org 6160402 --cycle 2570-2572
# Reads need no sign-in where the office holds its database; through the server, they do.
step lhrctl whoami
printf '%s\n' "$PASSWORD" | "$LHR" whoami
step lhrctl audit verify
printf '%s\n' "$PASSWORD" | "$LHR" audit verify
