"""Catalogue import from .xlsx or .csv: every row validated, errors by row and column, all or nothing.

An import that changes existing items writes Adjustments (amend / retire); new items get an `add`
Adjustment; an unchanged row writes nothing, so exporting and re-importing the same file is a no-op.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core.bulk import update_rows
from enforcement.core.locks import import_lock

from ..labels import item_labels
from ..models import Adjustment, DiscretionTier, Domain, Item, ItemStatus
from . import fileformat as ff
from .cells import _choice, _parse_bool, _parse_date, _parse_kinds, _parse_money, _parse_tiers  # noqa: F401
from .items import _set_from_snapshot, _tier_objects, flush_search_index, refresh_search_fields, snapshot
from .reading import ImportFileError, max_import_bytes, read_table  # noqa: F401 - re-exported for callers

PROGRESS_EVERY = 250
MAX_ERRORS = 500
TEXT_LIMITS = {"code": 40, "name": 300, "violation_law": 200, "violation_article": 200, "penalty_law": 200,
               "penalty_article": 200}


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def error(self, row, column, message):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "column": column, "message": str(message)})


# ------------------------------------------------------------------------------------------- validation

def validate_table(rows, result, *, progress=None):
    """Parse and check every data row; return [(row_number, values)], filling result.errors."""
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    missing = [h for h in ff.REQUIRED_HEADERS if h not in header]
    if missing:
        result.error(1, "", _("Required columns are missing: %(columns)s. Download the template for the expected "
                              "columns.") % {"columns": "、".join(missing)})
        return []
    index = {h: i for i, h in enumerate(header) if h in ff.FIELD_BY_HEADER}
    tier_index = {h: i for i, h in enumerate(header) if h in ff.TIER_BY_HEADER}
    domains = {}
    for domain in Domain.objects.all():
        domains[domain.name] = domain
        domains[domain.code] = domain
    seen = {}
    parsed = []
    data_rows = rows[1:]
    result.total = len(data_rows)
    for offset, row in enumerate(data_rows):
        row_number = offset + 2  # the header is row 1
        raw = {ff.FIELD_BY_HEADER[h]: (row[i] if i < len(row) else "") for h, i in index.items()}
        values, ok = {}, True

        def fail(field_name, message, row_number=row_number):
            nonlocal ok
            ok = False
            result.error(row_number, ff.HEADER_BY_FIELD[field_name], message)

        for field_name, _header, required in ff.COLUMNS:
            text = raw.get(field_name, "")
            if required and not text:
                fail(field_name, _("This column is required."))
                continue
            try:
                if field_name in TEXT_LIMITS:
                    if len(text) > TEXT_LIMITS[field_name]:
                        raise ValueError(_("At most %(n)s characters.") % {"n": TEXT_LIMITS[field_name]})
                    values[field_name] = text
                elif field_name == "domain":
                    if text not in domains:
                        raise ValueError(_("Unknown enforcement domain “%(value)s”.") % {"value": text})
                    values["domain"] = domains[text]
                elif field_name == "power_type":
                    values[field_name] = _choice(text, ff.POWER_TYPE_BY_NAME, ff.POWER_TYPE_NAMES)
                elif field_name == "tier":
                    values[field_name] = _choice(text, ff.TIER_BY_NAME, ff.TIER_NAMES)
                elif field_name == "status":
                    values[field_name] = _choice(text, ff.STATUS_BY_NAME, ff.STATUS_NAMES) if text else ""
                elif field_name == "penalty_kinds":
                    values[field_name] = _parse_kinds(text)
                elif field_name in {"fine_min", "fine_max"}:
                    values[field_name] = _parse_money(text)
                elif field_name in {"no_penalty", "correction_first", "warning_only", "concerns_life_health_safety"}:
                    values[field_name] = _parse_bool(text)
                elif field_name == "valid_from":
                    values[field_name] = _parse_date(text)
                else:
                    values[field_name] = text
            except ValueError as exc:
                fail(field_name, exc.args[0] if exc.args else _("Invalid value."))
        if values.get("fine_min") is not None and values.get("fine_max") is not None \
                and values["fine_min"] > values["fine_max"]:
            fail("fine_max", _("The maximum fine must not be below the minimum fine."))
        if tier_index:
            tiers = _parse_tiers(row, tier_index, values, row_number, result)
            if tiers is None:
                ok = False
            else:
                values["discretion_tiers"] = tiers
        code = values.get("code")
        if code:
            if code in seen:
                fail("code", _("Code %(code)s also appears in row %(row)s; codes must be unique.") % {
                    "code": code, "row": seen[code]})
            else:
                seen[code] = row_number
        if ok:
            parsed.append((row_number, values))
        if progress and (offset + 1) % PROGRESS_EVERY == 0:
            progress(offset + 1, result.total)
    if progress:
        progress(result.total, result.total)
    return parsed


# ---------------------------------------------------------------------------------------------- writing

ITEM_FIELDS = [f for f, _h, _r in ff.COLUMNS if f not in {"code", "status", "valid_from"}]


def _same_kinds(a, b):
    return sorted(a or []) == sorted(b or [])


def _plan(parsed, result, effective_date):
    """Work out adds, amendments and retirements; record row errors for impossible changes."""
    codes = [values["code"] for _n, values in parsed]
    existing = {}
    for start in range(0, len(codes), 1000):
        chunk = codes[start:start + 1000]
        for item in Item.objects.select_related("domain").prefetch_related("discretion_tiers").filter(code__in=chunk):
            existing[item.code] = item
    latest = dict(Adjustment.objects.filter(item__code__in=list(existing)).values("item_id")
                  .annotate(last=Max("effective_date")).values_list("item_id", "last")) if existing else {}
    projected = {}  # an item's latest pending amendment: later changes build on its values
    for item_id, after in (Adjustment.objects.filter(item__code__in=list(existing), pending=True)
                           .order_by("item_id", "effective_date", "id").values_list("item_id", "after")):
        projected[item_id] = after
    creates, amends, retires = [], [], []
    for row_number, values in parsed:
        item = existing.get(values["code"])
        status = values.get("status") or ""
        if item is None:
            if status == ItemStatus.RETIRED:
                result.error(row_number, ff.HEADER_BY_FIELD["status"],
                             _("A new item cannot be imported as retired."))
                continue
            new = Item(code=values["code"], status=ItemStatus.ACTIVE,
                       valid_from=values.get("valid_from") or effective_date,
                       **{f: values[f] for f in ITEM_FIELDS})
            new.new_tiers = values.get("discretion_tiers") or []
            refresh_search_fields(new)
            try:
                new.clean()
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    result.error(row_number, ff.HEADER_BY_FIELD.get(key, key), "；".join(messages))
                continue
            creates.append((row_number, new))
            continue
        row = snapshot(item)
        before = projected.get(item.pk) or row
        tiers = _tier_objects(item, values["discretion_tiers"]) if "discretion_tiers" in values else None
        if tiers is None and item.pk in projected:
            tiers = _tier_objects(item, before.get("discretion_tiers"))
        if item.status == ItemStatus.RETIRED:
            changed = [f for f in ITEM_FIELDS if not _values_equal(f, getattr(item, f), values[f])]
            if tiers is not None and snapshot(item, tiers)["discretion_tiers"] != before["discretion_tiers"]:
                changed.append("discretion_tiers")
            if status != ItemStatus.RETIRED or changed:
                result.error(row_number, ff.HEADER_BY_FIELD["code"], _(
                    "Item %(code)s is retired and cannot be changed by an import.") % {"code": item.code})
            else:
                result.unchanged += 1
            continue
        for f in ITEM_FIELDS:
            if not _values_equal(f, getattr(item, f), values[f]):
                setattr(item, f, values[f])
        if values.get("valid_from") and values["valid_from"] != item.valid_from:
            item.valid_from = values["valid_from"]
        after = snapshot(item, tiers)
        wants_retire = status == ItemStatus.RETIRED
        if after == before and not wants_retire:
            result.unchanged += 1
            continue
        last = latest.get(item.pk)
        if last and effective_date < last:
            result.error(row_number, ff.HEADER_BY_FIELD["code"], _(
                "The import's effective date precedes this item's latest adjustment (%(date)s).") % {
                "date": last.isoformat()})
            continue
        try:
            item.clean()
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                result.error(row_number, ff.HEADER_BY_FIELD.get(key, key), "；".join(messages))
            continue
        if after != before:
            refresh_search_fields(item)
            tiers_changed = after["discretion_tiers"] != before["discretion_tiers"]
            amends.append((item, before, after, tiers if tiers_changed else None, row))
        if wants_retire:
            if effective_date <= item.valid_from:
                result.error(row_number, ff.HEADER_BY_FIELD["status"], _(
                    "The retirement must take effect after the item became valid (%(date)s).") % {
                    "date": item.valid_from.isoformat()})
                continue
            item.import_before = before
            retires.append(item)
    return creates, amends, retires


def _values_equal(name, current, new):
    if name == "penalty_kinds":
        return _same_kinds(current, new)
    if name == "domain":
        return current.pk == new.pk
    return current == new


def import_catalog(*, actor, content, filename, dry_run=False, reason=Adjustment.Reason.IMPORT,
                   document_number="", effective_date=None, progress=None):
    """Validate and (unless dry_run or any error) apply a catalogue file. Returns an ImportResult.

    Raises ImportFileError when the file as a whole cannot be read.
    """
    if actor is not None:
        access.require(actor, "catalog.manage")
    effective_date = effective_date or timezone.localdate()
    result = ImportResult(dry_run=dry_run)
    rows = read_table(content, filename)
    if len(rows) < 2:
        raise ImportFileError(_("The file has a header row but no items."))
    parsed = validate_table(rows, result, progress=progress)
    if result.errors:
        return result
    with transaction.atomic():
        import_lock("catalog")  # a concurrent import waits, then plans against what this one wrote
        creates, amends, retires = _plan(parsed, result, effective_date)
        if result.errors:
            result.unchanged = 0
            return result
        result.created, result.updated, result.retired = len(creates), len(amends), len(retires)
        if dry_run:
            return result
        _write(actor, creates, amends, retires, reason, document_number, effective_date)
        audit.record("catalog.imported", actor=actor, filename=filename, created=result.created,
                     updated=result.updated, retired=result.retired, unchanged=result.unchanged,
                     document_number=document_number)
    return result


def _write(actor, creates, amends, retires, reason, document_number, effective_date):
    new_items = [item for _n, item in creates]
    Item.objects.bulk_create(new_items, batch_size=500)
    new_tiers = {item.pk: _tier_objects(item, item.new_tiers) for item in new_items}
    adjustments = [Adjustment(item=item, kind=Adjustment.Kind.ADD, reason=reason, document_number=document_number,
                              effective_date=item.valid_from, actor=actor, before=None,
                              after=snapshot(item, tiers=new_tiers[item.pk])) for item in new_items]
    tier_rows = [tier for tiers in new_tiers.values() for tier in tiers]
    replaced = []
    amended = []
    pending = effective_date > timezone.localdate()  # dated ahead: stored now, applied on its date
    for item, before, after, tiers, row in amends:
        if pending:
            _set_from_snapshot(item, row)  # the row keeps the values in force today
            refresh_search_fields(item)
        else:
            item.version += 1
            amended.append(item)
            if tiers is not None:
                replaced.append(item.pk)
                tier_rows.extend(tiers)
        adjustments.append(Adjustment(item=item, kind=Adjustment.Kind.AMEND, reason=reason,
                                      document_number=document_number, effective_date=effective_date, actor=actor,
                                      before=before, after=after, pending=pending,
                                      applied_at=None if pending else timezone.now()))
    after_of = {item.pk: after for item, _before, after, _tiers, _row in amends}
    for item in retires:
        before = after_of.get(item.pk) or item.import_before
        item.status = ItemStatus.RETIRED
        item.valid_to = effective_date - timedelta(days=1)
        if item not in amended:
            item.version += 1
            amended.append(item)
        after = dict(before, status=item.status, valid_to=item.valid_to.isoformat())
        adjustments.append(Adjustment(item=item, kind=Adjustment.Kind.RETIRE, reason=reason,
                                      document_number=document_number, effective_date=effective_date, actor=actor,
                                      before=before, after=after))
    if amended:
        # one UPDATE … FROM (VALUES …) per 1,000 rows instead of bulk_update's CASE per field and row (issue 14)
        update_rows(Item, amended, ITEM_FIELDS + ["valid_from", "status", "valid_to", "version", "pinyin_initials",
                                                  "search_text"])
    Adjustment.objects.bulk_create(adjustments, batch_size=500)
    if replaced:
        DiscretionTier.objects.filter(item_id__in=replaced).delete()
    DiscretionTier.objects.bulk_create(tier_rows, batch_size=1000)
    if new_items or amended:
        flush_search_index()
        item_labels.changed()  # update_rows() sends no signals
