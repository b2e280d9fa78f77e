"""The phone's API: the officer's working data in one call, favourites, 首违 history and the QR of a case."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from cases.tests.factories import CITIZEN_ID, CaseFactory
from catalog.tests.factories import DiscretionTierFactory, ItemFactory
from enforcement.accounts.models import Role
from enforcement.core import crypto
from mobile.models import FavouriteItem
from mobile.serializers import WorkingDataSerializer
from planning.models import WeekTask
from planning.tests.factories import ChecklistFactory, CheckPointFactory, MonthArrangementFactory, SubjectFactory
from townships.models import Empowerment
from townships.tests.factories import OfficerFactory, ZoneFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/mobile/working-data/"


@pytest.fixture
def world(users, township, other_township, department):
    officer_user = users[Role.TOWNSHIP_OFFICER]
    me = OfficerFactory(township=township, user=officer_user, name="张伟")
    usual = OfficerFactory(township=township, name="李娜")
    other = OfficerFactory(township=township, name="王强")
    OfficerFactory(township=township, name="过期", expired=True)
    elsewhere = OfficerFactory(township=other_township, name="西镇赵")
    item = ItemFactory(code="330299100001", name="对占道经营的行政处罚", no_penalty_list=True)
    DiscretionTierFactory(item=item, level="minor", fine_min=Decimal("50"), fine_max=Decimal("100"))
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    foreign = ItemFactory(code="330299100002", name="对无照经营的行政处罚")
    Empowerment.objects.create(township=other_township, item=foreign, valid_from=date(2020, 1, 1))
    for _ in range(2):  # the usual partner: most cases together in the last year
        CaseFactory(township=township, officers=[me, usual], created_by=officer_user, item=item)
    CaseFactory(township=township, officers=[me, other])
    CaseFactory(township=other_township, officers=[elsewhere, OfficerFactory(township=other_township)])
    zone = ZoneFactory(township=township, name="中山片区")
    zone.officers.set([me, other])
    return {"user": officer_user, "me": me, "usual": usual, "item": item, "foreign": foreign, "zone": zone}


def test_working_data_gives_the_officer_the_day_in_one_call(client_for, world):
    response = client_for(world["user"]).get(URL)
    assert response.status_code == 200
    data = response.json()
    assert WorkingDataSerializer(data=data).is_valid(), WorkingDataSerializer(data=data).errors
    assert data["officer"]["employee_number"] == world["me"].employee_number
    assert data["partner"]["name"] == "李娜"
    assert "过期" not in [o["name"] for o in data["colleagues"] if o["certificate_valid"]]
    assert "西镇赵" not in [o["name"] for o in data["colleagues"]]
    items = {i["code"]: i for i in data["items"]}
    assert items["330299100001"]["empowered"] is True
    assert items["330299100001"]["no_penalty"] is True
    assert items["330299100001"]["tiers"][0]["fine_max"] == "100.00"
    assert items["330299100002"] == {"code": "330299100002", "name": "对无照经营的行政处罚",
                                     "domain": world["foreign"].domain.name, "pinyin": world["foreign"].pinyin_initials,
                                     "empowered": False}
    assert data["recent_items"] == ["330299100001"]
    assert {c["party_name"] for c in data["cases"]} and all(c["due"] for c in data["cases"])
    assert [z["name"] for z in data["zones"] if z["mine"]] == ["中山片区"]
    assert response.headers["Cache-Control"] == "no-store"


def test_working_data_query_count_does_not_grow_with_rows(client_for, world, township, django_assert_max_num_queries):
    client = client_for(world["user"])
    client.get(URL)
    for n in range(5):
        extra = ItemFactory(code=f"33029920000{n}")
        Empowerment.objects.create(township=township, item=extra, valid_from=date(2020, 1, 1))
        DiscretionTierFactory(item=extra)
        CaseFactory(township=township, officers=[world["me"], world["usual"]], created_by=world["user"])
    with django_assert_max_num_queries(30):
        assert client.get(URL).status_code == 200


def test_unchanged_working_data_answers_304(client_for, world):
    client = client_for(world["user"])
    first = client.get(URL)
    again = client.get(URL, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.content
    FavouriteItem.objects.create(user=world["user"], item=world["item"])
    assert client.get(URL, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_week_tasks_of_issued_plans_come_with_their_checklists(client_for, world, township, department):
    arrangement = MonthArrangementFactory(plan__department=department, plan__state="issued")
    checklist = ChecklistFactory(name="餐饮食品安全")
    CheckPointFactory(checklist=checklist, text="从业人员持有效健康证明")
    subject = SubjectFactory(township=township, name="海曙味道餐饮")
    task = WeekTask.objects.create(arrangement=arrangement, department=department, township=township,
                                   date=date.today(), checklist=checklist)
    task.subjects.set([subject])
    draft = MonthArrangementFactory(plan__department=department, plan__state="draft", plan__year=2001)
    WeekTask.objects.create(arrangement=draft, department=department, township=township, date=date.today())
    data = client_for(world["user"]).get(URL).json()
    assert [t["code"] for t in data["tasks"]] == [task.code]
    assert data["tasks"][0]["subjects"][0] == {"uscc": subject.uscc, "name": "海曙味道餐饮", "address": subject.address,
                                               "inspected": False}
    assert data["checklists"][0]["points"][0]["text"] == "从业人员持有效健康证明"


@pytest.mark.parametrize("role", [Role.TOWNSHIP_REVIEWER, Role.LEADER, Role.AUDITOR, Role.LIAISON])
def test_roles_without_the_phone_app_are_refused(client_for, users, role):
    assert client_for(users[role]).get(URL).status_code == 403


def test_favourites_are_pinned_and_unpinned(client_for, world):
    client = client_for(world["user"])
    assert client.put(f"/api/v1/mobile/favourites/{world['item'].code}/").json() == {
        "favourite_items": [world["item"].code]}
    assert client.put(f"/api/v1/mobile/favourites/{world['item'].code}/").status_code == 200  # twice: still one
    assert FavouriteItem.objects.count() == 1
    assert client.delete(f"/api/v1/mobile/favourites/{world['item'].code}/").json() == {"favourite_items": []}
    assert client.put("/api/v1/mobile/favourites/nope/").status_code == 400


def test_party_history_finds_earlier_cases_county_wide_without_other_townships_codes(
        client_for, world, township, other_township):
    """行政处罚法 art. 33 (首违): the party's earlier cases in the whole county, by keyed hash."""
    key = crypto.keyed_hash(CITIZEN_ID)
    now = timezone.now()
    mine = CaseFactory(township=township, party_id_hash=key, created_at=now - timedelta(days=30))
    theirs = CaseFactory(township=other_township, party_id_hash=key, created_at=now - timedelta(days=60))
    response = client_for(world["user"]).post("/api/v1/mobile/party-history/", {"id_number": CITIZEN_ID},
                                             format="json")
    body = response.json()
    assert body["valid"] is True and body["kind"] == "citizen"
    codes = [row["code"] for row in body["cases"]]
    assert codes == [mine.code, None]
    assert body["cases"][1]["township_name"] == other_township.name
    assert theirs.code not in response.content.decode()


def test_party_history_reports_a_bad_checksum(client_for, world):
    body = client_for(world["user"]).post("/api/v1/mobile/party-history/", {"id_number": "110105194912310021"},
                                          format="json").json()
    assert body == {"valid": False, "kind": "citizen", "cases": []}


def test_case_qr_opens_the_verify_page_and_is_404_for_another_township(client_for, world, other_township):
    mine = CaseFactory(township=world["me"].township)
    body = client_for(world["user"]).get(f"/api/v1/mobile/cases/{mine.code}/qr/").json()
    assert body["verify_url"].endswith(f"/verify/{mine.code}/")
    assert body["qr"].startswith("data:image/svg+xml;base64,")
    theirs = CaseFactory(township=other_township)
    assert client_for(world["user"]).get(f"/api/v1/mobile/cases/{theirs.code}/qr/").status_code == 404
