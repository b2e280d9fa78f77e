"""The map page and API: scoped by role (a township user sees only their township: points, outlines and
counts), filters as on the lists, no external request without a tile URL, constant query counts."""

import json
import re
from decimal import Decimal

from django.urls import reverse

import pytest

from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role
from intake.models import State
from intake.tests.factories import ClueFactory
from planning.tests.factories import SubjectFactory
from townships.tests.factories import ZoneFactory

from .conftest import square

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(township, other_township, east):
    """Two townships with one outlined zone each, and points in both."""
    far = ZoneFactory(township=other_township, code="far-01", name="远山片区", boundary=square(121.70, 29.90))
    for own, zone, lat, lon in [(township, east, "29.805", "121.505"), (other_township, far, "29.905", "121.705")]:
        ClueFactory(township=own, zone=zone, latitude=Decimal(lat), longitude=Decimal(lon), state=State.DISPATCHED)
        ClueFactory(township=own, zone=zone, latitude=Decimal(lat), longitude=Decimal(lon), state=State.CLOSED)
        CaseFactory(township=own, latitude=Decimal(lat), longitude=Decimal(lon))
        SubjectFactory(township=own, latitude=Decimal(lat), longitude=Decimal(lon), risk_level="high")
    return far


def page_data(response):
    match = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', response.content.decode(),
                      re.S)
    return json.loads(match.group(1))


def test_staff_see_every_township_on_the_map(client, users, county):
    client.force_login(users[Role.STAFF])
    data = page_data(client.get(reverse("geo:map"), {"state": "", "layer": ["clues", "cases", "subjects", "zones"]}))
    assert len(data["clues"]) == 4 and len(data["cases"]) == 2 and len(data["subjects"]) == 2
    assert {f["properties"]["code"] for f in data["zones"]["features"]} == {"east-01", "far-01"}


def test_the_first_view_of_the_page_shows_open_clues_and_cases(client, users, county):
    client.force_login(users[Role.STAFF])
    response = client.get(reverse("geo:map"))
    assert [c["state"] for c in page_data(response)["clues"]] == [State.DISPATCHED, State.DISPATCHED]
    assert 'value="open" selected' in response.content.decode()


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_COMMAND, Role.TOWNSHIP_REVIEWER])
def test_a_township_user_sees_only_their_township_page_and_api(client, users, county, township, role):
    client.force_login(users[role])
    for data in (page_data(client.get(reverse("geo:map"), {"state": ""})), client.get(reverse("api:map-data")).json()):
        assert {f["properties"]["township"] for f in data["zones"]["features"]} == {township.code}
        assert all(p["at"][0] < 29.85 for p in data["clues"] + data["cases"] + data["subjects"])
        assert len(data["clues"]) == 2


def test_a_township_user_asking_for_another_township_gets_nothing_of_it(client, users, county, other_township):
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    data = client.get(reverse("api:map-data"), {"township": other_township.code}).json()
    assert len(data["clues"]) == 2 and all(p["at"][0] < 29.85 for p in data["clues"])  # the filter is ignored
    export = client.get(reverse("api:map-boundaries"), {"kind": "zone"}).json()
    assert [f["properties"]["code"] for f in export["features"]] == ["east-01"]


def test_filters_as_on_the_lists(client, users, county, township):
    client.force_login(users[Role.STAFF])
    data = client.get(reverse("api:map-data"), {"state": "open", "township": township.code,
                                                "layer": ["clues", "zones"]}).json()
    assert [c["state"] for c in data["clues"]] == [State.DISPATCHED]
    assert "cases" not in data and data["layers"] == ["clues", "zones"]
    east = next(f for f in data["zones"]["features"] if f["properties"]["code"] == "east-01")
    assert east["properties"]["open_clues"] == 1 and east["properties"]["open_cases"] == 1


def test_heat_counts_the_month_by_zone(client, users, county):
    client.force_login(users[Role.STAFF])
    from django.utils import timezone
    month = timezone.localdate().strftime("%Y-%m")
    data = client.get(reverse("api:map-data"), {"layer": "heat", "month": month}).json()
    heat = {f["properties"]["code"]: f["properties"]["heat"] for f in data["zones"]["features"]}
    assert heat == {"east-01": 3, "far-01": 3}  # two clues and one case each
    empty = client.get(reverse("api:map-data"), {"layer": "heat", "month": "2001-01"}).json()
    assert {f["properties"]["heat"] for f in empty["zones"]["features"]} == {0}


def test_a_bad_filter_is_a_400_in_chinese_not_a_500(client, users):
    client.force_login(users[Role.STAFF])
    response = client.get(reverse("api:map-data"), {"month": "2026-13", "date_from": "x"})
    assert response.status_code == 400
    assert "YYYY-MM" in response.json()["month"][0]
    page = client.get(reverse("geo:map"), {"month": "2026-13"})
    assert page.status_code == 200 and "请按 YYYY-MM 格式输入月份" in page.content.decode()


def test_gcj02_output_is_shifted_from_the_stored_wgs84(client, users, county):
    client.force_login(users[Role.STAFF])
    wgs = client.get(reverse("api:map-data"), {"layer": "clues"}).json()["clues"][0]["at"]
    gcj = client.get(reverse("api:map-data"), {"layer": "clues", "coordinate_system": "gcj02"}).json()["clues"][0]["at"]
    assert wgs[0] != gcj[0] and abs(wgs[0] - gcj[0]) < 0.01


def test_without_tile_url_the_page_names_no_external_host(client, users, county, settings):
    settings.MAP_TILE_URL = ""
    client.force_login(users[Role.STAFF])
    response = client.get(reverse("geo:map"))
    html = response.content.decode()
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
    assert '"url": ""' in html
    assert "img-src 'self' data:;" in response["Content-Security-Policy"]


def test_csp_allows_exactly_the_configured_tile_hosts():
    from enforcement.settings import _tile_origins

    origins = _tile_origins("https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&z={z}&tk=K", ["0", "1"])
    assert origins == ["https://t0.tianditu.gov.cn", "https://t1.tianditu.gov.cn"]
    assert _tile_origins("https://tiles.bureau.example/{z}/{x}/{y}.png", []) == ["https://tiles.bureau.example"]
    assert _tile_origins("", []) == []


def test_map_query_count_does_not_grow_with_points(client, users, county, township, east,
                                                   django_assert_max_num_queries):
    client.force_login(users[Role.STAFF])
    client.get(reverse("api:map-data"))
    with django_assert_max_num_queries(16) as first:
        client.get(reverse("api:map-data"))
    for _n in range(20):
        ClueFactory(township=township, zone=east, latitude=Decimal("29.801"), longitude=Decimal("121.501"))
        CaseFactory(township=township, latitude=Decimal("29.801"), longitude=Decimal("121.501"))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("api:map-data"))


def test_the_auditor_has_no_map(client, users):
    client.force_login(users[Role.AUDITOR])
    assert client.get(reverse("geo:map")).status_code == 403
    assert client.get(reverse("api:map-data")).status_code == 403


def test_map_with_no_outline_shows_the_empty_state(client, users):
    client.force_login(users[Role.STAFF])
    assert "尚无边界" in client.get(reverse("geo:map")).content.decode()
