"""Unified social credit code (统一社会信用代码, GB 32100-2015) validation and generation."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(body):
    """The 18th character for the first 17 characters of a code."""
    total = sum(USCC_CHARSET.index(ch) * weight for ch, weight in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_is_valid(code):
    if not isinstance(code, str) or len(code) != 18:
        return False
    if any(ch not in USCC_CHARSET for ch in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def validate_uscc(value):
    """Django validator: a clear Chinese message naming the rule that failed."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="uscc_length")
    bad = sorted({ch for ch in code if ch not in USCC_CHARSET})
    if bad:
        raise ValidationError(
            _("A unified social credit code may not contain: %(chars)s") % {"chars": " ".join(bad)},
            code="uscc_charset",
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("The unified social credit code fails its check digit (GB 32100)."), code="uscc_checksum"
        )


def uscc_generate(rng, *, region="330203"):
    """A syntactically valid code (demo data and tests): 9 (工商) 1 (企业) + region + org code + check."""
    org = "".join(rng.choice(USCC_CHARSET[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _i in range(9))
    body = "91" + region + org
    return body + uscc_check_char(body)
