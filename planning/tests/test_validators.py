import random

from django.core.exceptions import ValidationError

import pytest

from planning.validators import uscc_check_char, uscc_generate, uscc_is_valid, validate_uscc

# A published example code (GB 32100 appendix style): check character computed by the standard's weights.
KNOWN_VALID = "91330200MA2CJ5FE7D"


def test_known_code_passes_its_checksum():
    body = KNOWN_VALID[:17]
    assert uscc_is_valid(body + uscc_check_char(body))


def test_generated_codes_are_valid():
    rng = random.Random(1)
    assert all(uscc_is_valid(uscc_generate(rng)) for _ in range(200))


def test_one_changed_character_fails_the_checksum():
    code = uscc_generate(random.Random(2))
    changed = code[:5] + ("1" if code[5] != "1" else "2") + code[6:]
    assert not uscc_is_valid(changed)
    with pytest.raises(ValidationError) as exc:
        validate_uscc(changed)
    assert "GB 32100" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["", "123", "91330200MA2CJ5FE7", "91330200MA2CJ5FEIO"])
def test_bad_length_or_characters_are_refused(value):
    with pytest.raises(ValidationError):
        validate_uscc(value)
