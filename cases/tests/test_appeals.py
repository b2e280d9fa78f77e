"""Administrative review (行政复议法 art. 20) and litigation (行政诉讼法 arts. 45, 46) against a decision: the case
follows the outcome; defence tasks; the monthly report's 复议/诉讼 figures and 纠错率."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from cases import rules, selectors
from cases.models import Appeal, AppealTask, Status
from cases.selectors_appeals import appeal_figures, open_appeal_tasks
from cases.services import TransitionRefused, case_transition
from enforcement.accounts.models import Role

from .articles import names_article
from .factories import WAIVED

D = timedelta


@pytest.fixture
def legal(users):
    return users[Role.DISTRICT_REVIEWER]


def delivered(register, walk, officer_user, fine="1000"):
    case = register(fine=Decimal(fine))
    return walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": fine}),
                ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}),
                ("deliver", officer_user, {}))


def act(case, action, actor, on, **data):
    return case_transition(case=case, action=action, actor=actor, today=on, **data)


def appealed(register, walk, officer_user, legal, kind="review"):
    case = delivered(register, walk, officer_user)
    return act(case, "file_appeal", legal, case.delivered_on + D(10), kind=kind, body="某县人民政府",
               reference="县政复〔2026〕1号")


@pytest.mark.django_db
def test_review_art20_is_recorded_within_60_days_of_delivery(register, walk, officer_user, legal):
    case = delivered(register, walk, officer_user)
    late = rules.review_deadline(case.delivered_on) + D(1)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "file_appeal", legal, late, kind="review", body="某县人民政府")
    assert names_article(exc.value.messages[0], 20)
    case = act(case, "file_appeal", legal, late - D(1), kind="review", body="某县人民政府")
    assert case.open_appeal.kind == "review" and case.status == Status.DELIVERED


@pytest.mark.django_db
def test_litigation_art46_is_recorded_within_six_months_of_delivery(register, walk, officer_user, legal):
    case = delivered(register, walk, officer_user)
    late = rules.litigation_deadline(case.delivered_on) + D(1)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "file_appeal", legal, late, kind="litigation", body="某县人民法院")
    assert names_article(exc.value.messages[0], 46)


@pytest.mark.django_db
def test_litigation_art45_after_a_review_within_15_days_of_its_decision(register, walk, officer_user, legal):
    case = appealed(register, walk, officer_user, legal)
    decided = case.delivered_on + D(20)
    case = act(case, "record_appeal_outcome", legal, decided, outcome="upheld", note="维持原决定")
    with pytest.raises(TransitionRefused) as exc:
        act(case, "file_appeal", legal, decided + D(16), kind="litigation", body="某县人民法院")
    assert names_article(exc.value.messages[0], 45)
    case = act(case, "file_appeal", legal, decided + D(15), kind="litigation", body="某县人民法院")
    assert case.appeals.count() == 2


@pytest.mark.django_db
def test_appeals_are_recorded_by_the_legal_staff_only(register, walk, officer_user):
    case = delivered(register, walk, officer_user)
    with pytest.raises(PermissionDenied):
        act(case, "file_appeal", officer_user, case.delivered_on, kind="review", body="某县人民政府")


@pytest.mark.django_db
def test_one_pending_appeal_at_a_time(register, walk, officer_user, legal):
    case = appealed(register, walk, officer_user, legal)
    with pytest.raises(TransitionRefused):
        act(case, "file_appeal", legal, case.delivered_on + D(11), kind="litigation", body="某县人民法院")


@pytest.mark.django_db
def test_review_outcome_revoked_stops_collection(register, walk, officer_user, legal, users):
    case = appealed(register, walk, officer_user, legal)
    overdue_day = case.payment_due + D(5)
    assert list(selectors.unpaid_cases(actor=officer_user, today=overdue_day))
    case = act(case, "record_appeal_outcome", legal, case.delivered_on + D(30), outcome="revoked",
               note="复议机关撤销原处罚决定")
    assert case.status == Status.DECISION_REVOKED and case.open_appeal is None
    assert not list(selectors.unpaid_cases(actor=officer_user, today=overdue_day))
    with pytest.raises(TransitionRefused):
        act(case, "record_payment", users[Role.STAFF], overdue_day, bank_receipt_number="R", paid_amount="1000")
    case = act(case, "close", officer_user, overdue_day)
    assert case.status == Status.CLOSED
    assert Appeal.objects.get(case=case).outcome == "revoked"


@pytest.mark.django_db
def test_review_outcome_redo_reopens_the_case_for_a_new_decision(register, walk, officer_user, legal):
    case = appealed(register, walk, officer_user, legal)
    on = case.delivered_on + D(30)
    with pytest.raises(ValidationError) as exc:
        act(case, "record_appeal_outcome", legal, on, outcome="redo", note="责令重新作出")
    assert "redo_by" in exc.value.message_dict
    case = act(case, "record_appeal_outcome", legal, on, outcome="redo", note="责令重新作出",
               redo_by=str(on + D(60)))
    assert case.status == Status.INVESTIGATING and case.decided_on is None and case.fine_amount is None
    assert case.deadline == on + D(60)
    case = act(case, "notify", officer_user, on + D(1), penalty_kinds=["fine"], fine="800")
    assert case.status == Status.NOTIFIED


@pytest.mark.django_db
def test_review_outcome_varied_changes_the_fine_owed(register, walk, officer_user, legal):
    case = appealed(register, walk, officer_user, legal)
    case = act(case, "record_appeal_outcome", legal, case.delivered_on + D(30), outcome="varied",
               note="变更罚款数额", varied_fine="600")
    assert case.fine_amount == Decimal("600") and case.status == Status.DELIVERED


@pytest.mark.django_db
def test_enforcement_art53_waits_for_a_pending_appeal(register, walk, officer_user, legal):
    case = delivered(register, walk, officer_user)
    on = case.payment_due + D(1)
    case = act(case, "remind", officer_user, on)
    case = act(case, "deliver_reminder", officer_user, on)
    case = act(case, "file_appeal", legal, on, kind="litigation", body="某县人民法院")
    first, _last = rules.enforcement_window(case.delivered_on)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "apply_enforcement", officer_user, first, court="某县人民法院")
    assert names_article(exc.value.messages[0], 53)


@pytest.mark.django_db
def test_defence_tasks_have_deadlines_and_show_overdue(register, walk, officer_user, legal, client):
    case = appealed(register, walk, officer_user, legal, kind="litigation")
    today = date.today()
    case = act(case, "add_appeal_task", legal, today, kind="defence", due_on=str(today + D(15)), note="提交答辩状")
    task = AppealTask.objects.get(appeal__case=case)
    rows = open_appeal_tasks(actor=legal, today=today + D(16))
    assert [t.pk for t in rows] == [task.pk] and rows[0].is_overdue
    client.force_login(legal)
    page = client.get(reverse("cases:appeals"))
    assert page.status_code == 200 and case.code in page.content.decode()
    case = act(case, "complete_appeal_task", legal, today, task=task.pk)
    assert not open_appeal_tasks(actor=legal, today=today)
    with pytest.raises(ValidationError) as exc:
        act(case, "complete_appeal_task", legal, today, task=task.pk)
    assert "task" in exc.value.message_dict


@pytest.mark.django_db
def test_appeals_api_lists_pending_appeals_with_tasks(register, walk, officer_user, legal, client_for):
    appealed(register, walk, officer_user, legal)
    body = client_for(legal).get("/api/v1/appeals/?pending=1").json()
    assert body["count"] == 1 and body["results"][0]["kind"] == "review" and body["results"][0]["outcome"] == ""


@pytest.mark.django_db
def test_monthly_figures_count_appeals_and_the_correction_rate(register, walk, officer_user, legal):
    first = appealed(register, walk, officer_user, legal)
    act(first, "record_appeal_outcome", legal, first.delivered_on + D(20), outcome="revoked", note="撤销")
    second = appealed(register, walk, officer_user, legal)
    act(second, "record_appeal_outcome", legal, second.delivered_on + D(20), outcome="upheld", note="维持")
    day = first.delivered_on + D(20)
    figures = appeal_figures(start=day - D(60), end=day)
    assert figures["review"]["filed"] == 2 and figures["review"]["decided"] == 2
    assert figures["review"]["outcomes"]["revoked"] == 1 and figures["review"]["correction_rate"] == 50.0
    assert figures["correction_rate"] == 50.0 and figures["litigation"]["decided"] == 0
