from datetime import timedelta

from django.utils import timezone

import factory

from intake.models import Clue, Dispatch, Source, State, Urgency
from townships.tests.factories import TownshipFactory


class ClueFactory(factory.django.DjangoModelFactory):
    """A bare clue row (no services): for list, scope and performance tests."""

    class Meta:
        model = Clue

    code = factory.Sequence(lambda n: f"XS2026{n:06d}")
    source = Source.PHONE
    description = "沿街店铺占道经营,堆放物料影响通行"
    address = factory.Sequence(lambda n: f"人民路{n}号")
    address_key = factory.LazyAttribute(lambda o: o.address)
    township = factory.SubFactory(TownshipFactory)
    urgency = Urgency.NORMAL
    state = State.NEW
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))


class DispatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispatch

    clue = factory.SubFactory(ClueFactory)
    target = Dispatch.Target.TOWNSHIP
    township = factory.LazyAttribute(lambda o: o.clue.township)
    urgency = Urgency.NORMAL
    dispatched_by = factory.SubFactory("enforcement.accounts.tests.factories.UserFactory")
    response_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))


def dispatched_clue(township, **kwargs):
    """A clue dispatched to the township team, waiting for acknowledgement."""
    clue = ClueFactory(township=township, state=State.DISPATCHED, **kwargs)
    dispatch = DispatchFactory(clue=clue)
    Clue.objects.filter(pk=clue.pk).update(current_dispatch=dispatch, dispatched_at=dispatch.dispatched_at,
                                           response_deadline=dispatch.response_deadline)
    clue.refresh_from_db()
    return clue
