"""xlsx exports of the index and the officers' results (openpyxl, in memory; text cells go through the one
formula-escaping `safe_cell`)."""

import io

from django.utils.translation import gettext as _

from openpyxl import Workbook

from enforcement.core.spreadsheets import safe_cell as _safe

from .index import INDICATORS
from .models import IndexIndicator, Unit

MAX_ROWS = 5000
def _number(value):
    return float(value) if value is not None else None


def _bytes(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def index_xlsx(period, units):
    """One sheet per unit (townships, departments): rank, unit, index and each rate, the weights above."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for unit, rows, unit_weights in units:
        sheet = workbook.create_sheet(title=str(Unit(unit).label))
        names = [str(n) for n in INDICATORS[unit]]
        sheet.append([period.label, _("Weights (%)"), *[float(unit_weights[n]) for n in names]])
        sheet.append([_("Rank"), _("Name"), _("Index"), *[str(IndexIndicator(n).label) for n in names]])
        for row in rows:
            sheet.append([row.rank or None, _safe(row.name), _number(row.score),
                          *[_number(row.rates.get(n)) for n in names]])
    return _bytes(workbook)


def officers_xlsx(period, assessments):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Officer assessment"))
    sheet.append([period.label])
    sheet.append([_("Employee number"), _("Name"), _("Township"), _("Home department"), _("Score from the records"),
                  _("Township's score"), _("Home department's score"), _("Township's weight (%)"), _("Total"),
                  _("Grade"), _("Status")])
    for a in assessments:
        sheet.append([_safe(a.officer.employee_number), _safe(a.officer.name),
                      _safe(a.township.name) if a.township else "", _safe(a.department.name),
                      _number(a.record_score) if a.indicators.get("has_records") else None,
                      _number(a.township_score), _number(a.department_score), _number(a.township_weight),
                      _number(a.total), str(a.get_grade_display()), str(a.get_status_display())])
    return _bytes(workbook)
