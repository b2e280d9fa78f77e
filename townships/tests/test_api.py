"""/api/v1/departments/, /api/v1/townships/, /api/v1/officers/: auth, scoping, filters, pagination, writes."""

from datetime import timedelta

import pytest

from enforcement.accounts.models import Role
from townships.models import Officer
from townships.tests.factories import DepartmentFactory, OfficerFactory, TownshipFactory, ZoneFactory

pytestmark = pytest.mark.django_db

LIST_URLS = ["/api/v1/departments/", "/api/v1/townships/", "/api/v1/officers/"]


@pytest.mark.parametrize("url", LIST_URLS)
def test_anonymous_calls_are_401(api_client, url):
    assert api_client.get(url).status_code == 401


def test_anonymous_officer_detail_is_401(api_client, township):
    officer = OfficerFactory(township=township)
    assert api_client.get(f"/api/v1/officers/{officer.pk}/").status_code == 401


def test_other_townships_officer_by_id_is_404(client_for, users, other_township):
    stranger = OfficerFactory(township=other_township)
    assert client_for(users[Role.TOWNSHIP_OFFICER]).get(f"/api/v1/officers/{stranger.pk}/").status_code == 404


def test_own_townships_officer_by_id_is_returned_with_codes(client_for, users, township, department):
    officer = OfficerFactory(township=township, home_department=department, expired=True)
    data = client_for(users[Role.TOWNSHIP_OFFICER]).get(f"/api/v1/officers/{officer.pk}/").json()
    assert (data["township"], data["home_department"], data["certificate_status"]) == ("east", "market", "expired")


def test_township_officer_lists_only_own_township_officers(client_for, users, township, other_township):
    own = OfficerFactory(township=township)
    OfficerFactory(township=other_township)
    data = client_for(users[Role.TOWNSHIP_OFFICER]).get("/api/v1/officers/").json()
    assert [row["employee_number"] for row in data["results"]] == [own.employee_number]


def test_other_township_by_code_is_404(client_for, users, other_township):
    assert client_for(users[Role.TOWNSHIP_OFFICER]).get(f"/api/v1/townships/{other_township.code}/").status_code == 404


def test_township_by_code_has_staffing_counts_and_check(client_for, users, township, staff_team):
    staff_team()
    data = client_for(users[Role.STAFF]).get(f"/api/v1/townships/{township.code}/").json()
    assert (data["certified_law_enforcement_count"], data["safety_count"], data["auxiliary_count"]) == (6, 6, 18)
    assert data["staffing_standard_met"] is True
    assert [item["key"] for item in data["staffing_check"]] == ["certified_law_enforcement", "safety", "auxiliaries"]


def test_unknown_township_filter_is_400_with_chinese_message_on_the_field(client_for, users):
    response = client_for(users[Role.STAFF]).get("/api/v1/officers/", {"township": "nowhere"})
    assert response.status_code == 400
    assert "township" in response.json()
    assert "乡镇" in response.json()["township"][0]


def test_township_officer_filtering_by_other_township_is_400(client_for, users, other_township):
    OfficerFactory(township=other_township)
    response = client_for(users[Role.TOWNSHIP_OFFICER]).get("/api/v1/officers/", {"township": other_township.code})
    assert response.status_code == 400


def test_bad_certificate_status_filter_is_400(client_for, users):
    assert client_for(users[Role.STAFF]).get("/api/v1/officers/", {"certificate_status": "x"}).status_code == 400


def test_officers_filter_by_township_department_category_status_active_and_search(client_for, users, township,
                                                                                  other_township, today):
    target = OfficerFactory(township=township, category="safety", name="孙海波",
                            certificate_expiry=today + timedelta(days=10))
    OfficerFactory(township=other_township, category="safety", certificate_expiry=today + timedelta(days=10))
    OfficerFactory(township=township, category="safety", name="孙海波", certificate_expiry=today + timedelta(days=10),
                   is_active=False)
    params = {"township": township.code, "department": target.home_department.code, "category": "safety",
              "certificate_status": "expiring", "active": "true", "search": "海波"}
    data = client_for(users[Role.STAFF]).get("/api/v1/officers/", params).json()
    assert [row["id"] for row in data["results"]] == [target.pk]


def test_officers_are_paginated_with_client_page_size_capped_at_200(client_for, users, township):
    OfficerFactory.create_batch(5, township=township)
    client = client_for(users[Role.STAFF])
    data = client.get("/api/v1/officers/", {"page_size": 2}).json()
    assert (data["count"], len(data["results"])) == (5, 2)
    assert "page=2" in data["next"]
    assert client.get("/api/v1/officers/", {"page_size": 1000}).status_code == 200


def test_departments_are_reference_data_for_a_township_officer(client_for, users, department):
    DepartmentFactory(code="water", name="水利局")
    data = client_for(users[Role.TOWNSHIP_OFFICER]).get("/api/v1/departments/").json()
    assert {row["code"] for row in data["results"]} == {"market", "water"}


def test_auditor_sees_no_organisation_rows(client_for, users, township):
    OfficerFactory(township=township)
    client = client_for(users[Role.AUDITOR])
    assert client.get("/api/v1/officers/").status_code == 403


@pytest.fixture
def new_officer(township, department, today):
    return {"name": "吴佳", "employee_number": "HS40001", "category": "law_enforcement",
            "certificate_number": "330212400001", "certificate_expiry": (today + timedelta(days=500)).isoformat(),
            "home_department": department.code, "township": township.code, "posted_on": today.isoformat(),
            "is_active": True}


def test_staff_creates_an_officer_through_the_api(client_for, users, new_officer):
    response = client_for(users[Role.STAFF]).post("/api/v1/officers/", new_officer, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["certificate_status"] == "valid"
    assert Officer.objects.filter(employee_number="HS40001").exists()


def test_duplicate_certificate_through_the_api_is_400_naming_the_field(client_for, users, new_officer):
    OfficerFactory(certificate_number="330212400001")
    response = client_for(users[Role.STAFF]).post("/api/v1/officers/", new_officer, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["certificate_number"]
    assert "执法证号" in response.json()["certificate_number"][0]


def test_township_officer_cannot_write_officers(client_for, users, township, new_officer):
    officer = OfficerFactory(township=township)
    client = client_for(users[Role.TOWNSHIP_OFFICER])
    assert client.post("/api/v1/officers/", new_officer, format="json").status_code == 403
    assert client.patch(f"/api/v1/officers/{officer.pk}/", {"name": "x"}, format="json").status_code == 403


def test_staff_patches_an_officer(client_for, users, township):
    officer = OfficerFactory(township=township)
    response = client_for(users[Role.STAFF]).patch(f"/api/v1/officers/{officer.pk}/", {"is_active": False},
                                                   format="json")
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.is_active is False


def test_officers_cannot_be_deleted_through_the_api(client_for, users, township):
    officer = OfficerFactory(township=township)
    assert client_for(users[Role.ADMIN]).delete(f"/api/v1/officers/{officer.pk}/").status_code == 405


def test_officer_list_query_count_is_constant(client_for, users, township, django_assert_max_num_queries):
    OfficerFactory.create_batch(40, township=township)
    client = client_for(users[Role.STAFF])
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/officers/", {"page_size": 40}).status_code == 200


def test_township_list_query_count_is_constant(client_for, users, staff_team, django_assert_max_num_queries):
    for n in range(6):
        township = TownshipFactory(code=f"t{n}")
        staff_team(township=township, law=1, safety=1, auxiliaries=1)
        ZoneFactory(township=township)
    client = client_for(users[Role.STAFF])
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/townships/").status_code == 200


def test_department_list_query_count_is_constant(client_for, users, django_assert_max_num_queries):
    DepartmentFactory.create_batch(10)
    client = client_for(users[Role.STAFF])
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/departments/").status_code == 200


def test_schema_documents_the_organisation_endpoints_and_officer_filters(client, users):
    client.force_login(users[Role.STAFF])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"/api/v1/departments/", "/api/v1/townships/{code}/", "/api/v1/officers/{id}/"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/v1/officers/"]["get"]["parameters"]}
    assert {"township", "department", "category", "certificate_status", "active", "search", "page"} <= parameters
    township = schema["components"]["schemas"]["Township"]["properties"]
    assert township["staffing_standard_met"]["type"] == "boolean"
    assert township["staffing_check"]["type"] == "array"
