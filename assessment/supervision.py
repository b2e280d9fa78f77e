"""Enforcement supervision (执法监督): 案卷评查 samples, special inspections and findings tracked to closure.

The sample draw is reproducible like the double-random draw: the population is the closed cases of the
period (and township) ordered by case code, fingerprinted by SHA-256 of the codes; `random.Random(seed)`
picks the sample, so the same seed over the same population always gives the same case files.

A finding moves through one transition table (FINDING_TRANSITIONS): open → submitted (the responsible unit
reports its rectification) → closed (supervision accepts it) or back to open (returned, with a reason).
"""

import hashlib
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, Status
from enforcement.accounts import access
from enforcement.audit import services as audit

from .models import CaseFileSample, Finding, FindingSource, FindingState, SampledCase, SpecialInspection
from .periods import days

MAX_SAMPLE = 200
# 案卷评查 checklist: criterion -> (label, maximum points); 100 in all.
CHECKLIST = {
    "legal_basis": (gettext_lazy("legal basis and item correctly applied"), 25),
    "evidence": (gettext_lazy("facts clear, evidence sufficient and lawfully obtained"), 25),
    "procedure": (gettext_lazy("procedure lawful (notice, statement, hearing, review)"), 20),
    "documents": (gettext_lazy("documents complete and correctly made"), 15),
    "deadlines": (gettext_lazy("deadlines kept (filing, decision, delivery)"), 15),
}


@dataclass(frozen=True)
class Move:
    permission: str
    to: str
    label: object


FINDING_TRANSITIONS = {
    (FindingState.OPEN, "submit"): Move("supervision.rectify", FindingState.SUBMITTED,
                                        gettext_lazy("Report the rectification")),
    (FindingState.SUBMITTED, "accept"): Move("supervision.manage", FindingState.CLOSED,
                                             gettext_lazy("Accept and close")),
    (FindingState.SUBMITTED, "return"): Move("supervision.manage", FindingState.OPEN,
                                             gettext_lazy("Return for further rectification")),
}


def _create_numbered(model, prefix, **fields):
    """Create a row numbered <prefix><date>-NNN; two creations at once may pick the same number, so the loser
    retries with the next one (the unique code decides) instead of answering 500."""
    stem = f"{prefix}{timezone.localdate():%Y%m%d}"
    for _attempt in range(5):
        serial = model.objects.filter(code__startswith=stem).count() + 1
        try:
            with transaction.atomic():
                return model.objects.create(code=f"{stem}-{serial:03d}", **fields)
        except IntegrityError:
            continue
    raise ValidationError(_("Too many records at the same moment: try again."))


# ------------------------------------------------------------------------------------------------ 案卷评查
def sample_population(*, actor, closed_from, closed_to, township=None):
    cases = access.scope(Case.objects.all(), actor).filter(status=Status.CLOSED,
                                                           closed_on__range=(closed_from, closed_to))
    if township is not None:
        cases = cases.filter(township=township)
    return list(cases.order_by("code").values_list("pk", "code"))


def fingerprint(codes):
    return hashlib.sha256("\n".join(codes).encode()).hexdigest()


def pick(population, size, seed):
    """The sample's positions in the population: reproducible from the seed, in draw order."""
    # A published, reproducible draw (like 双随机), not a secret: the seed is shown with the sample.
    return random.Random(seed).sample(range(len(population)), size)  # nosec B311


@transaction.atomic
def sample_draw(*, actor, title, closed_from, closed_to, size, township=None, seed=None):
    access.require(actor, "supervision.manage")
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the review a title.")
    if closed_from > closed_to:
        errors["closed_to"] = _("The end of the period lies before its start.")
    if closed_to > timezone.localdate():
        errors["closed_to"] = _("The period cannot end in the future.")
    if not 1 <= size <= MAX_SAMPLE:
        errors["size"] = _("Draw between 1 and %(max)s case files.") % {"max": MAX_SAMPLE}
    if seed is not None and not 1 <= len(str(seed)) <= 64:
        errors["seed"] = _("The seed has 1 to 64 characters.")
    if errors:
        raise ValidationError(errors)
    population = sample_population(actor=actor, closed_from=closed_from, closed_to=closed_to, township=township)
    if len(population) < size:
        raise ValidationError({"size": _("Only %(n)s closed case files in the period: draw at most that many.") % {
            "n": len(population)}})
    seed = str(seed) if seed is not None else secrets.token_hex(8)
    sample = _create_numbered(
        CaseFileSample, "PC", title=title.strip(), closed_from=closed_from, closed_to=closed_to,
        township=township, size=size, seed=seed, population=len(population),
        fingerprint=fingerprint([code for _pk, code in population]), drawn_by=actor)
    SampledCase.objects.bulk_create([SampledCase(sample=sample, case_id=population[position][0], order=order)
                                     for order, position in enumerate(pick(population, size, seed), start=1)])
    audit.record("supervision.sample_drawn", actor=actor, obj=sample, seed=seed, population=len(population),
                 fingerprint=sample.fingerprint)
    return sample


@transaction.atomic
def sampled_case_score(*, actor, sampled, scores, comments=""):
    sampled = SampledCase.objects.select_for_update().select_related("case").get(pk=sampled.pk)
    access.require(actor, "supervision.manage")
    if sampled.case.officers.filter(user=actor).exists():
        raise ValidationError(_("An officer who handled the case cannot review its file."))
    errors, parsed = {}, {}
    for name, (_label, maximum) in CHECKLIST.items():
        value = scores.get(name)
        try:
            number = Decimal(str(value))
        except Exception:  # noqa: BLE001 - any unparsable value is the same user error
            number = None
        if number is None or not number.is_finite() or not 0 <= number <= maximum:
            errors[name] = _("Score from 0 to %(max)s.") % {"max": maximum}
        else:
            parsed[name] = str(number.quantize(Decimal("0.1")))
    if set(scores) - set(CHECKLIST):
        errors["scores"] = _("Unknown criteria: %(names)s") % {"names": ", ".join(sorted(set(scores) - set(CHECKLIST)))}
    if errors:
        raise ValidationError(errors)
    sampled.scores = parsed
    sampled.total = sum((Decimal(v) for v in parsed.values()), Decimal(0))
    sampled.comments = (comments or "").strip()
    sampled.reviewer, sampled.reviewed_at = actor, timezone.now()
    sampled.save(update_fields=["scores", "total", "comments", "reviewer", "reviewed_at"])
    audit.record("supervision.case_file_scored", actor=actor, obj=sampled.case, sample=sampled.sample.code,
                 total=str(sampled.total))
    return sampled


# ------------------------------------------------------------------------------------------------ special inspections
def special_create(*, actor, title, theme, started_on, ended_on=None):
    access.require(actor, "supervision.manage")
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the inspection a title.")
    if not (theme or "").strip():
        errors["theme"] = _("Describe the theme and scope.")
    if started_on > timezone.localdate():
        errors["started_on"] = _("The date cannot be in the future.")
    if ended_on is not None and ended_on < started_on:
        errors["ended_on"] = _("The end lies before the start.")
    if errors:
        raise ValidationError(errors)
    special = SpecialInspection.objects.create(title=title.strip(), theme=theme.strip(), started_on=started_on,
                                               ended_on=ended_on, created_by=actor)
    audit.record("supervision.special_created", actor=actor, obj=special)
    return special


# ------------------------------------------------------------------------------------------------ findings
def finding_create(*, actor, source, description, requirement, deadline, township=None, department=None,
                   unit_name="", sampled_case=None, special=None, inspection=None):
    access.require(actor, "supervision.manage")
    errors = {}
    if township is None and sampled_case is not None:
        township = sampled_case.case.township  # the case's township answers for its file
    if township is None and department is None and inspection is not None:
        township, department = inspection.township, inspection.department
    if source not in FindingSource.values:
        errors["source"] = _("Choose what found it.")
    if not (description or "").strip():
        errors["description"] = _("Describe the finding.")
    if not (requirement or "").strip():
        errors["requirement"] = _("Say what must be rectified.")
    if deadline <= timezone.localdate():
        errors["deadline"] = _("The rectification deadline must be after today.")
    if township is None and department is None and not (unit_name or "").strip():
        errors["township"] = _("Name the township, the department or the bureau unit responsible.")
    linked = {FindingSource.CASE_FILE: sampled_case, FindingSource.SPECIAL: special,
              FindingSource.INSPECTION_QUALITY: inspection}.get(source)
    if source in FindingSource.values and linked is None:
        errors["source"] = _("Link the finding to the case file, special inspection or inspection it comes from.")
    if errors:
        raise ValidationError(errors)
    finding = _create_numbered(
        Finding, "ZG", source=source, description=description.strip(),
        requirement=requirement.strip(), deadline=deadline, township=township, department=department,
        unit_name=(unit_name or "").strip(), sampled_case=sampled_case, special=special, inspection=inspection,
        created_by=actor)
    audit.record("supervision.finding_created", actor=actor, obj=finding, deadline=deadline.isoformat())
    return finding


def finding_actions(actor, finding):
    """The moves the actor may make on the finding now (for pages and the API)."""
    return [action for (state, action), move in FINDING_TRANSITIONS.items()
            if state == finding.state and access.can(actor, move.permission) and access.can_see(actor, finding)]


@transaction.atomic
def finding_transition(*, actor, finding, action, text=""):
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    move = FINDING_TRANSITIONS.get((finding.state, action))
    if move is None:
        raise ValidationError({"action": _("“%(action)s” is not possible while the finding is “%(state)s”.") % {
            "action": action, "state": finding.get_state_display()}})
    access.require(actor, move.permission, obj=finding)
    text = (text or "").strip()
    if action in ("submit", "return") and not text:
        raise ValidationError({"text": _("Write the rectification report.") if action == "submit"
                               else _("Say why the rectification is returned.")})
    before = finding.state
    if action == "submit":
        finding.rectification, finding.submitted_at, finding.submitted_by = text, timezone.now(), actor
    elif action == "accept":
        finding.closed_on, finding.closed_by = timezone.localdate(), actor
    else:
        finding.returns += 1
    finding.state = move.to
    finding.save()
    audit.record("supervision.finding_" + action, actor=actor, obj=finding, before=before, after=finding.state,
                 text=text[:200])
    return finding


def _scoped(queryset, actor):
    return queryset if actor is None else access.scope(queryset, actor)  # None: the system's monthly report


def supervision_figures(*, actor, start, end, township=None):
    """Monthly-report figures (JSON-ready): files reviewed and their mean score, findings raised, closed and
    overdue. `actor` None is the system (county-wide), optionally narrowed to one township. Two queries."""
    reviewed = _scoped(SampledCase.objects.all(), actor).filter(**days("reviewed_at", start, end))
    findings = _scoped(Finding.objects.all(), actor)
    if township is not None:
        reviewed, findings = reviewed.filter(case__township=township), findings.filter(township=township)
    totals = [t for t in reviewed.values_list("total", flat=True) if t is not None]
    findings = findings.aggregate(
        raised=Count("pk", filter=Q(**days("created_at", start, end))),
        closed=Count("pk", filter=Q(closed_on__range=(start, end))),
        overdue=Count("pk", filter=~Q(state=FindingState.CLOSED) & Q(deadline__lt=min(end, timezone.localdate()))),
    )
    mean = str((sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.1"))) if totals else None
    return {"files_reviewed": len(totals), "mean_score": mean, **findings}
