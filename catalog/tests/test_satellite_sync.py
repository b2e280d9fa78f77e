"""1+X radiation: satellites share their hub's list; grants and revocations on the hub propagate."""

from datetime import date

from django.core.exceptions import ValidationError

import pytest

from catalog.models import Item
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from townships.empowerment import empowerment_grant, empowerment_revoke, empowerment_sync_satellite
from townships.models import Empowerment
from townships.services import is_empowered
from townships.tests.factories import TownshipFactory

pytestmark = pytest.mark.django_db
D1, D2 = date(2024, 1, 1), date(2024, 7, 1)


@pytest.fixture
def items(make_item):
    make_item(code="T1")
    make_item(code="T2", name="对占用道路洗车的行政处罚")
    make_item(code="T3", name="对乱倒垃圾的行政处罚")
    return {i.code: i for i in Item.objects.all()}


@pytest.fixture
def hub(township):
    return township


@pytest.fixture
def satellite(hub):
    return TownshipFactory(code="sat1", name="卫星镇", empowerment_mode="hub", hub=hub)


def test_grant_on_a_hub_reaches_its_satellites(items, hub, satellite, users):
    empowerment_grant(actor=users[Role.STAFF], township=hub, items=Item.objects.filter(code__in=["T1", "T2"]),
                      valid_from=D1)
    assert is_empowered(satellite, items["T1"], D1)
    assert is_empowered(satellite, items["T2"], D2)
    assert not is_empowered(satellite, items["T3"], D2)


def test_revocation_on_a_hub_reaches_its_satellites(items, hub, satellite, users):
    empowerment_grant(actor=users[Role.STAFF], township=hub, items=Item.objects.all(), valid_from=D1)
    empowerment_revoke(actor=users[Role.STAFF], township=hub, items=Item.objects.filter(code="T2"), effective_date=D2)
    assert is_empowered(satellite, items["T2"], date(2024, 6, 30))
    assert not is_empowered(satellite, items["T2"], D2)
    assert is_empowered(satellite, items["T1"], D2)


def test_other_townships_are_not_touched(items, hub, satellite, other_township, users):
    empowerment_grant(actor=users[Role.STAFF], township=hub, items=Item.objects.all(), valid_from=D1)
    assert not Empowerment.objects.filter(township=other_township).exists()


def test_resync_makes_the_satellite_list_equal_to_the_hub(items, hub, satellite):
    empowerment_grant(actor=None, township=hub, items=Item.objects.filter(code="T1"), valid_from=D1, propagate=False)
    empowerment_grant(actor=None, township=satellite, items=Item.objects.filter(code="T3"), valid_from=D1)
    granted, revoked = empowerment_sync_satellite(actor=None, satellite=satellite, on_date=D2)
    assert (granted, revoked) == (1, 1)
    assert is_empowered(satellite, items["T1"], D2) and not is_empowered(satellite, items["T3"], D2)
    assert is_empowered(satellite, items["T3"], date(2024, 6, 30))  # history before the sync stays


def test_resync_is_idempotent_and_audited(items, hub, satellite, users):
    empowerment_grant(actor=None, township=hub, items=Item.objects.all(), valid_from=D1, propagate=False)
    assert empowerment_sync_satellite(actor=users[Role.STAFF], satellite=satellite, on_date=D1) == (3, 0)
    assert empowerment_sync_satellite(actor=users[Role.STAFF], satellite=satellite, on_date=D1) == (0, 0)
    event = AuditEvent.objects.get(event_type="empowerment.satellite_synced")
    assert event.user == users[Role.STAFF]


def test_propagated_grant_is_audited_per_satellite(items, hub, satellite, users):
    empowerment_grant(actor=users[Role.STAFF], township=hub, items=Item.objects.all(), valid_from=D1)
    assert AuditEvent.objects.filter(event_type="empowerment.satellite_synced").count() == 1


def test_resync_of_a_township_without_hub_is_refused(items, hub):
    with pytest.raises(ValidationError):
        empowerment_sync_satellite(actor=None, satellite=hub, on_date=D1)


def test_officer_may_not_resync(items, hub, satellite, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        empowerment_sync_satellite(actor=users[Role.TOWNSHIP_OFFICER], satellite=satellite, on_date=D1)


def test_township_detail_links_to_its_empowered_items(hub, users):
    from django.test import Client

    client = Client()
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    page = client.get(f"/org/townships/{hub.code}/").content.decode()
    assert f'href="/catalog/empowerment/{hub.code}/"' in page
    assert client.get(f"/catalog/empowerment/{hub.code}/").status_code == 200


def test_township_detail_link_needs_catalogue_access(hub, users, monkeypatch):
    from django.test import Client

    from enforcement.accounts import access

    monkeypatch.setitem(access.PERMISSIONS, "catalog.view", {Role.STAFF})
    client = Client()
    client.force_login(users[Role.LEADER])
    page = client.get(f"/org/townships/{hub.code}/")
    assert page.status_code == 200
    assert "/catalog/empowerment/" not in page.content.decode()
