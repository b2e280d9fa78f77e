"""xlsx working papers: the 三高两易 evaluation and the weekly ranking (openpyxl, built in memory)."""

from io import BytesIO

from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from enforcement.core.spreadsheets import safe_cell

from .evaluation import WEIGHT_LABELS, WEIGHTS

HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
MAX_EXPORT_ROWS = 50_000


def _sheet(workbook, title, headers, rows, widths=None):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        sheet.append([safe_cell(value) for value in row])  # formula-like text escaped (SECURITY §26)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _num(value):
    return None if value is None else float(value)


def _bytes(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def evaluation_xlsx(rows, summary, *, as_of):
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, _("Summary"), [
        _("Township code"), _("Township"), _("Empowered items"), _("Items with cases"), _("Zero-case items"),
        _("Rated items"), _("High scorers"), _("Hard to take over or operate"), _("Cases (12 months)"),
    ], ([s["township_code"], s["township_name"], s["empowered"], s["with_cases"], s["zero"], s["rated"], s["high"],
         s["hard"], s["cases"]] for s in summary), [14, 18, 12, 12, 12, 12, 12, 14, 14])
    _sheet(workbook, _("Items"), [
        _("Township code"), _("Township"), _("Item code"), _("Item"), _("Domain"), _("Empowered since"),
        _("Cases (12 months)"), _("Inspections (12 months)"), _("Warnings (12 months)"), _("Clues (12 months)"),
        _("Cross-department handlings"), _("Frequency score"), _("Demand score"), _("Composite score"),
        _("Easy to take over"), _("Easy to operate"), _("Score"), _("Finding"),
    ], ([r.township_code, r.township_name, r.item_code, r.item_name, r.domain_name, r.valid_from, r.case_count,
         r.inspection_count, r.warning_count, r.clue_count, r.cross_count, r.frequency_score, r.demand_score,
         r.composite_score, r.easy_to_take_over, r.easy_to_operate, r.score, str(r.verdict_label)]
        for r in rows[:MAX_EXPORT_ROWS]), [14, 16, 18, 50, 16, 14, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 10, 30])
    info = workbook.create_sheet(title=_("Notes"))
    info.append([_("Handling (cases, inspections, warnings) and clues over the 12 months up to %(day)s.")
                 % {"day": as_of.isoformat()}])
    info.append([_("Weights of the score (0-5)")])
    for name, weight in WEIGHTS.items():
        info.append([str(WEIGHT_LABELS[name]), f"{weight:.0%}"])
    info.append([_("Unrated items are scored on the measured parts, their weights scaled up to add up to one.")])
    return _bytes(workbook)


def ranking_xlsx(period, townships, departments, weights=()):
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, _("Townships"), [
        _("Rank"), _("Township code"), _("Township"), _("Assessment index"), _("Cases filed"),
        _("Simple procedure"), _("Ordinary procedure"), _("Decided"), _("Fines decided (yuan)"), _("Overdue"),
        _("Inspections"), _("Double-random"), _("Problems found"), _("Plan completion (%)"),
    ], ([r.rank or None, r.code, r.name, _num(r.figures["index"]), r.figures["filed"], r.figures["simple"],
         r.figures["ordinary"], r.figures["decided"], float(r.figures["fines"]), r.figures["overdue"],
         r.figures["inspections"], r.figures["random"], r.figures["problems"], _num(r.figures["plan_completion"])]
        for r in townships),
        [8, 14, 18, 10, 10, 10, 10, 10, 14, 10, 10, 10, 10, 12])
    _sheet(workbook, _("Departments"), [
        _("Rank"), _("Department code"), _("Department"), _("Assessment index"), _("Inspections"),
        _("Double-random"), _("Joint"), _("Problems found"), _("Cases transferred"), _("Plan completion (%)"),
        _("Visits saved"),
    ], ([r.rank or None, r.code, r.name, _num(r.figures["index"]), r.figures["inspections"], r.figures["random"],
         r.figures["joint"], r.figures["problems"], r.figures["transferred"], _num(r.figures["plan_completion"]),
         r.figures["visits_saved"]] for r in departments), [8, 14, 24, 10, 10, 10, 10, 10, 12, 12, 10])
    notes = workbook.create_sheet(title=_("Notes"))
    notes.append([period.label])
    notes.append([_("Ranked on the assessment index: the weighted mean of rates, never of volumes.")])
    for label, weight in weights:
        notes.append([str(label), float(weight)])
    return _bytes(workbook)
