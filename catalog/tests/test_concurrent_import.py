"""Two catalogue imports at once (SECURITY §22, issue 18 item 4): all-or-nothing, one result, no IntegrityError."""

import threading

from django.db import connection

import pytest

from catalog.models import Adjustment, Item
from catalog.services import fileformat as ff
from catalog.services import importing

HEADER = ",".join(ff.HEADERS)
ROW = ("N001,对擅自占用道路堆放物料的行政处罚,市容环境卫生,行政处罚,乡镇,《条例》,第十四条,《条例》,第三十四条,"
       "警告、罚款,100,1000,否,,否,,否,,否,2024-01-01,有效")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_of_the_same_new_item_create_it_once(domain, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row and advisory locks are PostgreSQL's")
    content = (HEADER + "\n" + ROW + "\n").encode()
    real_plan = importing._plan
    first_planning, second_arrived = threading.Event(), threading.Event()

    def plan(*args, **kwargs):
        # The first import waits here (up to 3 s) for the second one to plan too: without the import lock both
        # plan "create N001" from the same empty table and one fails on the unique code halfway.
        if not first_planning.is_set():
            first_planning.set()
            second_arrived.wait(timeout=3)
        else:
            second_arrived.set()
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(importing, "_plan", plan)
    results, errors = [], []

    def run():
        try:
            results.append(importing.import_catalog(actor=None, content=content, filename="items.csv"))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure of either import
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    threads[0].start()
    first_planning.wait(timeout=10)
    threads[1].start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted((r.created, r.unchanged) for r in results) == [(0, 1), (1, 0)]
    assert Item.objects.filter(code="N001").count() == 1
    assert Adjustment.objects.filter(item__code="N001").count() == 1
