#!/bin/sh
# The outbox worker: `flask notifications send` every OUTBOX_INTERVAL seconds (default 20).
# Several workers may run at once: messages are claimed with FOR UPDATE SKIP LOCKED.
set -u
cd "$(dirname "$0")/.."
export FLASK_APP="${FLASK_APP:-wsgi}"
trap 'exit 0' TERM INT
while :; do
  flask notifications send || echo "konsulta worker: send failed (exit $?), retrying" >&2
  sleep "${OUTBOX_INTERVAL:-20}" &
  wait $!
done
