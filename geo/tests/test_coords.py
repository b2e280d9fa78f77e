from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from geo.coords import GCJ02, clean_position, distance_m, gcj02_to_wgs84, wgs84_to_gcj02


def test_gcj02_offset_in_ningbo_is_a_few_hundred_metres():
    lat, lon = 29.8683, 121.5440
    g_lat, g_lon = wgs84_to_gcj02(lat, lon)
    assert 200 < distance_m(lat, lon, g_lat, g_lon) < 800


def test_gcj02_round_trip_within_a_centimetre():
    lat, lon = 29.8683, 121.5440
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))
    assert distance_m(lat, lon, *back) < 0.01


def test_outside_china_is_unchanged():
    assert wgs84_to_gcj02(48.8566, 2.3522) == (48.8566, 2.3522)


def test_clean_position_converts_gcj02_to_stored_wgs84():
    g_lat, g_lon = wgs84_to_gcj02(29.8683, 121.5440)
    lat, lon = clean_position(g_lat, g_lon, system=GCJ02)
    assert (lat, lon) == (Decimal("29.868300"), Decimal("121.544000"))


@pytest.mark.parametrize("lat, lon, field", [("91", "121", "latitude"), ("29", "-181", "longitude"),
                                             ("NaN", "121", "latitude"), ("北", "121", "latitude"),
                                             ("29.8", None, "latitude")])
def test_clean_position_refuses_out_of_range_or_half(lat, lon, field):
    with pytest.raises(ValidationError) as error:
        clean_position(lat, lon)
    assert field in error.value.message_dict


def test_clean_position_empty_is_none():
    assert clean_position("", None) == (None, None)
