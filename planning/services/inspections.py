"""Inspections (无计划不检查): recording results, task completion (任务销号), cases and rectification."""

import logging
import os
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core.action_codes import action_code_issue
from enforcement.core.models import ActionKind
from townships.services import serving_township_ids

from ..models import CheckPoint, Inspection, InspectionResult, InspectionType, JointInspection, PlanState, WeekTask

logger = logging.getLogger(__name__)
JointTask = JointInspection.tasks.through


def applicable_points(*, task=None, joint=None):
    """The check points an inspection must answer: the task's checklist, or the joint's combined one."""
    if joint is not None:
        return CheckPoint.objects.filter(checklist__in=joint.checklists.all()).select_related("item", "checklist")
    if task is not None and task.checklist_id:
        return CheckPoint.objects.filter(checklist_id=task.checklist_id).select_related("item", "checklist")
    return CheckPoint.objects.none()


def _refuse(field, message):
    raise ValidationError({field: message})


def _check_task(actor, task, subject):
    access.require(actor, "inspection.record", task)
    if task.arrangement.plan.state != PlanState.ISSUED:
        _refuse("task", _("The plan of task %(code)s has not been issued yet.") % {"code": task.code})
    if not task.subjects.filter(pk=subject.pk).exists():
        _refuse("subject", _("%(name)s is not a subject of task %(code)s.") % {"name": subject.name,
                                                                              "code": task.code})
    joint = JointInspection.objects.filter(tasks=task, subject=subject).first()
    if joint is not None:
        _refuse("task", _("This visit was merged into joint inspection %(code)s; record it there.") % {
            "code": joint.code})
    if Inspection.objects.filter(task=task, subject=subject).exists():
        _refuse("task", _("An inspection of %(name)s under task %(code)s is already recorded.") % {
            "name": subject.name, "code": task.code})


def _check_joint(actor, joint):
    access.require(actor, "inspection.record", joint)
    unissued = [t.code for t in joint.tasks.select_related("arrangement__plan")
                if t.arrangement.plan.state != PlanState.ISSUED]
    if unissued:
        _refuse("joint", _("The plans of tasks %(codes)s have not been issued yet.") % {"codes": "、".join(unissued)})
    if joint.inspections.exists():
        _refuse("joint", _("Joint inspection %(code)s is already recorded.") % {"code": joint.code})


def _check_results(points, results):
    by_id = {p.pk: p for p in points}
    given = {}
    for row in results:
        point = row["point"]
        if point.pk not in by_id:
            _refuse("results", _("Check point “%(text)s” is not on this inspection's checklist.") % {
                "text": point.text})
        given[point.pk] = row
    missing = [p.text for p in points if p.pk not in given]
    if missing:
        _refuse("results", _("Record a result for every check point; missing: %(points)s") % {
            "points": "、".join(missing[:5])})
    return given


@transaction.atomic
def inspection_record(*, actor, subject=None, task=None, joint=None, inspected_on=None, officers=(), results=(),
                      note="", client_request_id=None, today=None, officer_exception_reason="", latitude=None,
                      longitude=None):
    """Record one visit. Refused without a plan task or joint inspection. Idempotent on client_request_id.

    results: [{"point": CheckPoint, "passed": bool, "note": str, "evidence": File|None, "rectify_by": date|None}]
    """
    access.require(actor, "inspection.record")
    client_request_id = (client_request_id or "").strip() or None
    if client_request_id:
        existing = Inspection.objects.filter(client_request_id=client_request_id).first()
        if existing is not None:
            access.require(actor, "inspection.record", existing)
            return existing
    if (latitude is None) != (longitude is None):
        _refuse("latitude", _("Give both latitude and longitude, or neither."))
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        _refuse("latitude", _("The position is outside latitude −90…90 / longitude −180…180."))
    if task is None and joint is None:
        _refuse("task", _("No inspection without a plan: choose the week task or joint inspection (无计划不检查)."))
    if task is not None and joint is not None:
        _refuse("task", _("Record against a week task or a joint inspection, not both."))
    today = today or timezone.localdate()
    inspected_on = inspected_on or today
    if inspected_on > today:
        _refuse("inspected_on", _("The inspection date cannot be in the future."))
    if joint is not None:
        joint = JointInspection.objects.select_for_update().get(pk=joint.pk)
        _check_joint(actor, joint)
        subject = joint.subject
    else:
        task = WeekTask.objects.select_for_update(of=("self",)).select_related("arrangement__plan").get(pk=task.pk)
        if subject is None:
            subjects = list(task.subjects.all()[:2])
            if len(subjects) != 1:
                _refuse("subject", _("Choose which subject of the task was inspected."))
            subject = subjects[0]
        _check_task(actor, task, subject)
    officers = list(officers)
    if len(officers) < 2:
        _refuse("officers", _("At least two enforcement officers must take part (Administrative Penalty Law art. 42)."))
    invalid = [o.name for o in officers if not o.has_valid_certificate(inspected_on)]
    if invalid:
        _refuse("officers", _("No valid enforcement certificate on %(date)s: %(names)s") % {
            "date": inspected_on.isoformat(), "names": "、".join(invalid)})
    officer_exception_reason = (officer_exception_reason or "").strip()[:500]
    _check_drawn_officers(task, subject, officers, officer_exception_reason)
    points = list(applicable_points(task=task, joint=joint))
    given = _check_results(points, list(results))
    _check_zone_limits(actor, subject, points, inspected_on)

    if joint is not None:
        department_id, is_random, is_joint = joint.lead_department_id, joint.is_random, True
    else:
        department_id = task.department_id
        is_random = task.inspection_type == InspectionType.RANDOM or task.draw_id is not None
        is_joint = bool(task.draw_id and task.draw.departments.count() > 1)
    code = action_code_issue(kind=ActionKind.INSPECTION, agency=settings.AGENCY_NAME, on_date=inspected_on,
                             status=str(_("recorded"))).code
    inspection = Inspection(code=code, task=task, joint=joint, subject=subject, township_id=subject.township_id,
                            zone=subject.zone if subject.zone_id and subject.zone.is_active else None,
                            department_id=department_id, inspected_on=inspected_on, is_random=is_random,
                            is_joint=is_joint, has_problems=any(not row["passed"] for row in given.values()),
                            note=note, recorded_by=actor, client_request_id=client_request_id,
                            officer_exception_reason=officer_exception_reason, latitude=latitude,
                            longitude=longitude)
    inspection.full_clean()
    inspection.save()
    inspection.officers.set(officers)
    rows = []
    for point in points:
        row = given[point.pk]
        result = InspectionResult(inspection=inspection, point=point, passed=bool(row["passed"]),
                                  note=(row.get("note") or "")[:500], rectify_by=row.get("rectify_by"))
        if row.get("evidence"):
            upload = row["evidence"]
            extension = os.path.splitext(upload.name or "")[1].lower()
            upload.name = f"{code}-{point.code}-{secrets.token_hex(4)}{extension}"  # never the client's name
            result.evidence = upload
        if result.passed and result.rectify_by:
            result.rectify_by = None
        result.full_clean(exclude=["inspection"])
        rows.append(result)
    InspectionResult.objects.bulk_create(rows) if not any(r.evidence for r in rows) else [r.save() for r in rows]
    _complete_tasks(task=task, joint=joint)
    audit.record("planning.inspection_recorded", actor=actor, obj=inspection, subject=subject.uscc,
                 problems=inspection.has_problems)
    return inspection


def _check_zone_limits(actor, subject, points, inspected_on):
    """特定区域 (art. 24): a special-area township's officers inspect an item only inside the zones it is
    empowered in there (townships.services.zone_limit_refusal, the rule cases and clues ask too). Departments
    inspect under their own powers and are not limited."""
    from townships.services import zone_limit_refusal

    if access.township_of(actor) is None:
        return
    zone = subject.zone if subject.zone_id and subject.zone.is_active else None
    for item in {point.item_id: point.item for point in points if point.item_id}.values():
        reason = zone_limit_refusal(subject.township, item, zone, inspected_on)
        if reason:
            _refuse("subject", reason)


def _check_drawn_officers(task, subject, officers, reason):
    """双随机一公开: a drawn subject is inspected by the officers drawn for it. Others may go only with a recorded
    reason (illness, 回避 found on the spot …), which supervision sees in its inspection quality checks."""
    if task is None or not task.draw_id:
        return
    from ..models import DrawnSubject

    drawn = DrawnSubject.objects.filter(draw_id=task.draw_id, subject=subject).first()
    if drawn is None:
        return
    drawn_officers = list(drawn.officers.order_by("employee_number"))
    if drawn_officers and {o.pk for o in officers} != {o.pk for o in drawn_officers} and not reason:
        _refuse("officers", _("The random draw named %(names)s for this subject: record the inspection with the "
                              "drawn officers, or give the reason for the change (双随机一公开).") % {
            "names": "、".join(o.name for o in drawn_officers)})


def _task_complete(task):
    """All subjects of the task inspected, directly or through a joint inspection."""
    subject_ids = set(task.subjects.values_list("pk", flat=True))
    covered = set(Inspection.objects.filter(task=task).values_list("subject_id", flat=True))
    covered |= set(Inspection.objects.filter(joint__tasks=task).values_list("subject_id", flat=True))
    return subject_ids <= covered


def _complete_tasks(*, task, joint):
    now = timezone.now()
    if joint is not None:
        JointInspection.objects.filter(pk=joint.pk).update(done_at=now)
        tasks = list(joint.tasks.filter(done_at__isnull=True))
    else:
        tasks = [task]
    done = [t.pk for t in tasks if _task_complete(t)]
    if done:
        WeekTask.objects.filter(pk__in=done, done_at__isnull=True).update(done_at=now)


@transaction.atomic
def week_task_mark_done(*, actor, task):
    """任务销号 by hand (e.g. subject closed down): only the task's department or the bureau."""
    task = WeekTask.objects.select_for_update().get(pk=task.pk)
    access.require(actor, "plan.edit", task)
    if task.done_at:
        return task
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    audit.record("planning.task_done", actor=actor, obj=task)
    return task


@transaction.atomic
def result_rectify(*, actor, result, rectified_on, note=""):
    """Rectification follow-up: a failed point is recorded as corrected."""
    result = InspectionResult.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=result.pk)
    access.require(actor, "inspection.record", result.inspection)
    if result.passed:
        _refuse("rectified_on", _("Only a failed check point needs rectification."))
    if rectified_on < result.inspection.inspected_on:
        _refuse("rectified_on", _("Rectification cannot precede the inspection."))
    if rectified_on > timezone.localdate():
        _refuse("rectified_on", _("The date cannot be in the future."))
    result.rectified_on = rectified_on
    result.rectification_note = note[:500]
    result.save(update_fields=["rectified_on", "rectification_note"])
    audit.record("planning.result_rectified", actor=actor, obj=result.inspection, point=result.point.code)
    return result


@transaction.atomic
def result_link_case(*, actor, result):
    """Open a case (source 检查发现) from a failed point through the cases service, once.

    Returns the case code. Raises ImportError when the cases service is not available, so that the
    caller can fall back to the filing page with `case_filing_url()`.
    """
    from cases.services.filing import case_register  # loose coupling: cases may evolve on its own

    result = (InspectionResult.objects.select_for_update(of=("self",))
              .select_related("inspection__subject", "point__item").get(pk=result.pk))
    inspection = result.inspection
    access.require(actor, "inspection.record", inspection)
    if result.passed:
        _refuse("result", _("Only a failed check point can open a case."))
    if result.case_code:
        return result.case_code
    subject = inspection.subject
    # The subject's township handles the case; a 1+X hub's officers handle their satellites' cases.
    allowed = serving_township_ids(subject.township)
    officers = [o for o in inspection.officers.all() if o.township_id in allowed]
    township = subject.township
    case = case_register(
        actor=actor, item=result.point.item, procedure="ordinary", party_type="organisation",
        party_name=subject.name, party_id_number=subject.uscc, party_address=subject.address,
        location=subject.address or subject.name,
        facts=_("Found in inspection %(code)s: %(point)s. %(note)s") % {
            "code": inspection.code, "point": result.point.text, "note": result.note},
        violation_date=inspection.inspected_on, discovered_on=inspection.inspected_on, source="inspection",
        township=township, officers=officers, request_id=f"inspection:{inspection.code}:{result.point.code}",
        zone=_zone_still_in_use(inspection.zone, township),
    )
    result.case_code = case.code
    result.save(update_fields=["case_code"])
    audit.record("planning.case_opened", actor=actor, obj=inspection, case=case.code, point=result.point.code)
    return case.code


def _zone_still_in_use(zone, township):
    """The inspection's zone carries over to its case while the zone is in use and of the case's township."""
    return zone if zone is not None and zone.is_active and zone.township_id == township.pk else None


def case_filing_url(result):
    """The cases filing page prefilled from a failed point (fallback when the service call is not possible)."""
    inspection = result.inspection
    params = urlencode({"source": "inspection", "item": result.point.item.code, "subject": inspection.subject.uscc,
                        "inspection": inspection.code, "point": result.point.code})
    for name in ("cases:register", "cases:create", "cases:new"):
        try:
            return f"{reverse(name)}?{params}"
        except NoReverseMatch:
            continue
    return None
