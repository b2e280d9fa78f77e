"""GB 32100-2015 unified social credit codes: the one validator (enforcement.core.validators) used by
cases (organisation parties) and planning (inspection subjects)."""

from django.core.exceptions import ValidationError

import pytest

from enforcement.core.validators import USCC_ALPHABET, is_valid_uscc, uscc_check_char, validate_uscc

# Codes published on the national enterprise credit information system (real enterprises).
PUBLISHED = [
    "91330100716105852F",  # 阿里巴巴(中国)有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "914403001922038216",  # 华为技术有限公司
    "91110000710925462X",  # 中国石油天然气股份有限公司
    "91310000MA1FL1MMXL",  # an enterprise registered in Shanghai
    "12100000400000624D",  # a public institution (事业单位)
    "53100000500021676K",  # a social organisation (民政)
]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_pass(code):
    assert is_valid_uscc(code)
    validate_uscc(code)


def test_weights_are_powers_of_three_modulo_31():
    body = "91330100716105852"
    expected = sum(USCC_ALPHABET.index(ch) * pow(3, i, 31) for i, ch in enumerate(body))
    assert uscc_check_char(body) == USCC_ALPHABET[(31 - expected % 31) % 31] == "F"


@pytest.mark.parametrize("position", range(18))
def test_one_changed_character_fails(position):
    code = PUBLISHED[0]
    replacement = "1" if code[position] != "1" else "2"
    assert not is_valid_uscc(code[:position] + replacement + code[position + 1:])


def test_refusal_names_the_rule():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91330100716105852G")
    assert "GB 32100" in exc.value.messages[0]


@pytest.mark.parametrize("value", [
    "", None, "123", "91330100716105852", "91330100716105852FF",
    "91330100716105852I",  # I, O, S, V, Z are not in the alphabet
    "9133AB00716105852F",  # the administrative division (characters 3-8) is six digits
])
def test_bad_length_alphabet_or_division_is_refused(value):
    assert not is_valid_uscc(value)
    with pytest.raises(ValidationError):
        validate_uscc(value)


def test_surrounding_spaces_and_lower_case_are_tolerated():
    assert is_valid_uscc(" 9144030071526726xg ")
