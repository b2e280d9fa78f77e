"""A review or lawsuit against a decision whose case is already closed (行政复议法 art. 20: 60 days, 行政诉讼法
art. 46: six months from delivery): recorded within the periods, it reopens the case; 撤销 stops collection and
withdraws the published decision (行政处罚法 art. 48)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from cases import rules
from cases.models import Publication, Status
from cases.services import TransitionRefused, case_transition
from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent

from .articles import names_article
from .factories import WAIVED

D = timedelta
pytestmark = pytest.mark.django_db


@pytest.fixture
def legal(users):
    return users[Role.DISTRICT_REVIEWER]


def act(case, action, actor, on, **data):
    return case_transition(case=case, action=action, actor=actor, today=on, **data)


@pytest.fixture
def closed(register, walk, officer_user, users):
    """A fine decided, delivered, paid in full and the case closed five days after delivery."""
    case = register(fine=Decimal("1000"))
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "1000"}),
                ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}),
                ("deliver", officer_user, {}))
    on = case.delivered_on
    case = act(case, "record_payment", users[Role.STAFF], on, bank_receipt_number="R1", paid_amount="1000")
    return act(case, "close", officer_user, on)


def test_review_art20_on_a_closed_case_within_60_days_reopens_it(closed, legal):
    on = rules.review_deadline(closed.delivered_on)
    case = act(closed, "file_appeal", legal, on, kind="review", body="某县人民政府")
    assert case.status == Status.EXECUTED and case.closed_on is None and case.open_appeal.kind == "review"
    assert AuditEvent.objects.filter(event_type="case.reopen", object_id=case.code).exists()


def test_review_art20_on_a_closed_case_after_60_days_is_refused(closed, legal):
    late = rules.review_deadline(closed.delivered_on) + D(1)
    with pytest.raises(TransitionRefused) as exc:
        act(closed, "file_appeal", legal, late, kind="review", body="某县人民政府")
    assert names_article(exc.value.messages[0], 20)
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED


def test_litigation_art46_on_a_closed_case_within_six_months(closed, legal):
    on = rules.litigation_deadline(closed.delivered_on)
    case = act(closed, "file_appeal", legal, on, kind="litigation", body="某县人民法院")
    assert case.status == Status.EXECUTED and case.open_appeal.kind == "litigation"


def test_litigation_art46_on_a_closed_case_after_six_months_is_refused(closed, legal):
    late = rules.litigation_deadline(closed.delivered_on) + D(1)
    with pytest.raises(TransitionRefused) as exc:
        act(closed, "file_appeal", legal, late, kind="litigation", body="某县人民法院")
    assert names_article(exc.value.messages[0], 46)


def test_officers_cannot_record_an_appeal_on_a_closed_case(closed, officer_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        act(closed, "file_appeal", officer_user, closed.delivered_on + D(10), kind="review", body="某县人民政府")


def test_revoked_on_a_closed_case_stops_collection_and_withdraws_the_publication_art48(closed, legal):
    on = closed.delivered_on + D(10)
    assert Publication.objects.get(case=closed).withdrawn_on is None
    case = act(closed, "file_appeal", legal, on, kind="review", body="某县人民政府")
    case = act(case, "record_appeal_outcome", legal, on + D(20), outcome="revoked", note="复议机关撤销原处罚决定")
    assert case.status == Status.DECISION_REVOKED and case.payment_next_due is None
    assert Publication.objects.get(case=case).withdrawn_on == on + D(20)
    with pytest.raises(TransitionRefused):  # nothing left to challenge once revoked and closed again
        case = act(case, "close", legal.__class__.objects.get(username="officer_u"), on + D(21))
        act(case, "file_appeal", legal, on + D(22), kind="litigation", body="某县人民法院")
