"""Unpaid fines after the decision: the unpaid list with the amount owed today (行政处罚法 art. 72), 催告
(行政强制法 arts. 35, 54), instalments and deferral (行政处罚法 art. 66), the application to the court
(行政强制法 art. 53) with its ruling and outcome."""

import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from cases import rules, selectors
from cases.models import Document, DocumentKind, Status
from cases.services import TransitionRefused, case_transition
from enforcement.accounts.models import Role

from .articles import names_article
from .factories import WAIVED

D = timedelta


def delivered(register, walk, officer_user, fine="1000"):
    case = register(fine=Decimal(fine))
    return walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": fine}),
                ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}),
                ("deliver", officer_user, {}))


def act(case, action, actor, on, **data):
    return case_transition(case=case, action=action, actor=actor, today=on, **data)


# ---- pure rules ----------------------------------------------------------------------------------------

def test_surcharge_art72_owed_today_is_capped_at_the_fine():
    due = date(2026, 3, 1)
    assert rules.surcharge_due(Decimal("1000"), due, due + D(5)) == Decimal("150.00")
    assert rules.surcharge_due(Decimal("1000"), due, due + D(400)) == Decimal("1000.00")


def test_surcharge_art72_stops_on_the_day_the_fine_is_paid():
    due = date(2026, 3, 1)
    payments = [(due + D(2), Decimal("1000"))]
    assert rules.surcharge_due(Decimal("1000"), due, due + D(30), payments=payments) == Decimal("60.00")


def test_instalments_art66_pause_the_surcharge_while_instalments_are_on_time():
    due = date(2026, 3, 1)
    schedule = [(date(2026, 4, 1), Decimal("500")), (date(2026, 5, 1), Decimal("500"))]
    # applied before the deadline, first instalment paid on time: nothing accrues on 20 April
    paid = [(date(2026, 3, 30), Decimal("500"))]
    assert rules.surcharge_due(Decimal("1000"), due, date(2026, 4, 20), schedule=schedule,
                               paused_from=date(2026, 2, 20), payments=paid) == 0
    # the second instalment 3 days late: 3 % of 500 for 3 days, not of the whole fine
    assert rules.surcharge_due(Decimal("1000"), due, date(2026, 5, 4), schedule=schedule,
                               paused_from=date(2026, 2, 20), payments=paid) == Decimal("45.00")


def test_instalments_art66_keep_what_accrued_before_the_application():
    due = date(2026, 3, 1)
    schedule = [(date(2026, 4, 1), Decimal("1000"))]
    assert rules.surcharge_due(Decimal("1000"), due, date(2026, 3, 20), schedule=schedule,
                               paused_from=date(2026, 3, 3)) == Decimal("60.00")


def test_enforcement_window_art53_opens_after_six_months_and_lasts_three():
    first, last = rules.enforcement_window(date(2026, 1, 31))
    assert first == date(2026, 8, 1) and last == date(2026, 10, 31)
    assert rules.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


# ---- the unpaid list --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_unpaid_list_art54_shows_overdue_fines_with_the_amount_owed_today(register, walk, officer_user):
    case = delivered(register, walk, officer_user)
    due = case.payment_due
    assert not list(selectors.unpaid_cases(actor=officer_user, today=due))
    rows = list(selectors.unpaid_cases(actor=officer_user, today=due + D(4)))
    assert [r.code for r in rows] == [case.code]
    assert rows[0].owed_surcharge == Decimal("120.00") and rows[0].owed_total == Decimal("1120.00")
    assert rows[0].days_overdue == 4


@pytest.mark.django_db
def test_unpaid_list_is_scoped_to_the_township(register, walk, officer_user, make_user, other_township):
    case = delivered(register, walk, officer_user)
    stranger = make_user(Role.TOWNSHIP_OFFICER, township=other_township)
    assert not list(selectors.unpaid_cases(actor=stranger, today=case.payment_due + D(3)))


@pytest.mark.django_db
def test_paid_fine_leaves_the_unpaid_list(register, walk, officer_user, users):
    case = delivered(register, walk, officer_user)
    late = case.payment_due + D(1)
    act(case, "record_payment", users[Role.STAFF], late, bank_receipt_number="R1", paid_amount="1030")
    assert not list(selectors.unpaid_cases(actor=officer_user, today=late + D(5)))


@pytest.mark.django_db
def test_unpaid_page_and_api_list_the_amount_owed(register, walk, officer_user, client, client_for):
    case = delivered(register, walk, officer_user, fine="200")
    case.payment_next_due = case.payment_due = date.today() - D(2)
    case.save(update_fields=["payment_next_due", "payment_due"])
    client.force_login(officer_user)
    page = client.get(reverse("cases:unpaid"))
    assert page.status_code == 200 and case.code in page.content.decode() and "212.00" in page.content.decode()
    body = client_for(officer_user).get("/api/v1/cases/unpaid/").json()
    assert body["count"] == 1 and body["results"][0]["owed_total"] == "212.00"


@pytest.mark.django_db
def test_unpaid_list_constant_queries(register, walk, officer_user, client, django_assert_max_num_queries):
    for _ in range(3):
        case = delivered(register, walk, officer_user, fine="200")
        case.payment_next_due = case.payment_due = date.today() - D(2)
        case.save(update_fields=["payment_next_due", "payment_due"])
    client.force_login(officer_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cases:unpaid")).status_code == 200


# ---- 催告 -----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_reminder_art54_refused_before_the_payment_deadline_passed(register, walk, officer_user):
    case = delivered(register, walk, officer_user)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "remind", officer_user, case.payment_due)
    assert names_article(exc.value.messages[0], 54)


@pytest.mark.django_db
def test_reminder_art35_generates_the_payment_reminder_pdf_with_the_amount_owed(
        register, walk, officer_user, django_capture_on_commit_callbacks):
    case = delivered(register, walk, officer_user)
    on = case.payment_due + D(2)
    with django_capture_on_commit_callbacks(execute=True):
        case = act(case, "remind", officer_user, on)
    assert case.status == Status.REMINDED and case.reminder_issued_on == on
    document = Document.objects.get(case=case, kind=DocumentKind.PAYMENT_REMINDER)
    binary = shutil.which("pdftotext")
    assert binary, "poppler-utils (pdftotext) is needed: `make test` installs it"
    text = subprocess.run([binary, document.file.path, "-"], capture_output=True, text=True,  # noqa: S603
                          check=True).stdout
    text = "".join(text.split())
    assert "催告书" in text and "1060.00" in text and "第五十四条" in text


@pytest.mark.django_db
def test_reminder_art54_gives_the_party_ten_days_from_its_delivery(register, walk, officer_user):
    case = delivered(register, walk, officer_user)
    on = case.payment_due + D(2)
    case = act(case, "remind", officer_user, on)
    case = act(case, "deliver_reminder", officer_user, on + D(1))
    assert case.reminder_deadline == on + D(11)


# ---- 分期 / 延期 ---------------------------------------------------------------------------------------------

def _schedule(start, amounts):
    return "\n".join(f"{start + D(30 * (i + 1))} {amount}" for i, amount in enumerate(amounts))


@pytest.mark.django_db
def test_payment_plan_art66_schedule_must_add_up_to_the_fine(register, walk, officer_user):
    case = delivered(register, walk, officer_user)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "apply_payment_plan", officer_user, date.today(), kind="instalment", reason="经济困难",
            schedule=_schedule(date.today(), ["400", "400"]))
    assert names_article(exc.value.messages[0], 66)


@pytest.mark.django_db
def test_payment_plan_art66_is_approved_only_by_an_authorised_person(register, walk, officer_user, users):
    case = delivered(register, walk, officer_user)
    case = act(case, "apply_payment_plan", officer_user, date.today(), kind="instalment", reason="经济困难",
               schedule=_schedule(date.today(), ["500", "500"]))
    with pytest.raises(PermissionDenied):
        act(case, "decide_payment_plan", officer_user, date.today(), approved=True)
    case = act(case, "decide_payment_plan", users[Role.LEADER], date.today(), approved=True)
    assert case.payment_plan_status == "approved"
    assert case.payment_next_due == date.today() + D(30)


@pytest.mark.django_db
def test_payment_plan_art66_refusal_needs_a_reason(register, walk, officer_user, users):
    case = delivered(register, walk, officer_user)
    case = act(case, "apply_payment_plan", officer_user, date.today(), kind="deferral", reason="经济困难",
               schedule=_schedule(date.today(), ["1000"]))
    with pytest.raises(ValidationError) as exc:
        act(case, "decide_payment_plan", users[Role.STAFF], date.today(), approved=False)
    assert "note" in exc.value.message_dict


@pytest.mark.django_db
def test_instalments_art66_stop_the_surcharge_and_take_partial_payments(register, walk, officer_user, users):
    case = delivered(register, walk, officer_user)
    today = date.today()
    case = act(case, "apply_payment_plan", officer_user, today, kind="instalment", reason="经济困难",
               schedule=_schedule(today, ["500", "500"]))
    case = act(case, "decide_payment_plan", users[Role.STAFF], today, approved=True)
    staff = users[Role.STAFF]
    # 40 days later the original deadline is long past, but the first instalment was paid on time
    case = act(case, "record_payment", staff, today + D(29), bank_receipt_number="I1", paid_amount="500")
    assert case.status == Status.DELIVERED and case.paid_amount == Decimal("500")
    assert not list(selectors.unpaid_cases(actor=officer_user, today=today + D(40)))
    case = act(case, "record_payment", staff, today + D(60), bank_receipt_number="I2", paid_amount="500")
    assert case.status == Status.EXECUTED and case.surcharge_amount == 0


@pytest.mark.django_db
def test_payment_art72_partial_payment_without_a_plan_is_refused(register, walk, officer_user, users):
    case = delivered(register, walk, officer_user)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "record_payment", users[Role.STAFF], date.today(), bank_receipt_number="P1", paid_amount="500")
    assert names_article(exc.value.messages[0], 72)


@pytest.mark.django_db
def test_approved_plan_after_the_reminder_returns_the_case_to_waiting_for_payment(register, walk, officer_user,
                                                                                 users):
    case = delivered(register, walk, officer_user)
    on = case.payment_due + D(1)
    case = act(case, "remind", officer_user, on)
    case = act(case, "apply_payment_plan", officer_user, on, kind="deferral", reason="经济困难",
               schedule=f"{on + D(20)} 1000")
    case = act(case, "decide_payment_plan", users[Role.STAFF], on, approved=True)
    assert case.status == Status.DELIVERED and case.reminder_issued_on is None


# ---- 申请法院强制执行 --------------------------------------------------------------------------------------------

def _reminded(register, walk, officer_user):
    case = delivered(register, walk, officer_user)
    on = case.payment_due + D(1)
    case = act(case, "remind", officer_user, on)
    return act(case, "deliver_reminder", officer_user, on)


@pytest.mark.django_db
def test_enforcement_art54_refused_within_ten_days_of_the_reminder(register, walk, officer_user):
    case = _reminded(register, walk, officer_user)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "apply_enforcement", officer_user, case.reminder_deadline, court="某县人民法院")
    assert any(names_article(m, 54) for m in exc.value.messages)


@pytest.mark.django_db
def test_enforcement_art53_refused_before_the_litigation_period_ends(register, walk, officer_user):
    case = _reminded(register, walk, officer_user)
    on = case.reminder_deadline + D(1)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "apply_enforcement", officer_user, on, court="某县人民法院")
    assert names_article(exc.value.messages[0], 53)


@pytest.mark.django_db
def test_enforcement_art53_refused_after_the_three_month_window(register, walk, officer_user):
    case = _reminded(register, walk, officer_user)
    _first, last = rules.enforcement_window(case.delivered_on)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "apply_enforcement", officer_user, last + D(1), court="某县人民法院")
    assert names_article(exc.value.messages[0], 53)


@pytest.mark.django_db
def test_enforcement_art53_application_ruling_and_outcome(register, walk, officer_user,
                                                          django_capture_on_commit_callbacks):
    case = _reminded(register, walk, officer_user)
    first, _last = rules.enforcement_window(case.delivered_on)
    with django_capture_on_commit_callbacks(execute=True):
        case = act(case, "apply_enforcement", officer_user, first, court="某县人民法院")
    assert case.status == Status.ENFORCEMENT_APPLIED
    assert Document.objects.filter(case=case, kind=DocumentKind.ENFORCEMENT_APPLICATION).exists()
    with pytest.raises(TransitionRefused) as exc:
        act(case, "record_court_outcome", officer_user, first + D(5), outcome="executed", note="已执行")
    assert names_article(exc.value.messages[0], 57)
    case = act(case, "record_court_ruling", officer_user, first + D(10), ruling="granted",
               ruling_number="(2026)某0102行审1号")
    case = act(case, "record_court_outcome", officer_user, first + D(40), outcome="executed", note="法院已划扣")
    assert case.status == Status.EXECUTED


@pytest.mark.django_db
def test_enforcement_art58_refused_by_the_court_ends_in_termination(register, walk, officer_user):
    case = _reminded(register, walk, officer_user)
    first, _last = rules.enforcement_window(case.delivered_on)
    case = act(case, "apply_enforcement", officer_user, first, court="某县人民法院")
    case = act(case, "record_court_ruling", officer_user, first + D(3), ruling="refused", ruling_number="裁1")
    with pytest.raises(TransitionRefused) as exc:
        act(case, "record_court_outcome", officer_user, first + D(4), outcome="executed", note="x")
    assert names_article(exc.value.messages[0], 58)
    case = act(case, "record_court_outcome", officer_user, first + D(4), outcome="terminated", note="不予执行")
    assert case.status == Status.EXECUTION_TERMINATED
    case = act(case, "close", officer_user, first + D(5))
    assert case.status == Status.CLOSED


@pytest.mark.django_db
def test_transition_api_takes_the_schedule_as_a_list(register, walk, officer_user, client_for):
    case = delivered(register, walk, officer_user)
    today = date.today()
    body = {"action": "apply_payment_plan", "kind": "instalment", "reason": "经济困难",
            "schedule": [{"due": str(today + D(10)), "amount": "600"}, {"due": str(today + D(40)), "amount": "400"}]}
    response = client_for(officer_user).post(f"/api/v1/cases/{case.code}/transition/", body, format="json")
    assert response.status_code == 200, response.content
    bad = {**body, "schedule": [{"due": "x", "amount": "1"}]}
    response = client_for(officer_user).post(f"/api/v1/cases/{case.code}/transition/", bad, format="json")
    assert response.status_code == 400 and "schedule" in response.json()


@pytest.mark.django_db
def test_payment_plan_art66_second_application_while_one_is_pending_is_refused(register, walk, officer_user):
    case = delivered(register, walk, officer_user)
    case = act(case, "apply_payment_plan", officer_user, date.today(), kind="deferral", reason="经济困难",
               schedule=_schedule(date.today(), ["1000"]))
    with pytest.raises(ValidationError) as exc:
        act(case, "apply_payment_plan", officer_user, date.today(), kind="deferral", reason="经济困难",
            schedule=_schedule(date.today(), ["1000"]))
    assert names_article(exc.value.message_dict["kind"][0], 66)


@pytest.mark.django_db
def test_payment_plan_art66_nothing_to_decide_without_an_application(register, walk, officer_user, users):
    case = delivered(register, walk, officer_user)
    with pytest.raises(ValidationError) as exc:
        act(case, "decide_payment_plan", users[Role.STAFF], date.today(), approved=True)
    assert names_article(exc.value.message_dict["approved"][0], 66)
