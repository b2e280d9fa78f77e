import io
import random

import pytest

from cases import demo
from cases.models import Case, Procedure
from catalog.tests.factories import ItemFactory
from townships.models import Empowerment
from townships.tests.factories import OfficerFactory


@pytest.mark.django_db
def test_demo_seed_does_nothing_without_catalogue_items():
    out = io.StringIO()
    demo.seed(stdout=out, rng=random.Random(1))
    assert "skipped" in out.getvalue() and not Case.objects.exists()


@pytest.mark.django_db
def test_demo_seed_builds_a_year_of_cases_idempotently(township, monkeypatch):
    monkeypatch.setattr(demo, "TOTAL", 200)
    item = ItemFactory()
    Empowerment.objects.create(township=township, item=item, valid_from="2020-01-01")
    OfficerFactory(township=township)
    OfficerFactory(township=township)
    demo.seed(stdout=io.StringIO(), rng=random.Random(1))
    assert Case.objects.filter(is_demo=True).count() == 200
    simple = Case.objects.filter(procedure=Procedure.SIMPLE).count()
    assert 80 < simple < 150  # about 6,429 : 5,012
    demo.seed(stdout=io.StringIO(), rng=random.Random(1))
    assert Case.objects.count() == 200
