"""Registration, triage and filing rules (行政处罚法 art. 24, 36, 42, 51, 52, 55)."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from cases.models import Case, CaseEvent, Document, DocumentKind, Procedure, Status
from cases.services import TransitionRefused, case_register, propose_procedure
from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from enforcement.core.models import ActionCode
from townships.tests.factories import OfficerFactory

from .articles import names_article
from .factories import ORG_USCC

pytestmark = pytest.mark.django_db


def test_simple_procedure_art51_refuses_fine_over_200_yuan_for_citizen(register):
    with pytest.raises(ValidationError) as exc:
        register(procedure="simple", fine=Decimal("201"))
    assert names_article(str(exc.value), 51)
    assert not Case.objects.exists()


def test_simple_procedure_art51_allows_organisation_fine_up_to_3000_yuan(register):
    case = register(procedure="simple", party_type="organisation", party_id_number=ORG_USCC, fine=Decimal("3000"))
    assert case.status == Status.DELIVERED
    with pytest.raises(ValidationError):
        register(procedure="simple", party_type="organisation", party_id_number=ORG_USCC, fine=Decimal("3000.01"))


def test_simple_procedure_art51_refuses_licence_revocation(register):
    with pytest.raises(ValidationError):
        register(procedure="simple", penalty_kinds=["licence_revocation"], fine=None)


def test_simple_procedure_art52_decides_on_the_spot_with_code_and_decision_pdf(
        register, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = register(procedure="simple", fine=Decimal("100"))
    case.refresh_from_db()
    assert case.status == Status.DELIVERED
    assert case.code.split("-")[1] == "JY"
    assert case.decided_on == case.delivered_on == date.today()
    assert ActionCode.objects.get(code=case.code).status == str(Status.DELIVERED.label)
    assert Document.objects.filter(case=case, kind=DocumentKind.SPOT_DECISION).exists()


def test_triage_proposes_ordinary_procedure_for_large_fine_art51():
    assert propose_procedure(party_type="citizen", penalty_kinds=["fine"], fine=Decimal("150")) == Procedure.SIMPLE
    assert propose_procedure(party_type="citizen", penalty_kinds=["warning"], fine=None) == Procedure.SIMPLE
    assert propose_procedure(party_type="citizen", penalty_kinds=["fine"], fine=Decimal("5000")) == "ordinary"


def test_registration_records_the_triage_proposal(register):
    case = register(fine=Decimal("150"))
    assert case.proposed_procedure == Procedure.SIMPLE
    assert case.procedure == Procedure.ORDINARY


def test_filing_art42_refuses_a_single_officer(register, officers):
    with pytest.raises(TransitionRefused) as exc:
        register(officers=officers[:1])
    assert names_article(exc.value.messages[0], 42)
    assert not Case.objects.exists()


def test_filing_art55_refuses_an_expired_certificate(register, township, officers):
    expired = OfficerFactory(township=township, expired=True, name="赵六")
    with pytest.raises(TransitionRefused) as exc:
        register(officers=[officers[0], expired])
    assert "赵六" in exc.value.messages[0] and names_article(exc.value.messages[0], 55)


def test_filing_art24_refuses_an_item_not_empowered_to_the_township(register):
    other_item = ItemFactory()
    with pytest.raises(TransitionRefused) as exc:
        register(item=other_item)
    assert names_article(exc.value.messages[0], 24)
    assert not Case.objects.exists()


def test_filing_art24_bureau_staff_may_file_any_active_item(users, township):
    staff = users[Role.STAFF]
    item = ItemFactory()
    officers = [OfficerFactory(township=None, unposted=True), OfficerFactory(unposted=True)]
    case = case_register(actor=staff, item=item, procedure="ordinary", party_type="citizen", party_name="钱七",
                         location="解放路1号", facts="占道经营", violation_date=date.today(), officers=officers,
                         file_now=True)
    assert case.township is None
    assert case.status == Status.INVESTIGATING


def test_filing_refuses_a_retired_item(users):
    item = ItemFactory(retired=True)
    officers = [OfficerFactory(unposted=True), OfficerFactory(unposted=True)]
    with pytest.raises(TransitionRefused):
        case_register(actor=users[Role.STAFF], item=item, procedure="ordinary", party_type="citizen",
                      party_name="钱七", location="解放路1号", facts="占道经营", violation_date=date.today(),
                      officers=officers, file_now=True)


def test_filing_art36_refuses_a_violation_older_than_two_years(register):
    with pytest.raises(TransitionRefused) as exc:
        register(violation_date=date.today() - timedelta(days=2 * 365 + 2))
    assert names_article(exc.value.messages[0], 36)


def test_filing_art36_allows_five_years_only_with_safety_and_harmful_consequences_recorded(register, empower):
    item = ItemFactory(life_safety=True)
    empower(item)
    old = date.today() - timedelta(days=4 * 365)
    with pytest.raises(TransitionRefused) as exc:  # the item concerns safety, but the case records no harm
        register(item=item, violation_date=old, safety_involved=True)
    assert names_article(exc.value.messages[0], 36)
    with pytest.raises(TransitionRefused):
        register(item=item, violation_date=old, harmful_consequences=True)
    case = register(item=item, violation_date=old, safety_involved=True, harmful_consequences=True)
    assert case.status == Status.INVESTIGATING and case.limitation_years == 5


def test_filing_art36_continuing_violation_counts_from_the_day_it_ended(register):
    began = date.today() - timedelta(days=3 * 365)
    with pytest.raises(TransitionRefused):
        register(violation_date=began)
    case = register(violation_date=began, violation_ended_on=date.today() - timedelta(days=30))
    assert case.status == Status.INVESTIGATING and case.limitation_start == case.violation_ended_on


def test_filing_art36_end_of_a_continuing_violation_is_checked(register):
    with pytest.raises(ValidationError) as exc:
        register(violation_date=date.today() - timedelta(days=10), violation_ended_on=date.today() - timedelta(days=20))
    assert "violation_ended_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # after the discovery (today by default)
        register(violation_date=date.today() - timedelta(days=10), violation_ended_on=date.today() + timedelta(days=1))
    assert "violation_ended_on" in exc.value.message_dict


def test_filing_page_art36_shows_the_limitation_fields_and_the_error_next_to_the_field(client, users, item, empower,
                                                                                        officers):
    from django.urls import reverse

    empower(item)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    url = reverse("cases:create") + f"?item={item.code}"
    body = client.get(url).content.decode()
    for name in ("violation_ended_on", "safety_involved", "harmful_consequences"):
        assert f'name="{name}"' in body
    response = client.post(url, {
        "item": item.code, "procedure": "ordinary", "source": "patrol", "party_type": "citizen", "party_name": "王五",
        "location": "人民路", "facts": "占道", "violation_date": (date.today() - timedelta(days=3 * 365)).isoformat(),
        "discovered_on": date.today().isoformat(), "officers": [o.employee_number for o in officers],
        "file_now": "on"})
    assert response.status_code == 400
    body = response.content.decode()
    start = body.index('name="violation_date"')
    assert "第三十六条" in body[start:body.index("</div>", start)]


def test_township_officer_cannot_file_for_another_township(register, other_township):
    with pytest.raises(ValidationError):
        register(township=other_township)


def test_roles_without_case_file_permission_cannot_register(register, users):
    with pytest.raises(PermissionDenied):
        register(actor=users[Role.LEADER])


def test_registration_is_idempotent_on_request_id(register):
    first = register(request_id="pda-1-0001")
    second = register(request_id="pda-1-0001")
    assert first.pk == second.pk
    assert Case.objects.count() == 1


def test_registration_writes_events_and_the_action_code(register):
    case = register()
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == ["create", "register"]
    assert ActionCode.objects.filter(code=case.code, kind="CF").exists()
    assert case.deadline == case.filed_on + timedelta(days=90)


def test_invalid_id_number_is_refused_gb11643(register):
    with pytest.raises(ValidationError) as exc:
        register(party_id_number="110105194912310021")
    assert "party_id_number" in exc.value.message_dict


# ---- officers belong to the case's township (or the bureau) ------------------------------------------

def test_filing_refuses_bureau_officers_on_a_township_case(register):
    bureau = [OfficerFactory(unposted=True, name="周一"), OfficerFactory(unposted=True, name="吴二")]
    with pytest.raises(ValidationError) as exc:
        register(officers=bureau)
    assert "周一" in exc.value.message_dict["officers"][0]
    assert not Case.objects.exists()


def test_filing_refuses_officers_of_another_township(register, other_township, officers):
    stranger = OfficerFactory(township=other_township, name="郑九")
    with pytest.raises(ValidationError) as exc:
        register(officers=[officers[0], stranger])
    assert "郑九" in exc.value.message_dict["officers"][0]
    assert not Case.objects.exists()


def test_filing_refuses_township_officers_on_a_bureau_case(users, township):
    posted = [OfficerFactory(township=township, name="冯八"), OfficerFactory(township=township)]
    with pytest.raises(ValidationError) as exc:
        case_register(actor=users[Role.STAFF], item=ItemFactory(), procedure="ordinary", party_type="citizen",
                      party_name="钱七", location="解放路1号", facts="占道经营", violation_date=date.today(),
                      officers=posted, file_now=True)
    assert "冯八" in exc.value.message_dict["officers"][0]
    assert not Case.objects.exists()


def test_bureau_staff_file_a_township_case_with_that_townships_officers(users, township, item, empower, officers):
    empower(item)
    case = case_register(actor=users[Role.STAFF], item=item, township=township, procedure="ordinary",
                         party_type="citizen", party_name="钱七", location="解放路1号", facts="占道经营",
                         violation_date=date.today(), officers=officers, file_now=True)
    assert case.township == township
    assert set(case.officers.all()) == set(officers)
    assert case.status == Status.INVESTIGATING
