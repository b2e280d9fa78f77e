"""The HTTP benchmark is not run by the tests (make benchmark): only its guard, its arithmetic, a tiny dataset."""

from django.core.management import CommandError, call_command

import pytest

from enforcement.core.loadtest.client import percentile


@pytest.mark.django_db
def test_it_refuses_a_database_not_named_for_benchmarks():
    with pytest.raises(CommandError, match="_bench"):
        call_command("benchmark_http", "--cases", "10")


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50 and percentile(values, 95) == 95 and percentile(values, 100) == 100
    assert percentile([7], 95) == 7


@pytest.mark.django_db
def test_the_dataset_holds_cases_clues_dispatches_and_month_facts():
    import io

    from cases.models import Case
    from enforcement.core.loadtest import dataset
    from enforcement.reports.models import CaseMonthFact
    from intake.models import Clue, Dispatch, State

    dataset.build(cases=300, stdout=io.StringIO())
    dataset.build_clues(clues=400, stdout=io.StringIO())
    assert Case.objects.filter(code__startswith="BH-").count() == 300
    clues = Clue.objects.filter(code__startswith="XSB")
    assert clues.count() == 400 and set(clues.values_list("state", flat=True)) <= set(State.values)
    reached = clues.filter(current_dispatch__isnull=False).select_related("current_dispatch")
    assert reached.exists() and all(clue.current_dispatch.clue_id == clue.pk for clue in reached)
    assert Dispatch.objects.count() == reached.count()
    assert CaseMonthFact.objects.filter(dimension="all").exists()


@pytest.mark.django_db
def test_the_dataset_gives_every_township_cases_and_the_township_officer_own_ones():
    import io

    from cases import selectors
    from cases.models import Case
    from enforcement.accounts.models import User
    from enforcement.core.loadtest import dataset
    from townships.models import Township

    dataset.build(cases=400, stdout=io.StringIO())
    towns = set(Township.objects.filter(code__startswith="bh").values_list("id", flat=True))
    assert towns <= set(Case.objects.values_list("township_id", flat=True))
    officer = User.objects.get(username="bench_officer")
    assert selectors.case_list(actor=officer, filters={"mine": True}).exists()
    assert len(set(Case.objects.values_list("location", flat=True))) > 100  # not one street for all
