import random
from io import StringIO

import pytest

from enforcement.reports import demo
from enforcement.reports.models import EaseRating, MonthlyReport

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(world):
    demo.seed(stdout=StringIO(), rng=random.Random(1))
    ratings = EaseRating.objects.count()
    assert ratings > 0 and EaseRating.objects.filter(is_demo=False).count() == 0
    report = MonthlyReport.objects.get(township__isnull=True)
    assert report.status == MonthlyReport.Status.DONE
    demo.seed(stdout=StringIO(), rng=random.Random(1))
    assert EaseRating.objects.count() == ratings
    assert MonthlyReport.objects.count() == 1
