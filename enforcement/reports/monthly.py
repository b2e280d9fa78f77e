"""The monthly report: its figures (a JSON snapshot), the summary sentences in the seeds' style, the PDF.

The figures are computed county-wide by the system (no user) and narrowed to the report's township.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessment.supervision import supervision_figures
from cases.selectors_appeals import appeal_figures
from enforcement.core.pdf import render_pdf
from enforcement.core.replica import replica_reads
from intake.figures import report_section as intake_report_section
from planning.indicators import INSPECTION_INDICATORS

from . import charts
from .evaluation import evaluation_rows, evaluation_summary
from .models import county_name
from .statistics import (
    StatScope,
    case_figures,
    inspection_figures,
    monthly_trend,
    overdue_cases,
    returned_cases,
    staffing_figures,
)


@replica_reads()  # figures only: on the replica when one is configured
def report_figures(*, period, township=None, today=None, rows=None):
    """Every figure of the report as plain JSON data (stored as the report's snapshot)."""
    scope = StatScope(township=township)
    cases = case_figures(actor=None, period=period, scope=scope, today=today)
    trend = monthly_trend(actor=None, year=period.start.year, scope=scope)
    if rows is None:
        rows = evaluation_rows(actor=None, township=township, as_of=period.end)
    return {
        "period": period.key,
        "period_label": period.label,
        "scope": township.code if township else "county",
        "scope_name": township.name if township else county_name(),
        "cases": cases,
        "trend": trend,
        "inspections": inspection_figures(actor=None, period=period, scope=scope),
        "staffing": staffing_figures(actor=None, scope=scope, today=period.end),
        "evaluation": evaluation_summary(rows),
        "intake": intake_report_section(period=period, township=township),
        "supervision": supervision_figures(actor=None, start=period.start, end=period.end, township=township),
        "appeals": appeal_figures(start=period.start, end=period.end, township=township),
    }


def _signed_change(pct, up_text, down_text, flat_text, none_text):
    if pct is None:
        return none_text
    if pct > 0:
        return up_text % {"pct": f"{pct:.2f}"}
    if pct < 0:
        return down_text % {"pct": f"{-pct:.2f}"}
    return flat_text


def money(value):
    return f"{Decimal(value):,.2f}"


def summary_sentences(figures):
    """The report's opening paragraph, e.g. "2026年10月累计执法N件(简易程序a件,普通程序b件),同比增加x%"."""
    c, i, s = figures["cases"], figures["inspections"], figures["staffing"]
    yoy = _signed_change(c["yoy_pct"], _("up %(pct)s%% year on year"), _("down %(pct)s%% year on year"),
                         _("level with the same month last year"), _("no cases in the same month last year"))
    mom = _signed_change(c["mom_pct"], _("up %(pct)s%% on the previous month"),
                         _("down %(pct)s%% on the previous month"), _("level with the previous month"),
                         _("no cases in the previous month"))
    sentences = [
        _("In %(period)s, %(scope)s handled %(total)s enforcement cases in all (simple procedure %(simple)s, "
          "ordinary procedure %(ordinary)s), %(yoy)s, %(mom)s.") % {
            "period": figures["period_label"], "scope": figures["scope_name"], "total": c["total"],
            "simple": c["simple"], "ordinary": c["ordinary"], "yoy": yoy, "mom": mom},
        _("Cases were handled in %(domains)s domains and %(items)s items; %(transferred)s cases were transferred "
          "by departments.") % {"domains": c["domains_with_cases"], "items": c["items_with_cases"],
                                "transferred": c["transferred_in"]},
        _("%(penalties)s penalty decisions imposed fines of %(fines)s yuan and %(collected)s yuan was collected; "
          "%(no_penalty)s decisions imposed no penalty and %(warning)s a warning only.") % {
            "penalties": c["penalties"], "fines": money(c["fines_decided"]), "collected": money(c["fines_collected"]),
            "no_penalty": c["no_penalty"], "warning": c["warning_only"]},
        _("Legality review approved %(approved)s and returned %(returned)s cases; %(overdue)s cases were overdue "
          "on %(as_of)s.") % {"approved": c["reviews_approved"], "returned": c["reviews_returned"],
                               "overdue": c["overdue"], "as_of": c["overdue_as_of"]},
    ]
    if i["total"]:
        sentences.append(
            _("%(total)s inspections were carried out: %(random)s double-random (双随机占比 %(random_pct)s%%), "
              "%(joint)s carried out jointly by several departments (联合实施率 %(joint_pct)s%%), of the random ones "
              "%(random_joint)s cross-department (跨部门联合抽查率 %(random_joint_pct)s); %(merged)s joint "
              "inspections saved enterprises %(saved)s visits.") % {
                "total": i["total"], "random": i["random"], "random_pct": f"{i['random_pct']:.2f}",
                "joint": i["joint"], "joint_pct": f"{i['joint_pct']:.2f}", "random_joint": i["random_joint"],
                "random_joint_pct": "—" if i["random_joint_pct"] is None else f"{i['random_joint_pct']:.2f}%",
                "merged": i["joint_inspections"], "saved": i["visits_saved"]})
    if s["total"]:
        sentences.append(
            _("%(total)s enforcement staff are in post, %(posted)s of them posted to townships (%(pct)s%%).") % {
                "total": s["total"], "posted": s["posted"], "pct": f"{s['posted_pct']:.1f}"})
    return sentences


# WeasyPrint lays tables out slowly (~5 ms a row): the lists in the PDF are capped, the totals are not.
OVERDUE_LISTED = 20
RETURNED_LISTED = 15
ZERO_LISTED = 20
TOP_LISTED = 10


def report_context(*, period, township=None, figures=None, today=None, rows=None):
    if rows is None:
        rows = evaluation_rows(actor=None, township=township, as_of=period.end)
    figures = figures or report_figures(period=period, township=township, today=today, rows=rows)
    scope = StatScope(township=township)
    c = figures["cases"]
    as_of = period.as_of(today)
    zero_items = [row for row in rows if row.is_zero]
    month_labels = [f"{m}月" for m in range(1, 13)]
    trend = figures["trend"]
    appeals = figures.get("appeals")  # reports stored before issue 12 have no appeals section
    return {
        "figures": figures,
        "appeals": appeals,
        "appeal_rows": [(_("administrative review"), appeals["review"]),
                        (_("administrative litigation"), appeals["litigation"])] if appeals else [],
        "cases": c,
        "inspections": figures["inspections"],
        "inspection_indicators": [(d.name, figures["inspections"].get(d.key), d.explanation)
                                  for d in INSPECTION_INDICATORS],
        "staffing": figures["staffing"],
        "sentences": summary_sentences(figures),
        "agency": settings.AGENCY_NAME,
        "generated_on": timezone.localdate(),
        "overdue_cases": overdue_cases(actor=None, scope=scope, as_of=as_of, limit=OVERDUE_LISTED),
        "overdue_listed": OVERDUE_LISTED,
        "returned_reviews": returned_cases(actor=None, period=period, scope=scope, limit=RETURNED_LISTED),
        "evaluation_summary": figures["evaluation"],
        "zero_items": zero_items[:ZERO_LISTED],
        "zero_count": len(zero_items),
        "top_items": sorted((row for row in rows if not row.is_zero), key=lambda r: -r.score)[:TOP_LISTED],
        "chart_trend": charts.columns(
            month_labels, [(f"{trend['year']}年", trend["current"]), (f"{trend['year'] - 1}年", trend["previous"])],
            title=_("Cases per month")),
        "chart_domains": charts.horizontal_bars([(name, n) for _code, name, n in c["by_domain"][:12]],
                                                title=_("Cases by domain")),
        "chart_sources": charts.share_bar([(label, n) for _code, label, n in c["by_source"]],
                                          title=_("Cases by source")),
        "chart_procedure": charts.share_bar([(_("simple procedure"), c["simple"]),
                                             (_("ordinary procedure"), c["ordinary"])],
                                            title=_("Cases by procedure")),
    }


def render_monthly_report(*, period, township=None, today=None):
    """Return (pdf bytes, figures snapshot). Rendered in Chinese whatever the worker's locale."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = evaluation_rows(actor=None, township=township, as_of=period.end)
        figures = report_figures(period=period, township=township, today=today, rows=rows)
        context = report_context(period=period, township=township, figures=figures, today=today, rows=rows)
        return render_pdf("reports/pdf/monthly.html", context), figures
