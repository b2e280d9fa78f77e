from django.test import Client
from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from planning import services
from planning.models import Inspection, JointInspection

from .conftest import make_task
from .factories import SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def web():
    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login


def _results_post(points, failed=()):
    data = {}
    for p in points:
        data[f"{p.code}-passed"] = "0" if p in failed else "1"
        data[f"{p.code}-note"] = "油锅旁堆放杂物" if p in failed else ""
    return data


@pytest.mark.parametrize("name", ["planning:index", "planning:week_board", "planning:merge_list",
                                  "planning:draw_list", "planning:inspection_list", "planning:subject_list",
                                  "planning:need_list", "planning:indicators"])
def test_pages_render_for_every_business_role(world, two_tasks, web, name):
    for role, user in world["users"].items():
        response = web(user).get(reverse(name))
        expected = 403 if role in (Role.AUDITOR, Role.SECURITY_ADMIN) else 200  # 三员分立: no business data
        assert response.status_code == expected, (role, name)


def test_public_draw_page_needs_no_login_and_shows_no_officers(world, two_tasks):
    SubjectFactory.create_batch(5, industry=world["industry"], township=world["township"])
    from datetime import date

    draw = services.draw_run(actor=world["staff"], title="公开抽查", department=world["department"], departments=[],
                             inspection_type="食品安全检查", draw_date=date.today(), subject_count=3,
                             industry=world["industry"], seed="public")
    services.draw_publish(actor=world["staff"], draw=draw)
    response = Client().get(reverse("planning:public_draw_detail", args=[draw.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "食品安全检查" in body
    for officer in world["officers_a"]:
        assert officer.name not in body


def test_unpublished_draw_is_404_on_public_page(world):
    response = Client().get(reverse("planning:public_draw_detail", args=["SJ000000"]))
    assert response.status_code == 404


def test_inspection_form_without_task_is_refused(world, web):
    response = web(world["officer_user"]).get(reverse("planning:inspection_new"))
    assert response.status_code == 400
    assert "无计划不检查" in response.content.decode()


def test_inspection_form_records_and_redirects(world, two_tasks, web, today):
    task = two_tasks[0]
    url = reverse("planning:inspection_new") + f"?task={task.code}"
    data = {"inspected_on": today.isoformat(), "officers": [o.employee_number for o in world["officers_a"][:2]],
            **_results_post(world["points_a"], failed=[world["points_a"][0]])}
    response = web(world["officer_user"]).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    inspection = Inspection.objects.get()
    assert inspection.has_problems and inspection.results.count() == 2


def test_inspection_form_missing_result_shows_error_and_writes_nothing(world, two_tasks, web, today):
    url = reverse("planning:inspection_new") + f"?task={two_tasks[0].code}"
    data = {"inspected_on": today.isoformat(), "officers": [o.employee_number for o in world["officers_a"][:2]]}
    response = web(world["officer_user"]).post(url, data)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Inspection.objects.exists()


def test_task_of_another_township_is_404(world, two_tasks, web, make_user, other_township):
    outsider = make_user(Role.TOWNSHIP_OFFICER, username="west_o", township=other_township)
    response = web(outsider).get(reverse("planning:task_detail", args=[two_tasks[0].code]))
    assert response.status_code == 404


def test_other_departments_plan_is_404_for_liaison(world, web, other_liaison):
    plan = world["month_a"].plan
    assert web(other_liaison).get(reverse("planning:plan_detail", args=[plan.code])).status_code == 404
    assert web(world["liaison"]).get(reverse("planning:plan_detail", args=[plan.code])).status_code == 200


def test_merge_page_confirms_and_shows_savings(world, two_tasks, web, today):
    client = web(world["staff"])
    page = client.get(reverse("planning:merge_list"))
    assert world["subject"].name in page.content.decode()
    response = client.post(reverse("planning:merge_list") + f"?year={today.year}&month={today.month}",
                           {"subject": world["subject"].uscc, "tasks": [t.code for t in two_tasks]})
    assert response.status_code == 302
    assert JointInspection.objects.get().visits_saved == 1


def test_liaison_cannot_post_a_merge(world, two_tasks, web):
    response = web(world["liaison"]).post(reverse("planning:merge_list"),
                                          {"subject": world["subject"].uscc, "tasks": [t.code for t in two_tasks]})
    assert response.status_code == 403
    assert not JointInspection.objects.exists()


def test_draw_form_refuses_more_subjects_than_population(world, web, today):
    response = web(world["staff"]).post(reverse("planning:draw_create"), {
        "title": "抽查", "department": world["department"].code, "inspection_type": "检查",
        "draw_date": today.isoformat(), "industry": world["industry"].code, "subject_count": 99,
        "officers_per_subject": 2})
    assert response.status_code == 200
    assert "99" in response.content.decode()


def test_week_board_query_count_is_constant(world, web, django_assert_max_num_queries):
    for _ in range(8):
        subject = SubjectFactory(industry=world["industry"], township=world["township"])
        make_task(world["month_a"], subject, world["officers_a"][:2], world["checklist_a"])
    client = web(world["staff"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("planning:week_board")).status_code == 200


def test_inspection_list_query_count_is_constant(world, two_tasks, web, django_assert_max_num_queries):
    services.inspection_record(actor=world["officer_user"], task=two_tasks[0], officers=world["officers_a"][:2],
                               results=[{"point": p, "passed": True} for p in world["points_a"]])
    client = web(world["staff"])
    with django_assert_max_num_queries(15):
        assert client.get(reverse("planning:inspection_list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("planning:subject_list")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("planning:index")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("planning:indicators")).status_code == 200


def test_week_board_pages_a_long_week(world, web, monkeypatch):
    monkeypatch.setattr("planning.views.execution.WEEK_BOARD_PER_PAGE", 3)
    for _ in range(5):
        subject = SubjectFactory(industry=world["industry"], township=world["township"])
        make_task(world["month_a"], subject, world["officers_a"][:2], world["checklist_a"])
    client = web(world["staff"])
    first = client.get(reverse("planning:week_board"))
    assert len(first.context["page"].object_list) == 3 and first.context["page"].paginator.num_pages >= 2
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("planning:week_board"), {"page": 2})
    assert set(second.context["page"].object_list).isdisjoint(first.context["page"].object_list)


def test_plan_detail_folds_a_month_of_many_week_tasks(world, web):
    for _ in range(5):
        subject = SubjectFactory(industry=world["industry"], township=world["township"])
        make_task(world["month_a"], subject, world["officers_a"][:2], world["checklist_a"])
    body = web(world["staff"]).get(reverse("planning:plan_detail", args=[world["month_a"].plan.code])).content.decode()
    assert '<details class="month-tasks"><summary>5项周任务</summary>' in body


def test_indicator_page_labels_are_the_shared_definitions_of_the_dashboard(world, web):
    """Issue 17 item 7: the planning indicator page names each rate as the one definition does, exactly as the
    dashboard (and the monthly PDF) show it: no second wording such as 'joint share'."""
    import re

    from planning.indicators import INSPECTION_INDICATORS

    client = web(world["staff"])
    page = client.get(reverse("planning:indicators")).content.decode()
    dashboard = client.get(reverse("dashboard:index")).content.decode()

    def labels(html):
        return re.findall(r'data-indicator="[a-z_]+"[^>]*>(?:<div class="value">[^<]*</div><div class="label"[^>]*>)?'
                          r'([^<]+)<', html)

    names = [str(d.name) for d in INSPECTION_INDICATORS]
    assert labels(page) == names + names  # the figures row, then the table's columns
    for name in names:
        assert name in dashboard
    assert "跨部门联合检查" not in page
