#!/usr/bin/env bash
# Restore Konsulta from deploy/backup.sh's files. IRREVERSIBLE: the database's current content
# is replaced by the dump's, and the instance directory's files by the archive's.
#
#   deploy/restore.sh DB_DUMP [FILES_TAR_GZ] [--yes]
#   KONSULTA_COMPOSE=1 deploy/restore.sh DB_DUMP [FILES_TAR_GZ] [--yes]
#
# Stop the app, the worker and the scheduler first (systemctl stop konsulta\*, or
# `docker compose stop app worker scheduler`); start them again afterwards: the app's start-up
# applies any migration newer than the dump.
set -euo pipefail
yes=0; args=()
for a in "$@"; do [ "$a" = --yes ] && yes=1 || args+=("$a"); done
db_file=${args[0]:?usage: restore.sh DB_DUMP [FILES_TAR_GZ] [--yes]}
files_file=${args[1]:-}
here=$(cd "$(dirname "$0")" && pwd)
pg_restore --list "$db_file" >/dev/null

if [ "$yes" != 1 ]; then
  echo "This replaces the whole database with $db_file"
  [ -n "$files_file" ] && echo "and the instance directory's files with $files_file"
  read -r -p "Type 'restore' to continue: " answer
  [ "$answer" = restore ] || { echo "nothing changed"; exit 1; }
fi

if [ "${KONSULTA_COMPOSE:-0}" = 1 ]; then
  compose=(docker compose -f "$here/compose.yaml" --env-file "$here/.env")
  "${compose[@]}" exec -T db pg_restore -U konsulta -d konsulta --clean --if-exists --no-owner \
    --single-transaction <"$db_file"
  if [ -n "$files_file" ]; then
    "${compose[@]}" run --rm -T --entrypoint sh app -c \
      'find /srv/konsulta/instance -mindepth 1 -delete && tar -xzf - -C /srv/konsulta/instance' \
      <"$files_file"
  fi
else
  : "${DATABASE_URL:?set DATABASE_URL}"
  pg_restore --clean --if-exists --no-owner --single-transaction \
    --dbname "${DATABASE_URL/+psycopg/}" "$db_file"
  if [ -n "$files_file" ]; then
    instance=${INSTANCE_DIR:-/srv/konsulta/instance}
    find "$instance" -mindepth 1 -delete
    tar -xzf "$files_file" -C "$instance"
  fi
fi
echo "restored from $db_file${files_file:+ and $files_file}"
