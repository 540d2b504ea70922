#!/bin/sh
# The scheduled commands without cron: `flask notifications tick` every TICK_MINUTES (15),
# `flask notifications digest` once a day from DIGEST_AT (07:00) and the open data dump
# `flask opendata dump` once a day from DUMP_AT (02:30), in the local time of TZ (the image sets
# Europe/Warsaw), followed by the RODO retention rules `flask privacy retention`. A scheduler
# started after DIGEST_AT/DUMP_AT catches up that day's run.
# A second scheduler started by mistake does no harm: tick takes an advisory lock and its
# reminders are unique; the digest takes each notification once.
set -u
cd "$(dirname "$0")/.."
export FLASK_APP="${FLASK_APP:-wsgi}"
TICK_MINUTES="${TICK_MINUTES:-15}"
DIGEST_AT="${DIGEST_AT:-07:00}"
DUMP_AT="${DUMP_AT:-02:30}"
trap 'exit 0' TERM INT
last_digest=""
last_dump=""
while :; do
  minute=$(date +%M); minute=${minute#0}
  if [ $((minute % TICK_MINUTES)) -eq 0 ]; then
    flask notifications tick || echo "konsulta scheduler: tick failed" >&2
  fi
  today=$(date +%F)
  if [ "$last_digest" != "$today" ] && [ "$(date +%H:%M)" \> "$DIGEST_AT" -o "$(date +%H:%M)" = "$DIGEST_AT" ]; then
    flask notifications digest || echo "konsulta scheduler: digest failed" >&2
    last_digest="$today"
  fi
  if [ "$last_dump" != "$today" ] && [ "$(date +%H:%M)" \> "$DUMP_AT" -o "$(date +%H:%M)" = "$DUMP_AT" ]; then
    flask opendata dump || echo "konsulta scheduler: open data dump failed" >&2
    flask privacy retention || echo "konsulta scheduler: retention failed" >&2
    last_dump="$today"
  fi
  second=$(date +%S); second=${second#0}
  sleep $((60 - second)) &   # until the start of the next minute
  wait $!
done
