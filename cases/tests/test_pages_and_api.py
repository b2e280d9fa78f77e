"""Pages and API: scoping (404 across townships), constant query counts, filters, idempotent re-sends."""

from datetime import date

from django.urls import reverse

import pytest

from cases.models import Case, Status
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent

from .articles import names_article
from .factories import CITIZEN_ID, WAIVED, CaseFactory

pytestmark = pytest.mark.django_db


def test_case_list_page_shows_own_township_only(client, users, township, other_township):
    mine = CaseFactory(township=township)
    theirs = CaseFactory(township=other_township)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    body = client.get(reverse("cases:list")).content.decode()
    assert mine.code in body and theirs.code not in body


def test_case_detail_of_another_township_is_404(client, make_user, township, other_township):
    case = CaseFactory(township=township)
    client.force_login(make_user(Role.TOWNSHIP_OFFICER, township=other_township))
    assert client.get(reverse("cases:detail", args=[case.code])).status_code == 404


def test_case_list_page_query_count_is_constant(client, users, township, django_assert_max_num_queries):
    for _ in range(30):
        CaseFactory(township=township)
    client.force_login(users[Role.STAFF])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cases:list")).status_code == 200


def test_overdue_list_page_and_review_queue_render(client, users, township):
    CaseFactory(township=township, filed_on=date(2026, 1, 1), deadline=date(2026, 4, 1))
    client.force_login(users[Role.STAFF])
    assert client.get(reverse("cases:overdue")).status_code == 200
    client.force_login(users[Role.TOWNSHIP_REVIEWER])
    assert client.get(reverse("cases:review_queue")).status_code == 200


def test_detail_shows_only_actions_the_user_may_take(client, register, users):
    case = register()
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    body = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert reverse("cases:action", args=[case.code, "notify"]) in body
    client.force_login(users[Role.LEADER])
    body = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert reverse("cases:action", args=[case.code, "notify"]) not in body


def test_refused_transition_shows_the_reason_on_the_page(client, register, users):
    case = register()
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.post(reverse("cases:action", args=[case.code, "notify"]),
                           {"notify-penalty_kinds": ["fine"], "notify-fine": "999999"})
    assert response.status_code == 400
    assert "罚款" in response.content.decode() or "fine" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.INVESTIGATING


def test_unmask_requires_a_reason_and_is_audited(client, register, users):
    case = register()
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert CITIZEN_ID not in page and "1101**********002X" in page
    assert client.post(reverse("cases:unmask", args=[case.code]), {"reason": ""}).status_code == 400
    response = client.post(reverse("cases:unmask", args=[case.code]), {"reason": "送达文书需核对身份"})
    assert CITIZEN_ID in response.content.decode()
    assert AuditEvent.objects.filter(event_type="case.unmask", object_id=case.code).exists()


def test_leader_cannot_unmask(client, register, users):
    case = register()
    client.force_login(users[Role.LEADER])
    response = client.post(reverse("cases:unmask", args=[case.code]), {"reason": "想看看"})
    assert response.status_code == 403


def test_filing_wizard_searches_items_by_pinyin_initials(client, register, users, item):
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    register()  # grants the empowerment
    body = client.get(reverse("cases:create"), {"q": item.pinyin_initials[:5]}).content.decode()
    assert item.code in body


def test_filing_wizard_registers_a_case(client, users, item, empower, officers):
    empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.post(reverse("cases:create"), {
        "item": item.code, "procedure": "ordinary", "source": "patrol", "party_type": "citizen",
        "party_name": "王五", "party_id_number": CITIZEN_ID, "location": "人民路", "facts": "占道",
        "violation_date": date.today().isoformat(), "discovered_on": date.today().isoformat(),
        "officers": [o.employee_number for o in officers], "penalty_kinds": ["fine"], "fine": "500",
        "file_now": "on"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == Status.INVESTIGATING


def test_filing_wizard_shows_art42_error_for_one_officer(client, users, item, empower, officers):
    empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.post(reverse("cases:create"), {
        "item": item.code, "procedure": "ordinary", "source": "patrol", "party_type": "citizen",
        "party_name": "王五", "location": "人民路", "facts": "占道", "violation_date": date.today().isoformat(),
        "discovered_on": date.today().isoformat(), "officers": [officers[0].employee_number], "file_now": "on"})
    assert response.status_code == 400
    assert names_article(response.content.decode(), 42)
    assert not Case.objects.exists()


# ---- API ---------------------------------------------------------------------------------------------

def test_api_case_list_is_scoped_and_query_count_constant(client_for, users, township, other_township,
                                                          django_assert_max_num_queries):
    for _ in range(20):
        CaseFactory(township=township)
    CaseFactory(township=other_township)
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/cases/")
    assert response.status_code == 200
    assert response.json()["count"] == 20


def test_api_case_list_filters(client_for, users, township, other_township):
    CaseFactory(township=township, status=Status.DECIDED)
    CaseFactory(township=other_township, procedure="simple", status=Status.DELIVERED)
    overdue = CaseFactory(township=township, deadline=date(2026, 1, 1))
    api = client_for(users[Role.STAFF])
    assert api.get("/api/v1/cases/", {"status": "decided"}).json()["count"] == 1
    assert api.get("/api/v1/cases/", {"procedure": "simple"}).json()["count"] == 1
    assert api.get("/api/v1/cases/", {"township": "west"}).json()["count"] == 1
    results = api.get("/api/v1/cases/", {"overdue": "1"}).json()["results"]
    assert [r["code"] for r in results] == [overdue.code]
    assert api.get("/api/v1/cases/", {"domain": overdue.item.domain.code}).json()["count"] == 1
    assert api.get("/api/v1/cases/", {"item": overdue.item.code}).json()["count"] == 1
    assert api.get("/api/v1/cases/", {"date_from": "2000-01-01", "date_to": "2000-01-02"}).json()["count"] == 0


def test_case_date_filter_uses_filing_date_or_on_the_spot_decision_date(client_for, users, township):
    """The dashboard's drill-down lists exactly the cases its figures counted (filed_on, else decided_on)."""
    filed = CaseFactory(township=township, filed_on=date(2026, 10, 5))
    on_the_spot = CaseFactory(township=township, procedure="simple", filed_on=None, decided_on=date(2026, 10, 9))
    CaseFactory(township=township, filed_on=date(2026, 9, 30))
    api = client_for(users[Role.STAFF])
    results = api.get("/api/v1/cases/", {"case_date_from": "2026-10-01", "case_date_to": "2026-10-31"}).json()
    assert sorted(r["code"] for r in results["results"]) == sorted([filed.code, on_the_spot.code])


def test_api_detail_of_another_township_is_404(client_for, make_user, township, other_township):
    case = CaseFactory(township=township)
    api = client_for(make_user(Role.TOWNSHIP_OFFICER, township=other_township))
    assert api.get(f"/api/v1/cases/{case.code}/").status_code == 404
    assert api.post(f"/api/v1/cases/{case.code}/transition/", {"action": "revoke"}, format="json").status_code == 404


def test_api_create_is_idempotent_on_request_id(client_for, users, item, empower, officers):
    empower(item)
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    payload = {"request_id": "pda-7-42", "procedure": "simple", "item": item.code, "party_type": "citizen",
               "party_name": "王五", "location": "人民路", "facts": "占道经营",
               "violation_date": date.today().isoformat(),
               "officers": [o.employee_number for o in officers], "penalty_kinds": ["fine"], "fine": "100"}
    first = api.post("/api/v1/cases/", payload, format="json")
    assert first.status_code == 201, first.content
    second = api.post("/api/v1/cases/", payload, format="json")
    assert second.status_code == 200
    assert first.json()["code"] == second.json()["code"]
    assert Case.objects.count() == 1


def test_api_create_simple_over_art51_limit_is_a_400_naming_the_article(client_for, users, item, empower, officers):
    empower(item)
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    response = api.post("/api/v1/cases/", {
        "procedure": "simple", "item": item.code, "party_type": "citizen", "party_name": "王五", "location": "人民路",
        "facts": "占道", "violation_date": date.today().isoformat(), "officers": [o.employee_number for o in officers],
        "penalty_kinds": ["fine"], "fine": "201"}, format="json")
    assert response.status_code == 400
    assert names_article(str(response.json()), 51)
    assert not Case.objects.exists()


def test_api_transition_and_events(client_for, register, users):
    case = register()
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    response = api.post(f"/api/v1/cases/{case.code}/transition/",
                        {"action": "notify", "penalty_kinds": ["fine"], "fine": "500"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "notified"
    refused = api.post(f"/api/v1/cases/{case.code}/transition/", {"action": "archive"}, format="json")
    assert refused.status_code == 400
    events = api.get(f"/api/v1/cases/{case.code}/events/").json()["results"]
    assert [e["action"] for e in events] == ["create", "register", "notify"]


def test_api_review_queue_lists_the_callers_level(client_for, register, walk, users, officer_user):
    case = register(fine="20000")
    walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "20000"}),
         ("record_statement", officer_user, WAIVED), ("submit_review", officer_user, {}))
    township_queue = client_for(users[Role.TOWNSHIP_REVIEWER]).get("/api/v1/reviews/").json()
    district_queue = client_for(users[Role.DISTRICT_REVIEWER]).get("/api/v1/reviews/").json()
    assert [c["code"] for c in township_queue["results"]] == [case.code]
    assert district_queue["count"] == 0


def test_api_case_list_count_is_capped_for_huge_lists(client_for, users, township, monkeypatch):
    from cases import api as cases_api

    monkeypatch.setattr(cases_api.CasePagination, "count_cap", 3)
    for _ in range(5):
        CaseFactory(township=township)
    api = client_for(users[Role.STAFF])
    body = api.get("/api/v1/cases/", {"page_size": 2}).json()
    assert body["count"] == 3 and body["count_exact"] is False
    assert len(body["results"]) == 2 and "cursor=" in body["next"]
    second = api.get(body["next"]).json()
    last = api.get(second["next"]).json()  # past the cap, every row stays reachable through `next`
    assert len(last["results"]) == 1 and last["next"] is None
    assert api.get("/api/v1/cases/", {"page_size": 2, "page": 3}).status_code == 404  # page numbers: within the cap
    body = api.get("/api/v1/cases/", {"status": "decided"}).json()
    assert body["count"] == 0 and body["count_exact"] is True


def test_api_case_list_fast_path_matches_the_serializer(client_for, users, township):
    from cases.models import Case
    from cases.serializers import CaseListSerializer

    CaseFactory(township=township, fine_amount="1234.50", status=Status.DECIDED, decided_on=date(2026, 3, 1))
    CaseFactory(township=None, closed_on=None)
    body = client_for(users[Role.STAFF]).get("/api/v1/cases/").json()["results"]
    expected = CaseListSerializer(Case.objects.select_related("item__domain", "township"), many=True).data
    assert body == [dict(row) for row in expected]


def test_public_verify_page_shows_the_status_in_chinese_and_no_personal_data(client, register):
    case = register(party_name="王五")
    body = client.get(reverse("verify", args=[case.code])).content.decode()
    assert "已立案" in body
    assert "王五" not in body and CITIZEN_ID not in body and "1101" not in body


# ---- filing wizard: the officers offered are the case's township's (valid certificates only) ---------

def _wizard_officer_numbers(response):
    return {value for value, _label in response.context["form"].fields["officers"].choices}


def test_filing_wizard_offers_staff_the_chosen_townships_certified_officers(client, users, item, township,
                                                                            other_township, officers):
    from townships.tests.factories import OfficerFactory

    expired = OfficerFactory(township=township, expired=True)
    bureau = OfficerFactory(unposted=True)
    elsewhere = OfficerFactory(township=other_township)
    client.force_login(users[Role.STAFF])
    offered = _wizard_officer_numbers(client.get(reverse("cases:create"), {"item": item.code,
                                                                           "township": township.code}))
    assert offered == {o.employee_number for o in officers}
    assert not offered & {expired.employee_number, bureau.employee_number, elsewhere.employee_number}
    offered_bureau = _wizard_officer_numbers(client.get(reverse("cases:create"), {"item": item.code}))
    assert bureau.employee_number in offered_bureau
    assert not offered_bureau & {o.employee_number for o in officers}


def test_filing_wizard_staff_file_a_township_case(client, users, item, empower, township, officers):
    empower(item)
    client.force_login(users[Role.STAFF])
    response = client.post(reverse("cases:create"), {
        "item": item.code, "township": township.code, "procedure": "ordinary", "source": "patrol",
        "party_type": "citizen", "party_name": "王五", "party_id_number": CITIZEN_ID, "location": "人民路",
        "facts": "占道", "violation_date": date.today().isoformat(), "discovered_on": date.today().isoformat(),
        "officers": [o.employee_number for o in officers], "penalty_kinds": ["fine"], "fine": "500",
        "file_now": "on"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.township == township and case.status == Status.INVESTIGATING


def test_filing_wizard_township_officer_sees_only_own_officers(client, users, item, empower, other_township,
                                                              officers):
    from townships.tests.factories import OfficerFactory

    elsewhere = OfficerFactory(township=other_township)
    empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.get(reverse("cases:create"), {"item": item.code, "township": other_township.code})
    offered = _wizard_officer_numbers(response)
    assert offered == {o.employee_number for o in officers}
    assert elsewhere.employee_number not in offered


@pytest.mark.django_db
def test_case_pages_link_only_what_the_role_may_open(client, users):
    """Issue 13 item 6: the review queue for reviewers, filing for those who file, deadlines for those who watch."""
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    officer_page = client.get("/cases/").content.decode()
    assert 'href="/cases/new/"' in officer_page and 'href="/cases/reviews/"' not in officer_page
    client.force_login(users[Role.DISTRICT_REVIEWER])
    reviewer_page = client.get("/cases/").content.decode()
    assert 'href="/cases/reviews/"' in reviewer_page and 'href="/cases/new/"' not in reviewer_page
    client.force_login(users[Role.LIAISON])
    liaison_page = client.get("/cases/").content.decode()
    assert 'href="/cases/overdue/"' not in liaison_page
