import random
from datetime import date

import factory

from catalog.tests.factories import ItemFactory
from planning.demo import uscc_generate
from planning.models import Checklist, CheckPoint, Industry, MonthArrangement, PlanState, Subject, YearPlan
from townships.tests.factories import DepartmentFactory, TownshipFactory

_rng = random.Random(32100)


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ["code"]
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"ind{n:03d}")
    name = factory.Sequence(lambda n: f"测试行业{n:03d}")

    @factory.post_generation
    def departments(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.departments.set(extracted)


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    uscc = factory.LazyFunction(lambda: uscc_generate(_rng))
    name = factory.Sequence(lambda n: f"测试商贸有限公司{n:04d}")
    industry = factory.SubFactory(IndustryFactory)
    address = factory.Sequence(lambda n: f"中山路{n}号")
    township = factory.SubFactory(TownshipFactory)


class ChecklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checklist

    code = factory.Sequence(lambda n: f"cl{n:03d}")
    series = factory.LazyAttribute(lambda o: o.code)
    name = factory.Sequence(lambda n: f"检查清单{n:03d}")
    industry = factory.SubFactory(IndustryFactory)


class CheckPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckPoint

    checklist = factory.SubFactory(ChecklistFactory)
    code = factory.Sequence(lambda n: f"cp{n:04d}")
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"检查要点{n:04d}")
    item = factory.SubFactory(ItemFactory)


class YearPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearPlan

    code = factory.Sequence(lambda n: f"JH-T{n:04d}")
    department = factory.SubFactory(DepartmentFactory)
    year = factory.LazyFunction(lambda: date.today().year)
    title = factory.Sequence(lambda n: f"年度检查计划{n:03d}")
    planned_count = 12
    state = PlanState.DRAFT

    class Params:
        issued = factory.Trait(state=PlanState.ISSUED)


class MonthArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthArrangement

    plan = factory.SubFactory(YearPlanFactory)
    month = factory.LazyFunction(lambda: date.today().month)
    planned_count = 2
