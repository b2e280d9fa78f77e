"""Field values as the API writes them, without DRF's per-field machinery (the deep lists' fast paths).

`DateTimeField().to_representation` converts to the current time zone, checks the result and formats it;
called for every datetime of a 50-row page it was a tenth of the case list's CPU. These give the same text
(tests compare them with DRF's fields) for the values the database returns.
"""

from decimal import Decimal

from django.utils import timezone, translation

from rest_framework import serializers

_MONEY = serializers.DecimalField(max_digits=14, decimal_places=2)
_choice_labels = {}


def choice_labels(choices):
    """{value: label} of a choices class in the active language, built once per class and language:
    `get_FOO_display()` rebuilds the whole mapping on every call, and a page calls it for every row."""
    key = (choices, translation.get_language())
    labels = _choice_labels.get(key)
    if labels is None:
        labels = _choice_labels[key] = {value: str(label) for value, label in choices.choices}
    return labels


def datetime_writer():
    """A function writing an aware datetime (or None) as DRF does in the current time zone."""
    zone = timezone.get_current_timezone()

    def write(value):
        if value is None:
            return None
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return write


def money_text(value):
    """A DecimalField(max_digits=14, decimal_places=2) value as DRF writes it: two places, as a string."""
    if value is None:
        return None
    if isinstance(value, Decimal) and value.as_tuple().exponent == -2:
        return f"{value:f}"  # the database's numeric(14, 2): already two places
    return _MONEY.to_representation(value)
