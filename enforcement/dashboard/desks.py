"""Each role's home page (its desk, issue 13): the role's own work first, read through the apps' selectors.

`desk_data(actor=...)` returns a plain dict for the page and the API (/api/v1/desk/). Every read starts from
`access.scope` (directly or through a selector that does), and the number of queries of each desk is constant
(asserted in the tests). Figures come from the statistics service (`enforcement.reports.statistics`), so a
pre-aggregated rollup behind it serves the desks too.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cases.models import UNDECIDED_LIST, Case, CaseEvent, DecisionType, Review, Status
from cases.selectors import deadline_watch, review_queue
from enforcement.accounts import access
from enforcement.accounts.models import DeviceToken, Role, User
from enforcement.audit.tasks import CHAIN_CHECK_CACHE_KEY
from enforcement.reports.models import MonthlyReport
from enforcement.reports.periods import Period
from enforcement.reports.statistics import StatScope, case_figures, overdue_cases

from .selectors import case_list_url

LIST_LIMIT = 10


def _url(name, *args, query=None):
    from urllib.parse import urlencode

    from django.urls import reverse

    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


# ---------------------------------------------------------------------------------------------- officer
def officer_desk(*, actor, today):
    """The township officer's tasks, as on the phone app's task home: clues dispatched to them, re-checks due,
    open cases by their next legal deadline, this fortnight's inspection tasks."""
    from mobile import selectors as mobile

    clue_rows, rechecks = mobile.clues(actor=actor)
    for row in clue_rows or []:
        row["respond_by"] = parse_datetime(row["response_deadline"]) if row["response_deadline"] else None
    cases = mobile.my_cases(actor=actor, today=today)
    tasks = mobile.tasks(actor=actor, today=today)
    return {
        "clues": clue_rows or [],
        "rechecks": rechecks or [],
        "cases": cases[:LIST_LIMIT * 2],
        "cases_total": len(cases),
        "cases_overdue": sum(1 for row in cases if row["overdue"]),
        "tasks": tasks[:LIST_LIMIT * 2],
        "tasks_total": len(tasks),
        "tasks_today": sum(1 for row in tasks if row["date"] == today),
    }


# ---------------------------------------------------------------------------------------------- reviewer
LEVEL_STATES = ((Status.TOWNSHIP_REVIEW, "case.review_township"), (Status.DISTRICT_REVIEW, "case.review_district"))


def reviewer_desk(*, actor, today):
    """The reviewer's queue: how many cases wait at each level they review, the oldest waiting first."""
    entered = (CaseEvent.objects.filter(case=OuterRef("pk"), to_status=OuterRef("status"))
               .order_by("-created_at").values("created_at")[:1])
    queue = review_queue(actor=actor).annotate(waiting_since=Subquery(entered))
    counts = {row["status"]: row for row in review_queue(actor=actor).order_by().values("status")
              .annotate(n=Count("pk"))}
    levels = []
    for state, permission in LEVEL_STATES:
        if not access.can(actor, permission):
            continue
        row = counts.get(state, {"n": 0})
        levels.append({"status": state, "label": str(Status(state).label), "count": row["n"],
                       "url": _url("cases:review_queue")})
    now = timezone.now()
    rows = []
    for case in queue.select_related("item", "township").order_by("waiting_since", "id")[:LIST_LIMIT * 2]:
        since = case.waiting_since or case.updated_at
        rows.append({"code": case.code, "party_name": case.party_name, "item_name": case.item.name,
                     "township_name": case.township.name if case.township_id else "",
                     "status": case.status, "status_label": case.get_status_display(),
                     "is_major": case.is_major, "waiting_since": since,
                     "waiting_days": max(0, (now - since).days), "deadline": case.deadline,
                     "overdue": bool(case.deadline and case.deadline < today)})
    month = Period.containing_month(today)
    reviewed = access.scope(Review.objects.filter(reviewer=actor, created_at__date__gte=month.start,
                                                  created_at__date__lte=today), actor).count()
    return {"levels": levels, "total": sum(level["count"] for level in levels), "cases": rows,
            "oldest": rows[0] if rows else None, "reviewed_this_month": reviewed}


# ---------------------------------------------------------------------------------------------- bureau staff
def _clue_queue(*, actor):
    """Clues waiting for the command side (triage, dispatch, re-dispatch), by state, with links to the list."""
    from intake.board import WAITING_STATES
    from intake.models import Clue, State

    counts = dict(access.scope(Clue.objects.filter(state__in=WAITING_STATES), actor).order_by()
                  .values_list("state").annotate(n=Count("*")))  # COUNT(*): the open clues' index alone
    return [{"state": state, "label": str(State(state).label), "count": counts.get(state, 0),
             "url": _url("intake:list", query={"state": state})} for state in WAITING_STATES]


def staff_desk(*, actor, today):
    """Bureau staff's work queues: clues to dispatch, cases waiting for the bureau, imports and reports."""
    from catalog.models import ImportJob
    from planning.models import PlanState, YearPlan

    cases = access.scope(Case.objects.all(), actor)
    waiting = cases.aggregate(
        payments=Count("pk", filter=Q(decision_type=DecisionType.PENALTY, fine_amount__gt=0, paid_on__isnull=True,
                                      status__in=[Status.DECIDED, Status.DELIVERED])),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        bureau_open=Count("pk", filter=Q(township__isnull=True, status__in=UNDECIDED_LIST)),
        overdue=Count("pk", filter=Q(status__in=UNDECIDED_LIST, deadline__lt=today)),
    )
    at_risk = deadline_watch(actor=actor, today=today).filter(deadline__gte=today).count()
    from cases.selectors_coercive import overdue_count

    case_queues = [
        {"key": "overdue", "count": waiting["overdue"], "url": case_list_url(overdue=1)},
        {"key": "at_risk", "count": at_risk, "url": _url("cases:overdue")},
        {"key": "returned", "count": waiting["returned"], "url": case_list_url(status=Status.RETURNED)},
        {"key": "payments", "count": waiting["payments"], "url": case_list_url(status=Status.DELIVERED)},
        {"key": "bureau_open", "count": waiting["bureau_open"], "url": case_list_url()},
        # 查封 / 扣押 / 先行登记保存 past their deadline and not released (行政强制法 art. 25, 行政处罚法 art. 56)
        {"key": "coercive_overdue", "count": overdue_count(actor=actor, today=today),
         "url": _url("cases:coercive_measures", query={"overdue": 1})},
    ]
    imports = list(access.scope(ImportJob.objects.all(), actor).order_by("-created_at", "-id")[:5])
    reports = list(access.scope(MonthlyReport.objects.all(), actor).select_related("township")
                   .order_by("-period", "township__code")[:6])
    plans = access.scope(YearPlan.objects.filter(state__in=[PlanState.SUBMITTED, PlanState.UNDER_REVIEW]),
                         actor).count()
    return {
        "clues": _clue_queue(actor=actor),
        "case_queues": case_queues,
        "plans_to_approve": plans,
        "imports": [{"filename": job.filename, "status": job.status, "status_label": job.get_status_display(),
                     "percent": job.percent, "created_at": job.created_at,
                     "url": _url("catalog:import_job", job.token)} for job in imports],
        "reports": [_report_row(report) for report in reports],
    }


def _report_row(report):
    scope_code = report.township.code if report.township_id else "county"
    done = report.status == MonthlyReport.Status.DONE and bool(report.file)
    return {"month": f"{report.period.year}年{report.period.month}月",
            "scope": report.township.name if report.township_id else "",
            "status": report.status, "status_label": report.get_status_display(),
            "url": _url("reports:download", f"{report.period:%Y-%m}", scope_code) if done else None}


# ---------------------------------------------------------------------------------------------- command centre
def command_desk(*, actor, today):
    """The command centre's (or a township command room's) queue: clues to triage and dispatch, responses past
    their deadline, replies owed and re-checks due; the board is one click away."""
    from intake.board import board_data

    board = board_data(actor=actor)
    return {
        "clues": _clue_queue(actor=actor),
        "open_total": board["open_total"], "urgent_open": board["urgent_open"],
        "overdue_count": board["overdue_count"],
        "overdue": [{"code": clue.code, "address": clue.address, "state_label": clue.get_state_display(),
                     "township_name": clue.township.name if clue.township_id else "",
                     "response_deadline": clue.response_deadline} for clue in board["overdue"]],
        "rechecks_due": board["rechecks_due"], "replies_overdue": board["replies_overdue"],
        "dispatched_today": board["dispatched_today"],
    }


# ---------------------------------------------------------------------------------------------- leadership
def leader_desk(*, actor, today):
    """One screen for this month: the figures with the same dates last year beside them, overdue and at-risk
    cases, and the latest monthly report (PDF)."""
    period = Period.containing_month(today)
    figures = case_figures(actor=actor, period=period, scope=StatScope(), today=today)
    overdue = overdue_cases(actor=actor, scope=StatScope(), as_of=today, limit=LIST_LIMIT)
    at_risk = deadline_watch(actor=actor, today=today).filter(deadline__gte=today)
    from cases.selectors_coercive import overdue_count

    report = (access.scope(MonthlyReport.objects.filter(status=MonthlyReport.Status.DONE, township__isnull=True),
                           actor).exclude(file="").order_by("-period").first())
    return {
        "period": {"key": period.key, "label": period.label, "start": period.start, "end": period.end,
                   "as_of": period.as_of(today), "partial": period.is_partial(today)},
        "figures": figures,
        "overdue": [{"code": case.code, "party_name": case.party_name, "item_name": case.item.name,
                     "township_name": case.township.name if case.township_id else "", "deadline": case.deadline,
                     "days_over": (today - case.deadline).days} for case in overdue],
        "overdue_url": case_list_url(overdue=1),
        "at_risk": at_risk.count(),
        "at_risk_url": _url("cases:overdue"),
        "coercive_overdue": overdue_count(actor=actor, today=today),
        "coercive_overdue_url": _url("cases:coercive_measures", query={"overdue": 1}),
        "month_cases_url": case_list_url(case_date_from=period.start.isoformat(),
                                         case_date_to=period.end.isoformat()),
        "dashboard_url": _url("dashboard:index", query={"period": period.key}),
        "report": _report_row(report) if report else None,
        "reports_url": _url("reports:list"),
    }


# ---------------------------------------------------------------------------------------------- administrator
def _locked_accounts(now):
    from axes.models import AccessAttempt

    since = now - settings.AXES_COOLOFF_TIME
    return list(AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                             attempt_time__gte=since)
                .order_by("-attempt_time").values("username", "attempt_time", "failures_since_start")[:LIST_LIMIT])


def _periodic_tasks():
    """The beat schedule of the settings beside what the database scheduler last ran."""
    from django_celery_beat.models import PeriodicTask

    rows = {task.name: task for task in PeriodicTask.objects.filter(name__in=list(settings.CELERY_BEAT_SCHEDULE))}
    return [{"name": name, "task": entry["task"], "enabled": rows[name].enabled if name in rows else None,
             "last_run_at": rows[name].last_run_at if name in rows else None}
            for name, entry in sorted(settings.CELERY_BEAT_SCHEDULE.items())]


def _calendar_coverage(today):
    """Does the holiday calendar the bureau maintains (art. 85 working days) hold official data for this year and
    the next?"""
    from enforcement.core import workdays

    covered = workdays.snapshot().covered_years
    return [{"year": year, "known": year in covered} for year in (today.year, today.year + 1)]


def admin_desk(*, actor, today):
    """Users by role, periodic tasks and the system checks (holiday calendar, audit chain health). Locks and
    devices are the security administrator's (三员分立)."""
    by_role = dict(User.objects.filter(is_active=True).exclude(role="").order_by().values_list("role")
                   .annotate(n=Count("pk")))
    roles = [{"role": role.value, "label": str(role.label), "count": by_role.get(role.value, 0)} for role in Role]
    chain = cache.get(CHAIN_CHECK_CACHE_KEY)  # written by the nightly verify_audit_chain task
    return {
        "users": {"roles": roles, "active": sum(by_role.values()),
                  "inactive": User.objects.filter(is_active=False).count(),
                  "without_role": User.objects.filter(is_active=True, role="").count()},
        "periodic_tasks": _periodic_tasks(),
        "calendar": _calendar_coverage(today),
        "audit_chain": chain,
    }


# ---------------------------------------------------------------------------------------------- security
def security_desk(*, actor, today):
    """The security administrator: accounts locked (by hand or after failed logins), accounts waiting for a
    role, device tokens."""
    now = timezone.now()
    devices = DeviceToken.objects.aggregate(
        active=Count("pk", filter=Q(revoked_at__isnull=True, expires_at__gt=now)),
        expiring=Count("pk", filter=Q(revoked_at__isnull=True, expires_at__gt=now,
                                      expires_at__lte=now + timedelta(days=7))),
        idle=Count("pk", filter=Q(revoked_at__isnull=True, expires_at__gt=now)
                   & (Q(last_used_at__lt=now - timedelta(days=30)) | Q(last_used_at__isnull=True))),
    )
    accounts = access.scope(User.objects.all(), actor)
    failed = _locked_accounts(now)
    ids = dict(accounts.filter(username__in=[row["username"] for row in failed]).values_list("username", "pk"))
    for row in failed:
        row["pk"] = ids.get(row["username"])
    return {
        "devices": devices,
        "locked": failed,
        "held": list(accounts.filter(locked_at__isnull=False).order_by("-locked_at")
                     .values("pk", "username", "locked_at", "locked_reason")[:LIST_LIMIT]),
        "waiting": list(accounts.filter(is_active=True, role="").order_by("date_joined")
                        .values("pk", "username", "display_name", "date_joined")[:LIST_LIMIT]),
    }


# ---------------------------------------------------------------------------------------------- liaison
def _transferred_cases(actor):
    """本部门移交的案件: the cases the liaison's department transferred (部门移交), newest first, each with the
    state of the agency's reply (none yet, progress only, result)."""
    from django.db.models import Exists, Max

    from cases.models_transfers import DepartmentReply, ReplyKind

    replies = DepartmentReply.objects.filter(case=OuterRef("pk"))
    rows = (access.scope(Case.objects.filter(transferred_from__isnull=False), actor)
            .annotate(result_sent=Exists(replies.filter(kind=ReplyKind.RESULT)),
                      last_reply_on=Max("department_replies__sent_on"))
            .select_related("item", "township").order_by("-created_at", "-id")[:LIST_LIMIT * 2])
    return [{"code": case.code, "item": case.item.name, "township": case.township.name if case.township else "",
             "party_name": case.party_name, "status": case.status, "status_label": case.get_status_display(),
             "result_sent": case.result_sent, "last_reply_on": case.last_reply_on,
             "url": _url("cases:detail", case.code)} for case in rows]


def liaison_desk(*, actor, today):
    """The department liaison's plans by state, the department's inspection tasks of the next two weeks and the
    cases the department transferred with the state of the reply."""
    from planning.models import PlanState, WeekTask, YearPlan

    plans = dict(access.scope(YearPlan.objects.filter(year__gte=today.year), actor).order_by()
                 .values_list("state").annotate(n=Count("pk")))
    tasks = list(access.scope(WeekTask.objects.filter(date__gte=today, date__lte=today + timedelta(days=14),
                                                      done_at__isnull=True), actor)
                 .select_related("department").order_by("date", "code")[:LIST_LIMIT * 2])
    return {
        "plans": [{"state": state, "label": str(label), "count": plans.get(state, 0)}
                  for state, label in PlanState.choices],
        "tasks": [{"code": task.code, "date": task.date, "department": task.department.name,
                   "note": task.note} for task in tasks],
        "transferred_cases": _transferred_cases(actor),
    }


DESKS = {
    "officer": officer_desk, "reviewer": reviewer_desk, "staff": staff_desk, "command": command_desk,
    "leader": leader_desk, "admin": admin_desk, "security": security_desk, "liaison": liaison_desk,
}


def desk_data(*, actor, today=None):
    """The actor's desk: {"desk": kind, "today": date, ...the kind's own data}; None when the role has none."""
    kind = access.desk_of(actor)
    if kind is None:
        return None
    today = today or timezone.localdate()
    return {"desk": kind, "today": today, **DESKS[kind](actor=actor, today=today)}
