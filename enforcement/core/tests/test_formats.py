"""The fast paths' value writers give DRF's fields' text (issue 14)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

import pytest
from rest_framework import serializers

from enforcement.core.formats import choice_labels, datetime_writer, money_text

DATETIMES = [
    datetime.datetime(2026, 12, 1, 0, 0, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 1, 15, 59, 59, 999999, tzinfo=datetime.UTC),
    datetime.datetime(2026, 6, 30, 23, 0, 0, 1, tzinfo=ZoneInfo("Asia/Shanghai")),
    datetime.datetime(2024, 2, 29, 12, 30, tzinfo=ZoneInfo("America/New_York")),
]


@pytest.mark.parametrize("value", DATETIMES)
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_datetimes_as_drf_writes_them_in_the_current_zone(value, zone):
    with timezone.override(ZoneInfo(zone)):
        assert datetime_writer()(value) == serializers.DateTimeField().to_representation(value)


def test_no_datetime_is_none():
    assert datetime_writer()(None) is None


@pytest.mark.parametrize("value", [Decimal("0.00"), Decimal("200.00"), Decimal("12345678901.99"), Decimal("5"),
                                   Decimal("1.005"), Decimal("-3.10"), 7])
def test_money_as_drf_writes_it(value):
    assert money_text(value) == serializers.DecimalField(max_digits=14, decimal_places=2).to_representation(value)


def test_no_money_is_none():
    assert money_text(None) is None


def test_choice_labels_are_the_display_texts_of_the_active_language():
    from cases.models import Case, Status

    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            labels = choice_labels(Status)
            assert labels == {value: Case(status=value).get_status_display() for value in Status.values}
    with translation.override("en"):
        english = choice_labels(Status)[Status.CLOSED]
    with translation.override("zh-hans"):
        assert choice_labels(Status)[Status.CLOSED] != english
