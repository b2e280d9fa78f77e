"""SECURITY §22: the phone's re-sends are idempotent on its client request id (enforcement.core.idempotency)."""

import threading
from datetime import date

from django.db import connection

import pytest

from cases import api as cases_api
from cases.models import Case, CaseEvent
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from enforcement.core.idempotency import HEADER, REPLAYED_HEADER
from enforcement.core.models import ClientRequest

from .factories import CITIZEN_ID

KEY = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


@pytest.fixture
def payload(item, empower, officers):
    empower(item)
    return {"procedure": "simple", "item": item.code, "party_type": "citizen", "party_name": "王五",
            "party_id_number": CITIZEN_ID, "location": "人民路", "facts": "占道经营",
            "violation_date": date.today().isoformat(), "officers": [o.employee_number for o in officers],
            "penalty_kinds": ["fine"], "fine": "100"}


def _post(api, payload, key=KEY, path="/api/v1/cases/"):
    return api.post(path, payload, format="json", headers={HEADER: key} if key else {})


def test_resend_with_same_id_and_body_returns_200_with_the_first_case(client_for, users, payload):
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    first = _post(api, payload)
    assert first.status_code == 201, first.content
    second = _post(api, payload)
    assert second.status_code == 200
    assert second.headers[REPLAYED_HEADER] == "true"
    assert second.json() == first.json()
    assert Case.objects.count() == 1
    assert Case.objects.get().request_id == KEY


def test_same_id_with_a_different_body_is_a_409_with_both_versions_masked(client_for, users, payload):
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    first = _post(api, payload)
    changed = _post(api, {**payload, "fine": "150"})
    assert changed.status_code == 409
    body = changed.json()
    assert body["code"] == "client_request_conflict"
    assert body["client_request_id"] == KEY
    assert body["original"]["body"]["fine"] == "100"
    assert body["current"]["body"]["fine"] == "150"
    assert body["original"]["response"]["code"] == first.json()["code"]
    assert body["original"]["body"]["party_id_number"] == "1101**********002X"  # never the plaintext again
    assert CITIZEN_ID not in changed.content.decode()
    assert Case.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="client_request.conflict").count() == 1


def test_id_in_the_body_field_works_like_the_header(client_for, users, payload):
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    assert _post(api, {**payload, "request_id": KEY}, key=None).status_code == 201
    again = _post(api, payload)  # the same id, now in the header, and the same body
    assert again.status_code == 200
    assert Case.objects.count() == 1


def test_header_and_body_ids_that_differ_are_refused(client_for, users, payload):
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    response = _post(api, {**payload, "request_id": "another-id-123"})
    assert response.status_code == 400
    assert "client_request_id" in response.json()
    assert not Case.objects.exists()


def test_malformed_id_is_a_400_in_chinese(client_for, users, payload):
    response = _post(client_for(users[Role.TOWNSHIP_OFFICER]), payload, key="a b")
    assert response.status_code == 400
    assert "请求编号" in response.json()["client_request_id"][0]


def test_refused_write_remembers_nothing_so_a_corrected_resend_is_processed(client_for, users, payload):
    """Art. 51: the refused 201-yuan simple case leaves no record; the corrected body under the same id files."""
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    refused = _post(api, {**payload, "fine": "201"})
    assert refused.status_code == 400
    assert not ClientRequest.objects.exists()
    assert _post(api, payload).status_code == 201
    assert Case.objects.count() == 1


def test_ids_are_per_user(client_for, users, payload, officers, make_user, township):
    other = make_user(Role.TOWNSHIP_OFFICER, username="officer_two", township=township)
    assert _post(client_for(users[Role.TOWNSHIP_OFFICER]), payload).status_code == 201
    response = _post(client_for(other), {**payload, "fine": "150"})
    assert response.status_code != 409  # another user's id reveals nothing of the first submission
    assert "original" not in response.json()


def test_transition_resend_applies_the_move_once(client_for, register, users):
    case = register()
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    path = f"/api/v1/cases/{case.code}/transition/"
    body = {"action": "revoke", "reason": "当事人非违法行为人"}
    first = _post(api, body, key="revoke-0001", path=path)
    assert first.status_code == 200, first.content
    again = _post(api, body, key="revoke-0001", path=path)
    assert again.status_code == 200
    assert again.headers[REPLAYED_HEADER] == "true"
    assert CaseEvent.objects.filter(case=case, action="revoke").count() == 1


def test_refused_transition_is_still_audited(client_for, register, users):
    case = register()
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    response = _post(api, {"action": "revoke"}, key="revoke-0002", path=f"/api/v1/cases/{case.code}/transition/")
    assert response.status_code == 400
    assert AuditEvent.objects.filter(event_type="case.transition", outcome="failure").exists()
    assert not ClientRequest.objects.exists()


def test_the_same_id_on_another_endpoint_is_a_conflict(client_for, users, payload):
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    code = _post(api, payload).json()["code"]
    response = _post(api, {"action": "record_execution"}, path=f"/api/v1/cases/{code}/transition/")
    assert response.status_code == 409
    assert response.json()["original"]["path"] == "/api/v1/cases/"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_flushable")
def test_concurrent_resends_create_one_case_and_both_get_it(client_for, users, payload, monkeypatch):
    """Two sends of one outbox item at once (PostgreSQL): the second waits on the first, then is answered 200."""
    assert connection.vendor == "postgresql"
    inside, results = threading.Event(), {}
    real_register = cases_api.case_register

    def slow_register(**kwargs):
        case = real_register(**kwargs)
        inside.set()
        threading.Event().wait(0.5)  # hold the transaction open while the twin arrives
        return case

    monkeypatch.setattr(cases_api, "case_register", slow_register)
    user = users[Role.TOWNSHIP_OFFICER]

    def send(name):
        try:
            results[name] = _post(client_for(user), payload)
        finally:
            connection.close()

    first = threading.Thread(target=send, args=("first",))
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=send, args=("second",))
    second.start()
    first.join(20)
    second.join(20)
    assert results["first"].status_code == 201
    assert results["second"].status_code == 200
    assert results["second"].json()["code"] == results["first"].json()["code"]
    assert Case.objects.count() == 1
