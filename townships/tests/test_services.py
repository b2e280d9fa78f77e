"""Officer and zone writes: permission, validation with Chinese field errors, audit."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from townships import services
from townships.models import Officer, Zone
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_data(township, department, today):
    return {"name": "陈晓东", "employee_number": "HS10001", "category": Officer.Category.LAW_ENFORCEMENT,
            "certificate_number": "330212100001", "certificate_expiry": today + timedelta(days=400),
            "home_department": department, "township": township, "posted_on": today - timedelta(days=10)}


def test_officer_create_saves_and_records_an_audit_event(users, officer_data):
    officer = services.officer_create(actor=users[Role.STAFF], **officer_data)
    assert Officer.objects.get(employee_number="HS10001") == officer
    event = AuditEvent.objects.get(event_type="org.officer_created")
    assert (event.user, event.detail["employee_number"], event.detail["township"]) == (
        users[Role.STAFF], "HS10001", "east")


def test_duplicate_certificate_number_is_a_chinese_error_on_the_field(users, officer_data):
    OfficerFactory(certificate_number="330212100001")
    with pytest.raises(ValidationError) as error:
        services.officer_create(actor=users[Role.STAFF], **officer_data)
    assert list(error.value.message_dict) == ["certificate_number"]
    assert "执法证号" in error.value.message_dict["certificate_number"][0]
    assert not Officer.objects.filter(employee_number="HS10001").exists()
    assert not AuditEvent.objects.filter(event_type="org.officer_created").exists()


def test_duplicate_employee_number_is_an_error_on_the_field(users, officer_data):
    OfficerFactory(employee_number="HS10001")
    with pytest.raises(ValidationError) as error:
        services.officer_create(actor=users[Role.STAFF], **officer_data)
    assert list(error.value.message_dict) == ["employee_number"]


def test_certificate_without_expiry_is_refused(users, officer_data):
    officer_data["certificate_expiry"] = None
    with pytest.raises(ValidationError) as error:
        services.officer_create(actor=users[Role.STAFF], **officer_data)
    assert "certificate_expiry" in error.value.message_dict


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER,
                                  Role.LEADER, Role.LIAISON, Role.AUDITOR])
def test_only_org_managers_may_create_officers(users, officer_data, role):
    with pytest.raises(PermissionDenied):
        services.officer_create(actor=users[role], **officer_data)
    assert not Officer.objects.exists()


def test_officer_update_records_the_changed_fields(users, township):
    officer = OfficerFactory(township=township, name="李芳")
    services.officer_update(actor=users[Role.ADMIN], officer=officer, name="李芳芳", is_active=False)
    officer.refresh_from_db()
    assert (officer.name, officer.is_active) == ("李芳芳", False)
    event = AuditEvent.objects.get(event_type="org.officer_updated")
    assert event.detail["changed"] == {"name": ["李芳", "李芳芳"], "is_active": [True, False]}


def test_officer_update_to_a_taken_certificate_number_is_refused(users, township):
    OfficerFactory(certificate_number="330212000001")
    officer = OfficerFactory(township=township)
    with pytest.raises(ValidationError) as error:
        services.officer_update(actor=users[Role.STAFF], officer=officer, certificate_number="330212000001")
    assert "certificate_number" in error.value.message_dict
    officer.refresh_from_db()
    assert officer.certificate_number != "330212000001"


def test_officer_update_without_changes_writes_nothing(users, township):
    officer = OfficerFactory(township=township)
    services.officer_update(actor=users[Role.STAFF], officer=officer, name=officer.name)
    assert not AuditEvent.objects.filter(event_type="org.officer_updated").exists()


def test_zone_create_assigns_officers_of_the_same_township(users, township):
    officer = OfficerFactory(township=township)
    zone = services.zone_create(actor=users[Role.STAFF], township=township, code="east-01", name="东风社区片区",
                                officers=[officer])
    assert list(zone.officers.all()) == [officer]
    assert AuditEvent.objects.filter(event_type="org.zone_created").exists()


def test_zone_create_refuses_an_officer_of_another_township(users, township, other_township):
    stranger = OfficerFactory(township=other_township)
    with pytest.raises(ValidationError) as error:
        services.zone_create(actor=users[Role.STAFF], township=township, code="east-01", name="东风社区片区",
                             officers=[stranger])
    assert "officers" in error.value.message_dict
    assert not Zone.objects.exists()
