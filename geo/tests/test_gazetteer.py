"""The gazetteer (地名地址库): normalising addresses, best match, precision, interpolation, ambiguity."""

from decimal import Decimal

import pytest

from geo import gazetteer
from geo.geocoder import gazetteer_geocode
from geo.models import Place, PlaceKind, Precision
from townships.tests.factories import ZoneFactory

pytestmark = pytest.mark.django_db


def place(township, name, kind, lat, lon, **extra):
    return Place.objects.create(township=township, name=name, kind=kind, latitude=Decimal(str(lat)),
                                longitude=Decimal(str(lon)), **extra)


@pytest.fixture
def entries(township, other_township):
    zone = ZoneFactory(township=township, code="e-01", name="东风社区片区")
    rows = {
        "town": place(township, "东城街道", PlaceKind.TOWNSHIP, 29.80, 121.50),
        "area": place(township, "东城街道东风社区", PlaceKind.AREA, 29.805, 121.505, zone=zone, aliases=["东风社区"]),
        "road": place(township, "东城街道东风社区人民路", PlaceKind.ROAD, 29.801, 121.501, zone=zone,
                      aliases=["东风社区人民路"], number_from=1, number_to=101, end_latitude=Decimal("29.811"),
                      end_longitude=Decimal("121.511")),
        "house": place(township, "东城街道东风社区人民路8号", PlaceKind.HOUSE, 29.8021, 121.5023, zone=zone),
        "west_road": place(other_township, "西山镇人民路", PlaceKind.ROAD, 29.70, 121.40, aliases=["人民路"]),
        "east_road": place(township, "东城街道人民路", PlaceKind.ROAD, 29.79, 121.49, aliases=["人民路"]),
    }
    gazetteer.invalidate()
    return rows


@pytest.mark.parametrize(("raw", "expected"), [
    ("东城街道 中山路１２号", "东城街道中山路12号"),
    ("中山路12号楼", "中山路12幢"),
    ("中山路12栋", "中山路12幢"),
    ("中山路 12 #", "中山路12幢"),
    ("中山路12-3号", "中山路12号"),
    ("ＡＢＣ路，5號", "abc路5号"),
])
def test_addresses_are_normalised_width_spaces_and_house_forms(raw, expected):
    assert gazetteer.normalise(raw) == expected


def test_an_exact_house_entry_gives_house_precision(entries):
    result = gazetteer_geocode("东城街道东风社区人民路8号")
    assert result.precision == Precision.HOUSE
    assert (result.latitude, result.longitude) == (Decimal("29.802100"), Decimal("121.502300"))
    assert result.source == "gazetteer"


def test_a_number_on_a_numbered_road_is_interpolated(entries):
    result = gazetteer_geocode("东城街道东风社区人民路51号")
    assert result.precision == Precision.INTERPOLATED
    assert (result.latitude, result.longitude) == (Decimal("29.806000"), Decimal("121.506000"))


def test_a_number_outside_the_range_gives_the_road(entries):
    result = gazetteer_geocode("东城街道东风社区人民路250号")
    assert result.precision == Precision.ROAD
    assert result.place_id == entries["road"].pk


def test_full_width_and_spaces_do_not_stop_the_match(entries):
    result = gazetteer_geocode("东城街道　东风社区 人民路（东段）")
    assert result.precision == Precision.ROAD
    assert result.place_id == entries["road"].pk


def test_an_alias_matches(entries):
    result = gazetteer_geocode("东风社区门口")
    assert result.precision == Precision.AREA
    assert result.place_id == entries["area"].pk


def test_only_the_township_named_gives_township_precision(entries):
    result = gazetteer_geocode("东城街道某小区")
    assert result.precision == Precision.TOWNSHIP
    assert result.place_id == entries["town"].pk


def test_a_road_name_in_two_townships_is_ambiguous_without_a_township(entries):
    assert gazetteer_geocode("人民路100号") is None


def test_the_named_township_settles_an_ambiguous_road(entries, other_township):
    result = gazetteer_geocode("西山镇人民路100号")
    assert result.place_id == entries["west_road"].pk


def test_the_records_township_restricts_the_entries(entries, other_township):
    result = gazetteer_geocode("人民路100号", township=other_township)
    assert result.place_id == entries["west_road"].pk


def test_an_unknown_address_gives_nothing(entries):
    assert gazetteer_geocode("北京市海淀区莲花池西路28号") is None
    assert gazetteer_geocode("") is None


def test_a_write_is_seen_by_the_next_match(township):
    assert gazetteer_geocode("东城街道光溪路") is None
    from enforcement.accounts.models import Role
    from enforcement.accounts.tests.factories import UserFactory
    from geo.places import place_create

    staff = UserFactory(role=Role.STAFF)
    place_create(actor=staff, name="东城街道光溪路", kind="road", township=township, latitude="29.8",
                 longitude="121.5")
    assert gazetteer_geocode("东城街道光溪路3号").precision == Precision.ROAD


def test_matching_many_entries_is_one_query_per_index_build(entries, django_assert_max_num_queries):
    gazetteer.invalidate()
    with django_assert_max_num_queries(2):
        for _n in range(20):
            gazetteer_geocode("东城街道东风社区人民路51号")
