from django.db import connection

import pytest


@pytest.fixture(autouse=True)
def _flushable_audit_log(request):
    """Transactional tests end with a flush (TRUNCATE of every table), which the audit log's append-only
    trigger refuses on PostgreSQL. Replica mode skips triggers on this connection only; Django closes the
    connection after the flush, so no later test inherits it."""
    yield
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
