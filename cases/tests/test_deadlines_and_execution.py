"""Deadlines, delivery, payment and immutability (art. 60, 61, 67, 72, 85)."""

import datetime
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from cases import rules, selectors
from cases.models import Status
from cases.services import TransitionRefused, case_transition, evidence_add
from enforcement.accounts.models import Role
from enforcement.core.workdays import CalendarNotCovered, add_workdays, deadline, is_workday

from .articles import names_article
from .factories import WAIVED, CaseFactory


@pytest.mark.django_db
def test_workdays_art85_skip_national_holidays_and_count_makeup_days():
    # 2025 National Day: 1–8 October off, Saturday 11 October a make-up working day.
    assert not is_workday(date(2025, 10, 3))
    assert is_workday(date(2025, 10, 11))
    assert add_workdays(date(2025, 9, 30), 3) == date(2025, 10, 11)


@pytest.mark.django_db
def test_workdays_art85_uncovered_year_counts_weekdays_and_says_so():
    # No official calendar for 2040: Monday–Friday, never silently (provisional, strict raises).
    assert is_workday(date(2040, 1, 2))
    assert not is_workday(date(2040, 1, 7))
    assert deadline(date(2040, 1, 2), 3).provisional
    with pytest.raises(CalendarNotCovered):
        add_workdays(date(2040, 1, 2), 3, strict=True)


@pytest.mark.django_db
def test_delivery_art61_deadline_is_seven_working_days():
    # Oct 9, 10, 11 (make-up Saturday), 13, 14, 15, 16.
    assert rules.delivery_deadline(date(2025, 9, 30)) == date(2025, 10, 16)


def test_surcharge_art72_three_percent_per_day_capped_at_the_fine():
    fine = Decimal("1000")
    due = date(2026, 3, 1)
    assert rules.late_surcharge(fine, due, due) == 0
    assert rules.late_surcharge(fine, due, due + timedelta(days=2)) == Decimal("60.00")
    assert rules.late_surcharge(fine, due, due + timedelta(days=100)) == fine


def test_limitation_art36_boundaries():
    assert rules.within_limitation(date(2024, 2, 29), date(2026, 2, 28), 2)
    assert not rules.within_limitation(date(2024, 2, 28), date(2026, 3, 1), 2)


@pytest.mark.django_db
def test_deadline_art60_is_90_days_and_extensions_are_recorded(register, walk, users):
    case = register()
    assert case.deadline == case.filed_on + timedelta(days=90)
    approver = users[Role.STAFF]  # art. 60 approval: bureau staff or leadership (case.extend_deadline)
    with pytest.raises(ValidationError):
        walk(case, ("extend_deadline", approver, {"days": 30, "reason": ""}))
    case = walk(case, ("extend_deadline", approver, {"days": 30, "reason": "案情复杂,经负责人批准延长"}))
    assert case.deadline == case.filed_on + timedelta(days=120)
    event = case.events.last()
    assert event.action == "extend_deadline" and event.data["days"] == 30


@pytest.mark.django_db
def test_at_risk_art60_lists_cases_at_60_80_days_and_overdue(users, township):
    today = date(2026, 6, 1)
    fresh = CaseFactory(township=township, filed_on=today - timedelta(days=10), deadline=today + timedelta(days=80))
    at_60 = CaseFactory(township=township, filed_on=today - timedelta(days=61), deadline=today + timedelta(days=29))
    overdue = CaseFactory(township=township, filed_on=today - timedelta(days=95), deadline=today - timedelta(days=5))
    decided = CaseFactory(township=township, status=Status.DECIDED, filed_on=today - timedelta(days=95),
                          deadline=today - timedelta(days=5))
    codes = {c.code for c in selectors.deadline_watch(actor=users[Role.TOWNSHIP_OFFICER], today=today)}
    assert codes == {at_60.code, overdue.code}
    assert fresh.code not in codes and decided.code not in codes
    assert rules.at_risk_level(today - timedelta(days=81), today) == 80


def decided_case(register, walk, officer_user, fine="500"):
    case = register(fine=Decimal(fine))
    return walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": fine}),
                ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}))


@pytest.mark.django_db
def test_delivery_art61_records_date_and_payment_due(register, walk, officer_user):
    case = decided_case(register, walk, officer_user)
    assert case.delivery_deadline == rules.delivery_deadline(case.decided_on)
    with pytest.raises(ValidationError) as exc:
        walk(case, ("deliver", officer_user, {"delivered_on": (date.today() + timedelta(days=1)).isoformat()}))
    assert "delivered_on" in exc.value.message_dict
    case = walk(case, ("deliver", officer_user, {}))
    assert case.status == Status.DELIVERED and case.payment_due == date.today() + timedelta(days=15)


@pytest.mark.django_db
def test_payment_art67_recorded_only_by_the_payment_role_from_a_bank_receipt(register, walk, officer_user, users):
    case = decided_case(register, walk, officer_user)
    case = walk(case, ("deliver", officer_user, {}))
    with pytest.raises(PermissionDenied):
        walk(case, ("record_payment", officer_user, {"bank_receipt_number": "B1", "paid_amount": "500"}))
    staff = users[Role.STAFF]
    with pytest.raises(ValidationError) as exc:
        walk(case, ("record_payment", staff, {"paid_amount": "500"}))
    assert names_article(exc.value.message_dict["bank_receipt_number"][0], 67)
    case = walk(case, ("record_payment", staff, {"bank_receipt_number": "ICBC-20260101-01", "paid_amount": "500"}))
    assert case.status == Status.EXECUTED and case.surcharge_amount == 0


@pytest.mark.django_db
def test_payment_art72_late_payment_must_cover_the_surcharge(register, walk, officer_user, users):
    case = decided_case(register, walk, officer_user)
    case = walk(case, ("deliver", officer_user, {}))
    late = case.payment_due + timedelta(days=2)
    staff = users[Role.STAFF]
    with pytest.raises(TransitionRefused) as exc:
        case_transition(case=case, action="record_payment", actor=staff, bank_receipt_number="R1",
                        paid_on=late.isoformat(), paid_amount="500", today=late)
    assert names_article(exc.value.messages[0], 72)
    case = case_transition(case=case, action="record_payment", actor=staff, bank_receipt_number="R1",
                           paid_on=late.isoformat(), paid_amount="530", today=late)
    assert case.surcharge_amount == Decimal("30.00")


@pytest.mark.django_db
def test_closed_cases_are_immutable(register, walk, officer_user, users):
    case = decided_case(register, walk, officer_user)
    case = walk(case, ("deliver", officer_user, {}),
                ("record_payment", users[Role.STAFF], {"bank_receipt_number": "R9", "paid_amount": "500"}),
                ("close", officer_user, {}))
    assert case.status == Status.CLOSED
    for action in ("amend", "notify", "decide", "revoke"):
        with pytest.raises(TransitionRefused):
            walk(case, (action, officer_user, {"facts": "改动"}))
    with pytest.raises(ValidationError):
        evidence_add(case=case, actor=officer_user, kind="note", description="补充")
    case = walk(case, ("archive", officer_user, {}))
    assert case.status == Status.ARCHIVED


@pytest.mark.django_db
def test_case_events_are_append_only(register):
    event = register().events.first()
    with pytest.raises(ValidationError):
        event.note = "篡改"
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


@pytest.mark.django_db
def test_action_code_status_follows_the_case(register, walk, officer_user):
    from enforcement.core.models import ActionCode

    case = register()
    case = walk(case, ("revoke", officer_user, {"reason": "违法事实不成立"}))
    assert ActionCode.objects.get(code=case.code).status == str(Status.REVOKED.label)


@pytest.mark.django_db
def test_refused_transition_is_audited(register, officer_user):
    from enforcement.audit.models import AuditEvent

    case = register()
    with pytest.raises(TransitionRefused):
        case_transition(case=case, action="archive", actor=officer_user)
    assert AuditEvent.objects.filter(event_type="case.transition", outcome="failure", object_id=case.code).exists()


def test_decision_deadline_helper_handles_extensions():
    assert rules.decision_deadline(datetime.date(2026, 1, 1), 10) == datetime.date(2026, 4, 11)
