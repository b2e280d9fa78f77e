"""One safe cell rule for every xlsx/CSV export (SECURITY §26: formula-like cells escaped).

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by a spreadsheet as
a formula (CSV/formula injection): it is written with a leading apostrophe, which Excel and WPS show as text.
Numbers, dates and booleans are written as they are (a negative *number* is not text and is safe).

(issue 18 landed `safe_cell`; issue 17's writer/reader helpers extend this module.)
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value to write: text starting like a formula gets a leading apostrophe; None becomes ""."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | date):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
