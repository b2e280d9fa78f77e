import pytest

from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from townships.tests.factories import OfficerFactory, ZoneFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def operator(users):
    """The county command centre's operator (指挥中心坐席)."""
    return users[Role.COMMAND]


@pytest.fixture
def township_operator(users):
    return users[Role.TOWNSHIP_COMMAND]


@pytest.fixture
def officer_user(users):
    return users[Role.TOWNSHIP_OFFICER]


@pytest.fixture
def officers(township, officer_user):
    return [OfficerFactory(township=township, user=officer_user, name="张三"),
            OfficerFactory(township=township, name="李四")]


@pytest.fixture
def zone(township, officers):
    zone = ZoneFactory(township=township, code="east-01", name="东风社区片区")
    zone.officers.set(officers)
    return zone


@pytest.fixture
def item(db):
    return ItemFactory(code="330201100001", name="对擅自占用道路从事经营活动的处罚")
