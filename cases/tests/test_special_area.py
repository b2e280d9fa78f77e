"""特定区域 (seed 001): a township empowered only in named zones files cases there on the item, and is refused
elsewhere with art. 24 named (行政处罚法 art. 24)."""

from django.core.exceptions import ValidationError

import pytest

from cases.services import TransitionRefused
from enforcement.accounts.models import Role
from townships.empowerment import empowerment_limit_to_zones
from townships.models import Township
from townships.tests.factories import ZoneFactory

from .articles import names_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def special(township, item, register, users):
    """`register` has empowered the township for `item`; the empowerment is then limited to one zone."""
    township.empowerment_mode = Township.EmpowermentMode.SPECIAL_AREA
    township.save(update_fields=["empowerment_mode"])
    port = ZoneFactory(township=township, name="港区片区")
    empowerment_limit_to_zones(actor=users[Role.STAFF], township=township, items=[item], zones=[port])
    return port


def test_a_case_in_the_named_zone_is_filed(register, special):
    case = register(zone=special)
    assert case.filed_on is not None


def test_a_case_outside_the_zones_is_refused_with_art_24(register, special, township):
    elsewhere = ZoneFactory(township=township, name="老城片区")
    with pytest.raises((TransitionRefused, ValidationError)) as error:
        register(zone=elsewhere)
    assert names_article(str(error.value), 24) and "港区片区" in str(error.value)


def test_a_case_naming_no_zone_is_refused(register, special):
    with pytest.raises((TransitionRefused, ValidationError)):
        register()


def test_only_special_area_townships_limit_to_zones(users, other_township, item):
    with pytest.raises(ValidationError):
        empowerment_limit_to_zones(actor=users[Role.STAFF], township=other_township, items=[item],
                                   zones=[ZoneFactory(township=other_township)])
