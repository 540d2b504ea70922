#!/usr/bin/env bash
# Back up Konsulta: the PostgreSQL database (pg_dump, custom format: attachments are stored in
# the database too) and the instance directory (files kept on disk). Run it daily from cron or a
# systemd timer and copy BACKUP_DIR off the server.
#
#   deploy/backup.sh [BACKUP_DIR]                  # systemd install: reads DATABASE_URL, INSTANCE_DIR
#   KONSULTA_COMPOSE=1 deploy/backup.sh [BACKUP_DIR]   # the compose install (docker compose exec)
#
# Environment: DATABASE_URL (postgresql+psycopg://… or postgresql://…), INSTANCE_DIR
# (default /srv/konsulta/instance), BACKUP_KEEP (backups kept, default 14).
set -euo pipefail
dest=${1:-${BACKUP_DIR:-/var/backups/konsulta}}
keep=${BACKUP_KEEP:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
here=$(cd "$(dirname "$0")" && pwd)
umask 077
mkdir -p "$dest"
db_file="$dest/konsulta-db-$stamp.dump"
files_file="$dest/konsulta-files-$stamp.tar.gz"

if [ "${KONSULTA_COMPOSE:-0}" = 1 ]; then
  compose=(docker compose -f "$here/compose.yaml" --env-file "$here/.env")
  "${compose[@]}" exec -T db pg_dump -U konsulta --format=custom --no-owner konsulta >"$db_file"
  "${compose[@]}" exec -T app tar -czf - -C /srv/konsulta/instance . >"$files_file"
else
  : "${DATABASE_URL:?set DATABASE_URL}"
  pg_dump --format=custom --no-owner --file "$db_file" "${DATABASE_URL/+psycopg/}"
  tar -czf "$files_file" -C "${INSTANCE_DIR:-/srv/konsulta/instance}" .
fi
pg_restore --list "$db_file" >/dev/null   # a dump that cannot be listed is not a backup
echo "backup written: $db_file $files_file"

# Keep the newest $keep of each kind.
for kind in db files; do
  ls -1t "$dest"/konsulta-"$kind"-* 2>/dev/null | tail -n +"$((keep + 1))" | xargs -r rm -f --
done
