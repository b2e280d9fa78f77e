import io
import random

import pytest

from catalog import demo
from catalog.models import Adjustment, DiscretionTier, Domain, Item, ListTier
from townships.models import Empowerment, Township
from townships.tests.factories import TownshipFactory

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    demo.seed(stdout=out, rng=random.Random(2026))
    return out.getvalue()


def test_seed_without_townships_builds_the_catalogue_and_skips_empowerment():
    output = seed()
    assert "empowerment skipped" in output
    assert Domain.objects.count() == 26
    assert Item.objects.count() == demo.TOTAL_ITEMS
    active = Item.objects.filter(status="active")
    assert (active.filter(no_penalty=True).count(), active.filter(correction_first=True).count(),
            active.filter(warning_only=True).count()) == (210, 318, 171)
    assert set(Item.objects.values_list("tier", flat=True)) == set(ListTier.values)
    assert not Item.objects.filter(is_demo=False).exists()
    assert Item.objects.filter(power_type="penalty", concerns_life_health_safety=True).exists()
    assert DiscretionTier.objects.exists()
    assert Adjustment.objects.filter(kind="amend").count() == 12
    assert Adjustment.objects.filter(kind="retire").count() == 4
    assert Item.objects.filter(search_text__contains="zydl").exists()


def test_seed_empowers_every_township_by_its_mode_and_is_idempotent():
    modes = Township.EmpowermentMode
    full = TownshipFactory(code="full", empowerment_mode=modes.FULL, is_demo=True)
    partial = TownshipFactory(code="part", empowerment_mode=modes.PARTIAL, is_demo=True)
    special = TownshipFactory(code="area", empowerment_mode=modes.SPECIAL_AREA, is_demo=True)
    satellite = TownshipFactory(code="sat", empowerment_mode=modes.HUB, hub=full, is_demo=True)
    seed()
    counts = {t.code: Empowerment.objects.filter(township=t).count() for t in (full, partial, special, satellite)}
    township_tier = Item.objects.filter(tier="township", status="active").count()
    assert counts["full"] > township_tier
    assert 0 < counts["area"] < counts["part"] < counts["full"]
    assert set(Empowerment.objects.filter(township=satellite).values_list("item_id", flat=True)) == set(
        Empowerment.objects.filter(township=full).values_list("item_id", flat=True))
    before = (Item.objects.count(), Adjustment.objects.count(), Empowerment.objects.count(),
              DiscretionTier.objects.count())
    seed()
    assert (Item.objects.count(), Adjustment.objects.count(), Empowerment.objects.count(),
            DiscretionTier.objects.count()) == before
