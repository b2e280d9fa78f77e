"""一店一档 (seed 001): everything recorded against one subject (USCC), each part through `access.scope`.

Inspections and plan tasks are the subject's own rows; cases and their decisions are found by the keyed hash of the
party's USCC (the number itself is stored encrypted); early warnings through the clue's normalised party name (a
clue records the party by name). The cases and intake apps are read lazily so that planning does not import them.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.shortcuts import get_object_or_404

from enforcement.accounts import access
from enforcement.core import crypto

from . import selectors
from .models import Subject, SubjectRiskChange

LIMIT = 100  # rows per section; the sections link to the full lists


@dataclass
class SubjectFile:
    subject: Subject
    inspections: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    risk_history: list = field(default_factory=list)
    credit_repairs: list = field(default_factory=list)

    @property
    def problems_found(self):
        return sum(1 for i in self.inspections if i.has_problems)


def _cases(actor, subject):
    if not access.can(actor, "case.view"):
        return []
    case_model = apps.get_model("cases", "Case")
    digest = crypto.keyed_hash(subject.uscc)
    return list(access.scope(case_model.objects.select_related("item", "township"), actor)
                .filter(party_id_hash=digest).order_by("-created_at")[:LIMIT])


def _warnings(actor, subject):
    if not apps.is_installed("intake") or not access.can(actor, "clue.view"):
        return []
    from intake.triage.text import subject_key

    warning_model = apps.get_model("intake", "EarlyWarning")
    return list(access.scope(warning_model.objects.select_related("clue", "township"), actor)
                .filter(clue__subject_key=subject_key(subject.name)).order_by("-issued_at")[:LIMIT])


def _published_and_repairs(actor, decisions):
    """信用修复 (credit/): each decision's publication (as `published`, None when not published) and the credit
    repair applications for them, scoped. Two queries, whatever the number of decisions."""
    for case in decisions:
        case.published = None
    if not decisions or not apps.is_installed("credit") or not access.can(actor, "credit.view"):
        return []
    from credit.selectors import repairs_of_cases

    by_case = {case.pk: case for case in decisions}
    for publication in apps.get_model("cases", "Publication").objects.filter(case_id__in=by_case):
        by_case[publication.case_id].published = publication
    return repairs_of_cases(actor=actor, case_ids=list(by_case))


def subject_file(*, actor, uscc):
    """The subject the actor may see (else 404) with its inspections, plan tasks, cases, decisions, warnings and
    risk level history."""
    subject = get_object_or_404(selectors.subject_list(actor=actor).select_related("zone"), uscc=uscc.upper())
    cases = _cases(actor, subject)
    decisions = [c for c in cases if c.decided_on]
    return SubjectFile(
        subject=subject,
        inspections=list(selectors.inspection_queryset(actor=actor).filter(subject=subject)[:LIMIT]),
        tasks=list(selectors.task_queryset(actor=actor).filter(subjects=subject).order_by("-date")[:LIMIT]),
        cases=cases,
        decisions=decisions,
        credit_repairs=_published_and_repairs(actor, decisions),
        warnings=_warnings(actor, subject),
        risk_history=list(access.scope(SubjectRiskChange.objects.select_related("changed_by"), actor)
                          .filter(subject=subject).distinct()[:LIMIT]),
    )
