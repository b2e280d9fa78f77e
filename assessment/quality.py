"""Inspection quality checks for supervision (seed 004: a third party found inspections of companies already
deregistered and visits where the drawn officers did not go together).

An inspection is flagged when its subject is no longer active (deregistered or closed), when an officer who
recorded a double-random inspection was not among the officers drawn for that subject, or when fewer than two
officers took part (行政处罚法 art. 42). One query for the page, whatever the number of inspections.
"""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from enforcement.accounts import access
from planning.models import DrawnSubject, Inspection

REASONS = {
    "deregistered": _("subject no longer active (deregistered or closed)"),
    "not_drawn": _("recorded by an officer who was not drawn"),
    "single_officer": _("fewer than two officers"),
}


def flagged_inspections(*, actor):
    recorded = Inspection.officers.through.objects.filter(inspection_id=OuterRef("pk"))
    drawn = DrawnSubject.officers.through.objects.filter(
        drawnsubject__draw_id=OuterRef(OuterRef("drawn_in")),
        drawnsubject__subject_id=OuterRef(OuterRef("subject_id")),
        officer_id=OuterRef("officer_id"))
    not_drawn = recorded.annotate(was_drawn=Exists(drawn)).filter(was_drawn=False)
    return (access.scope(Inspection.objects.all(), actor)
            .annotate(drawn_in=F("task__draw_id"))
            .annotate(officer_n=Count("officers", distinct=True), not_drawn=Exists(not_drawn))
            .filter(Q(subject__is_active=False) | Q(not_drawn=True, drawn_in__isnull=False) | Q(officer_n__lt=2))
            .select_related("subject", "township", "department")
            .order_by("-inspected_on", "-id"))


def reasons(inspection):
    found = []
    if not inspection.subject.is_active:
        found.append(REASONS["deregistered"])
    if inspection.not_drawn and inspection.drawn_in:
        found.append(REASONS["not_drawn"])
    if inspection.officer_n < 2:
        found.append(REASONS["single_officer"])
    return found
