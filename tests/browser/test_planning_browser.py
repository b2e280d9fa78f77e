"""Browser journey (issue 5 item 10): two departments plan the same subject in one month; the bureau confirms
the merge; an officer records the joint inspection with one failed point and opens a case from it; the
indicator page counts one saved visit."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from enforcement.accounts.models import Role
from planning.models import Inspection, JointInspection, WeekTask
from planning.tests.factories import (
    ChecklistFactory,
    CheckPointFactory,
    IndustryFactory,
    MonthArrangementFactory,
    SubjectFactory,
)
from townships.tests.factories import DepartmentFactory, OfficerFactory

from .otp import pass_second_factor


def _login(page, live_server, username, password, next_url):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    pass_second_factor(page, username)


def _task(arrangement, subject, officers, checklist):
    task = WeekTask.objects.create(arrangement=arrangement, department=arrangement.plan.department,
                                   township=subject.township, date=date.today(), checklist=checklist)
    task.subjects.set([subject])
    task.officers.set(officers)
    return task


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_merge_joint_inspection_case_and_saved_visit(live_server, page, make_user, password, township):
    today = date.today()
    market = DepartmentFactory(code="market", name="市场监督管理局")
    fire = DepartmentFactory(code="fire", name="消防救援大队")
    industry = IndustryFactory(code="catering", name="餐饮", departments=[market, fire])
    subject = SubjectFactory(name="东城味道餐饮有限公司", industry=industry, township=township)
    food = ChecklistFactory(code="catering-food", name="餐饮食品安全", industry=industry)
    safety = ChecklistFactory(code="catering-fire", name="餐饮消防安全", industry=industry)
    CheckPointFactory(checklist=food, code="food-01", text="生熟食品分开存放")
    CheckPointFactory(checklist=food, code="food-02", text="从业人员持健康证明")
    CheckPointFactory(checklist=safety, code="fire-01", text="灭火器配置有效")
    month_market = MonthArrangementFactory(plan__department=market, plan__state="issued", plan__year=today.year,
                                           plan__code="JH-market", month=today.month)
    month_fire = MonthArrangementFactory(plan__department=fire, plan__state="issued", plan__year=today.year,
                                         plan__code="JH-fire", month=today.month)
    market_officers = [OfficerFactory(home_department=market, township=township, name=f"市监{i}") for i in range(2)]
    fire_officers = [OfficerFactory(home_department=fire, township=township, name=f"消防{i}") for i in range(2)]
    _task(month_market, subject, market_officers, food)
    _task(month_fire, subject, fire_officers, safety)
    make_user(Role.STAFF, username="bureau_staff")
    make_user(Role.TOWNSHIP_OFFICER, username="east_officer", township=township)

    # The bureau sees the candidate with its saving and confirms the merge.
    _login(page, live_server, "bureau_staff", password, "/planning/merges/")
    candidate = page.locator("form.merge-candidate")
    expect(candidate).to_contain_text("东城味道餐饮有限公司")
    expect(candidate).to_contain_text("减少入企 1 次")
    candidate.get_by_role("button", name="确认合并").click()
    expect(page).to_have_url(re.compile(r"/planning/joint/ZH"))
    expect(page.get_by_test_id("visits-saved")).to_have_text("1")
    joint = JointInspection.objects.get()

    # A township officer records the joint inspection on a phone-width screen, one point failed.
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server, "east_officer", password, f"/planning/joint/{joint.code}/")
    page.get_by_role("link", name="记录检查").click()
    expect(page.locator("fieldset.check-point")).to_have_count(3)
    page.locator("fieldset[data-point=food-01] input[value='0']").check()
    page.locator("fieldset[data-point=food-01] input[name='food-01-note']").fill("冰箱内生熟食品混放")
    page.locator("fieldset[data-point=food-02] input[value='1']").check()
    page.locator("fieldset[data-point=fire-01] input[value='1']").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.get_by_role("button", name="保存检查").click()
    expect(page).to_have_url(re.compile(r"/planning/inspections/"))
    inspection = Inspection.objects.get()
    assert inspection.has_problems and inspection.joint == joint

    # The failed point opens a case with source 检查发现 and the checklist point's item.
    page.locator(".result.failed").get_by_role("button", name="立案").click()
    expect(page.get_by_test_id("case-code")).to_be_visible()
    from cases.models import Case

    case = Case.objects.get()
    assert case.source == "inspection"
    assert case.item == inspection.results.get(passed=False).point.item

    # The indicator page counts one saved visit.
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server, "bureau_staff", password, "/planning/indicators/")
    expect(page.get_by_test_id("visits-saved-total")).to_have_text("1")


def _overflowing(page):
    """Elements whose right edge passes the viewport, outside horizontally scrolling table wrappers."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')].filter(el => {
            if (el.closest('.table-wrap')) return false;
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > width + 1;
        }).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(
            el.getBoundingClientRect().right));
    }""")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inspection_form_and_week_board_fit_a_390px_phone(live_server, page, make_user, password, township,
                                                          tmp_path):
    today = date.today()
    market = DepartmentFactory(code="market", name="宁波市海曙区市场监督管理局")
    industry = IndustryFactory(code="catering", name="餐饮服务", departments=[market])
    subject = SubjectFactory(name="宁波市海曙区东城街道味道餐饮管理有限公司中山西路分店", industry=industry,
                             township=township)
    food = ChecklistFactory(code="catering-food", name="餐饮服务食品安全监督检查要点表", industry=industry)
    for i in range(3):
        CheckPointFactory(checklist=food, code=f"food-0{i}", text="食品贮存场所、设备设施是否符合要求,生熟食品是否"
                          "分开存放,冷藏冷冻设备温度是否符合要求并有记录(含长英文LongUnbrokenIdentifierText)")
    month = MonthArrangementFactory(plan__department=market, plan__state="issued", plan__year=today.year,
                                    plan__code="JH-market", month=today.month)
    officers = [OfficerFactory(home_department=market, township=township, name=f"执法人员{i}") for i in range(3)]
    task = _task(month, subject, officers, food)
    make_user(Role.TOWNSHIP_OFFICER, username="phone_officer", township=township)

    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server, "phone_officer", password, f"/planning/inspections/new/?task={task.code}")
    expect(page.locator("fieldset.check-point")).to_have_count(3)
    page.screenshot(path=str(tmp_path / "inspection_form_390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _overflowing(page) == []

    page.goto(f"{live_server.url}/planning/week/")
    expect(page.get_by_role("link", name=task.code)).to_be_visible()
    expect(page.locator("table.cards .badge.warn")).to_have_text("待完成")
    page.screenshot(path=str(tmp_path / "week_board_390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _overflowing(page) == []
