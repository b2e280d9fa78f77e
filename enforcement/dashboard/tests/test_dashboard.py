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
    assert f"township={township.code}" in links["overdue"] and "overdue=1" in links["overdue"]
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
    assert response.context["form"].errors["period"]
    assert 'class="error"' in response.content.decode()


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
    for _ in range(15):
        CaseFactory(township=world["other_township"], item=ItemFactory(), officers=[],
                    filed_on=world["cases"][0].filed_on.replace(month=10, day=5))
    with django_assert_num_queries(len(before)):
        client.get("/dashboard/", {"period": "2026-10"})
    assert len(before) <= 20
