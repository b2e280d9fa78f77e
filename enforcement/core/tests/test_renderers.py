"""The orjson renderer writes what DRF's JSONRenderer writes (issue 14)."""

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy

from rest_framework.renderers import JSONRenderer

from enforcement.core.renderers import FastJSONRenderer

SHANGHAI = ZoneInfo("Asia/Shanghai")


def both(data):
    return FastJSONRenderer().render(data), JSONRenderer().render(data)


def test_a_typical_list_page_is_byte_for_byte_the_same():
    page = {"count": 1001, "count_exact": False, "next": "https://x/api/v1/cases/?cursor=abc", "previous": None,
            "results": [{"code": "2026-001", "party_name": "王伟", "fine_amount": "200.00", "is_major": False,
                         "created_at": "2026-11-30T09:15:00.123456+08:00", "filed_on": None, "score": 1.5}]}
    fast, standard = both(page)
    assert fast == standard


def test_decimals_lazy_strings_uuids_and_int_keys_as_drf_writes_them():
    data = {"fine": Decimal("12.50"), "label": gettext_lazy("bureau staff"), "id": uuid.UUID(int=7), 3: "three"}
    fast, standard = both(data)
    assert fast == standard


def test_datetimes_are_trimmed_to_milliseconds_and_utc_is_written_z_as_drf_does():
    data = {"local": datetime.datetime(2026, 12, 1, 8, 0, 0, 123456, tzinfo=SHANGHAI),
            "utc": datetime.datetime(2026, 12, 1, 0, 0, tzinfo=datetime.UTC),
            "day": datetime.date(2026, 12, 1), "time": datetime.time(8, 30)}
    fast, standard = both(data)
    assert fast == standard
    assert b'"utc":"2026-12-01T00:00:00Z"' in fast


def test_an_integer_beyond_64_bits_falls_back_to_the_standard_renderer():
    fast, standard = both({"n": 2 ** 70})
    assert fast == standard == b'{"n":1180591620717411303424}'


def test_no_content_renders_empty():
    assert FastJSONRenderer().render(None) == b""
