"""The clue list's search box (issue 14 at 1,000,000 clues): every branch served by an index, the same matches."""

import pytest

from enforcement.core import crypto
from intake import selectors
from intake.models import Source

from .factories import ClueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clues(township):
    return {
        "market": ClueFactory(township=township, address="城关镇人民路12号", subject_name="王伟"),
        "bridge": ClueFactory(township=township, address="东风桥下", subject_name=""),
        "hotline": ClueFactory(township=township, address="解放街3号", source=Source.HOTLINE,
                               external_number="GD-2026-0042", reporter_phone_hash=crypto.keyed_hash("13800000000")),
    }


def found(operator, q):
    return {c.code for c in selectors.clue_list(actor=operator, filters={"q": q})}


@pytest.mark.parametrize("term", ["人民路12号", "人民", "路", "12号"])
def test_a_part_of_the_address_finds_the_clue(operator, clues, term):
    assert found(operator, term) == {clues["market"].code}


@pytest.mark.parametrize("term", ["王伟", "伟"])
def test_a_part_of_the_party_name_finds_the_clue(operator, clues, term):
    assert found(operator, term) == {clues["market"].code}


def test_the_clue_number_in_any_case_finds_the_clue(operator, clues):
    assert found(operator, clues["bridge"].code.lower()) == {clues["bridge"].code}


def test_the_work_order_number_and_the_phone_find_the_clue(operator, clues):
    assert found(operator, "GD-2026-0042") == {clues["hotline"].code}
    assert found(operator, "13800000000") == {clues["hotline"].code}


def test_a_term_in_no_clue_finds_nothing(operator, clues):
    assert found(operator, "中山路") == set()


def test_search_keeps_the_township_scope(township_operator, clues, other_township):
    ClueFactory(township=other_township, address="人民路99号")
    assert found(township_operator, "人民路") <= {c.code for c in clues.values()}
