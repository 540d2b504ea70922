#!/bin/sh
# The container's (and the systemd units') start-up: one role per process.
#   web        apply the migrations (advisory lock: safe from several instances), then gunicorn
#   worker     deliver the e-mail outbox in a loop
#   scheduler  record reminders every 15 min and write the daily digest
#   migrate    only apply the migrations
#   anything else is run as a command, e.g. `flask create-admin you@example.org`
set -eu
cd "$(dirname "$0")/.."
export FLASK_APP="${FLASK_APP:-wsgi}"
case "${1:-web}" in
  web)
    flask deploy migrate
    exec gunicorn --config deploy/gunicorn.conf.py wsgi:app ;;
  worker)    exec deploy/worker.sh ;;
  scheduler) exec deploy/scheduler.sh ;;
  migrate)   exec flask deploy migrate ;;
  *)         exec "$@" ;;
esac
