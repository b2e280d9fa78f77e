"""1+X radiation (seed 001): the hub township's officers file and handle cases in the satellite townships it serves,
on the items empowered there (行政处罚法 art. 24), and nowhere else."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from cases.models import Case
from cases.services import TransitionRefused, case_register
from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from enforcement.accounts.tests.factories import UserFactory
from townships.models import Empowerment, Township
from townships.tests.factories import OfficerFactory, TownshipFactory

from .articles import names_article
from .factories import CITIZEN_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    return TownshipFactory(code="yinjiang", name="鄞江镇")


@pytest.fixture
def satellite(hub):
    return TownshipFactory(code="zhangshui", name="章水镇", empowerment_mode=Township.EmpowermentMode.HUB, hub=hub)


@pytest.fixture
def hub_user(hub):
    return UserFactory(role=Role.TOWNSHIP_OFFICER, township=hub, username="officer_yinjiang")


@pytest.fixture
def hub_officers(hub, hub_user):
    return [OfficerFactory(township=hub, user=hub_user), OfficerFactory(township=hub)]


@pytest.fixture
def satellite_item(satellite):
    item = ItemFactory(code="330299000777", name="对擅自占道经营的处罚")
    Empowerment.objects.create(township=satellite, item=item, valid_from=date(2020, 1, 1))
    return item


def _register(actor, township, item, officers, **overrides):
    params = dict(actor=actor, item=item, procedure="ordinary", party_type="citizen", party_name="王五",
                  location="章水镇大街1号", facts="擅自占用道路摆摊经营。",
                  violation_date=date.today() - timedelta(days=2),
                  party_id_number=CITIZEN_ID, officers=officers, penalty_kinds=["fine"], fine=Decimal("500"),
                  file_now=True, township=township)
    params.update(overrides)
    return case_register(**params)


def test_hub_officer_files_for_a_satellite_on_an_item_empowered_there_art24(hub_user, hub_officers, satellite,
                                                                           satellite_item):
    case = _register(hub_user, satellite, satellite_item, hub_officers)
    assert case.township == satellite
    assert set(case.officers.all()) == set(hub_officers)
    assert case.filed_on == date.today()


def test_hub_officer_is_refused_an_item_not_empowered_to_the_satellite_art24(hub_user, hub_officers, satellite):
    item = ItemFactory()
    with pytest.raises(TransitionRefused) as exc:
        _register(hub_user, satellite, item, hub_officers)
    assert names_article(str(exc.value), 24)
    assert not Case.objects.exists()


def test_hub_officer_is_refused_a_township_it_does_not_serve(hub_user, hub_officers, satellite_item):
    other = TownshipFactory(code="dongqiao", name="洞桥镇")
    Empowerment.objects.create(township=other, item=satellite_item, valid_from=date(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        _register(hub_user, other, satellite_item, hub_officers)
    assert "township" in exc.value.message_dict
    assert not Case.objects.exists()


def test_satellite_officer_is_refused_the_hub_township(hub, satellite, satellite_item):
    user = UserFactory(role=Role.TOWNSHIP_OFFICER, township=satellite)
    officers = [OfficerFactory(township=satellite, user=user), OfficerFactory(township=satellite)]
    Empowerment.objects.create(township=hub, item=satellite_item, valid_from=date(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        _register(user, hub, satellite_item, officers)
    assert "township" in exc.value.message_dict


def test_satellite_case_may_mix_satellite_and_hub_officers_but_not_others(hub_user, hub_officers, satellite,
                                                                         satellite_item):
    local = OfficerFactory(township=satellite)
    case = _register(hub_user, satellite, satellite_item, [hub_officers[0], local])
    assert set(case.officers.all()) == {hub_officers[0], local}
    stranger = OfficerFactory(township=TownshipFactory(code="gulin"))
    with pytest.raises(ValidationError) as exc:
        _register(hub_user, satellite, satellite_item, [hub_officers[0], stranger])
    assert "officers" in exc.value.message_dict


def test_hub_cases_cannot_take_satellite_officers(hub, hub_user, hub_officers, satellite):
    item = ItemFactory()
    Empowerment.objects.create(township=hub, item=item, valid_from=date(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        _register(hub_user, hub, item, [hub_officers[0], OfficerFactory(township=satellite)])
    assert "officers" in exc.value.message_dict


def test_filing_page_offers_the_hub_its_satellites_and_files_there(client, hub_user, hub_officers, satellite,
                                                                  satellite_item):
    client.force_login(hub_user)
    page = client.get(reverse("cases:create"), {"item": satellite_item.code, "township": satellite.code})
    assert page.status_code == 200
    body = page.content.decode()
    assert "章水镇" in body and "鄞江镇" in body
    assert "id_case_township" in body
    response = client.post(reverse("cases:create") + f"?item={satellite_item.code}", {
        "item": satellite_item.code, "township": satellite.code, "procedure": "ordinary", "source": "patrol",
        "party_type": "citizen", "party_name": "王五", "party_id_number": CITIZEN_ID, "location": "章水镇大街1号",
        "violation_date": (date.today() - timedelta(days=1)).isoformat(), "discovered_on": date.today().isoformat(),
        "facts": "擅自占用道路摆摊经营。", "officers": [o.employee_number for o in hub_officers],
        "penalty_kinds": ["fine"], "fine": "300", "file_now": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get().township == satellite


def test_filing_page_refuses_a_township_outside_the_hub_with_404(client, hub_user, satellite_item):
    client.force_login(hub_user)
    TownshipFactory(code="dongqiao")
    response = client.get(reverse("cases:create"), {"item": satellite_item.code, "township": "dongqiao"})
    assert response.status_code == 404


def test_filing_item_search_offers_items_empowered_to_a_satellite(client, hub_user, satellite_item):
    client.force_login(hub_user)
    response = client.get(reverse("cases:create"), {"q": "占道"})
    assert satellite_item.code in response.content.decode()


def test_api_hub_officer_files_for_a_satellite(hub_user, hub_officers, satellite, satellite_item):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=hub_user)
    response = client.post(reverse("api:case-list"), {
        "item": satellite_item.code, "township": satellite.code, "procedure": "ordinary", "party_type": "citizen",
        "party_name": "王五", "location": "章水镇大街1号", "facts": "擅自占用道路摆摊经营。",
        "violation_date": (date.today() - timedelta(days=1)).isoformat(),
        "officers": [o.employee_number for o in hub_officers], "file_now": True}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["township"] == satellite.code
    other = TownshipFactory(code="dongqiao")
    response = client.post(reverse("api:case-list"), {
        "item": satellite_item.code, "township": other.code, "procedure": "ordinary", "party_type": "citizen",
        "party_name": "王五", "location": "洞桥", "facts": "擅自占用道路摆摊经营。",
        "violation_date": (date.today() - timedelta(days=1)).isoformat(),
        "officers": [o.employee_number for o in hub_officers], "file_now": True}, format="json")
    assert response.status_code == 400
    assert "township" in response.json()
