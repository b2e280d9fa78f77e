"""Amendments dated ahead: stored as pending, applied on their date by the daily task (idempotent)."""

from datetime import timedelta
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

import pytest

from catalog import selectors
from catalog.models import Adjustment, Item
from catalog.services import adjustments_apply_due, item_amend, item_retire
from catalog.services.exporting import export_csv
from catalog.services.importing import import_catalog
from catalog.tasks import apply_due_adjustments
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


@pytest.fixture
def item(make_item):
    return make_item(code="P1")


@pytest.fixture
def future_amendment(item):
    return item_amend(actor=None, item=item, reason="law_change", effective_date=_today() + timedelta(days=10),
                      changes={"fine_max": Decimal("5000"), "name": "对擅自占用道路的行政处罚",
                               "discretion_tiers": [{"level": "minor", "conditions": "首次", "fine_min": "100",
                                                     "fine_max": "500"}]},
                      document_number="海政发〔2026〕9号")


def test_future_amendment_leaves_the_item_with_todays_values(future_amendment):
    item = Item.objects.get(code="P1")
    assert item.fine_max == Decimal("1000.00")
    assert item.name == "对擅自占用道路堆放物料的行政处罚"
    assert item.version == 1
    assert not item.discretion_tiers.exists()


def test_future_amendment_is_stored_pending_with_its_after_snapshot(future_amendment):
    assert future_amendment.pending is True
    assert future_amendment.applied_at is None
    assert future_amendment.after["fine_max"] == "5000.00"
    assert future_amendment.before["fine_max"] == "1000.00"


def test_amendment_dated_today_applies_at_once(item):
    adjustment = item_amend(actor=None, item=item, reason="law_change", effective_date=_today(),
                            changes={"fine_max": Decimal("4000")})
    assert adjustment.pending is False
    assert Item.objects.get(code="P1").fine_max == Decimal("4000.00")


def test_as_of_a_future_date_shows_the_pending_values(future_amendment, users):
    on = _today() + timedelta(days=10)
    items = selectors.overlay_as_of(selectors.item_list(actor=users[Role.STAFF], filters={"as_of": on}), on)
    assert items[0].fine_max == Decimal("5000.00")
    assert items[0].name == "对擅自占用道路的行政处罚"


def test_as_of_before_the_pending_date_shows_todays_values(future_amendment, users):
    on = _today() + timedelta(days=9)
    items = selectors.overlay_as_of(selectors.item_list(actor=users[Role.STAFF], filters={"as_of": on}), on)
    assert items[0].fine_max == Decimal("1000.00")


def test_as_of_filters_use_the_pending_values(future_amendment, users):
    on = _today() + timedelta(days=10)
    found = selectors.item_list(actor=users[Role.STAFF], filters={"as_of": on, "search": "p1"})
    assert [i.code for i in found] == ["P1"]
    assert not selectors.item_list(actor=users[Role.STAFF], filters={"search": "p1", "as_of": on}).filter(
        fine_max=Decimal("5000")).exists()  # the row itself is unchanged


def test_apply_due_applies_on_the_effective_date_only(future_amendment):
    assert adjustments_apply_due(today=_today() + timedelta(days=9)) == 0
    assert adjustments_apply_due(today=_today() + timedelta(days=10)) == 1
    item = Item.objects.get(code="P1")
    assert item.fine_max == Decimal("5000.00")
    assert item.name == "对擅自占用道路的行政处罚"
    assert item.version == 2
    assert list(item.discretion_tiers.values_list("level", flat=True)) == ["minor"]
    assert "zydl" in item.search_text
    future_amendment.refresh_from_db()
    assert future_amendment.pending is False and future_amendment.applied_at is not None


def test_apply_due_is_idempotent(future_amendment):
    on = _today() + timedelta(days=10)
    assert adjustments_apply_due(today=on) == 1
    assert adjustments_apply_due(today=on) == 0
    assert Item.objects.get(code="P1").version == 2


def test_apply_due_is_audited(future_amendment):
    adjustments_apply_due(today=_today() + timedelta(days=10))
    assert AuditEvent.objects.filter(event_type="catalog.adjustment_applied").count() == 1


def test_beat_task_and_command_apply_due_amendments(item):
    past = Adjustment.objects.create(item=item, kind="amend", reason="law_change", effective_date=_today(),
                                     before={"fine_max": "1000.00"}, after={"fine_max": "3000.00"}, pending=True)
    assert apply_due_adjustments() == 1
    assert Item.objects.get(code="P1").fine_max == Decimal("3000.00")
    call_command("apply_catalog_adjustments")
    past.refresh_from_db()
    assert past.pending is False


def test_beat_schedule_runs_the_task_daily(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "catalog.tasks.apply_due_adjustments" in tasks


def test_a_second_future_amendment_builds_on_the_pending_values(future_amendment):
    item = Item.objects.get(code="P1")
    second = item_amend(actor=None, item=item, reason="law_change", effective_date=_today() + timedelta(days=20),
                        changes={"fine_min": Decimal("50")})
    assert second.before["fine_max"] == "5000.00"
    assert second.after["fine_max"] == "5000.00" and second.after["fine_min"] == "50.00"
    adjustments_apply_due(today=_today() + timedelta(days=20))
    item.refresh_from_db()
    assert (item.fine_min, item.fine_max) == (Decimal("50.00"), Decimal("5000.00"))
    assert item.discretion_tiers.count() == 1


def test_amendment_dated_before_a_pending_one_is_refused(future_amendment):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        item_amend(actor=None, item=Item.objects.get(code="P1"), reason="law_change", effective_date=_today(),
                   changes={"fine_min": Decimal("200")})


def test_retirement_after_a_pending_amendment_keeps_both(future_amendment):
    item = Item.objects.get(code="P1")
    item_retire(actor=None, item=item, reason="evaluation", effective_date=_today() + timedelta(days=30))
    adjustments_apply_due(today=_today() + timedelta(days=10))
    item.refresh_from_db()
    assert item.fine_max == Decimal("5000.00")
    assert item.status == "retired"
    assert item.valid_to == _today() + timedelta(days=29)


def test_invalid_future_tiers_are_refused_without_writing(item):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        item_amend(actor=None, item=item, reason="law_change", effective_date=_today() + timedelta(days=5),
                   changes={"discretion_tiers": [{"level": "minor", "conditions": "x", "fine_min": "0",
                                                  "fine_max": "99999"}]})
    assert not Adjustment.objects.filter(pending=True).exists()


def test_future_dated_import_is_pending(item, users):
    content = export_csv(Item.objects.filter(code="P1")).replace(b"1000.00", b"8000.00")
    result = import_catalog(actor=users[Role.STAFF], content=content, filename="x.csv",
                            effective_date=_today() + timedelta(days=3))
    assert result.ok and result.updated == 1
    assert Item.objects.get(code="P1").fine_max == Decimal("1000.00")
    adjustments_apply_due(today=_today() + timedelta(days=3))
    assert Item.objects.get(code="P1").fine_max == Decimal("8000.00")


def test_item_detail_shows_pending_changes(future_amendment, users, client):
    client.force_login(users[Role.STAFF])
    page = client.get("/catalog/items/P1/").content.decode()
    assert 'id="pending"' in page
    assert (_today() + timedelta(days=10)).isoformat() in page
    assert "5000.00" in page


def test_import_after_a_pending_amendment_builds_on_its_values(future_amendment, users):
    item = Item.objects.get(code="P1")
    on = _today() + timedelta(days=12)
    # the file carries the pending name and fine, but no discretion benchmark: it removes the pending tier
    content = (export_csv(Item.objects.filter(code="P1")).replace("堆放物料".encode(), b"")
               .replace(b"1000.00", b"5000.00"))
    result = import_catalog(actor=users[Role.STAFF], content=content, filename="x.csv", effective_date=on)
    assert result.ok, result.errors
    amendment = item.adjustments.filter(effective_date=on).get()
    assert amendment.pending and amendment.before["name"] == "对擅自占用道路的行政处罚"
    assert amendment.before["fine_max"] == "5000.00"
    assert len(amendment.before["discretion_tiers"]) == 1 and amendment.after["discretion_tiers"] == []
    assert Item.objects.get(code="P1").name == "对擅自占用道路堆放物料的行政处罚"  # the row keeps today's values
    adjustments_apply_due(today=on)
    item.refresh_from_db()
    assert item.fine_max == Decimal("5000.00") and item.version == 3
    assert not item.discretion_tiers.exists()


def test_api_detail_lists_pending_changes(future_amendment, users, client_for):
    body = client_for(users[Role.STAFF]).get("/api/v1/catalog/items/P1/").json()
    assert body["fine_max"] == "1000.00"
    assert [c["effective_date"] for c in body["pending_changes"]] == [(_today() + timedelta(days=10)).isoformat()]
    assert body["pending_changes"][0]["after"]["fine_max"] == "5000.00"


def test_api_amendment_dated_ahead_is_pending(item, users, client_for):
    ahead = (_today() + timedelta(days=5)).isoformat()
    response = client_for(users[Role.STAFF]).patch(
        "/api/v1/catalog/items/P1/", {"fine_max": "2000", "reason": "law_change", "effective_date": ahead},
        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["fine_max"] == "1000.00"
    assert response.json()["pending_changes"][0]["after"]["fine_max"] == "2000.00"
