"""Cases transferred in by a department (部门移交): filing with the transfer letter, the reply sent back
(办理情况反馈) and what the department's liaison sees."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from cases.models import Case, CaseEvent, Document, DocumentKind, Source, Status
from cases.models_transfers import DepartmentReply, DepartmentTransfer
from cases.services import case_transition, department_reply_record
from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from enforcement.dashboard.desks import desk_data
from townships.tests.factories import DepartmentFactory

from .factories import CITIZEN_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def transferred(register, department, users):
    """A filed case the department transferred, with its liaison and letter."""

    def make(**overrides):
        params = dict(source=Source.DEPARTMENT, transferred_from=department.code,
                      transfer_liaison=users[Role.LIAISON].username, transfer_letter_number="市监移〔2026〕12号",
                      transfer_letter_date=date.today() - timedelta(days=2),
                      transfer_materials="1. 移交函\n2. 现场照片3张", discovered_on=date.today() - timedelta(days=1))
        params.update(overrides)
        return register(**params)

    return make


def _reply(case, actor, kind="progress", text="已立案调查。", **extra):
    department_reply_record(case=case, actor=actor, data={"kind": kind, "text": text, **extra})
    case.refresh_from_db()
    return case


# ---- filing ----------------------------------------------------------------------------------------------

def test_filing_records_the_department_liaison_and_letter(transferred, department, users):
    case = transferred()
    assert case.transferred_from == department and case.source == Source.DEPARTMENT
    transfer = DepartmentTransfer.objects.get(case=case)
    assert transfer.liaison == users[Role.LIAISON]
    assert transfer.letter_number == "市监移〔2026〕12号" and "现场照片" in transfer.materials
    assert transfer.letter_date == date.today() - timedelta(days=2)


def test_filing_is_audited_with_the_department(transferred, department):
    case = transferred()
    event = AuditEvent.objects.filter(event_type="case.create", object_id=case.code).get()
    assert event.detail["transferred_from"] == department.code


def test_unknown_department_is_refused_and_nothing_is_written(transferred):
    with pytest.raises(ValidationError) as exc:
        transferred(transferred_from="nosuch")
    assert "transferred_from" in exc.value.message_dict
    assert not Case.objects.exists()


def test_source_department_needs_the_department(register):
    with pytest.raises(ValidationError) as exc:
        register(source=Source.DEPARTMENT)
    assert "transferred_from" in exc.value.message_dict


def test_department_with_another_source_is_refused(transferred):
    with pytest.raises(ValidationError) as exc:
        transferred(source=Source.PATROL)
    assert "source" in exc.value.message_dict


def test_letter_without_department_is_refused(register):
    with pytest.raises(ValidationError) as exc:
        register(transfer_letter_number="某函")
    assert "transferred_from" in exc.value.message_dict


def test_liaison_of_another_department_is_refused(transferred, make_user):
    other = make_user(Role.LIAISON, username="other_liaison", department=DepartmentFactory(code="water"))
    with pytest.raises(ValidationError) as exc:
        transferred(transfer_liaison=other.username)
    assert "transfer_liaison" in exc.value.message_dict
    assert not Case.objects.exists()


def test_liaison_must_have_the_liaison_role(transferred, users):
    with pytest.raises(ValidationError) as exc:
        transferred(transfer_liaison=users[Role.STAFF].username)
    assert "transfer_liaison" in exc.value.message_dict


def test_letter_date_in_the_future_is_refused(transferred):
    with pytest.raises(ValidationError) as exc:
        transferred(transfer_letter_date=date.today() + timedelta(days=1))
    assert "transfer_letter_date" in exc.value.message_dict


def test_letter_dated_after_receipt_is_refused(transferred):
    with pytest.raises(ValidationError) as exc:
        transferred(transfer_letter_date=date.today(), discovered_on=date.today() - timedelta(days=3))
    assert "transfer_letter_date" in exc.value.message_dict


def test_liaison_is_optional(transferred):
    case = transferred(transfer_liaison="")
    assert DepartmentTransfer.objects.get(case=case).liaison is None


def test_api_filing_records_the_transfer(client_for, users, item, empower, officers, department):
    empower(item)
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    response = api.post("/api/v1/cases/", {
        "procedure": "ordinary", "source": "department", "item": item.code, "party_type": "citizen",
        "party_name": "王五", "location": "人民路", "facts": "占道", "violation_date": date.today().isoformat(),
        "officers": [o.employee_number for o in officers], "file_now": True, "transferred_from": department.code,
        "transfer_liaison": users[Role.LIAISON].username, "transfer_letter_number": "市监移〔2026〕3号",
        "transfer_letter_date": date.today().isoformat(), "transfer_materials": "移交函一份"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["transferred_from"] == department.code
    assert body["department_transfer"]["letter_number"] == "市监移〔2026〕3号"
    assert body["department_transfer"]["liaison"] == users[Role.LIAISON].username


def test_api_filing_with_a_foreign_liaison_is_a_400_in_chinese(client_for, users, item, empower, officers,
                                                               department, make_user):
    empower(item)
    other = make_user(Role.LIAISON, username="other_liaison", department=DepartmentFactory(code="water"))
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    response = api.post("/api/v1/cases/", {
        "procedure": "ordinary", "source": "department", "item": item.code, "party_type": "citizen",
        "party_name": "王五", "location": "人民路", "facts": "占道", "violation_date": date.today().isoformat(),
        "officers": [o.employee_number for o in officers], "transferred_from": department.code,
        "transfer_liaison": other.username}, format="json")
    assert response.status_code == 400
    assert "联络员" in str(response.json()["transfer_liaison"])
    assert not Case.objects.exists()


def test_filing_page_records_the_transfer(client, users, item, empower, officers, department):
    empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    page = client.get(reverse("cases:create"), {"item": item.code, "procedure": "ordinary"})
    assert 'name="transferred_from"' in page.content.decode()
    response = client.post(reverse("cases:create"), {
        "item": item.code, "procedure": "ordinary", "source": "department", "party_type": "citizen",
        "party_name": "王五", "party_id_number": CITIZEN_ID, "location": "人民路", "facts": "占道",
        "violation_date": date.today().isoformat(), "discovered_on": date.today().isoformat(),
        "officers": [o.employee_number for o in officers], "file_now": "on", "transferred_from": department.code,
        "transfer_liaison": users[Role.LIAISON].username, "transfer_letter_number": "市监移〔2026〕5号",
        "transfer_letter_date": date.today().isoformat(), "transfer_materials": "移交函"})
    assert response.status_code == 302
    assert DepartmentTransfer.objects.get().case.transferred_from == department


def test_filing_page_shows_the_error_next_to_the_department(client, users, item, empower, officers):
    empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.post(reverse("cases:create"), {
        "item": item.code, "procedure": "ordinary", "source": "department", "party_type": "citizen",
        "party_name": "王五", "location": "人民路", "facts": "占道", "violation_date": date.today().isoformat(),
        "discovered_on": date.today().isoformat(), "officers": [o.employee_number for o in officers]})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors.get("transferred_from")
    assert not Case.objects.exists()


# ---- the reply -------------------------------------------------------------------------------------------

def test_progress_reply_is_recorded_with_its_letter_and_audited(transferred, officer_user,
                                                                django_capture_on_commit_callbacks):
    case = transferred()
    with django_capture_on_commit_callbacks(execute=True):
        case = _reply(case, officer_user)
    reply = DepartmentReply.objects.get(case=case)
    assert reply.kind == "progress" and reply.sent_by == officer_user and reply.sent_on == date.today()
    assert reply.event == CaseEvent.objects.get(case=case, action="reply_to_department")
    assert case.status == Status.INVESTIGATING
    assert Document.objects.get(case=case, kind=DocumentKind.TRANSFER_REPLY).event == reply.event
    assert Document.objects.filter(case=case, kind=DocumentKind.TRANSFER_REPLY).exists()
    assert AuditEvent.objects.filter(event_type="case.department_reply", object_id=case.code,
                                     outcome="success").exists()


def test_result_reply_before_the_decision_is_refused_and_the_refusal_audited(transferred, officer_user):
    case = transferred()
    with pytest.raises(ValidationError) as exc:
        _reply(case, officer_user, kind="result")
    assert "kind" in exc.value.message_dict
    assert not DepartmentReply.objects.exists()
    assert AuditEvent.objects.filter(event_type="case.department_reply", outcome="failure").exists()


def test_result_reply_once_the_handling_ended_leaves_the_final_case_unchanged(transferred, officer_user):
    """SECURITY §19: the reply is correspondence; the not-filed case itself does not change."""
    case = transferred(file_now=False)
    case = case_transition(case=case, action="decline", actor=officer_user, reason="不属于本机关管辖")
    before = Case.objects.filter(pk=case.pk).values().get()
    case = _reply(case, officer_user, kind="result", text="经审查不予立案。")
    assert DepartmentReply.objects.get(case=case).kind == "result"
    after = Case.objects.filter(pk=case.pk).values().get()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"}
    assert after["status"] == Status.NOT_FILED


def test_reply_on_an_archived_case_is_refused(department, officer_user, township):
    case = CaseFactory(township=township, transferred_from=department, status=Status.ARCHIVED)
    with pytest.raises(ValidationError):
        _reply(case, officer_user)
    assert not DepartmentReply.objects.exists()


def test_reply_on_a_case_not_transferred_is_refused(register, officer_user):
    case = register()
    with pytest.raises(ValidationError) as exc:
        _reply(case, officer_user)
    assert "detail" in exc.value.message_dict


def test_reply_in_the_future_is_refused(transferred, officer_user):
    case = transferred()
    with pytest.raises(ValidationError) as exc:
        _reply(case, officer_user, sent_on=(date.today() + timedelta(days=1)).isoformat())
    assert "sent_on" in exc.value.message_dict


def test_reply_through_the_api(client_for, transferred, users):
    case = transferred()
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    url = f"/api/v1/cases/{case.code}/department-replies/"
    response = api.post(url, {"kind": "progress", "text": "已立案调查"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "progress"
    assert api.get(url).json()[0]["text"] == "已立案调查"
    refused = api.post(url, {"kind": "result", "text": "结果"}, format="json")
    assert refused.status_code == 400 and "kind" in refused.json()


def test_reply_page_records_the_reply_and_shows_errors_next_to_the_field(client, transferred, users):
    case = transferred()
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    url = reverse("cases:department_reply", args=[case.code])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"kind": "result", "text": "结果", "sent_on": date.today().isoformat()})
    assert refused.status_code == 400 and refused.context["form"].errors.get("kind")
    response = client.post(url, {"kind": "progress", "text": "正在调查", "sent_on": date.today().isoformat()})
    assert response.status_code == 302
    assert DepartmentReply.objects.get(case=case).text == "正在调查"


def test_case_page_panel_shows_the_transfer_and_the_reply_link(client, transferred, users):
    case = transferred()
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    body = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert "市监移〔2026〕12号" in body and reverse("cases:department_reply", args=[case.code]) in body


def test_liaison_cannot_reply(transferred, users):
    from django.core.exceptions import PermissionDenied

    case = transferred()
    with pytest.raises(PermissionDenied):
        _reply(case, users[Role.LIAISON])
    assert not DepartmentReply.objects.exists()


# ---- what the liaison sees -------------------------------------------------------------------------------

def test_liaison_sees_the_departments_case_list_detail_and_reply(client, transferred, register, users,
                                                                 officer_user):
    case = _reply(transferred(), officer_user, text="已立案调查,正在取证。")
    other = register(party_name="赵六")
    client.force_login(users[Role.LIAISON])
    listing = client.get(reverse("cases:list")).content.decode()
    assert case.code in listing and other.code not in listing
    detail = client.get(reverse("cases:detail", args=[case.code]))
    assert detail.status_code == 200
    assert "已立案调查,正在取证。" in detail.content.decode()


def test_liaison_gets_404_for_another_departments_or_a_townships_case(client, client_for, transferred, register,
                                                                     users, make_user):
    case = transferred()
    township_case = register(party_name="赵六")
    stranger = make_user(Role.LIAISON, username="water_liaison", department=DepartmentFactory(code="water"))
    client.force_login(stranger)
    assert client.get(reverse("cases:detail", args=[case.code])).status_code == 404
    api = client_for(stranger)
    assert api.get(f"/api/v1/cases/{case.code}/").status_code == 404
    client.force_login(users[Role.LIAISON])
    assert client.get(reverse("cases:detail", args=[township_case.code])).status_code == 404


def test_liaison_api_detail_shows_the_replies(client_for, transferred, users, officer_user):
    case = _reply(transferred(), officer_user)
    body = client_for(users[Role.LIAISON]).get(f"/api/v1/cases/{case.code}/").json()
    assert body["department_replies"][0]["text"] == "已立案调查。"


def test_liaison_desk_lists_the_departments_cases_with_the_reply_state(transferred, register, users, officer_user):
    replied = _reply(transferred(party_name="甲"), officer_user)
    waiting = transferred(party_name="乙")
    register(party_name="丙")
    rows = {row["code"]: row for row in desk_data(actor=users[Role.LIAISON])["transferred_cases"]}
    assert set(rows) == {replied.code, waiting.code}
    assert rows[replied.code]["last_reply_on"] == date.today() and not rows[replied.code]["result_sent"]
    assert rows[waiting.code]["last_reply_on"] is None


def test_liaison_desk_page_shows_the_section(client, transferred, users):
    case = transferred()
    client.force_login(users[Role.LIAISON])
    body = client.get("/").content.decode()
    assert "本部门移交的案件" in body and case.code in body


# ---- the open transfers (both directions) ---------------------------------------------------------------

def test_open_transfers_page_lists_both_directions_scoped(client, transferred, register, users, officer_user,
                                                          make_user, other_township):
    incoming = transferred()
    outgoing = case_transition(case=register(party_name="赵六"), action="transfer_to_police", actor=officer_user,
                               body="某县公安局", suspected_crime="非法经营罪", evidence_list="笔录")
    client.force_login(users[Role.STAFF])
    out_page = client.get(reverse("cases:transfers")).content.decode()
    in_page = client.get(reverse("cases:transfers"), {"direction": "in"}).content.decode()
    assert outgoing.code in out_page and "某县公安局" in out_page
    assert incoming.code in in_page and "市监移〔2026〕12号" in in_page
    client.force_login(make_user(Role.TOWNSHIP_OFFICER, username="west_officer", township=other_township))
    assert outgoing.code not in client.get(reverse("cases:transfers")).content.decode()
    assert incoming.code not in client.get(reverse("cases:transfers"), {"direction": "in"}).content.decode()


def test_open_transfers_drop_a_case_once_its_result_is_replied(client, transferred, users, officer_user):
    case = transferred(file_now=False)
    case = case_transition(case=case, action="decline", actor=officer_user, reason="不属于本机关管辖")
    _reply(case, officer_user, kind="result", text="不予立案")
    client.force_login(users[Role.STAFF])
    assert case.code not in client.get(reverse("cases:transfers"), {"direction": "in"}).content.decode()


def test_open_transfers_page_query_count_is_constant(client, transferred, users, django_assert_max_num_queries):
    transferred(party_name="甲")
    client.force_login(users[Role.STAFF])
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("cases:transfers"), {"direction": "in"})
    for name in ("乙", "丙", "丁"):
        transferred(party_name=name)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:transfers"), {"direction": "in"})


def test_open_transfers_page_is_not_for_liaisons(client, users):
    client.force_login(users[Role.LIAISON])
    assert client.get(reverse("cases:transfers")).status_code == 403


def test_api_detail_reads_the_transfer_only_for_a_transferred_case(client_for, users, transferred, township):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = transferred(party_name="甲")
    api = client_for(users[Role.STAFF])
    body = api.get(f"/api/v1/cases/{case.code}/").json()
    assert body["transferred_from"] == case.transferred_from.code
    assert body["department_transfer"]["letter_number"] == case.department_transfer.letter_number
    plain = CaseFactory(township=township)
    with CaptureQueriesContext(connection) as queries:
        body = api.get(f"/api/v1/cases/{plain.code}/").json()
    assert body["transferred_from"] is None and body["department_transfer"] is None
    assert not [q for q in queries.captured_queries if "cases_departmenttransfer" in q["sql"]]
