#!/usr/bin/env bash
# Starts moto server on 127.0.0.1:PORT (default 5001) with Lambda in "simple"
# mode (no Docker: Invoke echoes the payload), waits until it answers, and
# prints its PID on the last line. Installs moto[server] with pip if missing.
# Stop it with: kill "$PID"
#   scripts/start-moto.sh [PORT] [--foreground]
# --foreground stays until moto exits (for `run --spawn 'scripts/start-moto.sh {port} --foreground'`,
# which stops the whole process group at the end of the run).
set -euo pipefail
PORT="${1:-5001}"
FOREGROUND="${2:-}"
LOG="${MOTO_LOG:-/tmp/moto-$PORT.log}"
if ! command -v moto_server >/dev/null 2>&1 && ! python3 -c "import moto.server" 2>/dev/null; then
  echo "installing moto[server]" >&2
  python3 -m pip install --quiet 'moto[server]>=5.2,<5.3' >&2
fi
if command -v moto_server >/dev/null 2>&1; then
  moto_server -H 127.0.0.1 -p "$PORT" >"$LOG" 2>&1 &
else
  python3 -m moto.server -H 127.0.0.1 -p "$PORT" >"$LOG" 2>&1 &
fi
PID=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/moto-api/data.json" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "moto_server exited; log follows" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.2
done
# Must happen before any function is created: moto keeps simple-mode functions in a separate store.
curl -fsS -X POST -H 'Content-Type: application/json' \
  -d '{"lambda":{"use_docker":false}}' "http://127.0.0.1:$PORT/moto-api/config" >/dev/null
echo "moto server on http://127.0.0.1:$PORT (log: $LOG)" >&2
echo "$PID"
if [ "$FOREGROUND" = "--foreground" ]; then
  trap 'kill "$PID" 2>/dev/null' TERM INT
  wait "$PID"
fi
