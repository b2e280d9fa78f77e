"""Deadline extensions (行政处罚法 art. 60), late delivery made visible (art. 61), art. 51 thresholds (item 16)."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client

import pytest

from cases import rules, selectors
from enforcement.accounts.models import Role

from .articles import names_article
from .factories import WAIVED

pytestmark = pytest.mark.django_db
REASON = "案情复杂，需补充鉴定，经负责人批准延长"


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(users):
    return users[Role.STAFF]


def test_art60_township_officer_cannot_approve_an_extension(register, walk, officer_user):
    case = register()
    with pytest.raises(PermissionDenied):
        walk(case, ("extend_deadline", officer_user, {"days": 30, "reason": REASON}))
    case.refresh_from_db()
    assert case.extension_days == 0 and case.deadline == case.filed_on + timedelta(days=90)


def test_art60_bureau_staff_approve_an_extension_recorded_with_approver(register, walk, staff):
    case = register()
    before = case.deadline
    case = walk(case, ("extend_deadline", staff, {"days": 30, "reason": REASON}))
    assert case.deadline == before + timedelta(days=30) and case.extension_count == 1
    event = case.events.last()
    assert event.actor == staff and event.data["approval"] == 1
    assert event.data["previous_deadline"] == str(before) and event.note == REASON


def test_art60_leadership_may_approve_an_extension(register, walk, users):
    case = walk(register(), ("extend_deadline", users[Role.LEADER], {"days": 10, "reason": REASON}))
    assert case.extension_days == 10


def test_art60_reason_is_required(register, walk, staff):
    with pytest.raises(ValidationError):
        walk(register(), ("extend_deadline", staff, {"days": 10, "reason": ""}))


def test_art60_at_most_30_days_per_approval(register, walk, staff):
    with pytest.raises(ValidationError) as exc:
        walk(register(), ("extend_deadline", staff, {"days": 31, "reason": REASON}))
    message = exc.value.message_dict["days"][0]
    assert names_article(message, 60) and "30" in message


def test_art60_the_bound_is_a_setting(register, walk, staff, settings):
    settings.CASE_EXTENSION_MAX_DAYS = 45
    case = walk(register(), ("extend_deadline", staff, {"days": 45, "reason": REASON}))
    assert case.extension_days == 45


def test_art60_only_one_approval(register, walk, staff):
    case = walk(register(), ("extend_deadline", staff, {"days": 10, "reason": REASON}))
    with pytest.raises(ValidationError) as exc:
        walk(case, ("extend_deadline", staff, {"days": 10, "reason": REASON}))
    assert names_article(exc.value.messages[0], 60)
    case.refresh_from_db()
    assert case.extension_days == 10 and case.extension_count == 1


def test_art60_overdue_case_cannot_be_extended_and_stays_overdue(register, walk, staff):
    today = date.today()
    filed = today - timedelta(days=100)
    case = register(violation_date=filed - timedelta(days=2), discovered_on=filed - timedelta(days=1), filed_on=filed)
    assert case.deadline < today
    with pytest.raises(ValidationError) as exc:
        walk(case, ("extend_deadline", staff, {"days": 30, "reason": REASON}))
    assert names_article(exc.value.messages[0], 60)
    case.refresh_from_db()
    assert case.extension_days == 0
    overdue = selectors.case_list(actor=staff, filters={"overdue": "1"})
    assert case in overdue
    # An approval dated before the deadline ran out (recorded afterwards, 补录) is lawful.
    on_time = case.deadline - timedelta(days=1)
    case = walk(case, ("extend_deadline", staff, {"days": 30, "reason": REASON, "approved_on": on_time.isoformat()}))
    assert case.deadline == filed + timedelta(days=120) and case.events.last().data["recorded_late"] is True


def _decided_in_the_past(register, walk, officer_user, days_ago=20):
    start = date.today() - timedelta(days=days_ago + 10)
    case = register(violation_date=start - timedelta(days=2), discovered_on=start - timedelta(days=1), filed_on=start,
                    fine=Decimal("500"))
    decided = date.today() - timedelta(days=days_ago)
    return walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500",
                                                "notice_date": (start + timedelta(days=1)).isoformat()}),
                ("record_statement", officer_user, {**WAIVED, "statement_on": (start + timedelta(days=2)).isoformat()}),
                ("decide", officer_user, {"decided_on": decided.isoformat()}))


def test_art61_delivery_after_the_deadline_is_stored_on_the_case(register, walk, officer_user):
    case = _decided_in_the_past(register, walk, officer_user)
    assert case.delivery_deadline < date.today()
    case = walk(case, ("deliver", officer_user, {}))
    assert case.delivered_late is True and case.events.last().data["late"] is True


def test_art61_delivery_within_the_deadline_is_not_late(register, walk, officer_user):
    case = _decided_in_the_past(register, walk, officer_user)
    case = walk(case, ("deliver", officer_user, {"delivered_on": case.decided_on.isoformat()}))
    assert case.delivered_late is False


def test_art61_late_delivery_filter_and_badge_in_api_list_and_pages(register, walk, officer_user, users, client_for):
    late = walk(_decided_in_the_past(register, walk, officer_user), ("deliver", officer_user, {}))
    on_time = _decided_in_the_past(register, walk, officer_user)
    on_time = walk(on_time, ("deliver", officer_user, {"delivered_on": on_time.decided_on.isoformat()}))
    staff = users[Role.STAFF]
    rows = client_for(staff).get("/api/v1/cases/", {"late_delivery": "1"}).json()["results"]
    assert [row["code"] for row in rows] == [late.code] and rows[0]["delivered_late"] is True
    page = client_as(staff).get("/cases/", {"late_delivery": "1"}).content.decode()
    assert late.code in page and on_time.code not in page and "逾期送达" in page
    detail = client_as(staff).get(f"/cases/{late.code}/").content.decode()
    assert 'id="badge-late-delivery"' in detail and "第六十一条" in detail
    assert 'id="badge-late-delivery"' not in client_as(staff).get(f"/cases/{on_time.code}/").content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL")
def test_art61_late_delivery_filter_can_use_its_partial_index(users):
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"late_delivery": "1"})
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs[:25].explain()
    assert "case_late_delivery_recent" in plan


def test_art51_thresholds_are_national_law_defaults_and_the_readme_says_so():
    """Item 16: art. 51's 200 / 3,000 yuan hold nationwide; configurable only for a future amendment."""
    assert rules.simple_procedure_limit("citizen") == Decimal("200")
    assert rules.simple_procedure_limit("organisation") == Decimal("3000")
    readme = Path(settings.BASE_DIR, "README.md").read_text(encoding="utf-8")
    assert "National law, not a province setting" in readme and "future amendment" in readme
    assert "Province-specific settings" not in readme


def test_art85_deadline_in_a_year_without_official_calendar_is_shown_provisional(users, township):
    from .factories import CaseFactory

    staff = users[Role.STAFF]
    later = CaseFactory(township=township, delivery_deadline=date(2040, 1, 9))
    known = CaseFactory(township=township, delivery_deadline=date(2026, 1, 9))
    page = client_as(staff).get(f"/cases/{later.code}/").content.decode()
    assert "暂定" in page and "第八十五条" in page
    assert "暂定" not in client_as(staff).get(f"/cases/{known.code}/").content.decode()


def test_art85_api_names_the_provisional_deadlines(users, township, client_for):
    from .factories import CaseFactory

    case = CaseFactory(township=township, delivery_deadline=date(2040, 1, 9), statement_deadline=date(2026, 3, 2))
    body = client_for(users[Role.STAFF]).get(f"/api/v1/cases/{case.code}/").json()
    assert body["provisional_deadlines"] == ["delivery_deadline"]
