from datetime import date, timedelta

import factory

from cases.models import Case, PartyType, Procedure, Source, Status
from catalog.tests.factories import ItemFactory
from townships.tests.factories import OfficerFactory, TownshipFactory

# A valid GB 11643 number and GB 32100 code for tests.
CITIZEN_ID = "11010519491231002X"
ORG_USCC = "91350100M000100Y43"
# What a party's written waiver of statement and defence says (art. 44, 45: a waiver is recorded in writing).
WAIVER = "当事人书面声明放弃陈述、申辩。"
WAIVED = {"outcome": "waived", "note": WAIVER}  # the input of record_statement for a written waiver


class CaseFactory(factory.django.DjangoModelFactory):
    """A bare case row (no services): for list, scope and performance tests."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"330299-CF-2026-{n:07d}-X")
    procedure = Procedure.ORDINARY
    source = Source.PATROL
    item = factory.SubFactory(ItemFactory)
    township = factory.SubFactory(TownshipFactory)
    status = Status.INVESTIGATING
    party_type = PartyType.CITIZEN
    party_name = factory.Sequence(lambda n: f"当事人{n:04d}")
    party_id_masked = "1101**********002X"
    location = "人民路18号"
    facts = "在人行道上违规堆放建筑材料"
    violation_date = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    discovered_on = factory.LazyFunction(lambda: date.today() - timedelta(days=9))
    filed_on = factory.LazyFunction(lambda: date.today() - timedelta(days=8))
    deadline = factory.LazyFunction(lambda: date.today() + timedelta(days=82))

    @factory.post_generation
    def officers(obj, create, extracted, **kwargs):
        if not create:
            return
        officers = extracted if extracted is not None else [
            OfficerFactory(township=obj.township), OfficerFactory(township=obj.township)]
        obj.officers.set(officers)
