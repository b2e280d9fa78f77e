from datetime import date
from decimal import Decimal

import pytest

from enforcement.accounts.models import Role
from enforcement.reports.periods import Period, change_pct
from enforcement.reports.statistics import (
    StatScope,
    case_figures,
    inspection_figures,
    monthly_trend,
    staffing_figures,
)

from .conftest import OCTOBER, TODAY, counted, expected

pytestmark = pytest.mark.django_db
OCT = Period.month(2026, 10)


def _check(figures, wanted):
    for key in ("total", "simple", "ordinary", "items_with_cases", "domains_with_cases", "penalties", "no_penalty",
                "warning_only", "overdue"):
        assert figures[key] == wanted[key], key
    assert Decimal(figures["fines_decided"]) == wanted["fines_decided"]
    assert Decimal(figures["fines_collected"]) == wanted["fines_collected"]
    assert figures["avg_days_to_decision"] == wanted["avg_days"]


def test_county_figures_match_counts_computed_independently(world):
    staff = world["users"][Role.STAFF]
    figures = case_figures(actor=staff, period=OCT, today=TODAY)
    wanted = expected(world)
    assert wanted["total"] > 20 and wanted["simple"] and wanted["ordinary"]
    _check(figures, wanted)


def test_township_scope_figures_match_counts_computed_independently(world):
    staff = world["users"][Role.STAFF]
    figures = case_figures(actor=staff, period=OCT, scope=StatScope(township=world["township"]), today=TODAY)
    _check(figures, expected(world, township=world["township"]))


def test_township_officer_sees_only_own_township_figures(world):
    officer = world["users"][Role.TOWNSHIP_OFFICER]
    figures = case_figures(actor=officer, period=OCT, today=TODAY)
    _check(figures, expected(world, township=world["township"]))


def test_domain_scope_counts_only_that_domain(world):
    staff = world["users"][Role.STAFF]
    domain = world["domains"][0]
    figures = case_figures(actor=staff, period=OCT, scope=StatScope(domain=domain), today=TODAY)
    wanted = [c for c in counted(world["cases"], *OCTOBER) if c.item.domain_id == domain.pk]
    assert figures["total"] == len(wanted)
    assert figures["domains_with_cases"] == 1


def test_year_on_year_and_month_on_month_change(world):
    staff = world["users"][Role.STAFF]
    figures = case_figures(actor=staff, period=OCT, today=TODAY)
    this = len(counted(world["cases"], *OCTOBER))
    september = len(counted(world["cases"], date(2026, 9, 1), date(2026, 9, 30)))
    last_october = len(counted(world["cases"], date(2025, 10, 1), date(2025, 10, 31)))
    assert figures["previous"] == september and figures["year_before"] == last_october
    assert figures["yoy_pct"] == round((this - last_october) * 100 / last_october, 2)
    assert figures["mom_pct"] == change_pct(this, september)


def test_a_running_month_compares_the_same_days_a_year_earlier(world):
    # On 20 October October runs: it and September are whole months (month facts), the same days a year
    # earlier (1 to 20 October 2025) come from the daily facts, summed without a breakdown
    staff = world["users"][Role.STAFF]
    today = date(2026, 10, 20)
    figures = case_figures(actor=staff, period=OCT, today=today)
    same_days = len(counted(world["cases"], date(2025, 10, 1), date(2025, 10, 20)))
    assert figures["partial"] and figures["year_before_to"] == "2025-10-20"
    assert 0 < same_days < len(counted(world["cases"], date(2025, 10, 1), date(2025, 10, 31)))
    assert figures["year_before"] == same_days
    assert figures["previous"] == len(counted(world["cases"], date(2026, 9, 1), date(2026, 9, 30)))
    _check(figures, expected(world) | {"overdue": figures["overdue"]})  # overdue counts on the 20th here


def test_breakdowns_add_up_to_the_total(world):
    figures = case_figures(actor=world["users"][Role.LEADER], period=OCT, today=TODAY)
    for key in ("by_status", "by_source", "by_domain"):
        assert sum(row[2] for row in figures[key]) == figures["total"], key


def test_review_throughput_and_days_in_review(world):
    figures = case_figures(actor=world["users"][Role.STAFF], period=OCT, today=TODAY)
    reviews = world["reviews"]
    assert figures["reviews_returned"] == sum(r.outcome == "returned" for r in reviews)
    assert figures["reviews_approved"] == sum(r.outcome == "approved" for r in reviews)
    assert figures["avg_review_wait_days"] == 2.0


def test_monthly_trend_counts_each_month(world):
    trend = monthly_trend(actor=world["users"][Role.STAFF], year=2026)
    assert trend["current"][9] == len(counted(world["cases"], *OCTOBER))
    assert trend["current"][8] == len(counted(world["cases"], date(2026, 9, 1), date(2026, 9, 30)))
    assert trend["previous"][9] == len(counted(world["cases"], date(2025, 10, 1), date(2025, 10, 31)))


def test_staffing_counts_active_officers_by_category(world):
    figures = staffing_figures(actor=world["users"][Role.STAFF])
    assert figures["total"] == 6 and figures["posted"] == 5 and figures["safety"] == 2
    assert figures["auxiliary"] == 1 and figures["posted_pct"] == round(5 * 100 / 6, 1)
    township_only = staffing_figures(actor=world["users"][Role.TOWNSHIP_OFFICER])
    assert township_only["total"] == 3


def test_inspection_figures_are_zero_without_inspections(world):
    figures = inspection_figures(actor=world["users"][Role.STAFF], period=OCT)
    assert figures["total"] == 0 and figures["random_pct"] is None and figures["visits_saved"] == 0


def test_figures_take_a_constant_number_of_queries(world, django_assert_max_num_queries):
    staff = world["users"][Role.STAFF]
    with django_assert_max_num_queries(6):
        case_figures(actor=staff, period=OCT, today=TODAY)
        monthly_trend(actor=staff, year=2026)


def test_a_custom_range_reads_its_days_by_breakdown_and_the_compared_days_in_one_sum(world,
                                                                                  django_assert_num_queries):
    # 12 September to 20 October: whole months none, days of September and October for the period, the same
    # length before it and the same dates a year earlier for the comparison
    staff = world["users"][Role.STAFF]
    period = Period.between(date(2026, 9, 12), date(2026, 10, 20))
    from catalog.labels import item_labels

    item_labels.get(())  # this process's copy of the item labels, loaded once (ADR 0025)
    with django_assert_num_queries(3):  # period days, overdue, compared days and reviews in one
        figures = case_figures(actor=staff, period=period, today=TODAY)
    assert figures["total"] == len(counted(world["cases"], date(2026, 9, 12), date(2026, 10, 20)))
    assert figures["year_before"] == len(counted(world["cases"], date(2025, 9, 12), date(2025, 10, 20)))
    previous = period.previous()
    assert figures["previous"] == len(counted(world["cases"], previous.start, previous.end))
    assert sum(n for _code, _label, n in figures["by_status"]) == figures["total"]


def test_auditor_and_liaison_get_no_case_figures(world):
    for role in (Role.AUDITOR,):
        assert case_figures(actor=world["users"][role], period=OCT, today=TODAY)["total"] == 0


def test_township_breakdown_matches_counts_and_scope(world):
    from enforcement.reports.statistics import township_breakdown

    rows = {r["code"]: r for r in township_breakdown(actor=world["users"][Role.LEADER], period=OCT, today=TODAY)}
    for town in (world["township"], world["other_township"]):
        wanted = expected(world, township=town)
        assert rows[town.code]["total"] == wanted["total"] and rows[town.code]["overdue"] == wanted["overdue"]
    own = township_breakdown(actor=world["users"][Role.TOWNSHIP_OFFICER], period=OCT, today=TODAY)
    assert [r["code"] for r in own] == [world["township"].code]
