import pytest

from planning import indicators, services

pytestmark = pytest.mark.django_db


def _record(world, **kwargs):
    return services.inspection_record(actor=world["officer_user"], **kwargs)


def test_indicators_count_joint_visit_saved_and_problems(world, two_tasks, today, django_assert_max_num_queries):
    joint = services.merge_confirm(actor=world["staff"], subject=world["subject"], tasks=two_tasks)
    points = world["points_a"] + world["points_b"]
    _record(world, joint=joint, officers=world["officers_a"][:2],
            results=[{"point": p, "passed": p != points[0]} for p in points])
    with django_assert_max_num_queries(5):
        rows, total = indicators.year_indicators(actor=world["staff"], year=today.year, group_by="department")
    assert total.inspections == 1 and total.visits_saved == 1 and total.problems == 1
    assert total.joint_share == 100 and total.problem_rate == 100
    assert total.tasks_done == 2 and total.plan_completion == 100


def test_liaison_sees_only_own_department_rows(world, two_tasks, today):
    rows, _total = indicators.year_indicators(actor=world["liaison"], year=today.year, group_by="department")
    assert {r.code for r in rows} == {world["department"].code}


def test_weekly_ranking_orders_by_completion(world, two_tasks, today):
    _record(world, task=two_tasks[0], officers=world["officers_a"][:2],
            results=[{"point": p, "passed": True} for p in world["points_a"]])
    _monday, rows = indicators.weekly_ranking(actor=world["staff"], day=today, group_by="department")
    assert [r.code for r in rows] == [world["department"].code, world["other_department"].code]
    assert rows[0].plan_completion == 100 and rows[1].plan_completion == 0


def test_rates_are_empty_without_denominator():
    assert indicators.rate(0, 0) is None
    assert str(indicators.rate(1, 3)) == "33.33"
