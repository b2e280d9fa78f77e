"""Demo geometry: township outlines tile with their zones, and every demo point lies in its own zone."""

import random

import pytest

from geo import demo, zones
from intake.tests.factories import ClueFactory
from townships.tests.factories import TownshipFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_county(db):
    county = []
    for code in ("aa", "bb"):
        township = TownshipFactory(code=code, name=f"{code}镇", is_demo=True)
        county.append((township, [ZoneFactory(township=township, code=f"{code}-{n:02d}", name=f"{code}{n}片区",
                                              is_demo=True) for n in range(1, 17)]))
    return county


def test_every_demo_clue_lies_in_its_zone_and_its_township(demo_county):
    clues = [ClueFactory(township=t, zone=z, is_demo=True) for t, zs in demo_county for z in zs[::5]]
    demo.seed(stdout=None, rng=random.Random(1))
    for clue in clues:
        clue.refresh_from_db()
        assert zones.zone_at(clue.latitude, clue.longitude).pk == clue.zone_id
        assert zones.township_at(clue.latitude, clue.longitude).pk == clue.township_id


def test_the_demo_outlines_are_valid_and_a_second_run_changes_nothing(demo_county):
    from geo.geojson import clean_geometry

    demo.seed(stdout=None, rng=random.Random(1))
    township, zone_list = demo_county[0]
    township.refresh_from_db()
    before = township.boundary
    clean_geometry(before)  # raises on an invalid outline
    demo.seed(stdout=None, rng=random.Random(2))
    township.refresh_from_db()
    assert township.boundary == before


def test_demo_clues_without_coordinates_are_geocoded_from_the_demo_gazetteer(demo_county):
    from geo.models import Geocoding, Place

    township, zone_list = demo_county[0]
    zone = zone_list[3]
    address = f"{township.name}{zone.name.removesuffix('片区')}人民路130号"
    clue = ClueFactory(township=township, zone=zone, is_demo=True, address=address)
    demo.seed(stdout=None, rng=random.Random(1))
    clue.refresh_from_db()
    assert zones.zone_at(clue.latitude, clue.longitude).pk == zone.pk
    row = Geocoding.objects.get(record="clue", record_id=clue.pk)
    assert (row.source, row.precision) == ("gazetteer", "interpolated")
    assert Place.objects.filter(is_demo=True, township=township, kind="road").count() == 16 * 10
