"""执法监督: a reproducible 案卷评查 sample, checklist scoring, and findings tracked to closure."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from assessment import supervision
from assessment.models import FindingSource, FindingState, SampledCase
from cases.models import Status
from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role

pytestmark = pytest.mark.django_db
FROM, TO = date(2026, 10, 1), date(2026, 10, 31)


@pytest.fixture
def closed_cases(township, other_township):
    return [CaseFactory(township=township if n % 2 else other_township, status=Status.CLOSED,
                        closed_on=date(2026, 10, 1) + timedelta(days=n % 28)) for n in range(30)]


def _draw(actor, seed="2026-评查-1", size=8):
    return supervision.sample_draw(actor=actor, title="十月案卷评查", closed_from=FROM, closed_to=TO, size=size,
                                   seed=seed)


def test_the_same_seed_draws_the_same_case_files(users, closed_cases):
    first = _draw(users[Role.STAFF])
    second = _draw(users[Role.STAFF])
    codes = [list(sample.cases.order_by("order").values_list("case__code", flat=True)) for sample in (first, second)]
    assert codes[0] == codes[1] and len(codes[0]) == 8
    assert first.fingerprint == second.fingerprint and first.population == 30


def test_another_seed_draws_another_sample(users, closed_cases):
    first = set(_draw(users[Role.STAFF]).cases.values_list("case_id", flat=True))
    other = set(_draw(users[Role.STAFF], seed="other").cases.values_list("case_id", flat=True))
    assert first != other


def test_a_sample_larger_than_the_population_is_refused(users, closed_cases):
    with pytest.raises(ValidationError) as error:
        _draw(users[Role.STAFF], size=31)
    assert "30" in str(error.value.message_dict["size"])


def test_only_supervision_draws_samples(users, closed_cases):
    with pytest.raises(PermissionDenied):
        _draw(users[Role.TOWNSHIP_OFFICER])


def test_checklist_scores_are_bounded_and_summed(users, closed_cases):
    sampled = _draw(users[Role.STAFF]).cases.first()
    with pytest.raises(ValidationError) as error:
        supervision.sampled_case_score(actor=users[Role.STAFF], sampled=sampled, scores={
            "legal_basis": 30, "evidence": 20, "procedure": 20, "documents": 15, "deadlines": 15})
    assert "legal_basis" in error.value.message_dict
    scored = supervision.sampled_case_score(actor=users[Role.STAFF], sampled=sampled, scores={
        "legal_basis": 25, "evidence": 20, "procedure": 18, "documents": 15, "deadlines": "12.5"})
    assert str(scored.total) == "90.5"


def _finding(users, sampled):
    return supervision.finding_create(
        actor=users[Role.STAFF], source=FindingSource.CASE_FILE, sampled_case=sampled,
        description="证据目录缺页码", requirement="补齐证据目录", deadline=timezone.localdate() + timedelta(days=10))


def test_a_finding_is_tracked_to_closure(users, township, closed_cases):
    sample = _draw(users[Role.STAFF], size=30)
    sampled = SampledCase.objects.filter(sample=sample, case__township=township).first()
    finding = _finding(users, sampled)
    assert finding.township == township
    officer = users[Role.TOWNSHIP_OFFICER]
    assert supervision.finding_actions(officer, finding) == ["submit"]
    finding = supervision.finding_transition(actor=officer, finding=finding, action="submit", text="已补齐")
    finding = supervision.finding_transition(actor=users[Role.STAFF], finding=finding, action="return",
                                             text="页码仍不全")
    assert finding.state == FindingState.OPEN and finding.returns == 1
    finding = supervision.finding_transition(actor=officer, finding=finding, action="submit", text="已全部补齐")
    finding = supervision.finding_transition(actor=users[Role.STAFF], finding=finding, action="accept")
    assert finding.state == FindingState.CLOSED and finding.closed_on == timezone.localdate()


def test_another_township_cannot_rectify_the_finding(users, make_user, township, other_township, closed_cases):
    sample = _draw(users[Role.STAFF], size=30)
    finding = _finding(users, SampledCase.objects.filter(sample=sample, case__township=township).first())
    stranger = make_user(Role.TOWNSHIP_OFFICER, township=other_township)
    with pytest.raises(PermissionDenied):
        supervision.finding_transition(actor=stranger, finding=finding, action="submit", text="x")


def test_closing_an_open_finding_directly_is_refused(users, closed_cases):
    finding = _finding(users, _draw(users[Role.STAFF]).cases.first())
    with pytest.raises(ValidationError):
        supervision.finding_transition(actor=users[Role.STAFF], finding=finding, action="accept")


def test_supervision_figures_count_findings(users, closed_cases):
    _finding(users, _draw(users[Role.STAFF]).cases.first())
    today = timezone.localdate()
    figures = supervision.supervision_figures(actor=users[Role.STAFF], start=today.replace(day=1), end=today)
    assert figures["raised"] == 1 and figures["closed"] == 0


def test_quality_checks_flag_deregistered_subjects_and_officers_not_drawn(users, township, department):
    from datetime import date

    from assessment.quality import flagged_inspections, reasons
    from planning.models import DrawnSubject, Inspection, RandomDraw, WeekTask
    from planning.tests.factories import MonthArrangementFactory, SubjectFactory
    from townships.tests.factories import OfficerFactory

    arrangement = MonthArrangementFactory(plan__department=department, plan__year=2026, month=10)
    drawn, other = [OfficerFactory(township=township) for _ in range(2)], OfficerFactory(township=township)
    subject, closed_shop = SubjectFactory(township=township), SubjectFactory(township=township, is_active=False)
    draw = RandomDraw.objects.create(title="d", department=department, inspection_type="routine",
                                     draw_date=date(2026, 10, 1), subject_count=1, seed="s")
    DrawnSubject.objects.create(draw=draw, subject=subject, order=1).officers.set(drawn)
    made = {}
    cases = (("ok", subject, drawn, draw), ("swapped", subject, [drawn[0], other], draw),
             ("closed", closed_shop, drawn, None))
    for name, target, officers, task_draw in cases:
        task = WeekTask.objects.create(code=f"T-{name}", arrangement=arrangement, department=department,
                                       township=township, date=date(2026, 10, 5), draw=task_draw)
        made[name] = Inspection.objects.create(code=f"I-{name}", task=task, subject=target, township=township,
                                               department=department, inspected_on=date(2026, 10, 5), is_random=True)
        made[name].officers.set(officers)
    flagged = {i.code: reasons(i) for i in flagged_inspections(actor=users[Role.STAFF])}
    assert set(flagged) == {"I-swapped", "I-closed"}
    assert "未抽中" in str(flagged["I-swapped"][0]) and "注销" in str(flagged["I-closed"][0])


def test_a_taken_finding_number_is_skipped_not_a_500(users, closed_cases, monkeypatch):
    """Two findings recorded at once may count the same number; the loser takes the next one."""
    first = _finding(users, _draw(users[Role.STAFF]).cases.first())
    from assessment.models import Finding

    real_filter = Finding.objects.filter
    calls = {"n": 0}

    def stale_count(*args, **kwargs):  # the first count misses the finding just made (a concurrent writer)
        calls["n"] += 1
        queryset = real_filter(*args, **kwargs)
        return queryset.exclude(pk=first.pk) if calls["n"] == 1 else queryset

    monkeypatch.setattr(Finding.objects, "filter", stale_count)
    second = _finding(users, _draw(users[Role.STAFF], seed="again").cases.first())
    assert second.code != first.code and second.code.endswith("-002")
