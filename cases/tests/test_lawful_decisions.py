"""Issue 9: mitigation and aggravation (art. 30–32), no-penalty grounds (art. 30, 31, 33), power type, the
"1+3" lists, limitation (art. 36), the exits after a notice, and the decision document (art. 59)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from cases.models import Status
from cases.services import TransitionRefused
from catalog.models import DiscretionLevel
from catalog.tests.factories import DiscretionTierFactory
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
