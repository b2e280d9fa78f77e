"""Catalogue factories (shared: cases and planning tests build items with these)."""

from datetime import date
from decimal import Decimal

import factory

from catalog.models import DiscretionLevel, DiscretionTier, Domain, Item, ListTier, PowerType
from catalog.services.items import build_search_text, pinyin_initials


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"dom{n:03d}")
    name = factory.Sequence(lambda n: f"测试领域{n:03d}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"330299{n:06d}")
    name = factory.Sequence(lambda n: f"对未按规定堆放物料的行政处罚{n:04d}")
    domain = factory.SubFactory(DomainFactory)
    power_type = PowerType.PENALTY
    violation_law = "《城市市容和环境卫生管理条例》"
    violation_article = "第十四条"
    penalty_law = "《城市市容和环境卫生管理条例》"
    penalty_article = "第三十四条"
    penalty_kinds = factory.LazyFunction(lambda: ["warning", "fine"])
    fine_min = Decimal("50.00")
    fine_max = Decimal("200000.00")
    tier = ListTier.COMPREHENSIVE
    valid_from = date(2020, 1, 1)
    pinyin_initials = factory.LazyAttribute(lambda o: pinyin_initials(o.name))
    search_text = factory.LazyAttribute(lambda o: build_search_text(o))

    class Params:
        no_penalty_list = factory.Trait(no_penalty=True, no_penalty_conditions="首次违法且危害后果轻微并及时改正")
        correction_first_list = factory.Trait(correction_first=True,
                                              correction_first_conditions="责令限期改正,逾期不改正的予以处罚")
        warning_only_list = factory.Trait(warning_only=True, warning_only_conditions="情节轻微的可单独予以警告")
        life_safety = factory.Trait(concerns_life_health_safety=True)
        heavy = factory.Trait(penalty_kinds=["warning", "fine", "licence_revocation", "closure"])
        retired = factory.Trait(status="retired")


class DiscretionTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscretionTier

    item = factory.SubFactory(ItemFactory)
    level = DiscretionLevel.GENERAL
    conditions = "一般情节"
    fine_min = Decimal("100.00")
    fine_max = Decimal("1000.00")
