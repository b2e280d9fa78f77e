"""The labels of small reference tables (catalogue items, townships), kept in each process (issue 14).

A 50-row page of the case list showed each row's item code and name, domain and township by joining three
tables: at 1,000,000 cases those joins were two thirds of the statement's planning and half its execution, and a
third of its Python. These tables hold a few thousand rows that change when the catalogue is amended or a
township renamed, so each process keeps them as `{id: labels}` and the list selects the ids only.

Exactness: every save or delete of a source model (signals, connected when the app is ready) and every bulk
writer (`changed()` by hand, e.g. the amendment import) drops this process's copy and bumps a generation in the
shared cache — again once the transaction commits, so that a process reading in between cannot keep the old
rows, and once it has ended without commit (a rolled-back write). Other processes compare the generation at most
every CHECK_SECONDS, and reload at the latest after MAX_AGE_SECONDS whatever the cache says (a writer that
bypassed both, or the cache in its local fallback). An id not in the copy (a row created since) reloads it at
once.
"""

import threading
import time
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

CHECK_SECONDS = 2
MAX_AGE_SECONDS = 60


class LabelTable:
    """`{id: labels}` of a reference table: `load()` returns the whole mapping (one query)."""

    def __init__(self, name, load):
        self.name = name
        self._load = load
        self._lock = threading.Lock()
        self._rows = None
        self._generation = None
        self._loaded_at = self._checked_at = 0.0
        self._pending_transaction = False  # a source row written in a transaction not yet ended
        # position → (the rows it was built from, {label: id}); ("all", position) → {label: (ids)}
        self._indexes = {}

    def _key(self):
        return f"labels:{self.name}:{connection.settings_dict['NAME']}"

    def _shared_generation(self):
        return cache.get(self._key())  # the shared cache falls back to memory on an outage (core.cache)

    def _fresh(self, now):
        if self._rows is None or now - self._loaded_at >= MAX_AGE_SECONDS:
            return False
        if now - self._checked_at < CHECK_SECONDS:
            return True
        if self._shared_generation() != self._generation:
            return False
        self._checked_at = now
        return True

    def _reload(self, now):
        generation = self._shared_generation()  # read before the rows: a change meanwhile shows next time
        rows = self._load()
        with self._lock:
            self._rows, self._generation = rows, generation
            self._loaded_at = self._checked_at = now
        return rows

    def get(self, ids):
        """{id: labels} for `ids` (None ids are skipped); an unknown id reloads the table once."""
        if self._pending_transaction and not connection.in_atomic_block:
            # the transaction that wrote a source row ended without commit (on_commit clears the flag): the
            # copy may hold what it rolled back
            self._pending_transaction = False
            self._rows = None
        now = time.monotonic()
        rows = self._rows if self._fresh(now) else self._reload(now)
        wanted = {pk for pk in ids if pk is not None}
        if not wanted <= rows.keys():
            rows = self._reload(now)
        return rows

    def id_of(self, label, position=0):
        """The id whose labels[position] is `label` (a unique code), or None when this copy holds none: the
        caller then asks the database (a row created in the last seconds, or no such code at all), so that an
        unknown code typed into a filter costs no reload."""
        rows = self.get(())
        built = self._indexes.get(position)
        if built is None or built[0] is not rows:
            built = (rows, {labels[position]: pk for pk, labels in rows.items()})
            self._indexes[position] = built
        return built[1].get(label)

    def ids_of(self, label, position):
        """The ids whose labels[position] is `label` (a shared label: the items of a domain), in id order; empty
        when this copy holds none, for the caller to ask the database as with `id_of`."""
        rows = self.get(())
        key = ("all", position)
        built = self._indexes.get(key)
        if built is None or built[0] is not rows:
            grouped = {}
            for pk in sorted(rows):
                grouped.setdefault(rows[pk][position], []).append(pk)
            built = (rows, {shared: tuple(ids) for shared, ids in grouped.items()})
            self._indexes[key] = built
        return built[1].get(label, ())

    def changed(self):
        """A source row was written: forget this copy and make the other processes reload theirs."""
        self._forget()
        if connection.in_atomic_block:
            self._pending_transaction = True
        transaction.on_commit(self._committed)

    def _committed(self):
        self._pending_transaction = False
        self._forget()

    def _forget(self):
        with self._lock:
            self._rows = None
        cache.set(self._key(), uuid.uuid4().hex, None)

    def watch(self, *models):
        """Forget on every save or delete of these models (called from the owning app's ready())."""
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(self._on_write, sender=model, weak=False,
                               dispatch_uid=f"labels:{self.name}:{model._meta.label}:{signal is post_save}")

    def _on_write(self, sender, **kwargs):
        self.changed()
