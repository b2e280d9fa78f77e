"""Writes to the catalogue: add, amend and retire items, each leaving a versioned Adjustment."""

import re
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pypinyin import Style, lazy_pinyin

from enforcement.accounts import access
from enforcement.audit import services as audit

from ..models import Adjustment, DiscretionTier, Item, ItemStatus

# The fields a snapshot holds, in a stable order (before/after of every Adjustment).
SNAPSHOT_FIELDS = (
    "code", "name", "domain", "power_type", "violation_law", "violation_article", "penalty_law",
    "penalty_article", "penalty_kinds", "fine_min", "fine_max", "tier", "no_penalty", "no_penalty_conditions",
    "correction_first", "correction_first_conditions", "warning_only", "warning_only_conditions",
    "concerns_life_health_safety", "status", "valid_from", "valid_to",
)
# Fields an amendment may change (code is the identity; status and validity change by retirement).
AMENDABLE_FIELDS = tuple(f for f in SNAPSHOT_FIELDS if f not in {"code", "status", "valid_to"})
_NON_WORD = re.compile(r"[^0-9a-z]")


def pinyin_initials(text):
    """'占用道路' -> 'zydl'; letters and digits are kept, punctuation dropped."""
    parts = lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default")
    return _NON_WORD.sub("", "".join(parts).lower())[:300]


def build_search_text(item):
    pieces = [item.code, item.name, item.pinyin_initials, item.violation_law, item.violation_article,
              item.penalty_law, item.penalty_article]
    return " ".join(p for p in pieces if p).lower()


def refresh_search_fields(item):
    """Compute pinyin initials and the search text from the item's current values (no save)."""
    item.pinyin_initials = pinyin_initials(item.name)
    item.search_text = build_search_text(item)
    return item


SEARCH_INDEX = "catalog_item_search_text_trgm"


def flush_search_index():
    """After a bulk write on PostgreSQL, merge the trigram index's pending list in one pass, so that
    searches do not scan thousands of pending entries until autovacuum gets there."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(i) FROM to_regclass(%s) AS i WHERE i IS NOT NULL",
                       [SEARCH_INDEX])


def _plain(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(item, tiers=None):
    """A JSON-ready picture of the item (and its discretion tiers) for an Adjustment."""
    data = {}
    for name in SNAPSHOT_FIELDS:
        if name == "domain":
            data["domain"] = item.domain.code
        else:
            data[name] = _plain(getattr(item, name))
    if tiers is None:
        tiers = list(item.discretion_tiers.all()) if item.pk else []
    data["discretion_tiers"] = [
        {"level": t.level, "conditions": t.conditions, "fine_min": _plain(t.fine_min), "fine_max": _plain(t.fine_max)}
        for t in sorted(tiers, key=lambda t: (t.fine_min, t.level))
    ]
    return data


def _check_adjustment_date(item, effective_date):
    latest = item.adjustments.order_by("-effective_date").values_list("effective_date", flat=True).first()
    if latest and effective_date < latest:
        raise ValidationError({"effective_date": _(
            "The effective date may not precede the item's latest adjustment (%(date)s): adjustments are "
            "recorded in date order."
        ) % {"date": latest.isoformat()}})


def _replace_tiers(item, tiers):
    item.discretion_tiers.all().delete()
    objs = []
    for raw in tiers or []:
        tier = DiscretionTier(item=item, level=raw["level"], conditions=raw.get("conditions", ""),
                              fine_min=Decimal(str(raw.get("fine_min") or 0)),
                              fine_max=Decimal(str(raw.get("fine_max") or 0)))
        tier.full_clean()
        objs.append(tier)
    DiscretionTier.objects.bulk_create(objs)
    return objs


@transaction.atomic
def item_create(*, actor, data, reason=Adjustment.Reason.LAW_CHANGE, document_number="", effective_date=None,
                note="", discretion_tiers=None):
    """Add an item to the catalogue (清单调整: 新增)."""
    if actor is not None:
        access.require(actor, "catalog.manage")
    effective_date = effective_date or timezone.localdate()
    item = Item(**data)
    if not item.valid_from:
        item.valid_from = effective_date
    item.status = ItemStatus.ACTIVE
    refresh_search_fields(item)
    item.full_clean()
    item.save()
    tiers = _replace_tiers(item, discretion_tiers) if discretion_tiers else []
    Adjustment.objects.create(item=item, kind=Adjustment.Kind.ADD, reason=reason, document_number=document_number,
                              effective_date=effective_date, actor=actor, note=note, before=None,
                              after=snapshot(item, tiers))
    audit.record("catalog.item_added", actor=actor, obj=item, document_number=document_number)
    return item


@transaction.atomic
def item_amend(*, actor, item, changes, reason, document_number="", effective_date=None, note=""):
    """Amend an active item (清单调整: 变更). `changes` maps field names (and `discretion_tiers`) to values."""
    if actor is not None:
        access.require(actor, "catalog.manage")
    item = Item.objects.select_for_update().select_related("domain").get(pk=item.pk)
    if item.status == ItemStatus.RETIRED:
        raise ValidationError(_(
            "Item %(code)s was retired on %(date)s and can no longer be amended; add a new item instead."
        ) % {"code": item.code, "date": (item.valid_to + timedelta(days=1)).isoformat() if item.valid_to else "-"})
    effective_date = effective_date or timezone.localdate()
    _check_adjustment_date(item, effective_date)
    unknown = set(changes) - set(AMENDABLE_FIELDS) - {"discretion_tiers"}
    if unknown:
        raise ValidationError(_("These fields cannot be amended: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = snapshot(item)
    for name, value in changes.items():
        if name != "discretion_tiers":
            setattr(item, name, value)
    refresh_search_fields(item)
    item.full_clean()
    tiers = None
    if "discretion_tiers" in changes:
        tiers = [DiscretionTier(item=item, level=t["level"], conditions=t.get("conditions", ""),
                                fine_min=Decimal(str(t.get("fine_min") or 0)),
                                fine_max=Decimal(str(t.get("fine_max") or 0))) for t in changes["discretion_tiers"]]
    after = snapshot(item, tiers)
    if after == before:
        raise ValidationError(_("Nothing was changed: an amendment must change at least one field."))
    item.version += 1
    item.save()
    if tiers is not None:
        _replace_tiers(item, changes["discretion_tiers"])
    adjustment = Adjustment.objects.create(
        item=item, kind=Adjustment.Kind.AMEND, reason=reason, document_number=document_number,
        effective_date=effective_date, actor=actor, note=note, before=before, after=after)
    audit.record("catalog.item_amended", actor=actor, obj=item, document_number=document_number,
                 fields=sorted(k for k in after if after[k] != before.get(k)))
    return adjustment


@transaction.atomic
def item_retire(*, actor, item, reason, document_number="", effective_date=None, note=""):
    """Retire an item (清单调整: 取消). It stays in the catalogue's history; from `effective_date` it is gone."""
    if actor is not None:
        access.require(actor, "catalog.manage")
    item = Item.objects.select_for_update().select_related("domain").get(pk=item.pk)
    if item.status == ItemStatus.RETIRED:
        raise ValidationError(_("Item %(code)s is already retired.") % {"code": item.code})
    effective_date = effective_date or timezone.localdate()
    if effective_date <= item.valid_from:
        raise ValidationError({"effective_date": _(
            "The retirement must take effect after the item became valid (%(date)s)."
        ) % {"date": item.valid_from.isoformat()}})
    _check_adjustment_date(item, effective_date)
    before = snapshot(item)
    item.status = ItemStatus.RETIRED
    item.valid_to = effective_date - timedelta(days=1)
    item.version += 1
    item.full_clean()
    item.save(update_fields=["status", "valid_to", "version"])
    adjustment = Adjustment.objects.create(
        item=item, kind=Adjustment.Kind.RETIRE, reason=reason, document_number=document_number,
        effective_date=effective_date, actor=actor, note=note, before=before, after=snapshot(item))
    audit.record("catalog.item_retired", actor=actor, obj=item, document_number=document_number)
    return adjustment
