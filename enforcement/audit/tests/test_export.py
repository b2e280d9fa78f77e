"""审计日志导出 (issue 18): the list's filters as xlsx or CSV, capped, formula cells escaped, the export audited."""

import csv
import io

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from enforcement.accounts.models import Role
from enforcement.audit import services as audit
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("audit:export")


@pytest.fixture
def auditor(client, users):
    client.force_login(users[Role.AUDITOR])
    return users[Role.AUDITOR]


def xlsx_rows(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_xlsx_export_follows_the_list_filters_in_chinese(client, auditor, users):
    audit.record("auth.login", actor=users[Role.STAFF])
    wanted = audit.record("auth.login", actor=users[Role.LEADER], note="x")
    audit.record("auth.logout", actor=users[Role.LEADER])
    response = client.get(URL, {"username": "leader_u", "event_type": "auth.login"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert ".xlsx" in response["Content-Disposition"]
    header, *rows = xlsx_rows(response)
    assert header[:5] == ("时间", "用户名", "来源 IP", "事件类型", "事件代码")
    assert [(row[1], row[4], row[7], row[9]) for row in rows] == [("leader_u", "auth.login", "成功", '{"note": "x"}')]
    assert rows[0][0] == timezone.localtime(wanted.created_at).strftime("%Y-%m-%d %H:%M:%S")  # to the second


def test_the_csv_export_has_the_same_rows(client, auditor, users):
    audit.record("auth.login", actor=users[Role.STAFF])
    rows = csv_rows(client.get(URL, {"file_format": "csv", "username": "staff_u"}))
    assert rows[0][0] == "时间" and [(row[1], row[4]) for row in rows[1:]] == [("staff_u", "auth.login")]


def test_formula_like_cells_are_escaped_in_xlsx_and_csv(client, auditor):
    audit.record("test.injection", username='=HYPERLINK("http://x","y")', ip=None)
    filters = {"event_type": "test.injection"}
    [row] = xlsx_rows(client.get(URL, filters))[1:]
    assert row[1] == '\'=HYPERLINK("http://x","y")'
    [row] = csv_rows(client.get(URL, filters | {"file_format": "csv"}))[1:]
    assert row[1] == '\'=HYPERLINK("http://x","y")'


def test_the_export_is_capped_newest_first_and_says_so(client, auditor, settings):
    settings.AUDIT_EXPORT_MAX_ROWS = 2
    for n in range(3):
        audit.record(f"test.bulk{n}")
    response = client.get(URL, {"event_type": "test.bulk", "file_format": "csv"})
    assert response["X-Export-Capped"] == "2"
    assert [row[4] for row in csv_rows(response)[1:]] == ["test.bulk2", "test.bulk1"]
    event = AuditEvent.objects.filter(event_type="audit.export").latest("id")
    assert (event.detail["rows"], event.detail["capped"]) == (2, True)


def test_an_uncapped_export_has_no_cap_header(client, auditor):
    audit.record("test.one")
    assert "X-Export-Capped" not in client.get(URL, {"event_type": "test.one"})


def test_the_export_itself_is_an_audit_event(client, auditor):
    audit.record("test.one")
    client.get(URL, {"event_type": "test.", "file_format": "csv"})
    event = AuditEvent.objects.get(event_type="audit.export")
    assert event.user == auditor and event.detail == {"rows": 1, "capped": False, "file_format": "csv",
                                                      "filters": {"event_type": "test."}}


def test_the_list_page_offers_the_export_with_its_filters(client, auditor):
    html = client.get(reverse("audit:list"), {"username": "leader_u"}).content.decode()
    assert f'href="{URL}?username=leader_u"' in html and f'href="{URL}?username=leader_u&amp;file_format=csv"' in html
    assert "导出 Excel" in html and "最多 50000 行" in html


def test_the_list_page_warns_when_more_events_match_than_an_export_holds(client, auditor, settings):
    settings.AUDIT_EXPORT_MAX_ROWS = 1
    audit.record("test.one")
    audit.record("test.two")
    html = client.get(reverse("audit:list"), {"event_type": "test."}).content.decode()
    assert "共有 2 条事件符合条件，导出文件只包含最新的 1 条" in html
