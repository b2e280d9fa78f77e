"""The demo county: realistic size, all four empowerment modes, demo accounts, idempotent."""

import random
from io import StringIO

from django.conf import settings

import pytest

from enforcement.accounts.models import Role, User
from townships import demo
from townships.models import Department, Officer, Township, Zone

pytestmark = pytest.mark.django_db


def counts():
    return (Department.objects.count(), Township.objects.count(), Officer.objects.count(), Zone.objects.count(),
            Zone.officers.through.objects.count(), User.objects.count())


@pytest.fixture
def seeded(db):
    demo.seed(stdout=StringIO(), rng=random.Random(2026))
    return counts()


def test_seeding_twice_changes_nothing(seeded):
    demo.seed(stdout=StringIO(), rng=random.Random(2026))
    assert counts() == seeded


def test_demo_county_has_the_expected_scale(seeded):
    departments, townships, officers, zones, _links, _users = seeded
    assert departments >= 32 and townships >= 8 and 580 <= officers <= 620 and zones >= 170
    posted = Officer.objects.filter(township__isnull=False).count() / officers
    assert 0.84 <= posted <= 0.88
    assert set(Township.objects.values_list("empowerment_mode", flat=True)) == set(Township.EmpowermentMode.values)
    assert Township.objects.filter(hub__isnull=False, empowerment_mode="hub").exists()
    assert not Officer.objects.filter(is_demo=False).exists()


def test_demo_officers_include_expired_expiring_certificates_and_due_rotations(seeded):
    statuses = {officer.certificate_status() for officer in Officer.objects.all()}
    assert statuses == {"valid", "expiring", "expired", "none"}
    assert any(officer.rotation_due() for officer in Officer.objects.filter(township__isnull=False))


def test_demo_townships_both_meet_and_miss_the_staffing_standard(seeded):
    from townships import selectors

    verdicts = {t.staffing.passed for t in selectors.township_list(actor=User.objects.get(username="staff"))}
    assert verdicts == {True, False}


def test_demo_accounts_exist_for_every_role_township_and_department(seeded):
    for username, role in [("admin", Role.ADMIN), ("security", Role.SECURITY_ADMIN), ("auditor", Role.AUDITOR),
                           ("staff", Role.STAFF), ("leader", Role.LEADER), ("reviewer", Role.DISTRICT_REVIEWER)]:
        assert User.objects.get(username=username).role == role
    assert User.objects.get(username="admin").check_password(settings.DEMO_PASSWORD)
    for township in Township.objects.all():
        officer_account = User.objects.get(username=f"officer_{township.code}")
        assert officer_account.role == Role.TOWNSHIP_OFFICER and officer_account.township == township
        assert officer_account.officer.township == township
        assert User.objects.get(username=f"reviewer_{township.code}").role == Role.TOWNSHIP_REVIEWER
    for department in Department.objects.all():
        assert User.objects.get(username=f"liaison_{department.code}").department == department
    assert not User.objects.filter(is_demo=False).exists()


def test_demo_qualifications_are_idempotent_and_realistic(seeded):
    from townships import qualification_demo
    from townships.models import CertificateReview, TrainingRecord

    qualification_demo.seed(stdout=StringIO(), rng=random.Random(2026))
    reviews, trainings = CertificateReview.objects.count(), TrainingRecord.objects.count()
    qualification_demo.seed(stdout=StringIO(), rng=random.Random(2026))
    assert (CertificateReview.objects.count(), TrainingRecord.objects.count()) == (reviews, trainings)
    certified = Officer.objects.filter(is_active=True, certificate_number__isnull=False).count()
    assert reviews >= certified  # everyone was reviewed last year
    assert Officer.objects.filter(has_legal_qualification=True).exists()
    suspended = Officer.objects.filter(certificate_suspended_on__isnull=False)
    assert 0 < suspended.count() < certified * 0.05
    assert all(o.certificate_status() in {"suspended", "expired"} for o in suspended)


def test_no_demo_account_is_a_superuser_or_staff(seeded):
    """SECURITY §1 and §6 (三员分立): no daily account is a Django superuser; the admin site is break-glass only."""
    assert not User.objects.filter(is_demo=True, is_superuser=True).exists()
    assert not User.objects.filter(is_demo=True, is_staff=True).exists()
