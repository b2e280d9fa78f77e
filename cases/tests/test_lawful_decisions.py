"""Issue 9: mitigation and aggravation (art. 30–32), no-penalty grounds (art. 30, 31, 33), power type, the
"1+3" lists, limitation (art. 36), the exits after a notice, and the decision document (art. 59)."""

import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from cases.models import Case, Document, DocumentKind, Status
from cases.services import TransitionRefused, document_generate
from catalog.models import DiscretionLevel
from catalog.tests.factories import DiscretionTierFactory, ItemFactory
from enforcement.accounts.models import Role

from .articles import names_article
from .factories import WAIVED

pytestmark = pytest.mark.django_db


def _notified(register, walk, actor, fine="500", **notice):
    case = register(fine=Decimal(fine), penalty_kinds=["fine"])
    return walk(case, ("notify", actor, {"penalty_kinds": ["fine"], "fine": fine, **notice}),
                ("record_statement", actor, WAIVED))


def _reasons(exc):
    return " ".join(exc.value.messages)


# ---- item 4: 减轻处罚 below the legal minimum (art. 32) and the chosen tier's band ------------------------

def test_reduced_fine_art32_below_the_legal_minimum_is_refused_without_a_ground(register, walk, officer_user):
    case = _notified(register, walk, officer_user)  # the item's legal minimum is 50 yuan
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {"fine": "30", "discretion_reason": "当事人经济困难"}))
    assert names_article(_reasons(exc), 32) and "mitigation_ground" in exc.value.message_dict
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED


def test_reduced_fine_art32_in_the_ordinary_procedure_needs_an_approved_legality_review(
        register, walk, officer_user, users):
    case = register(fine=Decimal("500"), penalty_kinds=["fine"])
    with pytest.raises(TransitionRefused) as exc:  # the notice of a reduced fine states its ground
        walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "30"}))
    assert names_article(_reasons(exc), 32)
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "30",
                                                "mitigation_ground": "eliminated_harm"}),
                ("record_statement", officer_user, WAIVED))
    assert not case.is_major
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    assert names_article(_reasons(exc), 32) and ("review" in _reasons(exc) or "审核" in _reasons(exc))
    case = walk(case, ("submit_review", officer_user, {}),
                ("approve_review", users[Role.TOWNSHIP_REVIEWER], {"opinion": "主动消除危害后果,同意减轻"}),
                ("approve_review", users[Role.DISTRICT_REVIEWER], {"opinion": "同意"}),
                ("decide", officer_user, {}))
    assert case.status == Status.DECIDED and case.fine_amount == Decimal("30.00")
    assert case.mitigation_ground == "eliminated_harm"


def test_reduced_fine_art32_other_law_ground_names_the_provision(register, walk, officer_user, users):
    case = register(fine=Decimal("500"), penalty_kinds=["fine"])
    notice = {"penalty_kinds": ["fine"], "fine": "30", "mitigation_ground": "other_law"}
    case = walk(case, ("notify", officer_user, notice),
                ("record_statement", officer_user, WAIVED), ("submit_review", officer_user, {}),
                ("approve_review", users[Role.TOWNSHIP_REVIEWER], {"opinion": "同意"}),
                ("approve_review", users[Role.DISTRICT_REVIEWER], {"opinion": "同意"}))
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    assert "discretion_reason" in exc.value.message_dict and names_article(_reasons(exc), 32)
    case = walk(case, ("decide", officer_user, {"discretion_reason": "依据《某省市容管理办法》第十条减轻处罚"}))
    assert case.status == Status.DECIDED


def test_reduced_fine_art32_on_the_spot_needs_a_ground_but_no_review(register, officer_user):
    with pytest.raises(ValidationError) as exc:
        register(procedure="simple", fine=Decimal("30"), file_now=False)
    assert names_article(" ".join(exc.value.messages), 32)
    case = register(procedure="simple", fine=Decimal("30"), file_now=False, mitigation_ground="confessed")
    assert case.status == Status.DELIVERED and case.fine_amount == Decimal("30.00")


def test_chosen_tier_band_holds_and_a_lighter_fine_needs_an_art32_ground(register, walk, officer_user, item):
    DiscretionTierFactory(item=item, level=DiscretionLevel.MINOR, fine_min=Decimal("50"), fine_max=Decimal("100"))
    DiscretionTierFactory(item=item, level=DiscretionLevel.GENERAL, fine_min=Decimal("100"), fine_max=Decimal("500"))
    case = _notified(register, walk, officer_user)
    with pytest.raises(TransitionRefused) as exc:  # inside the item's bands, but below the chosen one
        walk(case, ("decide", officer_user, {"fine": "80", "discretion_level": "general"}))
    assert names_article(_reasons(exc), 32) and "mitigation_ground" in exc.value.message_dict
    with pytest.raises(TransitionRefused) as exc:  # a tier the item does not have
        walk(case, ("decide", officer_user, {"fine": "80", "discretion_level": "severe"}))
    assert "discretion_level" in exc.value.message_dict
    case = walk(case, ("decide", officer_user, {"fine": "80", "discretion_level": "general",
                                                "mitigation_ground": "coerced"}))
    assert case.status == Status.DECIDED and case.discretion_level == "general"


def test_aggravated_fine_above_the_chosen_band_needs_the_circumstances_recorded(register, walk, officer_user, item):
    DiscretionTierFactory(item=item, level=DiscretionLevel.MINOR, fine_min=Decimal("50"), fine_max=Decimal("100"))
    DiscretionTierFactory(item=item, level=DiscretionLevel.GENERAL, fine_min=Decimal("100"), fine_max=Decimal("500"))
    case = _notified(register, walk, officer_user)
    with pytest.raises(TransitionRefused) as exc:  # inside the general band, but minor circumstances were chosen
        walk(case, ("decide", officer_user, {"fine": "300", "discretion_level": "minor"}))
    assert "discretion_reason" in exc.value.message_dict
    case = walk(case, ("decide", officer_user, {"fine": "300", "discretion_level": "minor",
                                                "discretion_reason": "一年内两次违法,从重处罚"}))
    assert case.status == Status.DECIDED


def test_decide_page_shows_the_mitigation_fields_and_the_error_next_to_the_field(client, register, walk, users):
    officer = users[Role.TOWNSHIP_OFFICER]
    case = _notified(register, walk, officer)
    client.force_login(officer)
    body = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    for name in ("decide-mitigation_ground", "decide-discretion_level", "decide-discretion_reason"):
        assert f'name="{name}"' in body
    response = client.post(reverse("cases:action", args=[case.code, "decide"]), {"decide-fine": "30"})
    assert response.status_code == 400
    body = response.content.decode()
    start = body.index('name="decide-mitigation_ground"')
    field = body[start:body.index("</div>", start)]  # the field's own block (templates/includes/field.html)
    assert 'class="error"' in field and ("第三十二条" in field or "Art. 32" in field)


def test_api_refusal_of_a_reduced_fine_names_the_field(client_for, register, walk, users):
    officer = users[Role.TOWNSHIP_OFFICER]
    case = _notified(register, walk, officer)
    response = client_for(officer).post(f"/api/v1/cases/{case.code}/transition/",
                                        {"action": "decide", "fine": "30"}, format="json")
    assert response.status_code == 400
    assert names_article(response.json()["mitigation_ground"][0], 32)
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED


# ---- item 5: statutory no-penalty grounds on every penalty item; 首违 against the party's history ---------

NO_PENALTY = {"grounds": "minor", "decision_text": "违法行为轻微并已当场改正,未造成危害后果。"}
FIRST = {"grounds": "first_violation", "decision_text": "首次违法,危害后果轻微并及时改正。"}


def test_no_penalty_art33_off_the_list_needs_an_approved_legality_review(register, walk, officer_user, users):
    case = register()  # the item is not on the no-penalty list
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide_no_penalty", officer_user, NO_PENALTY))
    assert names_article(_reasons(exc), 33)
    with pytest.raises(TransitionRefused) as exc:  # before a notice, review only to propose no penalty
        walk(case, ("submit_review", officer_user, {}))
    assert "no_penalty_grounds" in exc.value.message_dict
    case = walk(case, ("submit_review", officer_user, {"no_penalty_grounds": "minor"}))
    assert case.status == Status.TOWNSHIP_REVIEW
    case = walk(case, ("approve_review", users[Role.TOWNSHIP_REVIEWER], {"opinion": "符合第三十三条,同意不予处罚"}),
                ("approve_review", users[Role.DISTRICT_REVIEWER], {"opinion": "同意"}),
                ("decide_no_penalty", officer_user, NO_PENALTY))
    assert case.status == Status.DECIDED and case.decision_type == "no_penalty" and case.no_penalty_grounds == "minor"


def test_no_penalty_art30_minor_under_14_and_art31_mental_illness_are_grounds(
        register, walk, officer_user, empower):
    item = ItemFactory(no_penalty_list=True)
    empower(item)
    under_14 = {"grounds": "under_14", "decision_text": "当事人违法时未满十四周岁,责令监护人严加管教。"}
    case = walk(register(item=item), ("decide_no_penalty", officer_user, under_14))
    assert case.no_penalty_grounds == "under_14"
    document = document_generate(case_id=case.pk, kind=DocumentKind.NO_PENALTY_DECISION)
    assert "第三十条" in _pdf_text(document)
    other = walk(register(item=item, party_id_number=""), ("decide_no_penalty", officer_user,
                 {"grounds": "mental_illness", "decision_text": "经鉴定当事人违法时不能辨认自己的行为。"}))
    assert other.no_penalty_grounds == "mental_illness"


def _pdf_text(document):
    path = document.file.path
    text = subprocess.run([shutil.which("pdftotext"), path, "-"],  # noqa: S603
                          capture_output=True, text=True, check=True).stdout
    return text.replace(" ", "").replace("\n", "")


@pytest.fixture
def listed_item(empower):
    item = ItemFactory(no_penalty_list=True)
    empower(item)
    return item


def test_first_violation_art33_refused_when_the_party_has_an_earlier_case(register, walk, officer_user, listed_item):
    earlier = register(item=listed_item, violation_date=date.today() - timedelta(days=100))
    case = register(item=listed_item)
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide_no_penalty", officer_user, FIRST))
    assert "grounds" in exc.value.message_dict and names_article(_reasons(exc), 33)
    assert str(earlier.violation_date) in _reasons(exc)
    case = walk(case, ("decide_no_penalty", officer_user, NO_PENALTY))  # another ground stays open
    assert case.decision_type == "no_penalty"


def test_first_violation_art33_counts_the_same_domain_within_the_look_back_period(
        register, walk, officer_user, listed_item, empower, settings):
    same_domain = ItemFactory(domain=listed_item.domain)
    empower(same_domain)
    register(item=same_domain, violation_date=date.today() - timedelta(days=400))
    case = register(item=listed_item)
    case = walk(case, ("decide_no_penalty", officer_user, FIRST))  # 400 days ago: outside the 365-day default
    assert case.status == Status.DECIDED
    settings.FIRST_VIOLATION_LOOKBACK_DAYS = 500
    again = register(item=listed_item)
    with pytest.raises(TransitionRefused):  # now both earlier cases count
        walk(again, ("decide_no_penalty", officer_user, FIRST))
    settings.FIRST_VIOLATION_SCOPE = "item"
    other_party = register(item=listed_item, party_id_number="110105198001010016")
    assert walk(other_party, ("decide_no_penalty", officer_user, FIRST)).status == Status.DECIDED


def test_first_violation_art33_ignores_revoked_filings_and_needs_the_party_id(
        register, walk, officer_user, listed_item):
    revoked = register(item=listed_item)
    walk(revoked, ("revoke", officer_user, {"reason": "违法事实不成立"}))
    case = register(item=listed_item)
    assert walk(case, ("decide_no_penalty", officer_user, FIRST)).status == Status.DECIDED
    anonymous = register(item=listed_item, party_id_number="")
    with pytest.raises(TransitionRefused) as exc:
        walk(anonymous, ("decide_no_penalty", officer_user, FIRST))
    assert "grounds" in exc.value.message_dict


def test_case_page_shows_the_partys_earlier_cases(client, register, users, listed_item):
    earlier = register(item=listed_item, violation_date=date.today() - timedelta(days=30))
    case = register(item=listed_item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    body = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert 'id="h-prior-violations"' in body and earlier.code in body
    body = client.get(reverse("cases:detail", args=[earlier.code])).content.decode()
    assert 'id="h-prior-violations"' in body and case.code not in body.split('id="h-prior-violations"')[1][:3000]


# ---- item 6: 当场不予处罚 in the simple procedure ------------------------------------------------------

def test_simple_procedure_art33_no_penalty_on_the_spot_issues_the_decision_at_once(
        register, listed_item, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = register(item=listed_item, procedure="simple", penalty_kinds=[], fine=None, file_now=False,
                        no_penalty_grounds="first_violation", decision_text="首次违法,已当场改正,予以教育。")
    assert case.status == Status.DELIVERED and case.decision_type == "no_penalty"
    assert case.decided_on == case.delivered_on == case.filed_on == date.today()
    document = Document.objects.get(case=case, kind=DocumentKind.NO_PENALTY_DECISION)
    text = _pdf_text(document)
    assert "不予行政处罚决定书" in text and "第三十三条第一款" in text


def test_simple_procedure_art33_no_penalty_refused_off_the_list_and_for_a_repeat(register, listed_item):
    spot = {"procedure": "simple", "penalty_kinds": [], "fine": None, "file_now": False,
            "no_penalty_grounds": "first_violation", "decision_text": "首次违法,予以教育。"}
    with pytest.raises(ValidationError) as exc:  # the fixture's item is not on the list
        register(**spot)
    assert names_article(" ".join(exc.value.messages), 33)
    register(item=listed_item, **spot)
    with pytest.raises(ValidationError) as exc:  # the same party again: not a first violation
        register(item=listed_item, **spot)
    assert "no_penalty_grounds" in exc.value.message_dict
    assert Case.objects.count() == 1


def test_api_files_an_on_the_spot_no_penalty_case(client_for, users, listed_item, officers):
    response = client_for(users[Role.TOWNSHIP_OFFICER]).post("/api/v1/cases/", {
        "procedure": "simple", "item": listed_item.code, "party_type": "citizen", "party_name": "王五",
        "location": "人民路", "facts": "占道经营,已当场改正", "violation_date": date.today().isoformat(),
        "officers": [o.employee_number for o in officers], "no_penalty_grounds": "minor",
        "decision_text": "违法行为轻微并及时改正,没有造成危害后果。"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "delivered" and response.json()["decision_type"] == "no_penalty"


def test_no_penalty_on_the_spot_only_in_the_simple_procedure(register, listed_item):
    with pytest.raises(ValidationError) as exc:
        register(item=listed_item, no_penalty_grounds="minor", decision_text="轻微")
    assert "no_penalty_grounds" in exc.value.message_dict


# ---- item 7: a penalty case only on a 行政处罚 item (art. 2) -------------------------------------------

def test_penalty_case_art2_refused_on_an_inspection_item(register, empower):
    inspection = ItemFactory(power_type="inspection", name="对建筑工地扬尘防治的行政检查")
    empower(inspection)
    with pytest.raises(ValidationError) as exc:
        register(item=inspection)
    assert "item" in exc.value.message_dict and names_article(exc.value.message_dict["item"][0], 2)
    with pytest.raises(ValidationError):  # also as a clue: it is still a penalty case
        register(item=inspection, file_now=False)
    assert not Case.objects.exists()


def test_filing_wizard_offers_only_penalty_items_of_the_lists(client, users, empower):
    penalty = ItemFactory(name="对乱堆物料的行政处罚测试", tier="township")
    inspection = ItemFactory(name="对乱堆物料的行政检查测试", power_type="inspection", tier="township")
    professional = ItemFactory(name="对乱堆物料的专业处罚测试", tier="professional")
    for item in (penalty, inspection, professional):
        empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    body = client.get(reverse("cases:create"), {"q": "乱堆物料"}).content.decode()
    assert penalty.code in body and inspection.code not in body and professional.code not in body


# ---- item 8: the "1+3" lists (art. 18, 24) ------------------------------------------------------------

def test_professional_list_item_art18_refused_unless_also_on_the_comprehensive_list(register, empower):
    professional = ItemFactory(tier="professional")
    empower(professional)
    with pytest.raises(ValidationError) as exc:
        register(item=professional)
    assert names_article(" ".join(exc.value.messages), 18)
    professional.also_comprehensive = True
    professional.save()
    assert register(item=professional).status == Status.INVESTIGATING


def test_township_list_item_art24_is_filed_for_the_township_not_by_the_bureau(users):
    from cases.services import case_register
    from townships.tests.factories import OfficerFactory

    staff = users[Role.STAFF]
    bureau_officers = [OfficerFactory(unposted=True), OfficerFactory(unposted=True)]
    township_item = ItemFactory(tier="township")
    params = dict(actor=staff, item=township_item, procedure="ordinary", party_type="citizen", party_name="王五",
                  location="人民路", facts="占道", violation_date=date.today(), file_now=True)
    with pytest.raises(ValidationError) as exc:
        case_register(officers=bureau_officers, **params)
    assert "township" in exc.value.message_dict and names_article(exc.value.message_dict["township"][0], 24)
    comprehensive = ItemFactory(tier="comprehensive")
    case = case_register(officers=bureau_officers, **{**params, "item": comprehensive})
    assert case.township_id is None and case.status == Status.INVESTIGATING


# ---- item 14: the lawful exits after a notice ---------------------------------------------------------

@pytest.mark.parametrize("action,data,target", [
    ("revoke", {"reason": "经复核,违法主体认定错误"}, Status.REVOKED),
    ("transfer", {"reason": "涉嫌犯罪", "transferred_to": "县公安局"}, Status.TRANSFERRED),
])
def test_notified_case_art44_can_still_be_revoked_or_transferred_with_a_reason(register, walk, officer_user,
                                                                              action, data, target):
    case = _notified(register, walk, officer_user)
    with pytest.raises(ValidationError):
        walk(case, (action, officer_user, {}))
    case = walk(case, (action, officer_user, data))
    assert case.status == target and case.closing_reason == data["reason"]


def test_correction_first_case_notified_too_early_art44_is_corrected_then_notified_again(
        register, walk, officer_user, empower):
    item = ItemFactory(correction_first_list=True)
    empower(item)
    ago = date.today() - timedelta(days=10)
    case = register(item=item, violation_date=ago - timedelta(days=5), discovered_on=ago - timedelta(days=3),
                    filed_on=ago - timedelta(days=2))
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500",
                                                "notice_date": ago.isoformat()}),
                ("record_statement", officer_user, {**WAIVED, "statement_on": ago.isoformat()}))
    with pytest.raises(TransitionRefused):  # no order to correct yet: the notice came too early
        walk(case, ("decide", officer_user, {}))
    order = {"ordered_on": (ago + timedelta(days=1)).isoformat(),
             "correction_deadline": (ago + timedelta(days=5)).isoformat()}
    case = walk(case, ("issue_correction_order", officer_user, order),
                ("record_correction", officer_user, {"outcome": "uncorrected"}))
    assert case.status == Status.NOTIFIED
    with pytest.raises(TransitionRefused) as exc:  # the notice precedes the failed correction
        walk(case, ("decide", officer_user, {}))
    assert names_article(_reasons(exc), 44)
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500"}),
                ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}))
    assert case.status == Status.DECIDED


# ---- item 15: the decision document (art. 59) ---------------------------------------------------------

def test_decision_document_art59_states_the_party_address_and_every_item(register, walk, officer_user, settings):
    from cases.services import evidence_add

    settings.REVIEW_AUTHORITY = "示范县人民政府"
    settings.LITIGATION_COURT = "示范县人民法院"
    case = _notified(register, walk, officer_user)
    evidence_add(case=case, actor=officer_user, kind="note", description="现场检查笔录")
    case = walk(case, ("decide", officer_user, {}))
    text = _pdf_text(document_generate(case_id=case.pk, kind=DocumentKind.PENALTY_DECISION))
    assert "王五" in text and "示范县人民路18号2幢301室" in text  # (一) name and address
    assert "11010519491231002X" not in text and "1101**" in text  # the ID number stays masked
    assert "经查明" in text and "证据" in text  # (二) facts and evidence
    assert "《城市市容和环境卫生管理条例》第三十四条" in text and "罚款人民币500.00元" in text  # (三) kind and basis
    assert "15日内" in text  # (四) manner and time limit of performance
    assert "示范县人民政府申请行政复议" in text and "示范县人民法院提起行政诉讼" in text  # (五) remedies
    decided = case.decided_on
    assert f"{decided.year}年{decided.month}月{decided.day}日" in text  # (六) the date of the decision


def test_decision_art59_refused_without_the_party_address(register, walk, officer_user):
    case = register(party_address="")
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500"}),
                ("record_statement", officer_user, WAIVED))
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    assert names_article(_reasons(exc), 59)
    case = walk(case, ("amend", officer_user, {"party_address": "示范县人民路20号"}), ("decide", officer_user, {}))
    assert case.status == Status.DECIDED
