import hashlib
from datetime import date

from django.core.exceptions import ValidationError

import pytest

from planning import services
from planning.models import OfficerConflict, RandomDraw, WeekTask
from planning.services.draws import draw_stored_picks, normalise_picks, population_digest, population_rows
from townships.tests.factories import OfficerFactory

from .factories import SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def population(world):
    return [SubjectFactory(industry=world["industry"], township=world["township"]) for _ in range(30)]


def _draw(world, **kwargs):
    params = {"actor": world["staff"], "title": "2026年第一批餐饮双随机抽查", "department": world["department"],
              "departments": [world["other_department"]], "inspection_type": "餐饮食品与消防安全检查",
              "draw_date": date.today(), "subject_count": 5, "officers_per_subject": 2,
              "industry": world["industry"], "seed": "haishu-2026-01"}
    params.update(kwargs)
    return services.draw_run(**params)


def test_draw_is_reproducible_from_its_seed(world, population):
    draw = _draw(world)
    picks, same_population = services.draw_rerun(draw)
    assert same_population
    assert normalise_picks(picks) == draw_stored_picks(draw)
    assert services.draw_verify(draw)


def test_same_seed_same_result_different_seed_different_result(world, population):
    first = draw_stored_picks(_draw(world, title="a"))
    second = draw_stored_picks(_draw(world, title="b"))
    third = draw_stored_picks(_draw(world, title="c", seed="another-seed"))
    assert first == second
    assert first != third


def test_each_subject_gets_m_distinct_officers(world, population):
    draw = _draw(world, officers_per_subject=3)
    for row in draw.drawn_subjects.all():
        assert row.officers.count() == 3


def test_draw_more_subjects_than_population_is_refused(world, population):
    with pytest.raises(ValidationError) as exc:
        _draw(world, subject_count=32)
    assert "32" in exc.value.message_dict["subject_count"][0]
    assert not RandomDraw.objects.exists()


def test_fewer_than_two_officers_per_subject_is_refused(world, population):
    with pytest.raises(ValidationError):
        _draw(world, officers_per_subject=1)


def test_officer_with_expired_certificate_is_never_drawn(world, population):
    expired = OfficerFactory(expired=True, home_department=world["department"], township=world["township"])
    draw = _draw(world, subject_count=30, officers_per_subject=6)
    assert not draw.drawn_subjects.filter(officers=expired).exists()


def test_officer_with_a_conflict_is_not_drawn_for_that_subject(world, population):
    subject = population[0]
    for officer in world["officers_a"][:2]:
        OfficerConflict.objects.create(officer=officer, subject=subject, reason="亲属关系")
    draw = _draw(world, subject_count=30, officers_per_subject=4)
    row = draw.drawn_subjects.get(subject=subject)
    assert not set(row.officers.all()) & set(world["officers_a"][:2])


def test_conflicts_leaving_too_few_officers_refuse_the_draw(world, population):
    subject = population[0]
    for officer in world["officers_a"] + world["officers_b"][:3]:
        OfficerConflict.objects.create(officer=officer, subject=subject, reason="曾任职")
    with pytest.raises(ValidationError) as exc:
        _draw(world, subject_count=30)
    assert subject.name in exc.value.message_dict["officers_per_subject"][0]
    assert not RandomDraw.objects.exists()


def test_draw_into_a_month_creates_random_tasks(world, population, today):
    draw = _draw(world, arrangement=world["month_a"], task_date=today)
    assert WeekTask.objects.filter(draw=draw, inspection_type="random").count() == 5


def test_pure_draw_is_deterministic():
    args = {"population": list(range(1000)), "pool": list(range(50)), "conflicts": {(1, 5)},
            "subject_count": 10, "officers_per_subject": 2}
    assert services.draw_compute(seed="x", **args) == services.draw_compute(seed="x", **args)


def test_pure_draw_result_is_pinned_so_stored_draws_keep_verifying():
    """A change of the algorithm (or of how the population is fetched) must not change old draws' results."""
    picks = services.draw_compute(seed="haishu-2026-01", population=list(range(100, 1100)), pool=list(range(1, 21)),
                                  conflicts={(3, 100)}, subject_count=3, officers_per_subject=2)
    assert picks == [(487, [14, 2]), (304, [9, 1]), (937, [12, 20])]


def test_population_digest_is_sha256_of_the_ordered_codes_one_per_line():
    codes = ["91330203MA2AAAAA0X", "91330203MA2AAAAA1Y"]
    assert population_digest(codes) == hashlib.sha256(b"91330203MA2AAAAA0X\n91330203MA2AAAAA1Y\n").hexdigest()
    assert population_digest([]) == hashlib.sha256(b"").hexdigest()


def test_population_rows_are_ids_and_codes_in_credit_code_order(world, population):
    rows = population_rows(industry=world["industry"])
    codes = [code for _pk, code in rows]
    assert codes == sorted(codes)
    assert {pk for pk, _code in rows} == {s.pk for s in population} | {world["subject"].pk}


def test_published_draw_shows_each_subjects_inspection_result_without_login(world, population, today, client):
    draw = _draw(world, arrangement=world["month_a"], task_date=today, checklist=world["checklist_a"])
    services.draw_publish(actor=world["staff"], draw=draw)
    task = WeekTask.objects.filter(draw=draw).order_by("code").first()
    officers = list(task.officers.all())
    inspection = services.inspection_record(
        actor=world["staff"], task=task, officers=officers,
        results=[{"point": p, "passed": i > 0, "note": "未整改" if i == 0 else ""}
                 for i, p in enumerate(world["points_a"])])
    body = client.get(f"/planning/public/draws/{draw.code}/").content.decode()
    assert inspection.subject.name in body and "发现问题，责令整改" in body
    assert body.count("尚未检查") == 4 and "未整改" not in body  # the result, never the notes
    for officer in officers:
        assert officer.name not in body
