"""The staffing standard, certificate statuses and the scoped officer filters."""

from datetime import timedelta

from django.core.exceptions import ValidationError

import pytest

from enforcement.accounts.models import Role
from townships import selectors
from townships.models import Officer
from townships.tests.factories import OfficerFactory, TownshipFactory

pytestmark = pytest.mark.django_db


def staffing_of(user, code):
    return {t.code: t for t in selectors.township_list(actor=user)}[code].staffing


def test_team_of_six_certified_six_safety_and_eighteen_auxiliaries_meets_the_standard(users, township, staff_team):
    staff_team()
    check = staffing_of(users[Role.STAFF], township.code)
    assert check.passed
    assert [(item.key, item.actual, item.required) for item in check.items] == [
        ("certified_law_enforcement", 6, 6), ("safety", 6, 6), ("auxiliaries", 18, 18)]


def test_expired_certificate_does_not_count_as_certified(users, township, staff_team, today):
    first = staff_team().filter(category="law_enforcement").first()
    Officer.objects.filter(pk=first.pk).update(certificate_expiry=today - timedelta(days=1))
    check = staffing_of(users[Role.STAFF], township.code)
    assert not check.passed
    assert [item.key for item in check.failures] == ["certified_law_enforcement"]


def test_fewer_than_three_auxiliaries_per_officer_fails_the_ratio(users, township, staff_team):
    staff_team(auxiliaries=17)
    check = staffing_of(users[Role.STAFF], township.code)
    assert [item.key for item in check.failures] == ["auxiliaries"]


def test_five_safety_officers_fail_the_safety_minimum(users, township, staff_team):
    staff_team(safety=5)
    assert [item.key for item in staffing_of(users[Role.STAFF], township.code).failures] == ["safety"]


def test_inactive_officers_do_not_count_towards_the_standard(users, township, staff_team):
    first = staff_team().filter(category="safety").first()
    Officer.objects.filter(pk=first.pk).update(is_active=False)
    assert [item.key for item in staffing_of(users[Role.STAFF], township.code).failures] == ["safety"]


def test_list_counts_agree_with_detail_check(users, township, staff_team, today):
    staff_team(law=7, safety=3, auxiliaries=10)
    OfficerFactory(township=township, expired=True)
    listed = staffing_of(users[Role.STAFF], township.code)
    detail = selectors.township_detail(actor=users[Role.STAFF], code=township.code).staffing
    assert [(i.actual, i.required) for i in listed.items] == [(i.actual, i.required) for i in detail.items]


def test_detail_lists_expiring_and_expired_certificates_and_rotation_due(users, township, today):
    expiring = OfficerFactory(township=township, certificate_expiry=today + timedelta(days=60))
    expired = OfficerFactory(township=township, expired=True)
    OfficerFactory(township=township, certificate_expiry=today + timedelta(days=61))
    old_posting = OfficerFactory(township=township, posted_on=today - timedelta(days=731))
    OfficerFactory(township=township, posted_on=today - timedelta(days=700))
    detail = selectors.township_detail(actor=users[Role.STAFF], code=township.code)
    assert detail.expiring_certificates == [expiring]
    assert detail.expired_certificates == [expired]
    assert detail.rotation_due == [old_posting]


def test_township_officer_sees_only_own_township_in_list(users, township, other_township):
    assert [t.code for t in selectors.township_list(actor=users[Role.TOWNSHIP_OFFICER])] == [township.code]
    assert {t.code for t in selectors.township_list(actor=users[Role.STAFF])} == {township.code, other_township.code}


def test_township_detail_of_other_township_is_404_for_township_officer(users, other_township):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.township_detail(actor=users[Role.TOWNSHIP_OFFICER], code=other_township.code)


@pytest.mark.parametrize(("status", "days"), [("valid", 61), ("expiring", 60), ("expiring", 0), ("expired", -1)])
def test_certificate_status_filter_matches_the_model_status(users, township, today, status, days):
    officer = OfficerFactory(township=township, certificate_expiry=today + timedelta(days=days))
    OfficerFactory(township=township, auxiliary=True)
    found = list(selectors.officer_list(actor=users[Role.STAFF], filters={"certificate_status": status}))
    assert found == [officer]
    assert officer.certificate_status() == status


def test_certificate_status_none_finds_auxiliaries(users, township):
    OfficerFactory(township=township)
    auxiliary = OfficerFactory(township=township, auxiliary=True)
    assert list(selectors.officer_list(actor=users[Role.STAFF], filters={"certificate_status": "none"})) == [auxiliary]


def test_search_finds_by_name_employee_number_and_certificate_number(users, township):
    officer = OfficerFactory(township=township, name="王建国", employee_number="HS09999",
                             certificate_number="330212999999")
    OfficerFactory(township=township, name="李芳")
    for text in ["建国", "hs0999", "2999999"]:
        assert list(selectors.officer_list(actor=users[Role.STAFF], filters={"search": text})) == [officer]


def test_filters_by_township_department_category_rotation_and_active(users, township, other_township, today):
    target = OfficerFactory(township=township, safety=True, posted_on=today - timedelta(days=800))
    OfficerFactory(township=other_township, safety=True, posted_on=today - timedelta(days=800))
    OfficerFactory(township=township, safety=True, home_department=target.home_department)
    OfficerFactory(township=township, safety=True, posted_on=today - timedelta(days=800), is_active=False)
    filters = {"township": township.code, "department": target.home_department.code, "category": "safety",
               "rotation_due": "true", "active": "true"}
    assert list(selectors.officer_list(actor=users[Role.STAFF], filters=filters)) == [target]


def test_unknown_township_code_is_a_validation_error_naming_the_field(users):
    with pytest.raises(ValidationError) as error:
        selectors.officer_list(actor=users[Role.STAFF], filters={"township": "nowhere"})
    assert "township" in error.value.message_dict


def test_township_officer_cannot_filter_by_another_township(users, other_township):
    OfficerFactory(township=other_township)
    with pytest.raises(ValidationError):
        selectors.officer_list(actor=users[Role.TOWNSHIP_OFFICER], filters={"township": other_township.code})


def test_liaison_sees_officers_of_own_department_only(users, department, township):
    own = OfficerFactory(township=township, home_department=department)
    OfficerFactory(township=township)
    assert list(selectors.officer_list(actor=users[Role.LIAISON])) == [own]


def test_satellites_of_a_hub_are_listed_on_its_detail(users, township):
    satellite = TownshipFactory(code="sat", name="卫星乡", empowerment_mode="hub", hub=township)
    assert selectors.township_detail(actor=users[Role.STAFF], code=township.code).satellites == [satellite]
