from datetime import date, timedelta
from decimal import Decimal

import pytest

from cases.services import case_register, case_transition
from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from townships.models import Empowerment
from townships.tests.factories import OfficerFactory

from .factories import CITIZEN_ID


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Evidence and generated documents of a test go to its own directory, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def officer_user(users):
    return users[Role.TOWNSHIP_OFFICER]


@pytest.fixture
def item(db):
    return ItemFactory(code="330299000001", name="对在人行道违规堆放物料的处罚")


@pytest.fixture
def empower(township):
    def grant(item, town=None):
        return Empowerment.objects.create(township=town or township, item=item, valid_from=date(2020, 1, 1))

    return grant


@pytest.fixture
def officers(township, officer_user):
    return [OfficerFactory(township=township, user=officer_user, name="张三"), OfficerFactory(township=township,
                                                                                             name="李四")]


@pytest.fixture
def register(item, empower, officers, officer_user):
    """Register a case through the service with sensible defaults (ordinary, filed)."""
    empower(item)

    def make(**overrides):
        params = dict(
            actor=officer_user, item=item, procedure="ordinary", party_type="citizen", party_name="王五",
            location="人民路18号", facts="在人行道上违规堆放建筑材料,影响通行。",
            violation_date=date.today() - timedelta(days=3), party_id_number=CITIZEN_ID,
            party_phone="13812345678", party_address="示范县人民路18号2幢301室",
            officers=officers, penalty_kinds=["fine"], fine=Decimal("500"),
            file_now=True,
        )
        params.update(overrides)
        return case_register(**params)

    return make


@pytest.fixture
def walk():
    """Apply a series of (action, actor, data) moves."""

    def run(case, *moves):
        for action, actor, data in moves:
            case = case_transition(case=case, action=action, actor=actor, **data)
        return case

    return run


@pytest.fixture
def audit_flushable(transactional_db):
    """Transactional tests end with a TRUNCATE of every table, which the audit log's append-only trigger
    refuses. Replica mode skips triggers on this connection only, just before the flush (teardown runs
    first); Django closes the connection after the flush, so no later test inherits it."""
    from django.db import connection

    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
