"""The holiday calendar the bureau maintains (行政处罚法 art. 85: the short limits are working days).

The 2027 lines below are TEST DATA shaped like a State Council notice (元旦 1–3 January; 春节 5–12 February with
make-up working days on Sunday 14 and Saturday 20 February), not the official 2027 notice.
"""

import datetime
from datetime import date

from django.core.management import call_command
from django.test import Client

import pytest

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from enforcement.core import workdays
from enforcement.workcalendar import services
from enforcement.workcalendar.checks import calendar_coverage
from enforcement.workcalendar.models import CalendarDay, CalendarRevision, CalendarYear, DayKind

pytestmark = pytest.mark.django_db

NOTICE_2027 = """# 2027 test data in the notice format (not the official notice)
date,kind,name
2027-01-01,holiday,元旦
2027-01-02,holiday,元旦
2027-01-03,holiday,元旦
2027-02-05,holiday,春节
2027-02-06,放假,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-12,holiday,春节
2027-02-14,workday,春节
2027-02-20,调休上班,春节
"""


@pytest.fixture
def staff(make_user):
    return make_user(Role.STAFF, username="cal_staff")


@pytest.fixture
def today_is(monkeypatch):
    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)

    return set_today


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


def test_art85_the_migration_seeded_the_package_years_into_the_table():
    assert set(range(2004, 2027)) <= set(CalendarYear.objects.values_list("year", flat=True))
    assert CalendarDay.objects.get(date=date(2026, 1, 1)).name == "元旦"


def test_art85_january_and_february_2027_follow_the_loaded_notice(staff):
    before = workdays.deadline(date(2026, 12, 31), 1)
    assert before.date == date(2027, 1, 1) and before.provisional  # no 2027 data: Mon–Fri, flagged
    services.year_import(actor=staff, year=2027, text=NOTICE_2027, notice="测试数据")
    after = workdays.deadline(date(2026, 12, 31), 1)
    assert after.date == date(2027, 1, 4) and not after.provisional
    assert not workdays.is_workday(date(2027, 2, 8))  # Monday inside 春节
    assert workdays.is_workday(date(2027, 2, 14))  # Sunday make-up working day
    # Thursday 4 February + 2 working days: 14 February (Sunday, 调休) and 15 February.
    assert workdays.add_workdays(date(2027, 2, 4), 2) == date(2027, 2, 15)
    assert workdays.workdays_between(date(2027, 2, 1), date(2027, 2, 28)) == 15


def test_art85_uncovered_year_is_never_silent(staff, caplog):
    with pytest.raises(workdays.CalendarNotCovered) as raised:
        workdays.add_workdays(date(2027, 3, 1), 5, strict=True)
    assert raised.value.years == [2027]
    with caplog.at_level("WARNING", logger="enforcement.core.workdays"):
        assert workdays.add_workdays(date(2027, 3, 1), 5) == date(2027, 3, 8)
    assert "2027" in caplog.text and "provisional" in caplog.text


def test_art85_check_warns_when_the_next_90_days_are_not_covered(today_is):
    today_is(date(2026, 12, 1))
    assert [m.id for m in calendar_coverage()] == ["workcalendar.W001"]
    today_is(date(2026, 9, 1))  # until 30 November: covered
    assert calendar_coverage() == []


def test_art85_with_no_data_at_all_the_check_warns(today_is):
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    CalendarRevision.objects.update(token="00000000-0000-0000-0000-000000000001")
    today_is(date(2035, 6, 1))  # a year neither the table nor the package knows
    messages = calendar_coverage()
    assert [m.id for m in messages] == ["workcalendar.W001"]
    assert "2035" in messages[0].msg


def test_art85_check_is_quiet_once_the_notice_is_loaded(staff, today_is):
    services.year_import(actor=staff, year=2027, text=NOTICE_2027)
    today_is(date(2026, 12, 1))
    assert calendar_coverage() == []


def test_art85_check_warns_about_the_retired_variables(monkeypatch, today_is):
    today_is(date(2026, 9, 1))
    monkeypatch.setenv("EXTRA_HOLIDAYS", "2027-10-08")
    assert [m.id for m in calendar_coverage()] == ["workcalendar.W002"]


def test_art85_dashboard_banner_for_bureau_staff_when_not_covered(make_user, staff, today_is):
    today_is(date(2026, 12, 1))
    response = client_as(staff).get("/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="calendar-banner"' in page and "2027" in page
    assert "/calendar/import/" in page


def test_art85_dashboard_banner_not_for_leadership(make_user, today_is):
    today_is(date(2026, 12, 1))
    leader = make_user(Role.LEADER, username="cal_leader")
    assert 'id="calendar-banner"' not in client_as(leader).get("/dashboard/").content.decode()


def test_art85_dashboard_banner_gone_when_covered(staff, today_is):
    services.year_import(actor=staff, year=2027, text=NOTICE_2027)
    today_is(date(2026, 12, 1))
    assert 'id="calendar-banner"' not in client_as(staff).get("/dashboard/").content.decode()


def test_art85_import_refuses_bad_lines_with_row_and_column_and_writes_nothing(staff):
    services.year_import(actor=staff, year=2027, text=NOTICE_2027)
    bad = "2027-01-01,holiday,元旦\n2027-13-01,holiday,春节\n2026-05-01,holiday,劳动节\n2027-02-09,workday,春节\n" \
          "2027-02-10,休假,春节\n2027-01-01,holiday,元旦\n2027-03-01,holiday\n"
    with pytest.raises(services.ValidationError) as raised:
        services.year_import(actor=staff, year=2027, text=bad)
    messages = raised.value.messages
    assert len(messages) == 6
    assert messages[0].startswith("第 2 行，日期列")
    assert any("2026-05-01 不在 2027 年内" in m for m in messages)
    assert any("第 4 行，类型列" in m and "周六或周日" in m for m in messages)
    assert any("第 6 行" in m and "重复" in m for m in messages)
    assert any("第 7 行" in m and "3 列" in m for m in messages)
    assert CalendarDay.objects.filter(year=2027).count() == 13  # the earlier import stands untouched


def test_art85_import_replaces_the_year_and_is_audited(staff):
    services.year_import(actor=staff, year=2027, text=NOTICE_2027)
    services.year_import(actor=staff, year=2027, text="2027-01-01,holiday,元旦\n", notice="国办发明电〔2026〕X号")
    assert list(CalendarDay.objects.filter(year=2027).values_list("date", flat=True)) == [date(2027, 1, 1)]
    event = AuditEvent.objects.filter(event_type="calendar.year_imported").latest("id")
    assert event.detail["replaced"] == 13 and event.detail["holidays"] == 1
    assert CalendarYear.objects.get(year=2027).notice == "国办发明电〔2026〕X号"


def test_art85_a_change_is_seen_by_the_next_computation(staff):
    assert workdays.is_workday(date(2026, 12, 7))
    day = services.day_save(actor=staff, date=date(2026, 12, 7), kind=DayKind.HOLIDAY, name="测试")
    assert not workdays.is_workday(date(2026, 12, 7))
    services.day_delete(actor=staff, day=day)
    assert workdays.is_workday(date(2026, 12, 7))


def test_art85_another_process_change_is_seen_through_the_revision_token():
    assert workdays.is_workday(date(2026, 12, 8))
    # Written elsewhere (another process): rows and a new token, no reset of this process's memo.
    CalendarDay.objects.create(date=date(2026, 12, 8), kind=DayKind.HOLIDAY, name="测试", source="manual")
    CalendarRevision.objects.update(token="00000000-0000-0000-0000-000000000002")
    assert not workdays.is_workday(date(2026, 12, 8))


def test_art85_one_query_per_computation_when_memoised(django_assert_num_queries):
    workdays.add_workdays(date(2026, 10, 1), 7)
    with django_assert_num_queries(1):
        workdays.add_workdays(date(2026, 9, 30), 7)


def test_art85_makeup_day_must_be_a_weekend(staff):
    with pytest.raises(services.ValidationError) as raised:
        services.day_save(actor=staff, date=date(2027, 3, 3), kind=DayKind.WORKDAY, name="测试")
    assert "周六或周日" in raised.value.message_dict["kind"][0]


def test_art85_staff_add_edit_delete_a_day_on_the_page_audited(staff):
    client = client_as(staff)
    response = client.post("/calendar/days/new/", {"date": "2027-10-01", "kind": "holiday", "name": "国庆节"})
    assert response.status_code == 302
    response = client.post("/calendar/days/2027-10-01/edit/", {"date": "2027-10-01", "kind": "holiday",
                                                               "name": "国庆节", "note": "按通知"})
    assert response.status_code == 302 and CalendarDay.objects.get(date=date(2027, 10, 1)).note == "按通知"
    page = client.get("/calendar/", {"year": 2027}).content.decode()
    assert "2027-10-01" in page and "国庆节" in page and "未覆盖" in page
    assert client.post("/calendar/days/2027-10-01/delete/").status_code == 302
    assert not CalendarDay.objects.filter(date=date(2027, 10, 1)).exists()
    assert list(AuditEvent.objects.filter(event_type__startswith="calendar.day").values_list(
        "event_type", flat=True).order_by("id")) == ["calendar.day_created", "calendar.day_changed",
                                                     "calendar.day_deleted"]


def test_art85_page_refuses_a_weekday_makeup_day_next_to_the_field(staff):
    response = client_as(staff).post("/calendar/days/new/", {"date": "2027-03-03", "kind": "workday", "name": "x"})
    assert response.status_code == 400
    assert "周六或周日" in response.content.decode()


def test_art85_page_import_shows_line_errors_and_imports_good_files(staff):
    client = client_as(staff)
    response = client.post("/calendar/import/", {"year": 2027, "text": "2027-02-30,holiday,春节"})
    assert response.status_code == 400
    assert "第 1 行，日期列" in response.content.decode()
    response = client.post("/calendar/import/", {"year": 2027, "text": NOTICE_2027})
    assert response.status_code == 302
    assert 2027 in workdays.snapshot().covered_years


def test_art85_empty_year_page_and_bad_year_are_answered(staff):
    client = client_as(staff)
    page = client.get("/calendar/", {"year": 2031}).content.decode()
    assert "2031" in page and "没有记录" in page
    assert client.get("/calendar/", {"year": "abc"}).status_code == 400
    assert client.get("/calendar/days/2027-02-30/edit/").status_code == 404


def test_art85_township_officer_reads_but_cannot_change_the_calendar(make_user, township):
    officer = make_user(Role.TOWNSHIP_OFFICER, username="cal_officer", township=township)
    client = client_as(officer)
    assert client.get("/calendar/", {"year": 2026}).status_code == 200
    assert client.post("/calendar/days/new/", {"date": "2027-10-01", "kind": "holiday", "name": "x"}).status_code == 403
    assert client.post("/calendar/import/", {"year": 2027, "text": NOTICE_2027}).status_code == 403


def test_art85_api_lists_a_year_and_says_whether_it_is_covered(staff, client_for):
    api = client_for(staff)
    response = api.get("/api/v1/calendar-days/", {"year": 2027})
    assert response.status_code == 200 and response["X-Calendar-Covered"] == "false"
    services.year_import(actor=staff, year=2027, text=NOTICE_2027)
    response = api.get("/api/v1/calendar-days/", {"year": 2027})
    assert response["X-Calendar-Covered"] == "true"
    assert [row["date"] for row in response.json()["results"]][:2] == ["2027-01-01", "2027-01-02"]
    assert api.get("/api/v1/calendar-days/", {"year": "x"}).status_code == 400
    years = api.get("/api/v1/calendar-years/").json()["results"]
    assert years[0]["year"] == 2027 and years[0]["source"] == "notice"


def test_art85_command_loads_a_notice_file(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(NOTICE_2027, encoding="utf-8")
    call_command("load_holiday_calendar", "--file", str(path), "--year", "2027", "--notice", "测试")
    assert CalendarYear.objects.get(year=2027).source == "notice"
    assert not workdays.is_workday(date(2027, 2, 8))


def test_art85_package_seed_never_overwrites_the_bureau_years(staff):
    services.day_save(actor=staff, date=date(2026, 12, 7), kind=DayKind.HOLIDAY, name="测试")
    assert services.seed_from_package() == []
    assert CalendarDay.objects.filter(date=date(2026, 12, 7)).exists()


def test_art85_deadline_zero_days_is_the_start_day():
    assert workdays.deadline(date(2027, 5, 1), 0) == workdays.Deadline(date(2027, 5, 1))


def test_art85_is_provisional_for_display():
    assert workdays.is_provisional(date(2027, 1, 5))
    assert not workdays.is_provisional(date(2026, 1, 5))
    assert not workdays.is_provisional(None)


def test_art85_year_confirm_needs_a_holiday_first(staff):
    with pytest.raises(services.ValidationError):
        services.year_confirm(actor=staff, year=2028)
    services.day_save(actor=staff, date=date(2028, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    services.year_confirm(actor=staff, year=2028, notice="测试")
    assert 2028 in workdays.snapshot().covered_years
    assert datetime.date(2028, 1, 1) in workdays.snapshot().days
