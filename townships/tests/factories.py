from datetime import date, timedelta

import factory

from townships.models import Department, Officer, Township, Zone


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"dept{n:03d}")
    name = factory.Sequence(lambda n: f"测试部门{n:03d}")


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"town{n:03d}")
    name = factory.Sequence(lambda n: f"测试镇{n:03d}")
    kind = Township.Kind.TOWN
    empowerment_mode = Township.EmpowermentMode.FULL


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    name = factory.Sequence(lambda n: f"执法员{n:04d}")
    employee_number = factory.Sequence(lambda n: f"E{n:06d}")
    category = Officer.Category.LAW_ENFORCEMENT
    certificate_number = factory.Sequence(lambda n: f"ZF{n:08d}")
    certificate_expiry = factory.LazyFunction(lambda: date.today() + timedelta(days=700))
    home_department = factory.SubFactory(DepartmentFactory)
    township = factory.SubFactory(TownshipFactory)
    posted_on = factory.LazyFunction(lambda: date.today() - timedelta(days=100))

    class Params:
        expired = factory.Trait(certificate_expiry=factory.LazyFunction(lambda: date.today() - timedelta(days=1)))
        auxiliary = factory.Trait(category=Officer.Category.AUXILIARY, certificate_number=None,
                                  certificate_expiry=None)
        safety = factory.Trait(category=Officer.Category.SAFETY)
        unposted = factory.Trait(township=None, posted_on=None)


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    township = factory.SubFactory(TownshipFactory)
    code = factory.Sequence(lambda n: f"zone{n:04d}")
    name = factory.Sequence(lambda n: f"片区{n:04d}")
