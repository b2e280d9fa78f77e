"""Coercive measures: 查封 / 扣押 (《行政强制法》 arts. 18–28) and 先行登记保存 (《行政处罚法》 art. 56)."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from cases.models import CaseEvent, CoerciveItem, CoerciveMeasure, Document, DocumentKind, Status
from cases.selectors_coercive import coercive_figures, due_measures
from cases.services import TransitionRefused, case_transition
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from enforcement.core.workdays import add_workdays
from townships.tests.factories import OfficerFactory

from .articles import names_article

D = timedelta
TODAY = date.today()
ITEMS = [{"name": "电动三轮车", "spec": "蓝色", "quantity": "1", "unit": "辆", "kept_at": "执法大队暂扣物品仓库",
          "note": "车况完好"},
         {"name": "建筑材料(砖)", "quantity": "2000", "unit": "块", "kept_at": "现场加贴封条"}]


@pytest.fixture
def staff(users):
    return users[Role.STAFF]


@pytest.fixture
def filed(register):
    """An ordinary case filed 45 days ago (so a measure may be decided 31 days ago)."""
    return register(violation_date=TODAY - D(50), discovered_on=TODAY - D(46), filed_on=TODAY - D(45))


def take_data(officers, **overrides):
    data = dict(kind="seal_up", approved_by="局长 赵六", reason="涉嫌违规堆放物料,不及时查封可能造成危害",
                legal_basis="《中华人民共和国行政强制法》第九条、第二十二条", place="人民路18号店外人行道",
                items=ITEMS, record_time="09:30", record_place="人民路18号",
                on_site_officers=[o.employee_number for o in officers], party_present=True,
                record_note="执法人员出示证件,告知理由、依据和救济途径,听取了当事人的陈述申辩。")
    data.update(overrides)
    return data


def take(case, actor, officers, on=None, **overrides):
    return case_transition(case=case, action="take_coercive_measure", actor=actor, today=TODAY,
                           data=take_data(officers, decided_on=str(on or TODAY), **overrides))


def act(case, action, actor, data, today=TODAY):
    return case_transition(case=case, action=action, actor=actor, today=today, data=data)


@pytest.mark.django_db
def test_seal_up_records_inventory_and_on_site_record_and_issues_the_decision(
        filed, officer_user, officers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = take(filed, officer_user, officers)
    measure = CoerciveMeasure.objects.get(case=case)
    assert measure.number == 1 and measure.status == "active" and measure.deadline == TODAY + D(30)
    assert [i.name for i in measure.items.all()] == ["电动三轮车", "建筑材料(砖)"]
    assert measure.items.get(position=2).quantity == Decimal("2000")
    assert [o["name"] for o in measure.on_site_officers] == ["张三", "李四"]
    assert case.coercive_in_force == 1 and case.status == Status.INVESTIGATING
    event = CaseEvent.objects.get(case=case, action="take_coercive_measure")
    assert event.data["number"] == 1 and event.data["deadline"] == str(TODAY + D(30))
    assert Document.objects.filter(case=case, kind=DocumentKind.COERCIVE_DECISION, event=event).exists()
    assert AuditEvent.objects.filter(event_type="case.transition", detail__action="take_coercive_measure").exists()


@pytest.mark.django_db
def test_art18_a_measure_needs_two_officers_on_site(filed, officer_user, officers):
    with pytest.raises(TransitionRefused) as exc:
        take(filed, officer_user, officers[:1])
    assert names_article(exc.value.message_dict["on_site_officers"][0], 18)
    assert not CoerciveMeasure.objects.exists()


@pytest.mark.django_db
def test_art18_officers_show_a_valid_certificate(filed, officer_user, officers, township):
    lapsed = OfficerFactory(township=township, name="王七", certificate_expiry=TODAY - D(1))
    with pytest.raises(TransitionRefused) as exc:
        take(filed, officer_user, [officers[0], lapsed])
    message = exc.value.message_dict["on_site_officers"][0]
    assert names_article(message, 18) and "王七" in message


@pytest.mark.django_db
def test_art18_an_absent_party_needs_a_witness(filed, officer_user, officers):
    with pytest.raises(TransitionRefused) as exc:
        take(filed, officer_user, officers, party_present=False)
    assert names_article(exc.value.message_dict["witness"][0], 18)
    case = take(filed, officer_user, officers, party_present=False, witness="社区工作人员 钱八")
    assert CoerciveMeasure.objects.get(case=case).witness == "社区工作人员 钱八"


@pytest.mark.django_db
def test_art25_a_seal_up_lasts_at_most_30_days(filed, officer_user, officers):
    with pytest.raises(TransitionRefused) as exc:
        take(filed, officer_user, officers, period_days=31)
    assert names_article(exc.value.message_dict["period_days"][0], 25)
    case = take(filed, officer_user, officers, period_days=10)
    assert CoerciveMeasure.objects.get(case=case).deadline == TODAY + D(10)


@pytest.mark.django_db
def test_art25_seal_up_on_day_31_without_extension_shows_overdue_and_is_not_extended(
        filed, officer_user, officers, staff, client_for):
    case = take(filed, officer_user, officers, on=TODAY - D(31))
    measure = CoerciveMeasure.objects.get(case=case)
    assert measure.status == "active" and measure.is_overdue and measure.state == "overdue"
    body = client_for(staff).get("/api/v1/coercive-measures/?overdue=1").json()
    assert [row["number"] for row in body["results"]] == [1] and body["results"][0]["state"] == "overdue"
    with pytest.raises(TransitionRefused) as exc:
        act(case, "extend_coercive_measure", staff, {"measure": 1, "days": 10, "reason": "情况复杂"})
    assert names_article(exc.value.message_dict["measure"][0], 25)
    case = act(case, "release_coercive_measure", officer_user, {"measure": 1, "reason": "expired",
                                                                "goods_returned": True, "note": "已返还当事人"})
    measure.refresh_from_db()
    assert measure.state == "released" and not measure.is_overdue and case.coercive_in_force == 0


@pytest.mark.django_db
def test_art25_day_30_is_the_last_day_in_force(filed, officer_user, officers, staff, client_for):
    take(filed, officer_user, officers, on=TODAY - D(30))
    measure = CoerciveMeasure.objects.get()
    assert measure.deadline == TODAY and not measure.is_overdue
    assert client_for(staff).get("/api/v1/coercive-measures/?overdue=1").json()["count"] == 0


@pytest.mark.django_db
def test_art25_one_extension_of_at_most_30_days_approved_by_the_responsible_person(
        filed, officer_user, officers, staff, django_capture_on_commit_callbacks):
    case = take(filed, officer_user, officers, on=TODAY - D(20))
    extend = {"measure": 1, "days": 30, "reason": "案情复杂,需进一步检验"}
    with pytest.raises(PermissionDenied):
        act(case, "extend_coercive_measure", officer_user, extend)
    with pytest.raises(ValidationError) as exc:
        act(case, "extend_coercive_measure", staff, {**extend, "days": 31})
    assert names_article(exc.value.message_dict["days"][0], 25)
    with django_capture_on_commit_callbacks(execute=True):
        case = act(case, "extend_coercive_measure", staff, extend)
    measure = CoerciveMeasure.objects.get()
    assert measure.status == "extended" and measure.deadline == TODAY - D(20) + D(60)
    assert measure.extension_approved_by == staff
    assert Document.objects.filter(case=case, kind=DocumentKind.COERCIVE_EXTENSION).exists()
    with pytest.raises(TransitionRefused) as exc:
        act(case, "extend_coercive_measure", staff, {**extend, "days": 5})
    assert names_article(exc.value.message_dict["measure"][0], 25)


@pytest.mark.django_db
def test_art28_release_records_reason_return_and_issues_the_release(
        filed, officer_user, officers, django_capture_on_commit_callbacks):
    case = take(filed, officer_user, officers, kind="seizure")
    with django_capture_on_commit_callbacks(execute=True):
        case = act(case, "release_coercive_measure", officer_user, {
            "measure": 1, "reason": "no_violation", "goods_returned": True, "note": "车辆已当场返还当事人王五"})
    measure = CoerciveMeasure.objects.get()
    assert measure.status == "released" and measure.release_reason == "no_violation" and measure.goods_returned
    assert Document.objects.filter(case=case, kind=DocumentKind.COERCIVE_RELEASE).exists()
    with pytest.raises(TransitionRefused) as exc:
        act(case, "release_coercive_measure", officer_user, {"measure": 1, "reason": "expired", "note": "再次"})
    assert "measure" in exc.value.message_dict


@pytest.mark.django_db
def test_art27_seized_goods_are_confiscated_or_destroyed_not_handled_as_evidence(filed, officer_user, officers):
    case = take(filed, officer_user, officers, kind="seizure")
    with pytest.raises(TransitionRefused) as exc:
        act(case, "decide_coercive_measure", officer_user, {"measure": 1, "handling": "evidence", "note": "拍照"})
    assert names_article(exc.value.message_dict["handling"][0], 27)
    act(case, "decide_coercive_measure", officer_user, {"measure": 1, "handling": "confiscate", "note": "依法没收"})
    assert CoerciveMeasure.objects.get().status == "decided"


@pytest.mark.django_db
def test_art56_preservation_is_decided_within_seven_working_days(
        filed, officer_user, officers, staff, django_capture_on_commit_callbacks):
    decided = TODAY - D(20)
    with django_capture_on_commit_callbacks(execute=True):
        case = take(filed, officer_user, officers, kind="preservation", on=decided)
    measure = CoerciveMeasure.objects.get()
    assert measure.deadline == add_workdays(decided, 7) and measure.period_days is None
    assert measure.is_overdue and [m.pk for m in due_measures(actor=staff)] == [measure.pk]
    with pytest.raises(TransitionRefused) as exc:
        act(case, "extend_coercive_measure", staff, {"measure": 1, "days": 5, "reason": "复杂"})
    assert names_article(exc.value.message_dict["measure"][0], 56)
    with django_capture_on_commit_callbacks(execute=True):
        case = act(case, "decide_coercive_measure", officer_user, {"measure": 1, "handling": "testing",
                                                                   "note": "送交质检机构检验"})
    assert Document.objects.filter(case=case, kind=DocumentKind.COERCIVE_HANDLING).exists()
    assert Document.objects.filter(case=case, kind=DocumentKind.COERCIVE_DECISION).exists()
    assert not CoerciveMeasure.objects.get().is_overdue


@pytest.mark.django_db
def test_art56_preservation_takes_no_period(filed, officer_user, officers):
    with pytest.raises(TransitionRefused) as exc:
        take(filed, officer_user, officers, kind="preservation", period_days=10)
    assert names_article(exc.value.message_dict["period_days"][0], 56)


@pytest.mark.django_db
def test_art27_28_the_case_does_not_end_while_goods_are_held(filed, officer_user, officers):
    case = take(filed, officer_user, officers)
    with pytest.raises(TransitionRefused) as exc:
        act(case, "revoke", officer_user, {"reason": "不构成违法"})
    assert names_article(exc.value.messages[0], 28)
    case = act(case, "release_coercive_measure", officer_user, {"measure": 1, "reason": "no_violation",
                                                                "note": "解除查封"})
    assert act(case, "revoke", officer_user, {"reason": "不构成违法"}).status == Status.REVOKED


@pytest.mark.django_db
def test_measures_only_on_a_filed_ordinary_case(register, officer_user, officers):
    clue = register(file_now=False)
    with pytest.raises(TransitionRefused) as exc:
        take(clue, officer_user, officers)
    assert "take_coercive_measure" not in str(exc.value) and exc.value.messages
    assert not CoerciveMeasure.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("change, field", [
    ({"items": []}, "items"),
    ({"items": [{"name": "砖", "quantity": "-1", "unit": "块", "kept_at": "仓库"}]}, "items"),
    ({"items": [{"name": "砖", "quantity": "1", "unit": "块", "kept_at": "仓库", "colour": "红"}]}, "items"),
    ({"record_time": "25:00"}, "record_time"),
    ({"kind": "detention"}, "kind"),
    ({"approved_by": ""}, "approved_by"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(filed, officer_user, officers, change, field):
    with pytest.raises(ValidationError) as exc:
        take(filed, officer_user, officers, **change)
    messages = exc.value.message_dict[field]
    assert messages and all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in messages)
    assert not CoerciveMeasure.objects.exists() and not CoerciveItem.objects.exists()
    assert not CaseEvent.objects.filter(action="take_coercive_measure").exists()


@pytest.mark.django_db
def test_unknown_measure_number_is_refused(filed, officer_user):
    with pytest.raises(TransitionRefused) as exc:
        act(filed, "release_coercive_measure", officer_user, {"measure": 7, "reason": "expired", "note": "x"})
    assert "measure" in exc.value.message_dict


@pytest.mark.django_db
def test_api_records_and_lists_the_case_measures(filed, officer_user, officers, client_for):
    client = client_for(officer_user)
    body = {"action": "take_coercive_measure", **take_data(officers)}
    response = client.post(f"/api/v1/cases/{filed.code}/transition/", body, format="json")
    assert response.status_code == 200, response.content
    rows = client.get(f"/api/v1/cases/{filed.code}/coercive-measures/").json()
    assert rows[0]["number"] == 1 and rows[0]["state"] == "active" and len(rows[0]["items"]) == 2
    bad = client.post(f"/api/v1/cases/{filed.code}/transition/", {**body, "on_site_officers": []}, format="json")
    assert bad.status_code == 400 and "on_site_officers" in bad.json()


@pytest.mark.django_db
def test_another_townships_measures_are_not_found(filed, officer_user, officers, make_user, other_township,
                                                  client_for):
    take(filed, officer_user, officers)
    stranger = make_user(Role.TOWNSHIP_OFFICER, username="west_officer", township=other_township)
    client = client_for(stranger)
    assert client.get(f"/api/v1/cases/{filed.code}/coercive-measures/").status_code == 404
    assert client.get("/api/v1/coercive-measures/").json()["count"] == 0
    measure = CoerciveMeasure.objects.get()
    assert client.get(f"/api/v1/coercive-measures/{measure.pk}/").status_code == 404


@pytest.mark.django_db
def test_measure_list_queries_are_constant(filed, officer_user, officers, staff, client_for,
                                           django_assert_max_num_queries):
    for _ in range(5):
        take(filed, officer_user, officers)
    client = client_for(staff)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/coercive-measures/").json()["count"] == 5
    with django_assert_max_num_queries(12):
        assert len(client.get(f"/api/v1/cases/{filed.code}/coercive-measures/").json()) == 5


@pytest.mark.django_db
def test_pages_show_the_panel_the_list_with_overdue_filter_and_the_deadline_view(
        filed, officer_user, officers, client):
    take(filed, officer_user, officers, on=TODAY - D(31))
    take(filed, officer_user, officers, kind="seizure")
    client.force_login(officer_user)
    detail = client.get(reverse("cases:detail", args=[filed.code])).content.decode()
    assert 'id="h-coercive"' in detail and "电动三轮车" in detail
    listing = client.get(reverse("cases:coercive_measures") + "?overdue=1").content.decode()
    assert filed.code in listing and listing.count("#measure-") == 1
    assert reverse("cases:coercive_measures") in client.get(reverse("cases:list")).content.decode()
    overdue = client.get(reverse("cases:overdue")).content.decode()
    assert 'id="h-coercive-due"' in overdue and "#measure-1" in overdue


@pytest.mark.django_db
def test_page_form_takes_a_measure_from_inventory_lines(filed, officer_user, officers, client):
    client.force_login(officer_user)
    url = reverse("cases:action", args=[filed.code, "take_coercive_measure"])
    post = {f"take_coercive_measure-{k}": v for k, v in take_data(officers, decided_on=str(TODAY)).items()
            if k not in ("items", "on_site_officers", "party_present")}
    post["take_coercive_measure-items"] = "电动三轮车 | 蓝色 | 1 | 辆 | 仓库 | 完好\n砖 | | 2000 | 块 | 现场"
    post["take_coercive_measure-party_present"] = "on"
    post["take_coercive_measure-expected_status"] = filed.status
    response = client.post(url, {**post, "take_coercive_measure-on_site_officers": [officers[0].employee_number]})
    assert response.status_code == 400 and names_article(response.content.decode(), 18)
    assert not CoerciveMeasure.objects.exists()
    response = client.post(url, {**post, "take_coercive_measure-on_site_officers": [
        o.employee_number for o in officers]})
    assert response.status_code == 302
    assert CoerciveMeasure.objects.get().items.count() == 2


@pytest.mark.django_db
def test_county_form_figures_count_measures_by_kind_extended_released_and_overdue(
        filed, officer_user, officers, staff):
    case = take(filed, officer_user, officers, on=TODAY - D(31))
    case = take(case, officer_user, officers, kind="seizure", on=TODAY - D(10))
    case = act(case, "extend_coercive_measure", staff, {"measure": 2, "days": 10, "reason": "复杂"})
    case = take(case, officer_user, officers, kind="preservation", on=TODAY - D(2))
    act(case, "release_coercive_measure", officer_user, {"measure": 3, "reason": "not_needed", "note": "解除"})
    figures = coercive_figures(start=TODAY - D(40), end=TODAY)
    assert figures["taken"] == {"seal_up": 1, "seizure": 1, "preservation": 1} and figures["taken_total"] == 3
    assert figures["extended"] == 1 and figures["released"] == 1 and figures["overdue"] == 1


@pytest.mark.django_db
def test_demo_county_has_coercive_measures_one_overdue(item, empower, officers, monkeypatch):
    import random
    from io import StringIO

    from cases import demo

    empower(item)
    monkeypatch.setattr(demo, "TOTAL", 400)
    demo.seed(stdout=StringIO(), rng=random.Random(12))
    measures = list(CoerciveMeasure.objects.select_related("case"))
    assert len(measures) == len(demo.DEMO_MEASURES)
    assert [m.kind for m in measures if m.is_overdue] == ["seal_up"]
    assert all(m.case.is_demo and m.items.count() == 2 and len(m.on_site_officers) == 2 for m in measures)
    assert sum(m.case.coercive_in_force for m in measures) == sum(1 for m in measures if m.in_force)
