"""The figures' rollups (issue 14): the facts follow every write, equal a rebuild from the cases, and the
figures read from them are the numbers counted independently from the cases themselves."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

import pytest

from cases.models import Case, DecisionType, Status
from enforcement.accounts.models import Role
from enforcement.reports import rollup, statistics
from enforcement.reports.models import CaseFact, CaseMonthFact, InspectionFact
from enforcement.reports.periods import Period
from enforcement.reports.statistics import (
    StatScope,
    case_figures,
    dashboard_figures,
    inspection_figures,
    monthly_trend,
    staffing_figures,
    township_breakdown,
)

from .conftest import OCTOBER, TODAY, counted, expected
from .test_statistics import _check

pytestmark = pytest.mark.django_db
OCT = Period.month(2026, 10)


def facts():
    """The facts summed by key, rows whose measures are all zero left out (they sum to nothing)."""
    key = [name.removesuffix("_id") for name in rollup.CASE_KEY]
    rows = CaseFact.objects.values(*key).annotate(**{f"s_{m}": Sum(m) for m in rollup.CASE_MEASURES})
    return {tuple(row[k] for k in key): tuple(row[f"s_{m}"] for m in rollup.CASE_MEASURES) for row in rows
            if any(row[f"s_{m}"] for m in rollup.CASE_MEASURES)}


def month_facts():
    """The month facts summed by key (rows summing to nothing left out)."""
    key = [name.removesuffix("_id") for name in rollup.MONTH_KEY]
    rows = CaseMonthFact.objects.values(*key).annotate(**{f"s_{m}": Sum(m) for m in rollup.MONTH_MEASURES})
    return {tuple(row[k] for k in key): tuple(row[f"s_{m}"] for m in rollup.MONTH_MEASURES) for row in rows
            if any(row[f"s_{m}"] for m in rollup.MONTH_MEASURES)}


def edit_cases(world):
    """Moves a real bureau makes on the world's cases, through the ORM: decide, pay, revoke, move, delete."""
    rng = random.Random(14)
    cases = list(Case.objects.order_by("pk"))
    open_cases = [c for c in cases if c.status in (Status.INVESTIGATING, Status.NOTIFIED, Status.RETURNED)]
    for case in open_cases[:4]:  # decided with a fine, some paid
        case.status, case.decided_on = Status.DECIDED, case.filed_on + timedelta(days=rng.randrange(1, 20))
        case.decision_type, case.penalty_kinds, case.fine_amount = DecisionType.PENALTY, ["fine"], Decimal("800.00")
        if rng.random() < 0.5:
            case.paid_on, case.paid_amount = case.decided_on + timedelta(days=3), Decimal("800.00")
        case.save()
    open_cases[4].status = Status.REVOKED  # revoked: out of every figure
    open_cases[4].save()
    moved = next(c for c in cases if c.township_id == world["township"].pk and c.status == Status.CLOSED)
    moved.township, moved.is_major = world["other_township"], not moved.is_major
    moved.save()
    not_filed = next(c for c in cases if c.status == Status.NOT_FILED)
    not_filed.status, not_filed.filed_on = Status.INVESTIGATING, date(2026, 10, 20)  # filed after all
    not_filed.save()
    unlinked = [c for c in cases if not c.reviews.exists() and not c.events.exists()]
    unlinked[-1].delete()
    return Case.objects.select_related("item").order_by("pk")


def test_the_facts_kept_by_each_write_equal_a_rebuild_from_the_cases(world):
    edit_cases(world)
    maintained = facts()
    assert maintained  # the world's cases are in them
    rollup.rebuild()
    assert facts() == maintained


def test_figures_after_the_edits_are_the_independent_counts(world):
    world = {**world, "cases": list(edit_cases(world))}
    staff = world["users"][Role.STAFF]
    _check(case_figures(actor=staff, period=OCT, today=TODAY), expected(world))
    township = world["other_township"]
    _check(case_figures(actor=staff, period=OCT, scope=StatScope(township=township), today=TODAY),
           expected(world, township=township))


def test_a_rolled_back_write_leaves_the_facts_unchanged(world):
    before = facts()
    case = Case.objects.filter(status=Status.CLOSED).first()
    with pytest.raises(RuntimeError), transaction.atomic():
        case.status = Status.REVOKED
        case.save()
        assert facts() != before
        raise RuntimeError("rolled back")
    assert facts() == before


def test_a_rebuild_of_some_days_replaces_only_those_days(world):
    CaseFact.objects.filter(day__gte=date(2026, 10, 1)).update(filed=99)  # damaged figures
    CaseFact.objects.filter(day__lt=date(2026, 10, 1)).delete()
    result = rollup.rebuild(date(2026, 10, 1), date(2026, 10, 31))
    assert result["case"] > 0
    assert not CaseFact.objects.filter(day__lt=date(2026, 10, 1)).exists()
    october = case_figures(actor=world["users"][Role.STAFF], period=OCT, today=TODAY)
    assert october["total"] == expected(world)["total"]


def test_the_rebuild_command_restores_every_fact(world, capsys):
    before = facts()
    CaseFact.objects.all().delete()
    InspectionFact.objects.all().delete()
    call_command("rebuild_rollups")
    assert facts() == before
    assert "条" in capsys.readouterr().out


def test_compact_removes_rows_that_sum_to_nothing(world):
    case = Case.objects.filter(status=Status.CLOSED, decided_on__isnull=False).first()
    case.status = Status.ARCHIVED  # the old key's row falls to zero
    case.save()
    assert CaseFact.objects.filter(**{m: 0 for m in rollup.CASE_MEASURES}).exists()
    before = facts()
    assert rollup.compact() > 0
    assert facts() == before


@pytest.mark.parametrize("period", [Period.month(2026, 10), Period.year(2026), Period.month(2025, 10)])
@pytest.mark.parametrize("role", [Role.LEADER, Role.TOWNSHIP_OFFICER])
def test_dashboard_figures_are_the_figures_called_one_by_one(world, role, period):
    actor = world["users"][role]
    scope = StatScope(township=world["township"]) if role == Role.TOWNSHIP_OFFICER else StatScope()
    together = dashboard_figures(actor=actor, period=period, scope=scope, today=TODAY)
    assert together["cases"] == case_figures(actor=actor, period=period, scope=scope, today=TODAY)
    assert together["trend"] == monthly_trend(actor=actor, year=period.start.year, scope=scope)
    assert together["townships"] == township_breakdown(actor=actor, period=period, scope=scope, today=TODAY)
    assert together["inspections"] == inspection_figures(actor=actor, period=period, scope=scope)
    assert together["staffing"] == staffing_figures(actor=actor, scope=scope, today=TODAY)


def test_dashboard_figures_take_at_most_ten_queries(world, django_assert_max_num_queries):
    officer = world["users"][Role.TOWNSHIP_OFFICER]
    scope = StatScope(township=world["township"])
    # nine: whole months from the month facts, a running period's year-before days from the daily facts;
    # and one for a township user's 1+X satellites
    with django_assert_max_num_queries(10):
        dashboard_figures(actor=officer, period=OCT, scope=scope, today=TODAY)
    with django_assert_max_num_queries(9):
        dashboard_figures(actor=world["users"][Role.LEADER], period=Period.year(2026), today=TODAY)


def test_a_township_officer_reads_only_own_township_facts(world):
    officer = world["users"][Role.TOWNSHIP_OFFICER]
    from enforcement.accounts import access

    townships = set(access.scope(CaseFact.objects.all(), officer).values_list("township", flat=True))
    assert townships == {world["township"].pk}
    assert not access.scope(CaseFact.objects.all(), world["users"][Role.AUDITOR]).exists()


def test_the_nightly_task_rebuilds_recent_days(world, settings):
    from enforcement.reports.tasks import refresh_rollups

    before = facts()
    CaseFact.objects.filter(day__gte=date(2026, 1, 1)).delete()  # within the last 400 days
    result = refresh_rollups.apply().get()
    assert result["case"] > 0 and facts() == before
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "enforcement.reports.tasks.refresh_rollups" in tasks


# ------------------------------------------------------------------------------------- month facts


def test_the_month_facts_kept_by_each_write_equal_a_rebuild_from_the_cases(world):
    edit_cases(world)
    maintained = month_facts()
    assert maintained
    rollup.rebuild()
    assert month_facts() == maintained


@pytest.mark.parametrize("dimension", ["all", "status", "source", "item"])
def test_each_breakdown_of_the_month_facts_sums_to_the_daily_facts(world, dimension):
    edit_cases(world)
    measures = ["filed", "decided", "penalties", "fines_decided", "paid", "fines_collected", "days_sum"]
    daily = CaseFact.objects.aggregate(**{m: Sum(m) for m in measures})
    monthly = CaseMonthFact.objects.filter(dimension=dimension).aggregate(**{m: Sum(m) for m in measures})
    assert monthly == daily and daily["filed"] > 0


def test_a_rebuild_of_some_days_rebuilds_the_whole_months_they_fall_in(world):
    before = month_facts()
    CaseMonthFact.objects.filter(month=date(2026, 10, 1)).update(filed=99)  # damaged figures
    result = rollup.rebuild(date(2026, 10, 5), date(2026, 10, 6))
    assert result["month"] > 0
    assert month_facts() == before


def _daily_only(monkeypatch):
    """Read every period from the daily facts alone (no whole months), the path of a domain scope."""
    monkeypatch.setattr(statistics, "month_split", lambda start, end: (None, [(start, end)]))


@pytest.mark.parametrize("period", [
    Period.month(2026, 10), Period.year(2026), Period.between(date(2026, 9, 12), date(2026, 10, 31)),
    Period.between(date(2025, 10, 5), date(2026, 10, 20)), Period.between(date(2026, 10, 3), date(2026, 10, 9))])
@pytest.mark.parametrize("role", [Role.LEADER, Role.TOWNSHIP_OFFICER])
def test_whole_months_from_the_month_facts_give_the_figures_of_the_daily_facts(world, monkeypatch, period, role):
    edit_cases(world)
    actor = world["users"][role]
    scope = StatScope(township=world["township"]) if role == Role.TOWNSHIP_OFFICER else StatScope()
    with_months = dashboard_figures(actor=actor, period=period, scope=scope, today=TODAY)
    _daily_only(monkeypatch)
    assert dashboard_figures(actor=actor, period=period, scope=scope, today=TODAY) == with_months


def test_the_ranking_reads_the_same_case_figures_from_months_and_days(world, monkeypatch):
    from enforcement.reports.ranking import department_ranking, township_ranking

    leader = world["users"][Role.LEADER]
    for period in (OCT, Period.between(date(2026, 9, 20), date(2026, 10, 31))):
        towns = [row.figures for row in township_ranking(actor=leader, period=period, today=TODAY)[0]]
        departments = [row.figures for row in department_ranking(actor=leader, period=period, today=TODAY)[0]]
        with monkeypatch.context() as patch:
            _daily_only(patch)
            assert [row.figures for row in township_ranking(actor=leader, period=period, today=TODAY)[0]] == towns
            assert [row.figures for row in department_ranking(actor=leader, period=period,
                                                              today=TODAY)[0]] == departments
    assert sum(row["filed"] for row in towns) > 0


def test_a_domain_scope_reads_the_daily_facts_and_counts_the_domain_only(world):
    from catalog.models import Domain

    domain = Domain.objects.get(code="city")
    staff = world["users"][Role.STAFF]
    figures = case_figures(actor=staff, period=OCT, scope=StatScope(domain=domain), today=TODAY)
    wanted = [c for c in counted(world["cases"], *OCTOBER, "any") if c.item.domain_id == domain.pk]
    assert figures["total"] == len(wanted) > 0
    assert figures["domains_with_cases"] == 1
