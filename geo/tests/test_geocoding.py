"""Geocoding records (ADR 0019): a clue with an address and no coordinates is placed by the gazetteer on intake
and proposed for the zone its point lies in; the online geocoder (mocked HTTP) only when configured, never
waiting in intake; geocode_missing fills clues, cases and subjects."""

import json
import logging
from decimal import Decimal
from io import StringIO
from unittest import mock

from django.core.management import call_command

import pytest

from cases.tests.factories import CaseFactory
from geo import gazetteer, geocoder
from geo.locating import refine_online
from geo.models import Geocoding, Place, PlaceKind
from intake.models import Clue, TriageProposal
from intake.services import clue_create, hotline_push

pytestmark = pytest.mark.django_db

ADDRESS = "东城街道东风社区人民路51号"


@pytest.fixture
def road(township, east):
    """A numbered road inside zone X (east: 121.50–121.51 E, 29.80–29.81 N)."""
    place = Place.objects.create(township=township, zone=east, name="东城街道东风社区人民路", kind=PlaceKind.ROAD,
                                 aliases=["东风社区人民路"], latitude=Decimal("29.802"), longitude=Decimal("121.502"),
                                 number_from=1, number_to=101, end_latitude=Decimal("29.808"),
                                 end_longitude=Decimal("121.508"))
    gazetteer.invalidate()
    return place


def register(operator, address=ADDRESS, **extra):
    return clue_create(actor=operator, source="phone", description="店铺门前堆放杂物影响通行", address=address,
                       **extra)


def test_a_clue_at_an_address_inside_zone_x_is_proposed_for_zone_x_officers(operator, road, east, west,
                                                                             east_officers):
    clue = register(operator)
    proposal = TriageProposal.objects.get(clue=clue)
    assert proposal.zone == east
    assert proposal.place_method == "polygon"
    assert {o["id"] for o in proposal.officers if o["reason"] == "zone"} == {o.pk for o in east_officers}


def test_the_geocoded_position_is_stored_with_its_source_and_precision(operator, road):
    clue = register(operator)
    clue.refresh_from_db()
    assert (clue.latitude, clue.longitude) == (Decimal("29.805000"), Decimal("121.505000"))
    row = Geocoding.objects.get(record="clue", record_id=clue.pk)
    assert (row.source, row.precision, row.place_id) == ("gazetteer", "interpolated", road.pk)


def test_a_position_given_with_the_clue_is_kept(operator, road, west):
    clue = register(operator, latitude="29.805", longitude="121.495")
    clue.refresh_from_db()
    assert clue.longitude == Decimal("121.495000")
    assert not Geocoding.objects.filter(record="clue", record_id=clue.pk).exists()


def test_an_address_the_gazetteer_does_not_know_leaves_the_clue_without_coordinates(operator, road):
    clue = register(operator, address="北京市海淀区莲花池西路28号")
    clue.refresh_from_db()
    assert clue.latitude is None


def test_a_pushed_hotline_work_order_is_geocoded(operator, road, east):
    clue, created = hotline_push(actor=operator, work_order_number="GD-1", description="店铺门前堆放杂物影响通行",
                                 address="东风社区人民路 51 号")
    assert created
    assert TriageProposal.objects.get(clue=clue).zone == east


def test_the_clue_page_shows_the_coordinate_source(client, operator, road):
    clue = register(operator, address="东城街道东风社区人民路")
    client.force_login(operator)
    page = client.get(f"/intake/{clue.code}/")
    assert page.status_code == 200
    assert "坐标来源" in page.content.decode()
    assert "地名地址库 (道路级)" in page.content.decode()


def test_no_external_request_is_made_when_no_geocoder_is_configured(operator, road, settings):
    settings.GEOCODER_URL, settings.GEOCODER_KEY = "", ""
    with mock.patch("urllib.request.urlopen") as urlopen, mock.patch("socket.create_connection") as connect:
        register(operator)
        call_command("geocode_missing", stdout=StringIO())
    urlopen.assert_not_called()
    connect.assert_not_called()
    assert geocoder.online_geocode(ADDRESS) is None


# ---- the online geocoder (天地图), HTTP mocked ---------------------------------------------------------------

@pytest.fixture
def online(settings):
    settings.GEOCODER_URL = "https://api.tianditu.gov.cn/geocoder"
    settings.GEOCODER_KEY = "test-key"
    settings.GEOCODER_COORDINATES = "wgs84"


def answer(lat, lon, level="门址"):
    return json.dumps({"msg": "ok", "status": "0", "location": {"lat": lat, "lon": lon, "level": level,
                                                               "keyWord": ADDRESS}}).encode()


def test_the_online_answer_is_read_with_its_precision(online):
    with mock.patch("geo.geocoder._fetch", return_value=answer(29.8051, 121.5052)) as fetch:
        result = geocoder.online_geocode(ADDRESS)
    assert (result.latitude, result.longitude, result.precision, result.source) == (
        Decimal("29.805100"), Decimal("121.505200"), "house", "online")
    url = fetch.call_args.args[0]
    assert url.startswith("https://api.tianditu.gov.cn/geocoder?ds=") and "tk=test-key" in url


def test_a_gcj02_answer_is_converted_to_wgs84_at_the_edge(online, settings):
    settings.GEOCODER_COORDINATES = "gcj02"
    from geo.coords import wgs84_to_gcj02

    g_lat, g_lon = wgs84_to_gcj02(29.805, 121.505)
    with mock.patch("geo.geocoder._fetch", return_value=answer(g_lat, g_lon)):
        result = geocoder.online_geocode(ADDRESS)
    assert abs(float(result.latitude) - 29.805) < 1e-6 and abs(float(result.longitude) - 121.505) < 1e-6


def test_a_failing_online_geocoder_falls_back_to_the_gazetteer_with_a_warning(online, road, caplog):
    with mock.patch("geo.geocoder._fetch", side_effect=TimeoutError("timed out")), \
            caplog.at_level(logging.WARNING, logger="geo.geocoder"):
        result = geocoder.geocode(ADDRESS)
    assert result.source == "gazetteer" and result.precision == "interpolated"
    assert "Online geocoder failed" in caplog.text


def test_a_coarse_online_answer_is_not_used(online):
    with mock.patch("geo.geocoder._fetch", return_value=answer(29.8, 121.5, level="区县")):
        assert geocoder.online_geocode(ADDRESS) is None


def test_intake_does_not_wait_on_the_online_geocoder_it_is_queued(online, operator, road,
                                                                  django_capture_on_commit_callbacks):
    with mock.patch("geo.geocoder._fetch") as fetch, mock.patch("enforcement.outbox.services.publish"):
        with django_capture_on_commit_callbacks(execute=True):
            clue = register(operator)
        fetch.assert_not_called()
    from enforcement.outbox.models import OutboxMessage

    message = OutboxMessage.objects.get(task="geo.tasks.refine_online")
    assert message.args == ["clue", clue.pk]
    assert Geocoding.objects.get(record="clue", record_id=clue.pk).online_pending


def test_the_queued_online_answer_replaces_a_coarser_gazetteer_point(online, operator, road, east):
    with mock.patch("enforcement.outbox.services.publish"):
        clue = register(operator, address="东城街道东风社区人民路")  # road level
    with mock.patch("geo.geocoder._fetch", return_value=answer(29.8071, 121.5072)):
        assert refine_online("clue", clue.pk) == "online"
    clue.refresh_from_db()
    assert (clue.latitude, clue.longitude) == (Decimal("29.807100"), Decimal("121.507200"))
    assert Geocoding.objects.get(record="clue", record_id=clue.pk).source == "online"


def test_the_online_geocoder_never_overwrites_a_position_given_with_the_clue(online, operator, road):
    with mock.patch("enforcement.outbox.services.publish"):
        clue = register(operator, latitude="29.801", longitude="121.501")
    with mock.patch("geo.geocoder._fetch", return_value=answer(29.8071, 121.5072)) as fetch:
        assert refine_online("clue", clue.pk) == "kept"
    fetch.assert_not_called()


def test_the_task_raises_for_a_retry_when_the_service_fails(online, operator, road):
    from geo.geocoder import GeocoderError
    from geo.tasks import refine_online as task

    with mock.patch("enforcement.outbox.services.publish"):
        clue = register(operator, address="东城街道东风社区人民路")
    with mock.patch("geo.geocoder._fetch", side_effect=OSError("connection refused")), \
            pytest.raises(GeocoderError):
        task.run("clue", clue.pk)
    clue.refresh_from_db()
    assert clue.latitude == Decimal("29.802000")  # the gazetteer's point stands


# ---- geocode_missing ---------------------------------------------------------------------------------------

def test_geocode_missing_fills_clues_cases_and_subjects(township, road, east):
    from planning.tests.factories import SubjectFactory

    clue = Clue.objects.create(code="XS2026999001", source="phone", description="占道经营", address=ADDRESS,
                               township=township)
    case = CaseFactory(township=township, location="东城街道东风社区人民路21号", latitude=None, longitude=None)
    subject = SubjectFactory(township=township, address="东风社区人民路 81号")
    unknown = SubjectFactory(township=township, address="无名地")
    out = StringIO()
    call_command("geocode_missing", "--batch", "1", stdout=out)
    for record in (clue, case, subject, unknown):
        record.refresh_from_db()
    assert clue.latitude == Decimal("29.805000")
    assert case.latitude == Decimal("29.803200")
    assert subject.latitude == Decimal("29.806800")
    assert unknown.latitude is None
    assert TriageProposal.objects.get(clue=clue).zone == east
    assert "subject: 2 without coordinates, 2 looked at, 1 placed" in out.getvalue()


def test_a_township_level_answer_gives_no_position_so_it_cannot_choose_a_zone(operator, township, east):
    Place.objects.create(township=township, name="东城街道", kind=PlaceKind.TOWNSHIP, latitude=Decimal("29.805"),
                         longitude=Decimal("121.505"))
    gazetteer.invalidate()
    clue = register(operator, address="东城街道某小区门口")
    clue.refresh_from_db()
    assert clue.latitude is None
    assert TriageProposal.objects.get(clue=clue).zone is None


def test_the_clue_api_names_the_coordinate_source(client_for, operator, road):
    clue = register(operator, address="东城街道东风社区人民路")
    body = client_for(operator).get(f"/api/v1/clues/{clue.code}/").json()
    assert body["coordinate_source"] == "地名地址库 (道路级)"
    given = register(operator, latitude="29.801", longitude="121.501")
    assert client_for(operator).get(f"/api/v1/clues/{given.code}/").json()["coordinate_source"] is None
