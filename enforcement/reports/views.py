from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enforcement.accounts import access
from enforcement.audit import services as audit
from townships.models import Township

from . import exports, selectors, services
from .evaluation import WEIGHT_LABELS, WEIGHTS, evaluation_rows, evaluation_summary
from .forms import EaseRatingForm, ReportRequestForm
from .models import EaseRating, MonthlyReport
from .periods import WEEK_RE, Period
from .ranking import department_ranking, township_ranking

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def report_list(request):
    """Monthly reports for download; staff may request or regenerate one."""
    reports = selectors.report_list(actor=request.user)
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    can_generate = access.can(request.user, "report.generate")
    form = ReportRequestForm(actor=request.user) if can_generate else None
    return render(request, "reports/list.html", {"page": page, "can_generate": can_generate, "form": form,
                                                 "Status": MonthlyReport.Status})


@login_required
@require_POST
def report_request(request):
    access.require(request.user, "report.generate")
    form = ReportRequestForm(request.POST, actor=request.user)
    if not form.is_valid():
        page = Paginator(selectors.report_list(actor=request.user), 25).get_page(1)
        return render(request, "reports/list.html", {"page": page, "can_generate": True, "form": form,
                                                     "Status": MonthlyReport.Status}, status=400)
    return _request(request, form.cleaned_data["month"], form.cleaned_data["township"])


@login_required
@require_POST
def report_regenerate(request, period_key, scope_code):
    access.require(request.user, "report.generate")
    report = selectors.report_for(actor=request.user, period_key=period_key, scope_code=scope_code)
    return _request(request, Period.containing_month(report.period), report.township)


def _request(request, period, township):
    try:
        report, queued = services.monthly_report_request(period=period, township=township, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:list")
    if queued:
        messages.success(request, _("%(report)s has been queued; it is ready in a few minutes.") % {"report": report})
    else:
        messages.warning(request, _("%(report)s is already being generated.") % {"report": report})
    return redirect("reports:list")


@login_required
def report_download(request, period_key, scope_code):
    """The PDF, inline. Another township's report is a 404, like every scoped object."""
    report = selectors.report_for(actor=request.user, period_key=period_key, scope_code=scope_code)
    if not report.is_ready:
        raise Http404(_("This report is not ready yet."))
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This report's file is missing; regenerate it.")) from exc
    audit.record("report.downloaded", actor=request.user, obj=report, period=report.period_key,
                 scope=report.scope_code)
    return FileResponse(handle, content_type="application/pdf", filename=report.download_name, as_attachment=False)


# ---------------------------------------------------------------------------------------------- evaluation


def _evaluation_township(request):
    own = access.township_of(request.user)
    code = request.GET.get("township", "").strip()
    if own is not None:  # their own township, or a 1+X satellite it serves; any other code: their own
        return access.scope(Township.objects.filter(code=code), request.user).first() or own if code else own
    return selectors.township_for(actor=request.user, code=code) if code else None


@login_required
def evaluation(request):
    """三高两易 / 零办件: each empowered item's cases over 12 months, ease ratings and score."""
    access.require(request.user, "report.view")
    township = _evaluation_township(request)
    zero_only = request.GET.get("zero") == "1"
    all_rows = evaluation_rows(actor=request.user, township=township)
    rows = [row for row in all_rows if row.is_zero] if zero_only else all_rows
    summary = evaluation_summary(all_rows)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = {"township": township.code if township else "", "zero": "1" if zero_only else ""}
    querystring = "&".join(f"{key}={value}" for key, value in query.items() if value)
    return render(request, "reports/evaluation.html", {
        "page": page, "summary": summary, "township": township, "zero_only": zero_only,
        "townships": access.scope(Township.objects.order_by("code"), request.user),
        "querystring": querystring, "can_rate": access.can(request.user, "evaluation.rate"),
        "as_of": timezone.localdate(),
        "weights": [(WEIGHT_LABELS[name], round(weight * 100)) for name, weight in WEIGHTS.items()],
    })


@login_required
def evaluation_export(request):
    access.require(request.user, "report.view")
    township = _evaluation_township(request)
    today = timezone.localdate()
    rows = evaluation_rows(actor=request.user, township=township, as_of=today)
    content = exports.evaluation_xlsx(rows, evaluation_summary(rows), as_of=today)
    audit.record("evaluation.exported", actor=request.user, township=township.code if township else None,
                 rows=len(rows))
    response = HttpResponse(content, content_type=XLSX)
    name = f"evaluation-{township.code if township else 'county'}-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def evaluation_rate(request, township_code, item_code):
    access.require(request.user, "evaluation.rate")
    township = selectors.township_for(actor=request.user, code=township_code)
    item = selectors.empowered_item_for(actor=request.user, township=township, item_code=item_code,
                                        on_date=timezone.localdate())
    instance = EaseRating.objects.filter(township=township, item=item).first()
    form = EaseRatingForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.ease_rating_set(actor=request.user, township=township, item=item, **form.cleaned_data)
        messages.success(request, _("The rating of %(item)s has been saved.") % {"item": item.name})
        return redirect(f"{reverse('reports:evaluation')}?township={township.code}")
    return render(request, "reports/rate.html", {"form": form, "township": township, "item": item},
                  status=400 if request.method == "POST" else 200)


# ---------------------------------------------------------------------------------------------- ranking


def _ranking_period(request):
    text = request.GET.get("week", "").strip()
    if not text:
        return Period.last_full_week(), None
    if not WEEK_RE.match(text):
        return Period.last_full_week(), _("Write the week as YYYY-Www, for example 2026-W43.")
    try:
        return Period.parse(text, field="week"), None
    except ValidationError as exc:
        return Period.last_full_week(), " ".join(exc.messages)


def _weights_shown(weights):
    from assessment.models import IndexIndicator

    return [(IndexIndicator(name).label, weight) for name, weight in weights.items() if weight]


@login_required
def ranking(request):
    """Weekly 晾晒: townships and departments ranked on the assessment index of rates, weights shown."""
    access.require(request.user, "report.view")
    period, error = _ranking_period(request)
    townships, township_weights = township_ranking(actor=request.user, period=period)
    departments, department_weights = department_ranking(actor=request.user, period=period)
    return render(request, "reports/ranking.html", {
        "period": period, "error": error, "week": request.GET.get("week", period.key),
        "townships": townships, "departments": departments,
        "township_weights": _weights_shown(township_weights),
        "department_weights": _weights_shown(department_weights),
        "previous": period.previous().key,
        "next": None if period.end >= timezone.localdate() else
        Period(period.start + timedelta(days=7), period.end + timedelta(days=7), "week").key,
    })


@login_required
def ranking_export(request):
    access.require(request.user, "report.view")
    period, _error = _ranking_period(request)
    townships, township_weights = township_ranking(actor=request.user, period=period)
    departments, department_weights = department_ranking(actor=request.user, period=period)
    content = exports.ranking_xlsx(period, townships, departments,
                                   weights=_weights_shown(township_weights) + _weights_shown(department_weights))
    audit.record("ranking.exported", actor=request.user, week=period.key)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ranking-{period.key}.xlsx"'
    return response
