from datetime import date

import pytest

from catalog.models import Domain
from catalog.services import item_create
from catalog.tests.factories import DomainFactory


@pytest.fixture
def domain(db):
    return DomainFactory(code="city_appearance", name="市容环境卫生")


@pytest.fixture
def other_domain(db):
    return DomainFactory(code="fire", name="消防")


@pytest.fixture
def make_item(domain):
    def make(code="330201100001", name="对擅自占用道路堆放物料的行政处罚", **fields):
        data = {"code": code, "name": name, "domain": domain, "power_type": "penalty", "tier": "township",
                "violation_law": "《城市市容和环境卫生管理条例》", "violation_article": "第十四条",
                "penalty_law": "《城市市容和环境卫生管理条例》", "penalty_article": "第三十四条",
                "penalty_kinds": ["warning", "fine"], "fine_min": 100, "fine_max": 1000,
                "valid_from": date(2022, 1, 1)}
        data.update(fields)
        if isinstance(data["domain"], str):
            data["domain"] = Domain.objects.get(code=data["domain"])
        return item_create(actor=None, data=data, effective_date=data["valid_from"],
                           document_number="海政发〔2022〕1号")

    return make


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded import files go to a temporary directory, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
