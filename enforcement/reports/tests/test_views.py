from datetime import date
from io import BytesIO

from django.core.files.base import ContentFile
from django.test import Client

import pytest
from openpyxl import load_workbook

from enforcement.accounts.models import Role
from enforcement.reports.models import EaseRating, MonthlyReport
from townships.tests.factories import TownshipFactory

pytestmark = pytest.mark.django_db


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


def make_report(township=None, period=date(2026, 10, 1), status=MonthlyReport.Status.DONE):
    report = MonthlyReport.objects.create(period=period, township=township, status=status)
    if status == MonthlyReport.Status.DONE:
        report.file.save(report.download_name, ContentFile(b"%PDF-1.7 test"), save=False)
        report.file_size = 13
        report.save()
    return report


def test_list_shows_reports_with_download_links(users, township):
    make_report()
    make_report(township)
    response = client_as(users[Role.LEADER]).get("/reports/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "/reports/2026-10/county/report.pdf" in body and f"/reports/2026-10/{township.code}/report.pdf" in body
    assert "重新生成" not in body  # leadership reads, staff regenerate


def test_township_officer_lists_only_own_township_reports(users, township, other_township):
    make_report()
    make_report(township)
    make_report(other_township)
    page = client_as(users[Role.TOWNSHIP_OFFICER]).get("/reports/").context["page"]
    assert [r.township for r in page] == [township]


def test_township_officer_cannot_download_another_townships_or_the_county_report(users, township, other_township):
    make_report()
    make_report(other_township)
    client = client_as(users[Role.TOWNSHIP_OFFICER])
    assert client.get(f"/reports/2026-10/{other_township.code}/report.pdf").status_code == 404
    assert client.get("/reports/2026-10/county/report.pdf").status_code == 404


def test_download_serves_the_pdf_inline_and_is_audited(users, township):
    from enforcement.audit.models import AuditEvent

    make_report(township)
    response = client_as(users[Role.TOWNSHIP_OFFICER]).get(f"/reports/2026-10/{township.code}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert AuditEvent.objects.filter(event_type="report.downloaded").count() == 1


@pytest.mark.parametrize("path", ["/reports/2026-13/county/report.pdf", "/reports/oops/county/report.pdf",
                                  "/reports/2026-10/atlantis/report.pdf"])
def test_bad_report_addresses_are_404(users, path):
    make_report()
    assert client_as(users[Role.LEADER]).get(path).status_code == 404


def test_report_not_ready_is_404(users):
    make_report(status=MonthlyReport.Status.RUNNING)
    assert client_as(users[Role.LEADER]).get("/reports/2026-10/county/report.pdf").status_code == 404


def test_staff_regenerate_queues_one_build_on_commit(users, django_capture_on_commit_callbacks, monkeypatch):
    from enforcement.reports import tasks

    sent = []
    monkeypatch.setattr(tasks.build_monthly_report, "apply_async",
                        lambda args, queue=None, **options: sent.append(args))
    make_report()
    client = client_as(users[Role.STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/2026-10/county/regenerate/")
        client.post("/reports/2026-10/county/regenerate/")  # a second click while pending
    assert response.status_code == 302
    assert len(sent) == 1
    assert MonthlyReport.objects.get().status == MonthlyReport.Status.PENDING


def test_leader_may_not_regenerate(users):
    make_report()
    assert client_as(users[Role.LEADER]).post("/reports/2026-10/county/regenerate/").status_code == 403


@pytest.mark.parametrize("month, message", [("2026-13", "YYYY-MM"), ("2099-01", "2099年1月"), ("abc", "YYYY-MM")])
def test_request_form_refuses_bad_months_next_to_the_field(users, month, message):
    response = client_as(users[Role.STAFF]).post("/reports/request/", {"month": month})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["month"])
    assert not MonthlyReport.objects.exists()


def test_request_form_refuses_unknown_township(users):
    response = client_as(users[Role.STAFF]).post("/reports/request/", {"month": "2026-10", "township": "atlantis"})
    assert response.status_code == 400 and response.context["form"].errors["township"]


def test_report_list_query_count_is_constant(users, django_assert_max_num_queries):
    for index in range(12):
        make_report(TownshipFactory(), period=date(2026, index % 9 + 1, 1))
    client = client_as(users[Role.STAFF])
    client.get("/reports/")
    with django_assert_max_num_queries(12):
        response = client.get("/reports/")
    assert len(response.context["page"]) == 12


# ---------------------------------------------------------------------------------------------- evaluation


def test_evaluation_flags_zero_case_items_and_exports_xlsx(world):
    client = client_as(world["users"][Role.STAFF])
    township = world["township"]
    response = client.get("/reports/evaluation/", {"township": township.code, "zero": "1"})
    rows = list(response.context["page"])
    assert world["items"][3].code in [r.item_code for r in rows]
    assert all(r.case_count == 0 and r.verdict == "zero" for r in rows)
    export = client.get("/reports/evaluation/export.xlsx", {"township": township.code})
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.content))["事项明细"]
    header = [cell.value for cell in sheet[1]]
    codes = {row[header.index("事项编码")]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(codes) == {item.code for item in world["items"][:4]}
    assert codes[world["items"][3].code][header.index("近12个月办件数")] == 0


def test_staff_rating_changes_the_score(world):
    staff = world["users"][Role.STAFF]
    township, item = world["township"], world["items"][0]
    client = client_as(staff)
    before = next(r for r in client.get("/reports/evaluation/", {"township": township.code}).context["page"]
                  if r.item_code == item.code)
    response = client.post(f"/reports/evaluation/{township.code}/{item.code}/rate/",
                           {"easy_to_take_over": "1", "easy_to_operate": "1", "note": "专业性强"})
    assert response.status_code == 302
    rating = EaseRating.objects.get(township=township, item=item)
    assert rating.rated_by == staff and rating.easy_to_operate == 1
    after = next(r for r in client.get("/reports/evaluation/", {"township": township.code}).context["page"]
                 if r.item_code == item.code)
    assert after.score < before.score and after.verdict == "hard"


def test_rating_out_of_range_is_refused_next_to_the_field(world):
    township, item = world["township"], world["items"][0]
    response = client_as(world["users"][Role.STAFF]).post(
        f"/reports/evaluation/{township.code}/{item.code}/rate/", {"easy_to_take_over": "9", "easy_to_operate": "3"})
    assert response.status_code == 400 and response.context["form"].errors["easy_to_take_over"]
    assert not EaseRating.objects.exists()


def test_rating_needs_the_permission_and_an_empowered_item(world):
    township = world["township"]
    leader = client_as(world["users"][Role.LEADER])
    assert leader.post(f"/reports/evaluation/{township.code}/{world['items'][0].code}/rate/",
                       {"easy_to_take_over": "3", "easy_to_operate": "3"}).status_code == 403
    staff = client_as(world["users"][Role.STAFF])
    assert staff.get(f"/reports/evaluation/{township.code}/{world['items'][4].code}/rate/").status_code == 404


def test_township_officer_evaluation_is_own_township_only(world):
    response = client_as(world["users"][Role.TOWNSHIP_OFFICER]).get(
        "/reports/evaluation/", {"township": world["other_township"].code})
    assert {r.township_code for r in response.context["page"]} == {world["township"].code}


def test_evaluation_query_count_is_constant(world, django_assert_max_num_queries):
    client = client_as(world["users"][Role.STAFF])
    client.get("/reports/evaluation/")
    # constant: one grouped count each for cases, inspections, warnings and clues, whatever the number of items
    with django_assert_max_num_queries(13):
        client.get("/reports/evaluation/")


# ---------------------------------------------------------------------------------------------- ranking


def test_weekly_ranking_orders_townships_by_the_index_of_rates_and_exports(world):
    client = client_as(world["users"][Role.LEADER])
    response = client.get("/reports/ranking/", {"week": "2026-W42"})  # 12-18 October 2026
    rows = response.context["townships"]
    scores = [float(r.figures["index"]) for r in rows if r.figures["index"] is not None]
    assert scores == sorted(scores, reverse=True) and rows[0].rank in (0, 1)
    assert response.context["township_weights"]  # the weights are shown
    from .conftest import counted

    for row in rows:
        town = world["township"] if row.code == world["township"].code else world["other_township"]
        assert row.figures["filed"] == len(counted(world["cases"], response.context["period"].start,
                                                   response.context["period"].end, town))
    export = client.get("/reports/ranking/export.xlsx", {"week": "2026-W42"})
    sheet = load_workbook(BytesIO(export.content))["乡镇(街道)"]
    assert sheet.max_row == 3


@pytest.mark.parametrize("week", ["2026-W99", "2026-13", "x"])
def test_bad_week_shows_an_error_and_falls_back_to_last_week(users, week):
    response = client_as(users[Role.LEADER]).get("/reports/ranking/", {"week": week})
    assert response.status_code == 200 and response.context["error"]


def test_ranking_query_count_is_constant(world, django_assert_max_num_queries):
    client = client_as(world["users"][Role.LEADER])
    client.get("/reports/ranking/")
    with django_assert_max_num_queries(30):  # the index adds its own fixed set (assessment.index)
        client.get("/reports/ranking/", {"week": "2026-W42"})


def test_admin_lists_reports_read_only(admin_client, township):
    make_report(township)
    response = admin_client.get("/admin/reports/monthlyreport/")
    assert response.status_code == 200 and township.name in response.content.decode()
    assert admin_client.get("/admin/reports/monthlyreport/add/").status_code == 403
