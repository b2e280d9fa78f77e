"""信用修复 (seed 004): eligibility after the shortest publicity period with the obligations fulfilled
(《失信行为纠正后的信用信息修复管理办法（试行）》), one transition table, the public page marked or ended."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from cases.public import published
from credit import rules, services, workflow
from credit.models import CreditRepair, Effect, State
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
RULE = "《失信行为纠正后的信用信息修复管理办法（试行）》"


def rectified(repair, actor):
    repair = services.repair_transition(actor=actor, repair=repair, action="accept")
    return services.repair_transition(actor=actor, repair=repair, action="record_rectification", data={
        "corrected": True, "correction_note": "已清理占道物品并整改完毕", "commitment_on": TODAY})


def messages_of(error):
    return " ".join(error.value.messages)


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert rules.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert rules.add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)
    assert rules.add_months(datetime.date(2026, 3, 15), -12) == datetime.date(2025, 3, 15)


def test_application_before_three_months_is_refused_naming_the_rule(publish, staff):
    publication = publish(days_ago=30)
    with pytest.raises(ValidationError) as error:
        services.repair_apply(actor=staff, publication=publication)
    text = messages_of(error)
    assert RULE in text and "3" in text and rules.repair_possible_from(publication).isoformat() in text
    assert not CreditRepair.objects.exists()


def test_serious_breach_waits_twelve_months(publish, staff):
    publication = publish(days_ago=200, serious=True)
    with pytest.raises(ValidationError) as error:
        services.repair_apply(actor=staff, publication=publication)
    assert "严重失信" in messages_of(error) and "12" in messages_of(error)


def test_unpaid_fine_refuses_the_application_naming_the_obligation(publish, staff):
    publication = publish(paid=Decimal("200"))
    with pytest.raises(ValidationError) as error:
        services.repair_apply(actor=staff, publication=publication)
    assert "300" in messages_of(error) and RULE in messages_of(error)


def test_second_open_application_is_refused(publish, staff):
    publication = publish()
    first = services.repair_apply(actor=staff, publication=publication)
    with pytest.raises(ValidationError) as error:
        services.repair_apply(actor=staff, publication=publication)
    assert first.code in messages_of(error)


def test_publication_past_the_longest_period_needs_no_repair(publish, staff):
    publication = publish(days_ago=400)
    with pytest.raises(ValidationError) as error:
        services.repair_apply(actor=staff, publication=publication)
    assert "12" in messages_of(error) and RULE in messages_of(error)


def test_public_page_drops_a_general_decision_after_twelve_months(publish):
    _old, recent, serious = publish(days_ago=370), publish(days_ago=300), publish(days_ago=370, serious=True)
    assert set(published()) == {recent, serious}


def test_approval_marks_the_publication_repaired_on_the_day(publish, staff, client):
    publication = publish()
    repair = rectified(services.repair_apply(actor=staff, publication=publication, request="已缴清罚款"), staff)
    repair = services.repair_transition(actor=staff, repair=repair, action="approve", data={"effect": Effect.MARK})
    publication.refresh_from_db()
    assert repair.state == State.APPROVED and repair.decided_on == TODAY and repair.decided_by == staff
    assert publication.repaired_on == TODAY and publication.withdrawn_on is None
    html = client.get(reverse("public_decision", args=[publication.pk])).content.decode()
    assert "已信用修复" in html or "信用修复" in html
    assert 'data-testid="credit-repaired"' in client.get(reverse("public_decisions")).content.decode()


def test_approval_that_ends_the_publicity_drops_the_decision_from_the_public_page(publish, staff, client):
    publication = publish()
    repair = rectified(services.repair_apply(actor=staff, publication=publication), staff)
    services.repair_transition(actor=staff, repair=repair, action="approve", data={"effect": Effect.END})
    publication.refresh_from_db()
    assert publication.withdrawn_on == TODAY and publication.repaired_on == TODAY
    assert client.get(reverse("public_decision", args=[publication.pk])).status_code == 404


def test_refresh_of_the_publication_keeps_an_ended_publicity_ended(publish, staff):
    from cases.services.publication import publication_publish

    publication = publish()
    repair = rectified(services.repair_apply(actor=staff, publication=publication), staff)
    services.repair_transition(actor=staff, repair=repair, action="approve", data={"effect": Effect.END})
    case = publication.case
    case.procedure, case.decision_type, case.delivered_on = "ordinary", "penalty", TODAY
    case.save()
    publication_publish(case=case)
    publication.refresh_from_db()
    assert publication.withdrawn_on == TODAY


def test_approval_needs_the_correction_and_the_commitment_letter(publish, staff):
    repair = services.repair_apply(actor=staff, publication=publish())
    repair = services.repair_transition(actor=staff, repair=repair, action="accept")
    with pytest.raises(ValidationError) as error:
        services.repair_transition(actor=staff, repair=repair, action="approve")
    assert "信用承诺书" in messages_of(error) and "纠正" in messages_of(error) and RULE in messages_of(error)
    repair.refresh_from_db()
    assert repair.state == State.ACCEPTED and repair.publication.repaired_on is None


def test_refusal_needs_a_reason_and_leaves_the_publication(publish, staff):
    publication = publish()
    repair = services.repair_apply(actor=staff, publication=publication)
    with pytest.raises(ValidationError):
        services.repair_transition(actor=staff, repair=repair, action="refuse", data={"reason": ""})
    repair = services.repair_transition(actor=staff, repair=repair, action="refuse",
                                        data={"reason": "申请材料不真实"})
    publication.refresh_from_db()
    assert repair.state == State.REFUSED and publication.repaired_on is None


def test_applicant_may_withdraw_and_apply_again(publish, staff):
    publication = publish()
    first = services.repair_apply(actor=staff, publication=publication)
    services.repair_transition(actor=staff, repair=first, action="withdraw")
    second = services.repair_apply(actor=staff, publication=publication)
    assert second.code != first.code and second.state == State.APPLIED


def test_illegal_move_is_refused_with_the_state(publish, staff):
    repair = services.repair_apply(actor=staff, publication=publish())
    with pytest.raises(ValidationError) as error:
        services.repair_transition(actor=staff, repair=repair, action="approve")
    assert "已申请" in messages_of(error) or "applied" in messages_of(error)


def test_township_officer_records_but_only_the_bureau_decides(publish, officer, staff):
    repair = rectified(services.repair_apply(actor=officer, publication=publish()), officer)
    with pytest.raises(PermissionDenied):
        services.repair_transition(actor=officer, repair=repair, action="approve")
    assert services.actions_for(officer, repair) == ["record_rectification", "withdraw"]
    assert set(services.actions_for(staff, repair)) == {"record_rectification", "approve", "refuse", "withdraw"}


def test_other_township_cannot_apply_or_see(publish, make_user, other_township, officer):
    from enforcement.accounts.models import Role

    stranger = make_user(Role.TOWNSHIP_OFFICER, township=other_township)
    publication = publish()
    with pytest.raises(PermissionDenied):
        services.repair_apply(actor=stranger, publication=publication)
    repair = services.repair_apply(actor=officer, publication=publication)
    assert services.actions_for(stranger, repair) == []


def test_every_write_is_audited(publish, staff):
    repair = rectified(services.repair_apply(actor=staff, publication=publish()), staff)
    services.repair_transition(actor=staff, repair=repair, action="approve")
    kinds = list(AuditEvent.objects.filter(event_type__startswith="credit.").order_by("id")
                 .values_list("event_type", flat=True))
    assert kinds == ["credit.apply", "credit.accept", "credit.record_rectification", "credit.approve"]


def test_workflow_doc_is_generated_from_the_table():
    doc = Path(settings.BASE_DIR, "docs", "credit-repair-workflow.md").read_text(encoding="utf-8")
    assert doc == workflow.as_markdown()
    assert ("accepted", "approve") in workflow.TRANSITIONS
