"""Parsing the cells of a catalogue file: yes/no, amounts, dates, penalty kinds, choices, discretion tiers.

Each parser raises ValueError with a Chinese-translated message, or records row/column errors in the result.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..models import PenaltyKind
from . import fileformat as ff

FINE_LIMIT = Decimal("1000000000000")


def _parse_bool(text):
    low = text.strip().lower()
    if low in ff.TRUE_WORDS:
        return True
    if low in ff.FALSE_WORDS:
        return False
    raise ValueError(_("Write 是 or 否 (yes or no)."))


def _parse_money(text):
    if text == "":
        return None
    cleaned = text.replace(",", "").replace("元", "").replace("¥", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from exc
    if not value.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text})
    if value < 0:
        raise ValueError(_("An amount cannot be negative."))
    if value >= FINE_LIMIT:
        raise ValueError(_("The amount is too large."))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("At most two decimal places (yuan and fen)."))
    return value.quantize(Decimal("0.01"))


def _parse_date(text):
    if text == "":
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text[:11].strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Enter a date as YYYY-MM-DD."))


def _parse_kinds(text):
    parts = [text]
    for sep in ff.KIND_SEPARATORS:
        parts = [p for piece in parts for p in piece.split(sep)]
    kinds, unknown = [], []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        value = ff.PENALTY_KIND_BY_NAME.get(part)
        if value is None:
            unknown.append(part)
        elif value not in kinds:
            kinds.append(value)
    if unknown:
        raise ValueError(_("Unknown penalty kinds: %(kinds)s. Allowed: %(allowed)s") % {
            "kinds": "、".join(unknown), "allowed": "、".join(ff.PENALTY_KIND_NAMES.values())})
    order = list(PenaltyKind.values)
    return sorted(kinds, key=order.index)


def _choice(text, table, names):
    value = table.get(text) or table.get(text.lower())
    if value is None:
        raise ValueError(_("“%(value)s” is not allowed; use one of: %(allowed)s") % {
            "value": text, "allowed": "、".join(names.values())})
    return value


def _parse_tiers(row, tier_index, values, row_number, result):
    """The row's discretion benchmark from the per-level columns, or None after recording its errors."""
    cells = {ff.TIER_BY_HEADER[h]: (row[i].strip() if i < len(row) else "") for h, i in tier_index.items()}
    tiers, ok = [], True
    for level in ff.DISCRETION_LEVEL_NAMES:
        texts = {part: cells.get((level, part), "") for part, _suffix in ff.TIER_PARTS}
        if not any(texts.values()):
            continue
        headers = {part: ff.DISCRETION_LEVEL_NAMES[level] + suffix for part, suffix in ff.TIER_PARTS}
        band = {}
        for part in ("fine_min", "fine_max"):
            try:
                band[part] = _parse_money(texts[part])
            except ValueError as exc:
                result.error(row_number, headers[part], exc.args[0])
                ok = False
                continue
            if band[part] is None:
                result.error(row_number, headers[part], _("Enter the fine band of this circumstance level."))
                ok = False
        if not texts["conditions"]:
            result.error(row_number, headers["conditions"], _("Describe the conditions of this circumstance level."))
            ok = False
        if band.get("fine_min") is None or band.get("fine_max") is None:
            continue
        if band["fine_min"] > band["fine_max"]:
            result.error(row_number, headers["fine_max"], _("The maximum fine must not be below the minimum fine."))
            ok = False
        item_min, item_max = values.get("fine_min"), values.get("fine_max")
        if item_min is not None and band["fine_min"] < item_min:
            result.error(row_number, headers["fine_min"], _("The band must lie inside the item's fine range."))
            ok = False
        if item_max is not None and band["fine_max"] > item_max:
            result.error(row_number, headers["fine_max"], _("The band must lie inside the item's fine range."))
            ok = False
        tiers.append({"level": level, "conditions": texts["conditions"], **band})
    return tiers if ok else None
