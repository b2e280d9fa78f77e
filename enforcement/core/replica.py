"""Reads of reports, dashboards and exports on a read replica (issue 14, ADR "read replica").

With `DATABASE_REPLICA_URL` set, settings define a second database alias `replica` (a PostgreSQL streaming
replica of the primary). Code that only reads for figures runs inside `replica_reads()` (or a view wrapped by
`@replica_reads`); the router then sends its reads to the replica. Everything else, every write, and every
read while no replica is configured goes to the primary (`default`). A replica lags the primary by a few
milliseconds to seconds, which figures and exports tolerate and workflows do not: case pages, transitions
and anything that reads its own writes never enter `replica_reads()`.
"""

import contextvars
import functools

from django.db import connections

REPLICA = "replica"
_reads = contextvars.ContextVar("replica_reads", default=False)


def replica_configured():
    return REPLICA in connections.databases


class replica_reads:
    """Context manager and decorator: reads inside go to the replica when one is configured."""

    def __enter__(self):
        self._token = _reads.set(True)
        return self

    def __exit__(self, *exc):
        _reads.reset(self._token)
        return False

    def __call__(self, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with replica_reads():
                return function(*args, **kwargs)
        return wrapper


class ReplicaRouter:
    """DATABASE_ROUTERS entry: reads inside `replica_reads()` go to `replica`, all else to the default."""

    def db_for_read(self, model, **hints):
        if _reads.get() and replica_configured():
            return REPLICA
        return None  # the next router, finally `default`

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # the replica holds the same rows as the primary: objects read from either may be related
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # a streaming replica is read-only: migrations run on the primary
