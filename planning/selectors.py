"""Reads of inspection planning. Every one starts from `access.scope(...)`."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q

from enforcement.accounts import access

from .models import (
    Checklist,
    CheckPoint,
    Inspection,
    InspectionResult,
    JointInspection,
    OfficerConflict,
    RandomDraw,
    Subject,
    TownshipNeed,
    WeekTask,
    YearPlan,
)


def subject_list(*, actor, filters=None):
    filters = filters or {}
    qs = access.scope(Subject.objects.all(), actor).select_related("industry", "township")
    if filters.get("q"):
        qs = qs.filter(Q(name__icontains=filters["q"]) | Q(uscc__iexact=filters["q"].strip().upper()))
    for key in ("township", "industry"):
        if filters.get(key):
            qs = qs.filter(**{f"{key}__code": filters[key]})
    if filters.get("risk_level"):
        qs = qs.filter(risk_level=filters["risk_level"])
    return qs.order_by("uscc")


def conflict_list(*, actor, filters=None):
    """Recorded conflicts (回避) the actor may see: liaisons those of their department's officers."""
    filters = filters or {}
    qs = (access.scope(OfficerConflict.objects.all(), actor)
          .select_related("officer__home_department", "subject__township"))
    if filters.get("officer"):
        qs = qs.filter(officer__employee_number=filters["officer"].strip())
    if filters.get("subject"):
        qs = qs.filter(subject__uscc=filters["subject"].strip().upper())
    return qs.order_by("-recorded_at", "-id")


def plan_list(*, actor, year=None):
    qs = access.scope(YearPlan.objects.all(), actor).select_related("department").annotate(
        month_count=Count("months", distinct=True))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "department__code")


def plan_detail_queryset(*, actor):
    return access.scope(YearPlan.objects.all(), actor).select_related("department", "created_by")


def plan_months(plan):
    """Months with their tasks for the plan editor (constant queries)."""
    tasks = (WeekTask.objects.select_related("township", "checklist")
             .prefetch_related("subjects").order_by("date", "code"))
    return plan.months.prefetch_related(Prefetch("tasks", queryset=tasks)).order_by("month")


def task_queryset(*, actor):
    return (access.scope(WeekTask.objects.all(), actor)
            .select_related("department", "township", "checklist", "arrangement__plan", "draw")
            .prefetch_related("subjects", "officers"))


def week_bounds(day):
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def week_board(*, actor, day, township=None, department=None):
    """What is due in the week of `day` and what was done: tasks and joint inspections."""
    monday, sunday = week_bounds(day)
    tasks = task_queryset(actor=actor).filter(date__range=(monday, sunday))
    joints = (access.scope(JointInspection.objects.all(), actor).filter(date__range=(monday, sunday))
              .select_related("subject", "township", "lead_department").prefetch_related("departments"))
    if township is not None:
        tasks = tasks.filter(township=township)
        joints = joints.filter(township=township)
    if department is not None:
        tasks = tasks.filter(department=department)
        joints = joints.filter(departments=department)
    merged = set(JointInspection.tasks.through.objects.filter(weektask__in=tasks.values("pk"))
                 .values_list("weektask_id", flat=True))
    return {"monday": monday, "sunday": sunday, "tasks": list(tasks.order_by("date", "code")),
            "joints": list(joints.order_by("date", "code")), "merged_task_ids": merged}


def joint_queryset(*, actor):
    return (access.scope(JointInspection.objects.all(), actor)
            .select_related("subject", "township", "lead_department", "confirmed_by")
            .prefetch_related("departments", "officers", "tasks__department", "checklists"))


def draw_queryset(*, actor):
    return access.scope(RandomDraw.objects.all(), actor).select_related("department").prefetch_related("departments")


def draw_results(draw):
    return (draw.drawn_subjects.select_related("subject__township", "subject__industry")
            .prefetch_related("officers").order_by("order"))


def public_draws():
    """Published draws for the public page: no login, no personal data (names of subjects only)."""
    return RandomDraw.objects.filter(is_published=True).select_related("department").order_by("-draw_date", "code")


def public_draw_results(draw):
    """双随机一公开: each drawn subject's inspection result under this draw — the date and whether problems were
    found (not which, and no officer or person): {subject_id: (inspected_on, has_problems)}. One query."""
    rows = (Inspection.objects.filter(Q(task__draw=draw) | Q(joint__tasks__draw=draw))
            .order_by("subject_id", "-inspected_on").values_list("subject_id", "inspected_on", "has_problems"))
    results = {}
    for subject_id, inspected_on, has_problems in rows:
        results.setdefault(subject_id, (inspected_on, has_problems))
    return results


def inspection_queryset(*, actor):
    return (access.scope(Inspection.objects.all(), actor)
            .select_related("subject", "township", "department", "task", "joint", "recorded_by"))


def inspection_results(inspection):
    return (InspectionResult.objects.filter(inspection=inspection)
            .select_related("point__item", "point__checklist").order_by("point__checklist__code", "point__order"))


def open_rectifications(*, actor):
    return (access.scope(InspectionResult.objects.all(), actor)
            .filter(passed=False, rectified_on__isnull=True)
            .select_related("inspection__subject", "point").order_by("rectify_by", "inspection__inspected_on"))


def need_list(*, actor, year=None):
    qs = access.scope(TownshipNeed.objects.all(), actor).select_related("township", "department", "industry")
    if year:
        qs = qs.filter(year=year)
    return qs


def checklist_queryset(*, actor):
    return access.scope(Checklist.objects.filter(is_active=True), actor).select_related("industry").prefetch_related(
        Prefetch("points", queryset=CheckPoint.objects.select_related("item").order_by("order")))
