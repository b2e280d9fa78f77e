import pytest

from enforcement.accounts.models import Role
from townships.tests.factories import OfficerFactory, ZoneFactory


def square(lon, lat, size=0.01):
    """A GeoJSON Polygon: the square with its south-west corner at (lon, lat)."""
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                [lon, lat + size], [lon, lat]]]}


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "geo-tests"}}
    from django.core.cache import cache

    from geo import zones
    cache.clear()
    zones.invalidate()
    yield
    zones.invalidate()


@pytest.fixture
def staff(users):
    return users[Role.STAFF]


@pytest.fixture
def operator(users):
    return users[Role.COMMAND]


@pytest.fixture
def officer_user(users):
    return users[Role.TOWNSHIP_OFFICER]


@pytest.fixture
def east_officers(township, officer_user):
    return [OfficerFactory(township=township, user=officer_user, name="张三"),
            OfficerFactory(township=township, name="李四")]


@pytest.fixture
def east(township, east_officers):
    """Zone X: the square 121.50–121.51 E, 29.80–29.81 N, with two responsible officers."""
    zone = ZoneFactory(township=township, code="east-01", name="东风社区片区", boundary=square(121.50, 29.80))
    zone.officers.set(east_officers)
    return zone


@pytest.fixture
def west(township):
    """Zone Y beside X (shares X's western edge), one officer."""
    zone = ZoneFactory(township=township, code="west-01", name="西河社区片区", boundary=square(121.49, 29.80))
    zone.officers.set([OfficerFactory(township=township, name="王五")])
    return zone
