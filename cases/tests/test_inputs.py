"""Per-action transition inputs (issue 9 items 2, 3): typed, bounded, possible dates, one body per action."""

import json
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

import pytest

from cases import workflow
from cases.inputs import INPUTS
from cases.models import Case, CaseEvent, Status
from enforcement.accounts.models import Role

pytestmark = pytest.mark.django_db

TODAY = date.today()
TOMORROW = TODAY + timedelta(days=1)


def post(api, case, body):
    return api.post(f"/api/v1/cases/{case.code}/transition/", body, format="json")


def is_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_action_of_the_table_has_its_input_serializer():
    actions = {action for (_p, _s, action) in workflow.TRANSITIONS}
    assert actions == set(INPUTS), "each workflow action needs its serializer in cases/inputs/actions.py"


def test_schema_documents_one_request_body_per_action(client, users):
    client.force_login(users[Role.STAFF])
    schema = client.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    body = schema["paths"]["/api/v1/cases/{code}/transition/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    poly = schema["components"]["schemas"][ref]
    assert poly["discriminator"]["propertyName"] == "action"
    mapping = poly["discriminator"]["mapping"]
    assert set(mapping) == set(INPUTS)

    def fields(action):
        return set(schema["components"]["schemas"][mapping[action].rsplit("/", 1)[-1]]["properties"])

    assert {"penalty_kinds", "fine", "notice_date"} <= fields("notify")
    assert {"penalty_kinds", "fine", "decided_on", "decision_text"} <= fields("decide")
    assert {"delivered_on"} <= fields("deliver")
    assert {"bank_receipt_number", "paid_on", "paid_amount"} <= fields("record_payment")
    assert "fine" not in fields("deliver")
    responses = schema["paths"]["/api/v1/cases/{code}/transition/"]["post"]["responses"]
    assert {"200", "400", "409"} <= set(responses)


HOSTILE_BODIES = [
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "NaN"}, id="nan-string"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "Infinity"}, id="infinity"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "-500"}, id="negative"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "0"}, id="zero-fine"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "1" * 400}, id="huge-number"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "500.123"}, id="three-decimals"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": {"$gt": 1}}, id="object-fine"),
    pytest.param({"action": "notify", "penalty_kinds": "fine", "fine": "500"}, id="non-list-kinds"),
    pytest.param({"action": "notify", "penalty_kinds": ["jail"], "fine": "500"}, id="unknown-kind"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "500", "notice_date": "9999-12-31"},
                 id="year-9999"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "500", "notice_date": "2026-02-30"},
                 id="impossible-date"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "500", "notice_date": 20260101},
                 id="number-date"),
    pytest.param({"action": "notify", "penalty_kinds": ["fine"], "fine": "500", "notice_date": "0001-01-01"},
                 id="year-1"),
    pytest.param({"action": "notify", "fine_amount": "500"}, id="unknown-field"),
    pytest.param({"action": "extend_deadline", "days": 10 ** 30, "reason": "复杂"}, id="huge-integer"),
    pytest.param({"action": "extend_deadline", "days": "ten", "reason": "复杂"}, id="text-integer"),
    pytest.param({"action": "extend_deadline", "days": 1.5, "reason": "复杂"}, id="float-integer"),
    pytest.param({"action": "revoke", "reason": ["a", "b"]}, id="list-text"),
    pytest.param({"action": "revoke", "reason": "x" * 3000}, id="too-long-text"),
    pytest.param({"action": "revoke", "reason": "无\u0000理由"}, id="nul-byte"),
    pytest.param({"action": ["revoke"]}, id="list-action"),
    pytest.param({"action": "explode"}, id="unknown-action"),
    pytest.param({"action": "notify", "expected_status": 7}, id="number-status"),
    pytest.param(["notify"], id="list-body"),
    pytest.param("notify", id="string-body"),
]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_transition_input_is_a_400_in_chinese_and_writes_nothing(client_for, register, users, body):
    case = register()
    events = CaseEvent.objects.filter(case=case).count()
    extension = isinstance(body, dict) and body.get("action") == "extend_deadline"  # art. 60: approvers only
    response = post(client_for(users[Role.STAFF if extension else Role.TOWNSHIP_OFFICER]), case, body)
    assert response.status_code == 400, response.content
    assert is_chinese(json.dumps(response.json(), ensure_ascii=False))
    case.refresh_from_db()
    assert case.status == Status.INVESTIGATING and case.notice_date is None and case.extension_days == 0
    assert CaseEvent.objects.filter(case=case).count() == events


def test_nan_in_raw_json_is_a_400_not_a_500(client_for, register, users):
    case = register()
    response = client_for(users[Role.TOWNSHIP_OFFICER]).post(
        f"/api/v1/cases/{case.code}/transition/", '{"action": "notify", "fine": NaN}',
        content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("action, field, data", [
    ("notify", "notice_date", {"penalty_kinds": ["fine"], "fine": "500"}),
    ("issue_correction_order", "ordered_on", {"correction_deadline": (TODAY + timedelta(days=10)).isoformat()}),
    ("extend_deadline", "approved_on", {"days": 10, "reason": "案情复杂"}),
    ("register", "filed_on", {}),
])
def test_art44_60_an_action_dated_tomorrow_is_refused(client_for, register, users, action, field, data):
    """Item 2: no action may carry a date after today (the party is notified on a real day, art. 44)."""
    case = register(file_now=action != "register")
    actor = users[Role.STAFF if action == "extend_deadline" else Role.TOWNSHIP_OFFICER]  # art. 60 approvers
    response = post(client_for(actor), case,
                    {"action": action, field: TOMORROW.isoformat(), **data})
    assert response.status_code == 400
    assert field in response.json() and is_chinese(response.json()[field][0])


def test_art44_a_notice_before_the_filing_date_is_refused(client_for, register, users):
    ago = TODAY - timedelta(days=20)
    case = register(violation_date=ago, discovered_on=ago, filed_on=ago + timedelta(days=5))
    response = post(client_for(users[Role.TOWNSHIP_OFFICER]), case, {
        "action": "notify", "penalty_kinds": ["fine"], "fine": "500",
        "notice_date": (ago + timedelta(days=2)).isoformat()})
    assert response.status_code == 400
    assert "立案" in response.json()["notice_date"][0]


def test_art64_a_hearing_request_before_the_notice_is_refused(register, walk, officer_user, settings):
    from django.core.exceptions import ValidationError

    settings.HEARING_FINE_CITIZEN = "400"
    ago = TODAY - timedelta(days=20)
    case = register(violation_date=ago, discovered_on=ago, filed_on=ago)
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500",
                                                "notice_date": (ago + timedelta(days=5)).isoformat()}))
    with pytest.raises(ValidationError) as exc:
        walk(case, ("request_hearing", officer_user, {"requested_on": (ago + timedelta(days=4)).isoformat()}))
    assert "告知" in exc.value.message_dict["requested_on"][0]


def test_art67_a_payment_before_the_decision_is_refused(register, walk, officer_user, users):
    from django.core.exceptions import ValidationError

    case = register()
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500"}),
                ("record_statement", officer_user, {"outcome": "accepted", "note": "已陈述"}),
                ("decide", officer_user, {}), ("deliver", officer_user, {}))
    with pytest.raises(ValidationError) as exc:
        walk(case, ("record_payment", users[Role.STAFF], {
            "bank_receipt_number": "R1", "paid_amount": "500",
            "paid_on": (case.decided_on - timedelta(days=1)).isoformat()}))
    assert "paid_on" in exc.value.message_dict


def test_art61_true_past_dates_sent_by_a_late_pda_are_stored_and_marked_as_recorded_late(
        client_for, users, item, empower, officers):
    """补录: filing, notice, decision and delivery dates of a PDA syncing a week late are kept."""
    empower(item)
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    d = [TODAY - timedelta(days=n) for n in range(30, 0, -1)]  # d[0] 30 days ago … d[29] yesterday
    response = api.post("/api/v1/cases/", {
        "procedure": "ordinary", "item": item.code, "party_type": "citizen", "party_name": "王五",
        "party_address": "示范县人民路1号", "location": "人民路", "facts": "占道经营",
        "violation_date": d[0].isoformat(),
        "discovered_on": d[0].isoformat(), "filed_on": d[1].isoformat(), "file_now": True,
        "officers": [o.employee_number for o in officers], "penalty_kinds": ["fine"], "fine": "500"},
        format="json")
    assert response.status_code == 201, response.content
    case = Case.objects.get()
    for body in ({"action": "notify", "penalty_kinds": ["fine"], "fine": "500", "notice_date": d[2].isoformat()},
                 {"action": "record_statement", "outcome": "expired", "statement_on": d[15].isoformat()},
                 {"action": "decide", "decided_on": d[16].isoformat()},
                 {"action": "deliver", "delivered_on": d[18].isoformat()}):
        assert post(api, case, body).status_code == 200, body
    case.refresh_from_db()
    assert (case.filed_on, case.notice_date, case.decided_on, case.delivered_on) == (d[1], d[2], d[16], d[18])
    assert case.deadline == d[1] + timedelta(days=90)
    deliver = case.events.get(action="deliver")
    assert deliver.data["recorded_late"] is True and deliver.data["action_date"] == d[18].isoformat()


def test_simple_procedure_decision_date_from_the_api_is_kept(client_for, users, item, empower, officers):
    empower(item)
    yesterday = TODAY - timedelta(days=1)
    response = client_for(users[Role.TOWNSHIP_OFFICER]).post("/api/v1/cases/", {
        "procedure": "simple", "item": item.code, "party_type": "citizen", "party_name": "王五",
        "location": "人民路", "facts": "占道经营", "violation_date": yesterday.isoformat(),
        "discovered_on": yesterday.isoformat(), "decided_on": yesterday.isoformat(),
        "officers": [o.employee_number for o in officers], "penalty_kinds": ["fine"], "fine": "100"}, format="json")
    assert response.status_code == 201, response.content
    case = Case.objects.get()
    assert case.decided_on == case.delivered_on == case.filed_on == yesterday
    assert case.events.get(action="decide_on_spot").data["recorded_late"] is True


def test_filing_dated_tomorrow_through_the_api_is_refused(client_for, users, item, empower, officers):
    empower(item)
    response = client_for(users[Role.TOWNSHIP_OFFICER]).post("/api/v1/cases/", {
        "procedure": "ordinary", "item": item.code, "party_type": "citizen", "party_name": "王五",
        "location": "人民路", "facts": "占道经营", "violation_date": TODAY.isoformat(), "file_now": True,
        "filed_on": TOMORROW.isoformat(), "officers": [o.employee_number for o in officers]}, format="json")
    assert response.status_code == 400 and "filed_on" in response.json()
    assert not Case.objects.exists()


def test_expected_status_mismatch_is_a_409(client_for, register, users):
    case = register()
    response = post(client_for(users[Role.TOWNSHIP_OFFICER]), case, {
        "action": "revoke", "reason": "违法事实不成立", "expected_status": Status.CLUE})
    assert response.status_code == 409
    assert is_chinese(response.json()["detail"][0])
    case.refresh_from_db()
    assert case.status == Status.INVESTIGATING


def test_page_form_uses_the_same_validation_and_shows_the_error_next_to_the_field(client, register, users):
    case = register()
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.post(reverse("cases:action", args=[case.code, "notify"]), {
        "notify-penalty_kinds": ["fine"], "notify-fine": "500", "notify-notice_date": TOMORROW.isoformat(),
        "notify-expected_status": case.status})
    assert response.status_code == 400
    form = response.context["action_forms"][[a for a, _l, _f in response.context["action_forms"]].index("notify")][2]
    assert "notice_date" in form.errors and "今天" in form.errors["notice_date"][0]
    case.refresh_from_db()
    assert case.status == Status.INVESTIGATING


def test_page_form_fields_are_the_serializers_fields(register):
    from cases.forms import NOT_ON_PAGES, action_form

    case = register()
    for action, cls in INPUTS.items():
        form = action_form(action, case)
        # the page's own fields: the state it was loaded in, and the tick that confirms an action ending the case
        assert set(form.fields) - {"expected_status", "confirm"} == set(cls().fields) - NOT_ON_PAGES, action


def test_penalty_fine_decimal_is_typed_when_it_reaches_the_case(register, walk, officer_user):
    case = walk(register(), ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": 450}))
    assert case.notice_fine == Decimal("450.00")
