"""The filing form (issue 13): split by procedure, the procedure proposed from the item (art. 51 triage), the
signed-in officer pre-selected, the special lists shown when the item is chosen, officers as a searchable list."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

import pytest

from cases.models import Case, Procedure, Status
from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role

from .articles import names_article
from .factories import CITIZEN_ID

pytestmark = pytest.mark.django_db


def _form(client, user, item, **params):
    client.force_login(user)
    response = client.get(reverse("cases:create"), {"item": item.code, **params})
    assert response.status_code == 200
    return response


def test_simple_path_asks_only_what_arts_51_and_52_need(client, users, item, empower, officers):
    empower(item)
    form = _form(client, users[Role.TOWNSHIP_OFFICER], item, procedure="simple").context["form"]
    assert {"source", "discovered_on", "party_address", "marked_complex", "file_now"}.isdisjoint(form.fields)
    assert {"party_name", "location", "facts", "violation_date", "penalty_kinds", "fine", "officers",
            "decision_text"} <= set(form.fields)
    assert {kind for kind, _label in form.fields["penalty_kinds"].choices} == {"warning", "fine"}


def test_ordinary_path_files_the_case_and_has_no_on_the_spot_reasoning(client, users, item, empower, officers):
    empower(item)
    form = _form(client, users[Role.TOWNSHIP_OFFICER], item, procedure="ordinary").context["form"]
    assert "decision_text" not in form.fields and {"source", "discovered_on", "file_now"} <= set(form.fields)


def test_procedure_is_proposed_from_the_items_lightest_penalty(client, users, empower, officers):
    light = ItemFactory(code="330299000101", penalty_kinds=["warning", "fine"], fine_min=Decimal("50"))
    heavy = ItemFactory(code="330299000102", penalty_kinds=["fine", "closure"], fine_min=Decimal("10000"))
    for item in (light, heavy):
        empower(item)
    officer = users[Role.TOWNSHIP_OFFICER]
    assert _form(client, officer, light).context["procedure"] == Procedure.SIMPLE
    response = _form(client, officer, heavy, procedure="simple")  # art. 51: not open for this item
    assert response.context["procedure"] == Procedure.ORDINARY and not response.context["simple_possible"]
    assert names_article(response.content.decode(), 51)


def test_the_signed_in_officer_is_pre_selected(client, users, item, empower, officers):
    empower(item)
    form = _form(client, users[Role.TOWNSHIP_OFFICER], item).context["form"]
    me = next(o for o in officers if o.user_id == users[Role.TOWNSHIP_OFFICER].pk)
    assert form["officers"].value() == [me.employee_number]


def test_special_list_rule_is_shown_in_the_item_choice_and_on_the_form(client, users, empower, officers):
    item = ItemFactory(code="330299000103", name="占道经营", pinyin_initials="zdjy", no_penalty=True,
                       no_penalty_conditions="首次违法且危害后果轻微并及时改正")
    empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    found = client.get(reverse("cases:create"), {"q": "zdjy"}).content.decode()
    row = found[found.index(item.code):]
    assert "不予处罚" in row[:row.index("</tr>")]
    assert "首次违法且危害后果轻微并及时改正" in _form(client, users[Role.TOWNSHIP_OFFICER], item).content.decode()


def test_officers_are_a_searchable_list_of_labelled_choices(client, users, item, empower, township, officers):
    from townships.tests.factories import OfficerFactory

    for _ in range(9):
        OfficerFactory(township=township)
    empower(item)
    body = _form(client, users[Role.TOWNSHIP_OFFICER], item).content.decode()
    assert 'data-filter-list="officer-options"' in body and 'id="officer-options"' in body
    assert body.count('name="officers"') == 11


def test_simple_path_decides_on_the_spot(client, users, item, empower, officers):
    empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.post(reverse("cases:create"), {
        "item": item.code, "procedure": "simple", "party_type": "citizen", "party_name": "王五",
        "party_id_number": CITIZEN_ID, "location": "人民路", "facts": "占道",
        "violation_date": date.today().isoformat(), "officers": [o.employee_number for o in officers],
        "penalty_kinds": ["fine"], "fine": "100", "decision_text": "当场查明占道经营,事实清楚。"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.procedure == Procedure.SIMPLE and case.status != Status.CLUE and case.decided_on == date.today()


def test_simple_path_refuses_a_fine_over_the_art_51_limit_next_to_the_field(client, users, item, empower,
                                                                              officers):
    empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    response = client.post(reverse("cases:create"), {
        "item": item.code, "procedure": "simple", "party_type": "citizen", "party_name": "王五",
        "location": "人民路", "facts": "占道", "violation_date": date.today().isoformat(),
        "officers": [o.employee_number for o in officers], "penalty_kinds": ["fine"], "fine": "5000"})
    assert response.status_code == 400 and names_article(response.content.decode(), 51)
    assert not Case.objects.exists()
