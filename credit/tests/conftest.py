import datetime
from decimal import Decimal

import pytest

from cases.models import Publication
from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role


@pytest.fixture
def publish(township):
    """A published decision of a case of `township`, decided `days_ago`, its fine paid unless `paid` is given."""

    def make(days_ago=120, fine=Decimal("500"), paid=None, serious=False, town=None, **case_fields):
        decided = datetime.date.today() - datetime.timedelta(days=days_ago)
        case = CaseFactory(township=town or township, status="executed", decided_on=decided, fine_amount=fine,
                           paid_amount=fine if paid is None else paid, party_type="organisation",
                           party_name="示范县味道餐饮有限公司", **case_fields)
        return Publication.objects.create(
            case=case, decision_number=f"示综执罚〔2026〕{case.pk}号", decided_on=decided, item_code=case.item.code,
            item_name=case.item.name, party=case.party_name, penalty="罚款", fine_amount=fine,
            agency="示范县综合行政执法局", published_on=decided, due_by=decided, serious=serious)

    return make


@pytest.fixture
def staff(users):
    return users[Role.STAFF]


@pytest.fixture
def officer(users):
    return users[Role.TOWNSHIP_OFFICER]
