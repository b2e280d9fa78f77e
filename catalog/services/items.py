"""Writes to the catalogue: add, amend and retire items, each leaving a versioned Adjustment."""

import copy
import re
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pypinyin import Style, lazy_pinyin

from enforcement.accounts import access
from enforcement.audit import services as audit

from ..models import Adjustment, DiscretionTier, Domain, Item, ItemStatus

# The fields a snapshot holds, in a stable order (before/after of every Adjustment).
SNAPSHOT_FIELDS = (
    "code", "name", "domain", "power_type", "violation_law", "violation_article", "penalty_law",
    "penalty_article", "penalty_kinds", "fine_min", "fine_max", "tier", "no_penalty", "no_penalty_conditions",
    "correction_first", "correction_first_conditions", "warning_only", "warning_only_conditions",
    "concerns_life_health_safety", "also_comprehensive", "status", "valid_from", "valid_to",
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


def _tier_objects(item, raw_tiers):
    return [DiscretionTier(item=item, level=t["level"], conditions=t.get("conditions", ""),
                           fine_min=Decimal(str(t.get("fine_min") or 0)), fine_max=Decimal(str(t.get("fine_max") or 0)))
            for t in raw_tiers or []]


def _set_from_snapshot(item, data, fields=AMENDABLE_FIELDS):
    """Set `fields` of `item` (in memory) from a snapshot; returns the snapshot's discretion tiers as objects."""
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if name == "domain":
            if value != item.domain.code:
                item.domain = Domain.objects.get(code=value)
        elif name in {"fine_min", "fine_max"}:
            setattr(item, name, Decimal(value) if value is not None else None)
        elif name in {"valid_from", "valid_to"}:
            setattr(item, name, date.fromisoformat(value) if value else None)
        else:
            setattr(item, name, value)
    return _tier_objects(item, data.get("discretion_tiers"))


def latest_pending(item):
    return item.adjustments.filter(pending=True).order_by("-effective_date", "-id").first()


def projected(item):
    """The item as it will stand once its pending amendments apply: (item copy, tiers) — or the row itself."""
    pending = latest_pending(item)
    if pending is None or not pending.after:
        return item, None
    future = copy.copy(item)
    tiers = _set_from_snapshot(future, pending.after)
    return future, tiers


def _check_tiers(item, tiers):
    seen = set()
    for tier in tiers:
        if tier.level in seen:
            raise ValidationError({"discretion_tiers": _("Each circumstance level may appear only once.")})
        seen.add(tier.level)
        tier.clean_fields(exclude=["item"])
        tier.clean()


@transaction.atomic
def item_amend(*, actor, item, changes, reason, document_number="", effective_date=None, note=""):
    """Amend an active item (清单调整: 变更). `changes` maps field names (and `discretion_tiers`) to values.

    An amendment dated today or earlier changes the item at once. One dated ahead is stored as a pending
    Adjustment (its `after` snapshot) and applied on its date by `adjustments_apply_due`; the item keeps
    the values in force today until then. Later amendments build on the pending values.
    """
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
    is_pending = effective_date > timezone.localdate()
    base, base_tiers = projected(item)
    before = snapshot(base, base_tiers)
    working = copy.copy(base) if is_pending else base
    for name, value in changes.items():
        if name != "discretion_tiers":
            setattr(working, name, value)
    refresh_search_fields(working)
    working.full_clean()
    tiers = base_tiers
    if "discretion_tiers" in changes:
        tiers = _tier_objects(working, changes["discretion_tiers"])
    elif tiers is not None:
        tiers = _tier_objects(working, before["discretion_tiers"])
    after = snapshot(working, tiers)
    if after == before:
        raise ValidationError(_("Nothing was changed: an amendment must change at least one field."))
    if is_pending:
        _check_tiers(working, tiers or [])
    else:
        item.version += 1
        item.save()
        if "discretion_tiers" in changes:
            _replace_tiers(item, changes["discretion_tiers"])
    adjustment = Adjustment.objects.create(
        item=item, kind=Adjustment.Kind.AMEND, reason=reason, document_number=document_number,
        effective_date=effective_date, actor=actor, note=note, before=before, after=after, pending=is_pending,
        applied_at=None if is_pending else timezone.now())
    audit.record("catalog.item_amended", actor=actor, obj=item, document_number=document_number,
                 fields=sorted(k for k in after if after[k] != before.get(k)),
                 effective_date=effective_date.isoformat(), pending=is_pending)
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
    base, base_tiers = projected(item)  # a pending amendment before the retirement is part of its "before"
    before = snapshot(base, base_tiers)
    item.status = ItemStatus.RETIRED
    item.valid_to = effective_date - timedelta(days=1)
    item.version += 1
    item.full_clean()
    item.save(update_fields=["status", "valid_to", "version"])
    base.status, base.valid_to = item.status, item.valid_to
    adjustment = Adjustment.objects.create(
        item=item, kind=Adjustment.Kind.RETIRE, reason=reason, document_number=document_number,
        effective_date=effective_date, actor=actor, note=note, before=before, after=snapshot(base, base_tiers))
    audit.record("catalog.item_retired", actor=actor, obj=item, document_number=document_number)
    return adjustment


def adjustment_apply(*, adjustment_id, actor=None, today=None):
    """Apply one pending amendment to its item (row values and discretion tiers). Idempotent: returns False
    when it was already applied or is not yet due."""
    with transaction.atomic():
        adjustment = Adjustment.objects.select_for_update().filter(pk=adjustment_id, pending=True).first()
        if adjustment is None or adjustment.effective_date > (today or timezone.localdate()):
            return False
        item = Item.objects.select_for_update().select_related("domain").get(pk=adjustment.item_id)
        after = adjustment.after or {}
        _set_from_snapshot(item, after)  # status and validity stay: a later retirement is already on the row
        refresh_search_fields(item)
        item.version += 1
        item.full_clean()
        item.save()
        if "discretion_tiers" in after:
            _replace_tiers(item, after["discretion_tiers"])
        adjustment.pending = False
        adjustment.applied_at = timezone.now()
        adjustment.save(update_fields=["pending", "applied_at"])
        audit.record("catalog.adjustment_applied", actor=actor, obj=item, adjustment=adjustment.pk,
                     effective_date=adjustment.effective_date.isoformat(),
                     document_number=adjustment.document_number)
    return True


def adjustments_apply_due(*, today=None, actor=None):
    """Apply every pending amendment whose effective date has come, oldest first, one transaction each.
    Safe to run any number of times (the daily beat task, the management command). Returns the count."""
    today = today or timezone.localdate()
    due = list(Adjustment.objects.filter(pending=True, effective_date__lte=today)
               .order_by("effective_date", "id").values_list("pk", flat=True))
    return sum(1 for pk in due if adjustment_apply(adjustment_id=pk, actor=actor, today=today))
