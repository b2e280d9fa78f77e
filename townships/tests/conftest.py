from datetime import date

import pytest

from townships.models import Officer
from townships.tests.factories import OfficerFactory


@pytest.fixture
def today():
    return date.today()


@pytest.fixture
def staff_team(township, department):
    """A team that exactly meets the standard: 6 certified + 6 safety officers, 18 auxiliaries."""

    def build(township=township, law=6, safety=6, auxiliaries=18):
        OfficerFactory.create_batch(law, township=township, home_department=department)
        OfficerFactory.create_batch(safety, township=township, home_department=department, safety=True)
        OfficerFactory.create_batch(auxiliaries, township=township, home_department=department, auxiliary=True)
        return Officer.objects.filter(township=township)

    return build
