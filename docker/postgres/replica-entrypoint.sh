#!/bin/sh
# The streaming replica: on an empty data directory, copy the primary (pg_basebackup -R writes the standby
# settings), then run PostgreSQL as a hot standby. Read-only; it follows the primary's WAL.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres -U enforcement; do sleep 1; done
  PGPASSWORD="${REPLICATION_PASSWORD:-change-me-too}" pg_basebackup -h postgres -U replicator -D "$PGDATA" \
    -X stream -R -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on "$@"
