"""The "mine" filter of a busy user (more than MINE_LISTED_MAX cases): the EXISTS form hashed or probed case by
case, chosen by the user's measured share of their scope (issue 14, ADR 0025). Every form lists the same cases."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cases import selectors, selectors_mine
from enforcement.accounts.models import Role
from townships.tests.factories import OfficerFactory

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def codes(qs):
    return sorted(case.code for case in qs)


@pytest.fixture
def busy(users, township, monkeypatch):
    """A township officer with two handled cases, one registered and one handled by both, beside others'."""
    monkeypatch.setattr(selectors_mine, "MINE_LISTED_MAX", 1)
    user = users[Role.TOWNSHIP_OFFICER]
    me = OfficerFactory(township=township, user=user)
    mine = [CaseFactory(township=township, officers=[me]) for _ in range(2)]
    mine.append(CaseFactory(township=township, created_by=user))
    mine.append(CaseFactory(township=township, created_by=user, officers=[me, OfficerFactory(township=township)]))
    CaseFactory(township=township, officers=[OfficerFactory(township=township)])
    CaseFactory(township=township)
    cache.delete(selectors_mine._busy_key(user))
    return user, sorted(case.code for case in mine)


def _listed(user, form):
    return codes(selectors.cases_visible_to(user).filter(selectors_mine._busy_q(user, form)))


def test_the_probed_form_lists_the_same_cases_as_the_hashed_form_and_the_id_list(busy, monkeypatch):
    user, mine = busy
    assert _listed(user, selectors_mine.PROBE) == _listed(user, selectors_mine.HASH) == mine
    monkeypatch.setattr(selectors_mine, "MINE_LISTED_MAX", 1_000)
    assert codes(selectors.case_list(actor=user, filters={"mine": "1"})) == mine


def test_the_probed_form_refers_to_its_own_row_inside_a_subquery(busy, township):
    """In a subquery Django renames the cases table (U0): the probe follows the rename. Naming the table itself
    would refer to nothing under another model's query, and to the outer row under a query of cases."""
    from cases.models import Case
    from townships.models import Township

    user, mine = busy
    inner = selectors.cases_visible_to(user).filter(selectors_mine._busy_q(user, selectors_mine.PROBE))
    assert codes(Case.objects.filter(pk__in=inner.values("pk"))) == mine
    assert list(Township.objects.filter(pk__in=inner.values("township_id"))) == [township]


def test_a_user_without_an_officer_record_handles_nothing_in_the_probed_form(users, township):
    clerk = users[Role.STAFF]
    CaseFactory(township=township, officers=[OfficerFactory(township=township)])
    registered = CaseFactory(township=township, created_by=clerk)
    assert _listed(clerk, selectors_mine.PROBE) == [registered.code]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_probed_form_is_not_planned_as_a_hash_of_all_links(busy):
    user, _mine = busy
    sql, params = (selectors.cases_visible_to(user).filter(selectors_mine._busy_q(user, selectors_mine.PROBE))
                   .order_by("-created_at", "-id").values("pk")[:51].query.sql_with_params())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tiny test tables would be scanned whole
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "SubPlan" in plan and "hashed SubPlan" not in plan


def test_a_busy_user_whose_cases_are_a_large_share_is_probed(busy, monkeypatch):
    user, mine = busy
    monkeypatch.setattr(selectors_mine, "PROBE_WINS_ABOVE", 1)  # share 4/6 × 3 links = 2 > 1
    qs = selectors.case_list(actor=user, filters={"mine": "1"})
    expected = selectors_mine.PROBE if connection.vendor == "postgresql" else selectors_mine.HASH
    assert cache.get(selectors_mine._busy_key(user)) == expected
    assert codes(qs) == mine


def test_a_busy_user_whose_cases_are_a_small_share_is_hashed(busy, monkeypatch, township):
    user, mine = busy
    for _ in range(10):
        CaseFactory(township=township)
    monkeypatch.setattr(selectors_mine, "PROBE_WINS_ABOVE", 1)  # share 4/16 × 3 links = 0.75, not above 1
    qs = selectors.case_list(actor=user, filters={"mine": "1"})
    assert cache.get(selectors_mine._busy_key(user)) == selectors_mine.HASH
    assert codes(qs) == mine


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the probed form is PostgreSQL's")
def test_the_remembered_form_is_used_without_reading_or_measuring_again(busy, monkeypatch):
    user, mine = busy
    monkeypatch.setattr(selectors_mine, "PROBE_WINS_ABOVE", 1)
    selectors.case_list(actor=user, filters={"mine": "1"})
    with CaptureQueriesContext(connection) as queries:
        qs = selectors.case_list(actor=user, filters={"mine": "1"})
    assert len(queries) == 0 and "OFFSET 0" in str(qs.query)
    assert codes(qs) == mine


def test_a_flag_left_by_the_previous_release_means_the_hashed_form(busy):
    user, mine = busy
    cache.set(selectors_mine._busy_key(user), True, 60)
    qs = selectors.case_list(actor=user, filters={"mine": "1"})
    assert "OFFSET 0" not in str(qs.query) and "EXISTS" in str(qs.query)
    assert codes(qs) == mine
