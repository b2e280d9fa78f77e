"""The State Council's annual notice as a file the bureau can type: one line per day, `date,kind,name`.

    # 国务院办公厅关于2027年部分节假日安排的通知
    date,kind,name
    2027-01-01,holiday,元旦
    2027-02-06,holiday,春节
    2027-02-14,workday,春节

Blank lines and lines starting with `#` are ignored; the header line is optional. `kind` is `holiday`
(放假, 休) or `workday` (调休上班, 上班, 班). Every date must lie in the year being imported. See
docs/holiday-calendar.md. Parsing collects every error (row, column, Chinese reason) before anything is written.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import DayKind

MAX_BYTES = 100 * 1024
MAX_ROWS = 400
KIND_WORDS = {
    "holiday": DayKind.HOLIDAY, "放假": DayKind.HOLIDAY, "休": DayKind.HOLIDAY, "休息": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY, "调休上班": DayKind.WORKDAY, "上班": DayKind.WORKDAY, "班": DayKind.WORKDAY,
}
HEADER = ("date", "kind", "name")


@dataclass(frozen=True)
class Row:
    line: int
    date: datetime.date
    kind: str
    name: str


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        if self.line:
            return _("Line %(line)s, column %(column)s: %(message)s") % {
                "line": self.line, "column": self.column, "message": self.message}
        return self.message


def decode(data):
    """Bytes of an uploaded file → text (UTF-8, with or without BOM); None when not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse(text, *, year):
    """(rows, errors) for the notice text of `year`."""
    if "\x00" in text:
        return [], [RowError(0, "", _("The file contains NUL bytes; save it as UTF-8 text."))]
    rows, errors, seen = [], [], {}
    columns = (_("date"), _("kind"), _("holiday name"))
    for number, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        fields = [field.strip() for field in fields]
        if not any(fields) or fields[0].startswith("#"):
            continue
        if tuple(field.lower() for field in fields) == HEADER:
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(RowError(number, "", _("More than %(max)s lines: a year's notice is far shorter.")
                                   % {"max": MAX_ROWS}))
            break
        if len(fields) != 3:
            errors.append(RowError(number, "", _("Expected 3 columns (date,kind,name), found %(n)s.")
                                   % {"n": len(fields)}))
            continue
        raw_date, raw_kind, name = fields
        line_errors = []
        try:
            day = datetime.date.fromisoformat(raw_date)
        except ValueError:
            day = None
            line_errors.append(RowError(number, columns[0], _("“%(value)s” is not a date (YYYY-MM-DD).")
                                        % {"value": raw_date[:20]}))
        if day is not None and day.year != year:
            line_errors.append(RowError(number, columns[0], _("%(day)s is not in %(year)s.")
                                        % {"day": raw_date, "year": year}))
        kind = KIND_WORDS.get(raw_kind.lower())
        if kind is None:
            line_errors.append(RowError(number, columns[1], _("“%(value)s” is not a kind: use holiday or workday.")
                                        % {"value": raw_kind[:20]}))
        if not name:
            line_errors.append(RowError(number, columns[2], _("The holiday name is missing.")))
        elif len(name) > 50:
            line_errors.append(RowError(number, columns[2], _("The holiday name is longer than 50 characters.")))
        if day is not None and kind == DayKind.WORKDAY and day.weekday() < 5:
            line_errors.append(RowError(number, columns[1], _("%(day)s is a weekday: a make-up working day "
                                                              "(调休) is a Saturday or Sunday.") % {"day": raw_date}))
        if day is not None and day in seen:
            line_errors.append(RowError(number, columns[0], _("%(day)s is listed twice (first on line %(line)s).")
                                        % {"day": raw_date, "line": seen[day]}))
        if line_errors:
            errors.extend(line_errors)
            continue
        seen[day] = number
        rows.append(Row(number, day, kind, name))
    if not rows and not errors:
        errors.append(RowError(0, "", _("The file has no days: one line per day, e.g. “%(example)s”.")
                               % {"example": f"{year}-01-01,holiday,元旦"}))
    if rows and not errors and not any(row.kind == DayKind.HOLIDAY for row in rows):
        errors.append(RowError(0, "", _("The file lists no public holiday: every year's notice has some.")))
    return rows, errors
