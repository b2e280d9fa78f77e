"""Serialising whole-file imports (SECURITY §22: imports all-or-nothing, also when two run at once).

An import plans its writes from what the database holds (which codes exist, each item's version). Two imports
planned at the same moment would both create one code (IntegrityError halfway) or both amend from the same
"before" (a lost update). `import_lock(name)` takes a PostgreSQL transaction-level advisory lock: the second
import waits until the first commits or rolls back, then plans against the result. SQLite needs nothing: its
IMMEDIATE transactions already admit one writer at a time.
"""

import hashlib

from django.db import connection


def import_lock(name):
    """Hold the lock `name` until the current transaction ends (call inside transaction.atomic())."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("import_lock() must be called inside a transaction")
    key = int.from_bytes(hashlib.sha256(f"import:{name}".encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
