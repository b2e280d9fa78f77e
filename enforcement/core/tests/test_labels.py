"""Each process's copy of a reference table's labels: loaded once, exact after writes, bounded in age."""

from django.core.cache import cache

import pytest

from enforcement.core import labels
from enforcement.core.labels import LabelTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(labels.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def table():
    source = {1: ("a",), 2: ("b",)}
    loads = []

    def load():
        loads.append(1)
        return dict(source)

    table = LabelTable(f"test.{id(source)}", load)
    cache.delete(table._key())
    return table, source, loads


def test_loads_once_and_answers_from_its_copy(table, clock):
    table, _source, loads = table
    assert table.get([1, 2]) == {1: ("a",), 2: ("b",)}
    clock[0] += labels.CHECK_SECONDS * 3
    table.get([1, None])
    assert len(loads) == 1


def test_a_change_in_this_process_reloads_at_once(table, clock):
    table, source, loads = table
    table.get([1])
    source[1] = ("renamed",)
    table.changed()
    assert table.get([1])[1] == ("renamed",) and len(loads) == 2


def test_another_processs_change_is_seen_within_the_check_interval(table, clock):
    table, source, loads = table
    table.get([1])
    source[1] = ("renamed",)
    cache.set(table._key(), "bumped elsewhere", None)
    assert table.get([1])[1] == ("a",)  # checked less than CHECK_SECONDS ago
    clock[0] += labels.CHECK_SECONDS
    assert table.get([1])[1] == ("renamed",) and len(loads) == 2


def test_the_copy_is_reloaded_after_its_maximum_age_whatever_the_cache_says(table, clock):
    table, source, loads = table
    table.get([1])
    source[1] = ("written around the signals",)
    clock[0] += labels.MAX_AGE_SECONDS
    assert table.get([1])[1] == ("written around the signals",)


def test_an_id_created_since_the_load_reloads_the_copy(table, clock):
    table, source, loads = table
    table.get([1])
    source[3] = ("new",)
    assert table.get([1, 3])[3] == ("new",) and len(loads) == 2


@pytest.mark.django_db(transaction=True)  # the write's transaction must be the outermost one, as in a request
def test_rows_a_rolled_back_write_showed_are_dropped_when_its_transaction_ends(table, clock):
    from django.db import transaction

    table, source, loads = table
    table.get([1])

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        source[1] = ("never committed",)
        table.changed()
        assert table.get([1])[1] == ("never committed",)  # this transaction sees its own write
        assert table.get([1])[1] == ("never committed",) and len(loads) == 2  # and keeps it meanwhile
        source[1] = ("a",)  # the rollback undoes it
        raise RolledBack
    assert table.get([1])[1] == ("a",)


def test_a_label_resolves_to_its_id_from_the_copy(table, clock):
    table, _source, loads = table
    assert table.id_of("b") == 2 and table.id_of("a") == 1
    assert len(loads) == 1


def test_a_label_the_copy_lacks_resolves_to_none_without_reloading(table, clock):
    table, source, loads = table
    table.get([1])
    source[3] = ("new",)  # created after the load
    assert table.id_of("new") is None and len(loads) == 1


def test_a_shared_label_resolves_to_all_its_ids_in_order(table, clock):
    table, source, loads = table
    source.update({3: ("a",), 0: ("b",)})
    table.changed()
    assert table.ids_of("a", 0) == (1, 3) and table.ids_of("b", 0) == (0, 2)
    assert table.ids_of("none such", 0) == ()


def test_the_ids_of_a_shared_label_follow_a_write(table, clock):
    table, source, _loads = table
    assert table.ids_of("a", 0) == (1,)
    source[5] = ("a",)
    table.changed()
    assert table.ids_of("a", 0) == (1, 5)
