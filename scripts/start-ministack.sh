#!/usr/bin/env bash
# Starts ministack (PyPI `ministack`, pinned) on 127.0.0.1:PORT in the foreground, installing it
# first into its own virtualenv under the cache directory if missing (its dependencies must not
# meet moto's). For `run --spawn 'scripts/start-ministack.sh {port}'`, which stops it at the end.
#   scripts/start-ministack.sh PORT
#   scripts/start-ministack.sh --install-only
set -euo pipefail
PORT="${1:?usage: scripts/start-ministack.sh PORT | --install-only}"
MINISTACK_VERSION="${MINISTACK_VERSION:-1.5.33}"
VENV="${LC_CACHE:-$HOME/.cache/lambda-conformance}/ministack-$MINISTACK_VERSION"
if [ ! -x "$VENV/bin/ministack" ]; then
  echo "installing ministack $MINISTACK_VERSION into $VENV" >&2
  # python3 -m venv needs Debian's python3-venv; virtualenv from PyPI does the same without it.
  if ! python3 -m venv "$VENV" >&2 2>/dev/null; then
    rm -rf "$VENV"
    python3 -m pip install --quiet --disable-pip-version-check virtualenv >&2
    python3 -m virtualenv --quiet "$VENV" >&2
  fi
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "ministack==$MINISTACK_VERSION" >&2
fi
[ "$PORT" = "--install-only" ] && exit 0
# Without BIND_HOST ministack listens on every interface.
GATEWAY_PORT="$PORT" BIND_HOST=127.0.0.1 MINISTACK_HOST=127.0.0.1 exec "$VENV/bin/ministack"
