"""Year plans, their state machine, month arrangements, week tasks and township needs."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit

from .. import workflow
from ..models import MonthArrangement, PlanEvent, PlanState, Subject, TownshipNeed, WeekTask, YearPlan

PLAN_FIELDS = ("title", "subject_scope", "frequency", "planned_count")


def _require_department(actor, permission, department):
    """Liaisons act for their own department only; county-wide roles for any."""
    access.require(actor, permission)
    if not access.sees_all_townships(actor) and getattr(actor, "department_id", None) != department.pk:
        raise PermissionDenied(_("This record is outside your area of responsibility."))


def _set_m2m(plan, items, industries, townships):
    if items is not None:
        plan.items.set(items)
    if industries is not None:
        plan.industries.set(industries)
    if townships is not None:
        plan.townships.set(townships)


@transaction.atomic
def plan_create(*, actor, department, year, title, planned_count=0, frequency="yearly", subject_scope="",
                items=None, industries=None, townships=None):
    _require_department(actor, "plan.edit", department)
    if YearPlan.objects.filter(department=department, year=year).exists():
        raise ValidationError({"year": _("%(department)s already has a plan for %(year)s.") % {
            "department": department.name, "year": year}})
    plan = YearPlan(code=f"JH{year}-{department.code}"[:40], department=department, year=year, title=title,
                    planned_count=planned_count, frequency=frequency, subject_scope=subject_scope, created_by=actor)
    plan.full_clean()
    plan.save()
    _set_m2m(plan, items, industries, townships)
    PlanEvent.objects.create(plan=plan, action="create", from_state=PlanState.DRAFT, to_state=PlanState.DRAFT,
                             actor=actor)
    audit.record("planning.plan_created", actor=actor, obj=plan)
    return plan


def _lock(plan):
    return YearPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_update(*, actor, plan, items=None, industries=None, townships=None, **changes):
    plan = _lock(plan)
    access.require(actor, "plan.edit", plan)
    if not plan.is_editable:
        raise ValidationError(_("Only a draft plan can be edited; this plan is %(state)s.") % {
            "state": plan.get_state_display()})
    for name, value in changes.items():
        if name not in PLAN_FIELDS:
            raise ValueError(f"plan_update cannot change {name}")
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    _set_m2m(plan, items, industries, townships)
    audit.record("planning.plan_updated", actor=actor, obj=plan, fields=sorted(changes))
    return plan


def _plan_facts(plan):
    return {
        "planned_count": plan.planned_count,
        "item_count": plan.items.count(),
        "month_total": plan.months.aggregate(total=Sum("planned_count"))["total"] or 0,
    }


@transaction.atomic
def plan_transition(*, actor, plan, action, note=""):
    """The only writer of YearPlan.state: lock, look up, check permission and scope, guards, event, audit."""
    plan = _lock(plan)
    transition = workflow.TRANSITIONS.get((plan.state, action))
    if transition is None:
        audit.record("planning.plan_transition", actor=actor, obj=plan, outcome="denied", action=action,
                     state=plan.state)
        raise ValidationError(_("“%(action)s” is not possible while the plan is %(state)s.") % {
            "action": workflow.ACTION_LABELS.get(action, action), "state": plan.get_state_display()})
    access.require(actor, transition.permission, plan)
    errors = workflow.run_guards(transition, _plan_facts(plan), {"note": note})
    if errors:
        raise ValidationError(errors)
    source = plan.state
    plan.state = transition.target
    plan.save(update_fields=["state", "updated_at"])
    PlanEvent.objects.create(plan=plan, action=action, from_state=source, to_state=plan.state, actor=actor,
                             note=note)
    audit.record("planning.plan_transition", actor=actor, obj=plan, action=action, source=source,
                 target=plan.state)
    return plan


MONTH_EDITABLE_STATES = {PlanState.DRAFT, PlanState.ISSUED}


@transaction.atomic
def month_set(*, actor, plan, month, planned_count, focus=""):
    """Create or change one month's arrangement (月安排)."""
    plan = _lock(plan)
    access.require(actor, "plan.edit", plan)
    if plan.state not in MONTH_EDITABLE_STATES:
        raise ValidationError(_("The plan is under review; months can be changed in draft or once issued."))
    arrangement = MonthArrangement.objects.filter(plan=plan, month=month).first() or MonthArrangement(
        plan=plan, month=month)
    arrangement.planned_count = planned_count
    arrangement.focus = focus
    arrangement.full_clean()
    others = plan.months.exclude(pk=arrangement.pk).aggregate(total=Sum("planned_count"))["total"] or 0
    if plan.state == PlanState.ISSUED and others + planned_count > plan.planned_count:
        raise ValidationError({"planned_count": _(
            "The months would plan %(total)s inspections, more than the issued year plan's %(year)s.") % {
            "total": others + planned_count, "year": plan.planned_count}})
    arrangement.save()
    audit.record("planning.month_set", actor=actor, obj=plan, month=month, planned_count=planned_count)
    return arrangement


def _check_officers(officers, on_date):
    expired = [o for o in officers if not o.has_valid_certificate(on_date)]
    if expired:
        raise ValidationError({"officers": _(
            "No valid enforcement certificate on %(date)s: %(names)s") % {
            "date": on_date.isoformat(), "names": "、".join(o.name for o in expired)}})


@transaction.atomic
def week_task_create(*, actor, arrangement, date, subjects, officers=(), checklist=None,
                     inspection_type="routine", note="", draw=None):
    """A dated task of the plan's department for subjects of one township (周执行)."""
    plan = _lock(arrangement.plan)
    access.require(actor, "plan.edit", plan)
    if plan.state not in MONTH_EDITABLE_STATES:
        raise ValidationError(_("The plan is under review; tasks can be added in draft or once issued."))
    subjects = list(subjects)
    if not subjects:
        raise ValidationError({"subjects": _("Choose at least one subject.")})
    visible = set(access.scope(Subject.objects.filter(pk__in=[s.pk for s in subjects]), actor)
                  .values_list("pk", flat=True))
    if draw is None and len(visible) != len({s.pk for s in subjects}):
        raise ValidationError({"subjects": _("Some subjects are outside your department's industries.")})
    townships = {s.township_id for s in subjects}
    if len(townships) != 1:
        raise ValidationError({"subjects": _("A week task covers subjects of one township; split it.")})
    officers = list(officers)
    if date:
        _check_officers(officers, date)
    _check_checklist(checklist)
    task = WeekTask(arrangement=arrangement, department_id=plan.department_id, township_id=townships.pop(),
                    date=date, checklist=checklist, inspection_type=inspection_type, note=note, draw=draw)
    task.arrangement = arrangement
    task.full_clean()
    task.save()
    task.subjects.set(subjects)
    task.officers.set(officers)
    audit.record("planning.task_created", actor=actor, obj=task, plan=plan.code)
    return task


TASK_FIELDS = ("date", "checklist", "inspection_type", "note")


def _check_checklist(checklist):
    """A task is planned with the current version of a checklist in use; it keeps that version afterwards."""
    if checklist is not None and not checklist.is_active:
        raise ValidationError({"checklist": _("Checklist %(code)s is retired or replaced by a newer version; "
                                              "plan with the current version.") % {"code": checklist.code}})


@transaction.atomic
def week_task_update(*, actor, task, officers=None, **changes):
    """Change an open task (date within its month, officers, checklist, type, note) before anyone acted on it.

    A task already done, inspected or merged into a joint inspection keeps its record as it is."""
    task = WeekTask.objects.select_for_update(of=("self",)).select_related("arrangement__plan").get(pk=task.pk)
    access.require(actor, "plan.edit", task)
    plan = _lock(task.arrangement.plan)
    if plan.state not in MONTH_EDITABLE_STATES:
        raise ValidationError(_("The plan is under review; tasks can be changed in draft or once issued."))
    if task.done_at or task.inspections.exists() or task.joint_inspections.exists():
        raise ValidationError(_("Task %(code)s was already done, inspected or merged; it can no longer be "
                                "changed.") % {"code": task.code})
    changed = []
    for name, value in changes.items():
        if name not in TASK_FIELDS:
            raise ValueError(f"week_task_update cannot change {name}")
        if getattr(task, name) != value:
            setattr(task, name, value)
            changed.append(name)
    if "checklist" in changed:
        _check_checklist(task.checklist)
    if officers is not None:
        officers = list(officers)
        _check_officers(officers, task.date)
    elif "date" in changed:
        _check_officers(list(task.officers.all()), task.date)
    task.full_clean()
    if changed:
        task.save(update_fields=changed)
    if officers is not None:
        task.officers.set(officers)
        changed.append("officers")
    if changed:
        audit.record("planning.task_updated", actor=actor, obj=task, fields=sorted(changed))
    return task


@transaction.atomic
def township_need_submit(*, actor, department, year, description, expected_count=0, industry=None):
    """A township officer submits the township's annual enforcement need to a department."""
    access.require(actor, "plan.submit_needs")
    township = access.township_of(actor)
    if township is None:
        raise PermissionDenied(_("Only township staff submit township needs."))
    need = TownshipNeed(township=township, department=department, year=year, description=description,
                        expected_count=expected_count, industry=industry, submitted_by=actor,
                        submitted_at=timezone.now())
    need.full_clean()
    need.save()
    audit.record("planning.need_submitted", actor=actor, obj=need)
    return need
