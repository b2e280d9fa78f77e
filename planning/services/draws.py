"""双随机一公开: reproducible random draws of subjects and officers.

The draw is a pure function of (seed, ordered population, ordered officer pool, conflicts, N, M):
`random.Random(seed)` over subjects ordered by credit code and officers ordered by employee number.
Anyone can re-run it with `draw_rerun(draw)` and compare.
"""

import hashlib
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from townships.models import Officer

from ..models import DrawnSubject, InspectionType, OfficerConflict, RandomDraw, Subject
from .plans import week_task_create


def draw_population(*, industry=None, township=None, risk_level=""):
    """The filtered population, deterministically ordered by credit code."""
    qs = Subject.objects.filter(is_active=True)
    if industry is not None:
        qs = qs.filter(industry=industry)
    if township is not None:
        qs = qs.filter(township=township)
    if risk_level:
        qs = qs.filter(risk_level=risk_level)
    return qs.order_by("uscc")


def officer_pool(*, departments, on_date):
    """Eligible officers: active, certified (valid on the draw date), of a participating department."""
    return (Officer.objects.active().with_valid_certificate(on_date)
            .exclude(category=Officer.Category.AUXILIARY)
            .filter(home_department__in=departments).order_by("employee_number"))


def population_digest(usccs):
    """SHA-256 of the ordered credit codes, each followed by a newline (one hash over one buffer)."""
    codes = list(usccs)
    return hashlib.sha256(("\n".join(codes) + "\n" if codes else "").encode()).hexdigest()


def population_rows(**filters):
    """[(subject id, credit code)] of the population in draw order: one query, no model instances.

    Over 200,000 subjects this is the bulk of a draw's cost, so the rows come straight from the cursor
    (the filter is still the ORM's `draw_population`)."""
    sql, params = draw_population(**filters).values_list("pk", "uscc").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def draw_compute(*, seed, population, pool, conflicts, subject_count, officers_per_subject, label=None):
    """Pure draw: population = ordered subject ids, pool = ordered officer ids, conflicts = {(officer, subject)}.

    Returns [(subject_id, [officer_id, ...]), ...] in draw order.
    """
    if officers_per_subject < 2:
        raise ValidationError({"officers_per_subject": _("At least two officers per subject are required.")})
    if subject_count < 1:
        raise ValidationError({"subject_count": _("Draw at least one subject.")})
    if subject_count > len(population):
        raise ValidationError({"subject_count": _(
            "Cannot draw %(n)s subjects from a population of %(size)s; lower the number or widen the filter.") % {
            "n": subject_count, "size": len(population)}})
    if len(pool) < officers_per_subject:
        raise ValidationError({"officers_per_subject": _(
            "Only %(size)s officers with a valid certificate are eligible; %(m)s are needed per subject.") % {
            "size": len(pool), "m": officers_per_subject}})
    # A seeded PRNG on purpose: anyone must re-run the draw from its published seed (the seed is secrets-made).
    rng = random.Random(str(seed))  # nosec B311
    picks = []
    for subject_id in rng.sample(population, subject_count):
        eligible = [officer for officer in pool if (officer, subject_id) not in conflicts]
        if len(eligible) < officers_per_subject:
            name = label(subject_id) if label else subject_id
            raise ValidationError({"officers_per_subject": _(
                "After excluding officers with a conflict, only %(size)s remain for %(name)s; %(m)s are needed.") % {
                "size": len(eligible), "name": name, "m": officers_per_subject}})
        picks.append((subject_id, rng.sample(eligible, officers_per_subject)))
    return picks


def _subject_label(subject_id):
    return Subject.objects.filter(pk=subject_id).values_list("name", flat=True).first() or subject_id


def _inputs(*, departments, draw_date, industry, township, risk_level):
    rows = population_rows(industry=industry, township=township, risk_level=risk_level)
    population = [row[0] for row in rows]
    pool = list(officer_pool(departments=departments, on_date=draw_date).values_list("pk", flat=True))
    conflicts = set(OfficerConflict.objects.filter(officer_id__in=pool).values_list("officer_id", "subject_id"))
    return population, pool, conflicts, population_digest([row[1] for row in rows])


@transaction.atomic
def draw_run(*, actor, title, department, departments, inspection_type, draw_date, subject_count,
             officers_per_subject=2, industry=None, township=None, risk_level="", seed=None,
             arrangement=None, task_date=None, checklist=None):
    """Run and store a draw; with a month arrangement, also create one random week task per subject."""
    access.require(actor, "draw.run")
    departments = list({d.pk: d for d in [department, *departments]}.values())
    if not access.sees_all_townships(actor) and actor.department_id != department.pk:
        raise ValidationError({"department": _("You may organise draws for your own department only.")})
    seed = str(seed or secrets.token_hex(8))
    population, pool, conflicts, digest = _inputs(departments=departments, draw_date=draw_date, industry=industry,
                                                  township=township, risk_level=risk_level)
    picks = draw_compute(seed=seed, population=population, pool=pool, conflicts=conflicts,
                         subject_count=subject_count, officers_per_subject=officers_per_subject,
                         label=_subject_label)
    draw = RandomDraw(title=title, department=department, inspection_type=inspection_type, draw_date=draw_date,
                      filter_industry=industry, filter_township=township, filter_risk_level=risk_level or "",
                      subject_count=subject_count, officers_per_subject=officers_per_subject, seed=seed,
                      population_size=len(population), population_digest=digest, arrangement=arrangement,
                      created_by=actor)
    draw.full_clean()
    draw.save()
    draw.departments.set(departments)
    drawn = DrawnSubject.objects.bulk_create(
        [DrawnSubject(draw=draw, subject_id=subject_id, order=i) for i, (subject_id, _o) in enumerate(picks, 1)])
    through = DrawnSubject.officers.through
    through.objects.bulk_create([through(drawnsubject_id=row.pk, officer_id=officer_id)
                                 for row, (_s, officer_ids) in zip(drawn, picks, strict=True)
                                 for officer_id in officer_ids])
    if arrangement is not None:
        _tasks_from_draw(actor=actor, draw=draw, picks=picks, arrangement=arrangement,
                         task_date=task_date or draw_date, checklist=checklist)
    audit.record("planning.draw_run", actor=actor, obj=draw, seed=seed, population=len(population),
                 subjects=subject_count)
    return draw


def _tasks_from_draw(*, actor, draw, picks, arrangement, task_date, checklist):
    subjects = Subject.objects.in_bulk([subject_id for subject_id, _o in picks])
    officers = Officer.objects.in_bulk([o for _s, ids in picks for o in ids])
    for subject_id, officer_ids in picks:
        week_task_create(actor=actor, arrangement=arrangement, date=task_date, subjects=[subjects[subject_id]],
                         officers=[officers[o] for o in officer_ids], checklist=checklist,
                         inspection_type=InspectionType.RANDOM, note=draw.title, draw=draw)


def draw_rerun(draw):
    """Re-run a stored draw from its seed and filters. Returns (picks, population_unchanged)."""
    population, pool, conflicts, digest = _inputs(
        departments=list(draw.departments.all()), draw_date=draw.draw_date, industry=draw.filter_industry,
        township=draw.filter_township, risk_level=draw.filter_risk_level)
    picks = draw_compute(seed=draw.seed, population=population, pool=pool, conflicts=conflicts,
                         subject_count=draw.subject_count, officers_per_subject=draw.officers_per_subject)
    return picks, digest == draw.population_digest


def normalise_picks(picks):
    return [(subject_id, sorted(officer_ids)) for subject_id, officer_ids in picks]


def draw_stored_picks(draw):
    rows = draw.drawn_subjects.prefetch_related("officers").order_by("order")
    return normalise_picks((row.subject_id, [o.pk for o in row.officers.all()]) for row in rows)


def draw_verify(draw):
    """True when re-running the draw from its seed reproduces the stored result over the same population."""
    picks, same_population = draw_rerun(draw)
    return same_population and normalise_picks(picks) == draw_stored_picks(draw)


@transaction.atomic
def draw_publish(*, actor, draw):
    draw = RandomDraw.objects.select_for_update().get(pk=draw.pk)
    access.require(actor, "draw.run", draw)
    draw.is_published = True
    draw.save(update_fields=["is_published"])
    audit.record("planning.draw_published", actor=actor, obj=draw)
    return draw
