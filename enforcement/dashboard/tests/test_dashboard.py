import json

from django.test import Client

import pytest

from enforcement.accounts.models import Role
from enforcement.reports.tests.conftest import expected, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


def test_leader_sees_county_figures_for_a_month(world):  # noqa: F811
    response = client_as(world["users"][Role.LEADER]).get("/dashboard/", {"period": "2026-10"})
    assert response.status_code == 200
    cases = response.context["cases"]
    assert cases["total"] == expected(world)["total"]
    assert "2026年10月" in response.content.decode()


def test_filter_by_township_narrows_figures_and_drill_down_keeps_the_filter(world):  # noqa: F811
    township = world["township"]
    response = client_as(world["users"][Role.STAFF]).get("/dashboard/", {"period": "2026-10",
                                                                          "township": township.code})
    assert response.context["cases"]["total"] == expected(world, township=township)["total"]
    links = response.context["links"]
    # a closed period: the overdue figure and its drill-down are the cases overdue on the period's last day
    assert f"township={township.code}" in links["overdue"] and "overdue_on=2026-10-31" in links["overdue"]
    assert "case_date_from=2026-10-01" in links["all"] and "case_date_to=2026-10-31" in links["all"]
    assert links["overdue"] in response.content.decode().replace("&amp;", "&")


def test_township_officer_is_held_to_own_township(world):  # noqa: F811
    officer = world["users"][Role.TOWNSHIP_OFFICER]
    response = client_as(officer).get("/dashboard/", {"period": "2026-10",
                                                      "township": world["other_township"].code})
    assert response.context["township"] == world["township"]
    assert response.context["cases"]["total"] == expected(world, township=world["township"])["total"]
    assert world["other_township"].name not in response.content.decode()


def test_chart_data_is_embedded_as_json_and_chart_js_is_served_locally(world):  # noqa: F811
    body = client_as(world["users"][Role.LEADER]).get("/dashboard/", {"period": "2026"}).content.decode()
    assert "/static/vendor/chart.umd.min.js" in body and "cdn" not in body.lower()
    start = body.index('id="dashboard-data"')
    data = json.loads(body[body.index(">", start) + 1:body.index("</script>", start)])
    assert len(data["trend"]["current"]) == 12 and data["trend"]["current"][9] == expected(world)["total"]


@pytest.mark.parametrize("period", ["2026-13", "2099", "abc"])
def test_bad_period_shows_an_error_next_to_the_field_and_falls_back(world, period):  # noqa: F811
    response = client_as(world["users"][Role.LEADER]).get("/dashboard/", {"period": period})
    assert response.status_code == 200
    assert response.context["form"].errors["month"]  # the period picker's field the key was read into
    assert 'class="error"' in response.content.decode()
    assert response.context["period"].kind == "month"  # falls back to this month


def test_unknown_township_code_is_a_field_error_not_a_500(world):  # noqa: F811
    response = client_as(world["users"][Role.LEADER]).get("/dashboard/", {"township": "atlantis"})
    assert response.status_code == 200 and response.context["form"].errors["township"]


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.LIAISON])
def test_roles_without_dashboard_permission_are_refused(world, role):  # noqa: F811
    assert client_as(world["users"][role]).get("/dashboard/").status_code == 403


def test_anonymous_is_sent_to_login():
    response = Client().get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dashboard_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.tests.factories import CaseFactory
    from catalog.tests.factories import ItemFactory

    client = client_as(world["users"][Role.LEADER])
    client.get("/dashboard/")  # warm the session
    with CaptureQueriesContext(connection) as before:
        client.get("/dashboard/", {"period": "2026-10"})
    expected = len(before)  # now: the connection's query log is bounded, later slices of it shift
    for _ in range(15):
        CaseFactory(township=world["other_township"], item=ItemFactory(), officers=[],
                    filed_on=world["cases"][0].filed_on.replace(month=10, day=5))
    client.get("/dashboard/", {"period": "2026-10"})  # new items: the item labels' copy is read again, once
    with django_assert_num_queries(expected):
        client.get("/dashboard/", {"period": "2026-10"})
    # session and user; the townships (picker and rows: read once), the one-row figures and the latest report in
    # one statement, the month facts, the trend, the domain choices, the clue figures (whole months: one)
    assert expected <= 10


def test_the_township_picker_and_the_township_rows_read_the_townships_once(world):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world["users"][Role.LEADER])
    client.get("/dashboard/")  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/dashboard/", {"period": "2026"})
    townships = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "townships_township"')]
    assert len(townships) == 1
    assert not [q for q in captured.captured_queries if "CURSOR" in q["sql"]]  # no server-side cursor for choices
    html = response.content.decode()
    assert f'<option value="{world["township"].code}">' in html
    assert html.count(world["other_township"].name) >= 2  # in the picker and in the township rows


def test_period_picker_takes_a_quarter_a_year_and_a_custom_range(world):  # noqa: F811
    client = client_as(world["users"][Role.LEADER])
    quarter = client.get("/dashboard/", {"kind": "quarter", "quarter": "2026-Q4"}).context["period"]
    assert (quarter.start.isoformat(), quarter.end.isoformat()) == ("2026-10-01", "2026-12-31")
    year = client.get("/dashboard/", {"kind": "year", "year": "2026"}).context["period"]
    assert year.kind == "year" and year.start.year == 2026
    response = client.get("/dashboard/", {"kind": "range", "start": "2026-10-01", "end": "2026-10-31"})
    assert response.context["cases"]["total"] == expected(world)["total"]


def test_custom_range_ending_before_it_starts_is_an_error_next_to_the_field(world):  # noqa: F811
    response = client_as(world["users"][Role.LEADER]).get(
        "/dashboard/", {"kind": "range", "start": "2026-10-31", "end": "2026-10-01"})
    assert response.status_code == 200 and "早于" in response.context["form"].errors["end"][0]


def test_this_month_is_the_default_and_says_the_period_is_partial(world):  # noqa: F811
    from django.utils import timezone

    response = client_as(world["users"][Role.LEADER]).get("/dashboard/")
    today = timezone.localdate()
    assert response.context["period"].start == today.replace(day=1)
    if today.day < response.context["period"].end.day:
        assert "本时段尚未结束" in response.content.decode()


def test_money_and_counts_are_formatted_for_a_reader(world):  # noqa: F811
    body = client_as(world["users"][Role.LEADER]).get("/dashboard/", {"period": "2026-10"}).content.decode()
    assert "万元" in body or "元" in body
    assert "同比" in body


DASHBOARD_ROLES = [Role.LEADER, Role.STAFF, Role.ADMIN, Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER,
                   Role.DISTRICT_REVIEWER, Role.COMMAND, Role.TOWNSHIP_COMMAND]


def test_every_role_that_opens_the_dashboard_is_counted():
    from enforcement.accounts.access import PERMISSIONS

    assert set(DASHBOARD_ROLES) == set(PERMISSIONS["dashboard.view"])


@pytest.mark.parametrize("period", ["2026-10", "2026-Q3", "2026", "2026-09-12..2026-10-20"])
@pytest.mark.parametrize("role", DASHBOARD_ROLES)
def test_the_dashboard_takes_at_most_ten_queries_for_any_role_and_period(world, role, period):  # noqa: F811
    # issue 14: ≤ 10 queries, the session and the user included (a session signed in within the minute: no save)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world["users"][role])
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/", {"period": period})
    assert response.status_code == 200 and not response.context["form"].errors
    assert len(queries) <= 10, "\n".join(q["sql"][:90] for q in queries.captured_queries)


def test_the_latest_finished_report_of_the_scope_is_linked(world):  # noqa: F811
    from datetime import date

    from enforcement.reports.models import MonthlyReport

    township = world["township"]
    MonthlyReport.objects.create(period=date(2026, 9, 1), status=MonthlyReport.Status.DONE)
    MonthlyReport.objects.create(period=date(2026, 10, 1), status=MonthlyReport.Status.FAILED)
    MonthlyReport.objects.create(period=date(2026, 8, 1), township=township, status=MonthlyReport.Status.DONE)
    county = client_as(world["users"][Role.LEADER]).get("/dashboard/").context["latest_report"]
    assert (county.period_key, county.scope_code) == ("2026-09", "county")  # the failed October is not offered
    own = client_as(world["users"][Role.TOWNSHIP_OFFICER]).get("/dashboard/").context["latest_report"]
    assert (own.period_key, own.scope_code) == ("2026-08", township.code)
    body = client_as(world["users"][Role.LEADER]).get("/dashboard/", {"township": world["other_township"].code})
    assert body.context["latest_report"] is None


def test_a_role_that_cannot_open_reports_is_offered_no_report_link(world):  # noqa: F811
    from datetime import date

    from enforcement.reports.models import MonthlyReport

    MonthlyReport.objects.create(period=date(2026, 9, 1), status=MonthlyReport.Status.DONE)
    response = client_as(world["users"][Role.COMMAND]).get("/dashboard/")
    assert response.status_code == 200 and response.context["latest_report"] is None
    assert 'id="latest-report"' not in response.content.decode()
