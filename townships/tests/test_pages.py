"""Organisation pages: scoping, the staffing check shown, filters, forms, constant query counts."""

from datetime import timedelta

from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from townships.models import Officer
from townships.tests.factories import OfficerFactory, TownshipFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(reverse("townships:officer_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_auditor_may_not_open_organisation_pages(login, users):
    assert login(users[Role.AUDITOR]).get(reverse("townships:township_list")).status_code == 403


def test_township_list_shows_staffing_and_verdict_for_each_township(login, users, township, other_township,
                                                                   staff_team):
    staff_team()
    html = login(users[Role.STAFF]).get(reverse("townships:township_list")).content.decode()
    assert township.name in html and other_township.name in html
    assert 'class="badge ok"' in html and 'class="badge bad"' in html


def test_township_officer_sees_only_own_township_in_list(login, users, township, other_township):
    html = login(users[Role.TOWNSHIP_OFFICER]).get(reverse("townships:township_list")).content.decode()
    assert township.name in html
    assert other_township.name not in html


def test_other_township_detail_is_404_for_township_officer(login, users, other_township):
    url = reverse("townships:township_detail", args=[other_township.code])
    assert login(users[Role.TOWNSHIP_OFFICER]).get(url).status_code == 404


def test_township_detail_shows_zones_officers_and_failed_checks(login, users, township, today):
    officer = OfficerFactory(township=township, name="赵志强", expired=True)
    zone = ZoneFactory(township=township, name="新河社区片区")
    zone.officers.add(officer)
    OfficerFactory(township=township, name="钱海波", posted_on=today - timedelta(days=800))
    response = login(users[Role.TOWNSHIP_OFFICER]).get(reverse("townships:township_detail", args=[township.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "新河社区片区" in html and "赵志强" in html
    assert 'data-check="certified_law_enforcement"' in html
    assert html.count('class="badge bad"') >= 3  # certified, safety and expired rows fail
    assert "钱海波" in html.split('id="rotation-heading"')[1]


def test_township_officer_sees_only_own_township_officers(login, users, township, other_township):
    OfficerFactory(township=township, name="本镇队员")
    OfficerFactory(township=other_township, name="外镇队员")
    html = login(users[Role.TOWNSHIP_OFFICER]).get(reverse("townships:officer_list")).content.decode()
    assert "本镇队员" in html
    assert "外镇队员" not in html


def test_expired_certificate_is_shown_as_expired(login, users, township):
    OfficerFactory(township=township, expired=True)
    html = login(users[Role.STAFF]).get(reverse("townships:officer_list")).content.decode()
    assert '<span class="badge bad">' in html


def test_officer_list_filters_by_certificate_status(login, users, township):
    OfficerFactory(township=township, name="过期队员", expired=True)
    OfficerFactory(township=township, name="有效队员")
    html = login(users[Role.STAFF]).get(reverse("townships:officer_list"), {"certificate_status": "expired"})
    html = html.content.decode()
    assert "过期队员" in html and "有效队员" not in html


def test_unknown_township_filter_shows_a_field_error_not_a_500(login, users, township):
    OfficerFactory(township=township, name="本镇队员")
    response = login(users[Role.STAFF]).get(reverse("townships:officer_list"), {"township": "nowhere"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error"' in html and "nowhere" in html
    assert "本镇队员" not in html


def test_officer_list_is_paginated(login, users, township):
    OfficerFactory.create_batch(51, township=township)
    client = login(users[Role.STAFF])
    first = client.get(reverse("townships:officer_list"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("townships:officer_list"), {"page": 2, "township": township.code})
    assert len(second.context["page"].object_list) == 1
    assert "township=east" in first.content.decode() or first.context["page"].has_next()


def test_township_list_query_count_is_constant(login, users, staff_team, django_assert_max_num_queries):
    client = login(users[Role.STAFF])
    for n in range(8):
        township = TownshipFactory(code=f"t{n}")
        staff_team(township=township, law=2, safety=2, auxiliaries=2)
        ZoneFactory.create_batch(2, township=township)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("townships:township_list")).status_code == 200


def test_officer_list_query_count_is_constant(login, users, township, other_township,
                                              django_assert_max_num_queries):
    OfficerFactory.create_batch(30, township=township)
    OfficerFactory.create_batch(20, township=other_township)
    client = login(users[Role.STAFF])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("townships:officer_list"), {"active": "true"}).status_code == 200


def test_township_detail_query_count_is_constant(login, users, township, django_assert_max_num_queries):
    officers = OfficerFactory.create_batch(20, township=township)
    for n in range(10):
        ZoneFactory(township=township).officers.set(officers[n:n + 3])
    client = login(users[Role.STAFF])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("townships:township_detail", args=[township.code])).status_code == 200


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.LEADER, Role.LIAISON])
def test_officer_form_is_forbidden_without_org_manage(login, users, role):
    assert login(users[role]).get(reverse("townships:officer_create")).status_code == 403


def test_staff_adds_an_officer_through_the_form(login, users, township, department, today):
    response = login(users[Role.STAFF]).post(reverse("townships:officer_create"), {
        "name": "周宇", "employee_number": "HS20001", "category": "law_enforcement",
        "certificate_number": "330212200001", "certificate_expiry": (today + timedelta(days=300)).isoformat(),
        "home_department": department.code, "township": township.code, "posted_on": today.isoformat(),
        "is_active": "on",
    })
    assert response.status_code == 302
    assert Officer.objects.get(employee_number="HS20001").township == township


def test_duplicate_certificate_in_the_form_is_shown_next_to_the_field(login, users, township, department, today):
    OfficerFactory(certificate_number="330212200001")
    response = login(users[Role.STAFF]).post(reverse("townships:officer_create"), {
        "name": "周宇", "employee_number": "HS20001", "category": "law_enforcement",
        "certificate_number": "330212200001", "certificate_expiry": (today + timedelta(days=300)).isoformat(),
        "home_department": department.code, "township": township.code, "posted_on": today.isoformat(),
    })
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["certificate_number"]
    assert not Officer.objects.filter(employee_number="HS20001").exists()


def test_staff_edits_an_officer_by_employee_number(login, users, township):
    officer = OfficerFactory(township=township, employee_number="HS30001")
    client = login(users[Role.STAFF])
    url = reverse("townships:officer_edit", args=["HS30001"])
    form = client.get(url).context["form"]
    assert (form["home_department"].value(), form["township"].value()) == (officer.home_department.code, "east")
    data = {name: form[name].value() for name in form.fields if name != "is_active"}
    data = {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in data.items()}
    data["name"] = "新名字"
    assert client.post(url, data).status_code == 302
    officer.refresh_from_db()
    assert (officer.name, officer.is_active, officer.township) == ("新名字", False, township)


def test_edit_page_of_unknown_officer_is_404(login, users):
    assert login(users[Role.STAFF]).get(reverse("townships:officer_edit", args=["NOPE"])).status_code == 404
