"""Acceptance of the officers' phone app (issue 11) in real Chromium at 390×844: offline from cache, an
on-the-spot 100-yuan case in ≤ 8 counted interactions with a photo, exactly-once sync, a 409 shown to the
officer, and an item not empowered to the township refused on the device and on the server (art. 24)."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import connection
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cases.models import Case, Document, DocumentKind, Evidence
from catalog.tests.factories import DiscretionTierFactory, ItemFactory
from enforcement.accounts.models import DeviceToken, Role
from townships.models import Empowerment
from townships.tests.factories import OfficerFactory

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
PHOTO = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x08" * 64 + bytes.fromhex("ffd9")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def flushable_audit_log(transactional_db):
    """See tests/browser/test_org_browser.py: replica mode lets the post-test flush pass the audit trigger."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


@pytest.fixture
def county(make_user, township, other_township, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    street = ItemFactory(code="330299000901", name="对占道经营的行政处罚", pinyin_initials="dzdjydxzcf",
                         penalty_kinds=["warning", "fine"], fine_min=Decimal("50"), fine_max=Decimal("500"))
    DiscretionTierFactory(item=street, level="minor", conditions="首次被查处,经教育当场改正", fine_min=Decimal("50"),
                          fine_max=Decimal("100"))
    DiscretionTierFactory(item=street, level="general", conditions="拒不改正或多次违法", fine_min=Decimal("100"),
                          fine_max=Decimal("500"))
    Empowerment.objects.create(township=township, item=street, valid_from=date(2020, 1, 1))
    foreign = ItemFactory(code="330299000902", name="对占道经营食品摊贩的行政处罚", pinyin_initials="dzdjyspstdxzcf")
    Empowerment.objects.create(township=other_township, item=foreign, valid_from=date(2020, 1, 1))
    user = make_user(Role.TOWNSHIP_OFFICER, username="officer_m", township=township, display_name="张伟")
    me = OfficerFactory(township=township, user=user, name="张伟")
    partner = OfficerFactory(township=township, name="李娜")
    return {"street": street, "foreign": foreign, "user": user, "me": me, "partner": partner}


@pytest.fixture(autouse=True)
def quiet_phone_at_teardown(page):
    """The app keeps syncing in the background: stop it before the database is emptied (else TRUNCATE waits on
    the live server's transaction and PostgreSQL reports a deadlock)."""
    yield
    page.goto("about:blank")
    page.wait_for_timeout(300)


class Counter:
    """Counts the officer's interactions (a tap, a typed field, a photo taken) on the way to a decision."""

    def __init__(self, page):
        self.page, self.n = page, 0

    def tap(self, selector):
        self.n += 1
        self.page.locator(selector).click()

    def type(self, selector, text):
        self.n += 1
        self.page.locator(selector).fill(text)

    def photo(self, selector, payload):
        self.n += 1
        self.page.locator(selector).set_input_files(payload)


def sign_in(page, base, password):
    page.goto(f"{base}/m/")
    page.fill("#username", "officer_m")
    page.fill("#password", password)
    page.fill("#device", "执法终端-07")
    page.locator("#login button[type=submit]").click()
    expect(page.locator("#new-spot")).to_be_visible(timeout=20000)  # token, then the working data


def serious_axe_violations(page):
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async () => (await axe.run()).violations
        .filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + v.nodes[0].html)""")


def phone_quality(page):
    """No horizontal scroll at 390 px; every visible control at least 44 px high; axe: nothing serious."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    small = page.evaluate("""() => [...document.querySelectorAll(
        'button, .button, .row-link, .tabs a, input:not([type=checkbox]):not([type=radio]), select, .sync')]
        .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
        .map(e => e.outerHTML.slice(0, 80))""")
    assert not small, small
    assert serious_axe_violations(page) == []


def outbox(page):
    return page.evaluate("""() => new Promise((resolve) => {
        const open = indexedDB.open('zhifa-m');
        open.onsuccess = () => { const r = open.result.transaction('outbox').objectStore('outbox').getAll();
          r.onsuccess = () => { open.result.close(); resolve(r.result.map(({files, ...rest}) => rest)); }; };
    })""")


def api(page, method, path, body, key=None):
    """A request from the phone itself, with its device token (the re-send of an outbox item)."""
    return page.evaluate("""async ([method, path, body, key]) => {
        const token = await new Promise((resolve) => { const open = indexedDB.open('zhifa-m');
          open.onsuccess = () => { const r = open.result.transaction('kv').objectStore('kv').get('token');
            r.onsuccess = () => { open.result.close(); resolve(r.result); }; }; });
        const headers = {'Authorization': 'Token ' + token, 'Content-Type': 'application/json'};
        if (key) headers['X-Client-Request-ID'] = key;
        const res = await fetch(path, {method, headers, body: JSON.stringify(body)});
        return {status: res.status, replayed: res.headers.get('X-Client-Request-ID-Replayed'), body: await res.json()};
    }""", [method, path, body, key])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_offline_on_the_spot_case_in_eight_taps_syncs_exactly_once(live_server, page, context, county, password):
    base = live_server.url
    sign_in(page, base, password)
    assert DeviceToken.objects.filter(user=county["user"], device_name="执法终端-07").count() == 1  # 我的设备
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    phone_quality(page)

    # No signal, and the case is filed yesterday afternoon (it reaches the server today): the app opens from
    # the phone's cache, and the server keeps the true date.
    yesterday = timezone.localtime() - timedelta(days=1)
    page.clock.set_fixed_time(yesterday.replace(hour=15, minute=30))
    context.set_offline(True)
    page.reload()
    expect(page.locator("#new-spot")).to_be_visible()
    expect(page.locator("#net")).to_be_visible()

    officer = Counter(page)
    officer.tap("#new-spot")
    officer.type("#item-q", "dzdjy")
    officer.tap(f'#item-results button[data-code="{county["street"].code}"]')
    expect(page.locator("#chosen-item")).to_contain_text("对占道经营的行政处罚")
    expect(page.locator(".people")).to_contain_text("张伟")
    expect(page.locator(".people")).to_contain_text("李娜")  # the partner proposed
    officer.tap('#amounts button[data-amount="100"] >> nth=0')
    officer.type("#party-id", "11010519491231002X")
    officer.type("#party-name", "王五")
    officer.photo("#photo", {"name": "scene.jpg", "mimeType": "image/jpeg", "buffer": PHOTO})
    expect(page.locator(".thumbs img")).to_have_count(1)
    phone_quality(page)
    officer.tap("#submit-spot")
    assert officer.n <= 8, f"{officer.n} interactions"

    expect(page.locator(".card.notice")).to_contain_text("等待发送")
    expect(page.locator("#sync")).to_have_text(re.compile("待同步 2 条"))
    assert not Case.objects.exists()
    assert next(i for i in outbox(page) if i["kind"] == "case")["body"]["decided_on"] == yesterday.date().isoformat()

    # The network returns: the case, its photo and its decision document, once, with the offline date.
    context.set_offline(False)
    expect(page.locator("#synced")).to_be_visible(timeout=20000)
    expect(page.locator("#sync")).to_have_text("已全部同步")
    case = Case.objects.get()
    assert case.fine_amount == Decimal("100.00") and case.procedure == "simple"
    assert case.decided_on == yesterday.date()
    assert Evidence.objects.filter(case=case).count() == 1
    assert Document.objects.filter(case=case, kind=DocumentKind.SPOT_DECISION).count() == 1
    expect(page.locator("#action-code")).to_have_text(case.code)
    expect(page.locator("img.qr")).to_be_visible()
    with page.expect_download() as download:
        page.locator('button.document[data-kind="spot_decision"]').click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    phone_quality(page)

    # The task home now lists the case among the officer's cases (working data refreshed after the sync).
    page.locator('#tabs a[data-tab="home"]').click()
    page.locator(f'a[href="#/case/{case.code}"]').click()
    expect(page.locator("#action-code")).to_have_text(case.code)
    phone_quality(page)

    # The same request again (a re-send after a lost answer) → the same case.
    sent = next(i for i in outbox(page) if i["kind"] == "case")
    again = api(page, "POST", "/api/v1/cases/", sent["body"], key=sent["id"])
    assert again["status"] == 200 and again["replayed"] == "true" and again["body"]["code"] == case.code
    assert Case.objects.count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_changed_body_under_the_same_request_id_is_a_409_shown_to_the_officer(live_server, page, county, password):
    base = live_server.url
    sign_in(page, base, password)
    lost = {"n": 0}

    def lose_the_answer(route):
        route.fetch()  # the server records the case, the answer never reaches the phone
        lost["n"] += 1
        route.abort()

    page.route("**/api/v1/cases/", lose_the_answer)
    page.locator("#new-spot").click()
    page.fill("#item-q", "dzdjy")
    page.locator(f'#item-results button[data-code="{county["street"].code}"]').click()
    page.locator('#amounts button[data-amount="50"]').click()
    page.fill("#party-name", "赵六")
    page.locator("#submit-spot").click()
    expect(page.locator("#send-error")).to_be_visible(timeout=20000)
    expect(page.locator("#sync")).to_have_text(re.compile("待同步 1 条"))
    assert lost["n"] == 1 and Case.objects.count() == 1
    page.unroute("**/api/v1/cases/")

    # The officer changes the amount before the phone re-sends: same request id, different body.
    page.locator("#edit-pending").click()
    page.locator('#amounts button[data-amount="100"]').first.click()
    page.locator("#submit-spot").click()
    expect(page.locator("#conflict")).to_be_visible(timeout=20000)
    expect(page.locator("#conflict")).to_contain_text("50")
    expect(page.locator("#conflict")).to_contain_text("100")
    assert Case.objects.count() == 1
    phone_quality(page)
    page.locator("#keep-server").click()
    expect(page.locator("#action-code")).to_have_text(Case.objects.get().code)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_item_not_empowered_to_the_township_is_refused_on_the_device_and_on_the_server(live_server, page, county,
                                                                                        password):
    """行政处罚法 art. 24: the township exercises only the powers empowered to it."""
    base = live_server.url
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, password)
    page.locator("#new-spot").click()
    page.fill("#item-q", "dzdjysp")
    result = page.locator(f'#item-results button[data-code="{county["foreign"].code}"]')
    expect(result).to_contain_text("未赋权")
    result.click()
    expect(page.locator("#chosen-item .rule.bad")).to_contain_text("第二十四条")
    expect(page.locator("#submit-spot")).to_be_disabled()

    answer = api(page, "POST", "/api/v1/cases/", {
        "procedure": "simple", "item": county["foreign"].code, "party_type": "citizen", "party_name": "王五",
        "location": "人民路", "facts": "占道经营", "violation_date": date.today().isoformat(),
        "officers": [county["me"].employee_number, county["partner"].employee_number], "penalty_kinds": ["fine"],
        "fine": "100"}, key="device-refusal-0001")
    assert answer["status"] == 400
    assert "第二十四条" in json.dumps(answer["body"], ensure_ascii=False)
    assert not Case.objects.exists()

    # Signing out revokes the phone's token and leaves nothing behind (IndexedDB and caches emptied).
    page.locator('#tabs a[data-tab="me"]').click()
    phone_quality(page)
    page.locator("#logout").click()
    expect(page.locator("#login")).to_be_visible()
    assert errors == []
    assert DeviceToken.objects.get(user=county["user"]).revoked_at is not None
    assert "zhifa-m" not in page.evaluate("(async () => (await indexedDB.databases()).map(d => d.name))()")
    cached = page.evaluate("""async () => { const urls = [];
        for (const key of await caches.keys()) for (const r of await (await caches.open(key)).keys()) urls.push(r.url);
        return urls; }""")
    assert not [url for url in cached if "/api/" in url]  # only the app's own files come back, never data


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_inspection_of_a_week_task_offline_with_a_failed_point_becomes_a_case(live_server, page, context, county,
                                                                               password, township, department):
    from planning.models import Inspection, WeekTask
    from planning.tests.factories import ChecklistFactory, CheckPointFactory, MonthArrangementFactory, SubjectFactory

    arrangement = MonthArrangementFactory(plan__department=department, plan__state="issued")
    checklist = ChecklistFactory(name="餐饮食品安全")
    ok_point = CheckPointFactory(checklist=checklist, text="从业人员持有效健康证明", item=county["street"])
    bad_point = CheckPointFactory(checklist=checklist, text="食品原料进货查验记录完整", item=county["street"])
    subject = SubjectFactory(township=township, name="海曙味道餐饮有限公司")
    task = WeekTask.objects.create(arrangement=arrangement, department=department, township=township,
                                   date=date.today(), checklist=checklist)
    task.subjects.set([subject])
    task.officers.set([county["me"], county["partner"]])

    sign_in(page, live_server.url, password)
    page.evaluate("navigator.serviceWorker.ready")
    context.set_offline(True)
    page.locator(f'a[href="#/inspect/{task.code}/{subject.uscc}"]').click()
    expect(page.locator("#inspect-form h2")).to_have_text("海曙味道餐饮有限公司")
    page.locator(f'button[data-point="{ok_point.code}"][data-passed="true"]').click()
    page.locator(f'button[data-point="{bad_point.code}"][data-passed="false"]').click()
    page.fill("#note-1", "进货查验记录缺失三天")
    page.locator("#photo-1").set_input_files({"name": "records.jpg", "mimeType": "image/jpeg", "buffer": PHOTO})
    phone_quality(page)
    page.locator("#submit-inspection").click()
    expect(page.locator("#sync")).to_have_text(re.compile("待同步 3 条"))  # the inspection, its photo, the case
    assert not Inspection.objects.exists()

    context.set_offline(False)
    expect(page.locator("#sync")).to_have_text("已全部同步", timeout=20000)
    inspection = Inspection.objects.get()
    assert inspection.has_problems and inspection.task == task
    failed = inspection.results.get(point=bad_point)
    assert not failed.passed and failed.note == "进货查验记录缺失三天" and failed.evidence
    case = Case.objects.get(code=failed.case_code)
    assert case.source == "inspection" and case.party_name == "海曙味道餐饮有限公司"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_a_refusal_by_the_server_comes_back_to_the_officer_as_a_task(live_server, page, context, county, password,
                                                                     township):
    """The phone checked art. 24 against its copy; the empowerment ended before the sync: the server refuses,
    nothing is recorded, and the officer finds the refusal with its reason on the task home."""
    sign_in(page, live_server.url, password)
    context.set_offline(True)
    page.locator("#new-spot").click()
    page.fill("#item-q", "dzdjy")
    page.locator(f'#item-results button[data-code="{county["street"].code}"]').click()
    page.locator('#amounts button[data-amount="50"]').click()
    page.fill("#party-name", "钱七")
    page.locator("#submit-spot").click()
    expect(page.locator("#sync")).to_have_text(re.compile("待同步 1 条"))
    Empowerment.objects.filter(township=township, item=county["street"]).update(
        valid_to=date.today() - timedelta(days=2), valid_from=date(2020, 1, 1))

    context.set_offline(False)
    expect(page.locator("#sync")).to_have_text("1 条需处理", timeout=20000)
    assert not Case.objects.exists()
    page.locator('#tabs a[data-tab="home"]').click()
    task = page.locator(".row-link", has_text="被服务器退回")
    expect(task).to_contain_text("第二十四条")
    task.click()
    expect(page.locator("#refusal")).to_contain_text("第二十四条")
    phone_quality(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_clue_dispatched_by_the_command_centre_is_acknowledged_offline_and_synced_later(live_server, page, context,
                                                                                      county, password, township):
    from intake.models import State
    from intake.tests.factories import dispatched_clue

    clue = dispatched_clue(township, description="人民路18号门前占道经营,堆放货物", address="人民路18号")
    sign_in(page, live_server.url, password)
    row = page.locator(f'a[data-clue="{clue.code}"]')
    expect(row).to_contain_text("人民路18号")
    page.evaluate("navigator.serviceWorker.ready")

    context.set_offline(True)
    row.click()
    page.locator('button[data-move="acknowledge"]').click()
    expect(page.locator("#sync")).to_have_text(re.compile("待同步 1 条"))
    page.locator('button[data-move="arrive"]').click()
    expect(page.locator("#sync")).to_have_text(re.compile("待同步 2 条"))
    phone_quality(page)
    clue.refresh_from_db()
    assert clue.state == State.DISPATCHED

    context.set_offline(False)
    expect(page.locator("#sync")).to_have_text("已全部同步", timeout=20000)
    clue.refresh_from_db()
    assert clue.state == State.ARRIVED
    assert clue.acknowledged_at and clue.arrived_at and clue.arrived_at <= timezone.now()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_the_phone_records_where_the_case_was_made_when_the_officer_allows_it(live_server, page, context, county,
                                                                             password):
    """Issue 16 item 4: with the officer's permission the case carries the phone's position (WGS-84)."""
    base = live_server.url
    context.grant_permissions(["geolocation"], origin=base)
    context.set_geolocation({"latitude": 29.805123, "longitude": 121.505456, "accuracy": 8})
    sign_in(page, base, password)
    page.locator("#new-spot").click()
    page.fill("#item-q", "dzdjy")
    page.locator(f'#item-results button[data-code="{county["street"].code}"]').click()
    page.locator('#amounts button[data-amount="100"] >> nth=0').click()
    page.fill("#party-id", "11010519491231002X")
    page.fill("#party-name", "王五")
    page.locator("#submit-spot").click()
    expect(page.locator("#synced")).to_be_visible(timeout=20000)
    case = Case.objects.get()
    assert (str(case.latitude), str(case.longitude)) == ("29.805123", "121.505456")
