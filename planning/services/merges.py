"""综合查一次: find tasks of different departments on the same subject in one month and merge them."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from townships.models import Department, Township

from ..models import InspectionType, JointInspection, Subject, WeekTask

TaskSubject = WeekTask.subjects.through
JointTask = JointInspection.tasks.through


@dataclass
class MergeCandidate:
    subject: Subject
    tasks: list = field(default_factory=list)

    @property
    def departments(self):
        seen = {}
        for task in self.tasks:
            seen.setdefault(task.department_id, task.department)
        return list(seen.values())

    @property
    def visits_saved(self):
        return len(self.tasks) - 1

    @property
    def task_codes(self):
        return [task.code for task in self.tasks]


def _open_pairs(*, actor, year, month):
    """(task, subject) rows of visible, undone tasks in the month not yet merged into a joint inspection."""
    tasks = access.scope(WeekTask.objects.all(), actor).filter(date__year=year, date__month=month,
                                                               done_at__isnull=True)
    merged = JointTask.objects.filter(weektask_id=OuterRef("weektask_id"),
                                      jointinspection__subject_id=OuterRef("subject_id"))
    return TaskSubject.objects.filter(weektask__in=tasks.values("pk")).exclude(Exists(merged))


def merge_summary(*, actor, year, month):
    """(number of candidate subjects, visits saved if every candidate is merged) for the month. One query."""
    per_subject = (_open_pairs(actor=actor, year=year, month=month).values("subject_id")
                   .annotate(departments=Count("weektask__department", distinct=True),
                             tasks=Count("weektask_id", distinct=True))
                   .filter(departments__gte=2).order_by().values_list("tasks", flat=True))
    counts = list(per_subject)
    return len(counts), sum(counts) - len(counts)


def merge_candidates(*, actor, year, month, limit=None):
    """Subjects that two or more departments plan to visit in the month, with their tasks. Six queries.

    Each task, subject, department and township is built once (a month of 3,000 tasks gives ~6,000 task ×
    subject pairs; building them through select_related cost most of a second)."""
    pairs = _open_pairs(actor=actor, year=year, month=month)
    subject_ids = list(pairs.values("subject_id").annotate(departments=Count("weektask__department", distinct=True))
                       .filter(departments__gte=2).order_by("subject_id").values_list("subject_id", flat=True))
    if not subject_ids:
        return []
    subjects = {s.pk: s for s in Subject.objects.filter(pk__in=subject_ids).order_by("uscc")
                .only("id", "uscc", "name", "township_id", "industry_id", "address", "risk_level")}
    ordered = list(subjects)[:limit] if limit else list(subjects)
    rows = list(pairs.filter(subject_id__in=ordered).order_by("weektask__date", "weektask__code")
                .values_list("subject_id", "weektask_id"))
    tasks = WeekTask.objects.in_bulk({task_id for _s, task_id in rows})
    departments = Department.objects.in_bulk({task.department_id for task in tasks.values()})
    townships = Township.objects.in_bulk({subjects[pk].township_id for pk in ordered})
    for task in tasks.values():
        task.department = departments[task.department_id]
    candidates = {}
    for pk in ordered:
        subject = subjects[pk]
        subject.township = townships[subject.township_id]
        candidates[pk] = MergeCandidate(subject=subject)
    for subject_id, task_id in rows:
        candidates[subject_id].tasks.append(tasks[task_id])
    return list(candidates.values())


@transaction.atomic
def merge_confirm(*, actor, subject, tasks, date=None):
    """The bureau confirms a merge: one JointInspection, one visit, combined checklist, all officers."""
    access.require(actor, "plan.merge")
    codes = sorted({task.code for task in tasks})
    locked = list(WeekTask.objects.select_for_update(of=("self",)).filter(code__in=codes)
                  .select_related("department", "checklist").order_by("date", "code"))
    if len(locked) < 2:
        raise ValidationError({"tasks": _("A merge needs at least two tasks.")})
    for task in locked:
        access.require(actor, "plan.merge", task)
    if len({task.department_id for task in locked}) < 2:
        raise ValidationError({"tasks": _("The tasks to merge must belong to different departments.")})
    if len({(task.date.year, task.date.month) for task in locked}) != 1:
        raise ValidationError({"tasks": _("The tasks to merge must fall in the same month.")})
    if any(task.done_at for task in locked):
        raise ValidationError({"tasks": _("A task already marked done cannot be merged.")})
    on_subject = set(TaskSubject.objects.filter(weektask__in=locked, subject=subject).values_list("weektask_id",
                                                                                                  flat=True))
    if on_subject != {task.pk for task in locked}:
        raise ValidationError({"tasks": _("Every task to merge must include the subject %(name)s.") % {
            "name": subject.name}})
    year, month = locked[0].date.year, locked[0].date.month
    if JointTask.objects.filter(weektask__in=locked, jointinspection__subject=subject).exists():
        raise ValidationError({"tasks": _("One of these tasks is already merged for this subject.")})
    date = date or locked[0].date
    if (date.year, date.month) != (year, month):
        raise ValidationError({"date": _("The joint visit must take place in %(year)s-%(month)02d.") % {
            "year": year, "month": month}})
    joint = JointInspection(subject=subject, township_id=subject.township_id, year=year, month=month, date=date,
                            lead_department_id=locked[0].department_id, visits_saved=len(locked) - 1,
                            is_random=any(t.inspection_type == InspectionType.RANDOM or t.draw_id for t in locked),
                            confirmed_by=actor, confirmed_at=timezone.now())
    joint.full_clean()
    joint.save()
    joint.tasks.set(locked)
    joint.departments.set({task.department_id for task in locked})
    joint.checklists.set({task.checklist_id for task in locked if task.checklist_id})
    Officer = WeekTask.officers.through
    joint.officers.set(set(Officer.objects.filter(weektask__in=locked).values_list("officer_id", flat=True)))
    audit.record("planning.merge_confirmed", actor=actor, obj=joint, subject=subject.uscc, tasks=codes,
                 visits_saved=joint.visits_saved)
    return joint
