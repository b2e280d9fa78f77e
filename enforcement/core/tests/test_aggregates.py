from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q, Sum

import pytest

from cases.models import Case
from cases.tests.factories import CaseFactory
from enforcement.core.aggregates import Seconds, aggregate_together
from townships.models import Township
from townships.tests.factories import TownshipFactory

pytestmark = pytest.mark.django_db


def _parts():
    return {
        "townships": (Township.objects.all(),
                      {"n": Count("pk"), "named": Count("pk", filter=Q(name__startswith="甲"))}),
        "fines": (Case.objects.all(), {"total": Sum("fine_amount"), "largest": Max("fine_amount"), "n": Count("pk")}),
        "nothing": (Case.objects.none(), {"n": Count("pk"), "total": Sum("fine_amount")}),
        "no_rows": (Case.objects.filter(code="none"), {"n": Count("pk"), "total": Sum("fine_amount")}),
    }


def test_the_same_values_as_each_querysets_own_aggregate():
    TownshipFactory(name="甲镇")
    TownshipFactory(name="乙镇")
    CaseFactory(fine_amount=Decimal("200.50"), officers=[])
    CaseFactory(fine_amount=Decimal("1000.00"), officers=[])
    together = aggregate_together(_parts())
    for name, (queryset, aggregates) in _parts().items():
        assert together[name] == queryset.aggregate(**aggregates), name
    assert together["fines"]["total"] == Decimal("1200.50") and isinstance(together["fines"]["total"], Decimal)


def test_every_part_in_one_statement(django_assert_num_queries):
    CaseFactory(officers=[])
    with django_assert_num_queries(1):
        aggregate_together(_parts())


def test_parts_that_can_match_nothing_cost_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        result = aggregate_together({"nothing": (Case.objects.none(), {"n": Count("pk"), "total": Sum("fine_amount")})})
    assert result == {"nothing": {"n": 0, "total": None}}


def test_a_duration_is_carried_as_seconds():
    case = CaseFactory(officers=[])
    Case.objects.filter(pk=case.pk).update(created_at=F("created_at") - timedelta(hours=36))
    waited = ExpressionWrapper(F("updated_at") - F("created_at"), output_field=DurationField())
    cases = Case.objects.filter(pk=case.pk)
    seconds = aggregate_together({"wait": (cases, {"s": Avg(Seconds(waited))})})["wait"]["s"]
    expected = cases.aggregate(d=Avg(waited))["d"].total_seconds()
    assert float(seconds) == pytest.approx(expected, abs=0.01) and float(seconds) > 36 * 3600 - 1
