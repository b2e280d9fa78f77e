"""Reads of the catalogue. Everything starts from `access.scope(...)`."""

import hashlib
import logging
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, IntegerField, JSONField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from townships.models import Empowerment, Township

from .models import SPECIAL_LISTS, Adjustment, Domain, Item, ItemStatus, PowerType

# The columns the item list (page and API) shows: not the search text, pinyin initials or demo flag.
LIST_COLUMNS = (
    "code", "name", "domain__code", "domain__name", "power_type", "tier", "violation_law", "violation_article",
    "penalty_law", "penalty_article", "penalty_kinds", "fine_min", "fine_max", "no_penalty", "no_penalty_conditions",
    "correction_first", "correction_first_conditions", "warning_only", "warning_only_conditions",
    "concerns_life_health_safety", "also_comprehensive", "status", "valid_from", "valid_to", "version",
)
COUNT_CACHE_SECONDS = 300
logger = logging.getLogger(__name__)


def in_force_today(prefix=""):
    """Items in the catalogue today: valid from/to around today (a retirement dated ahead still counts)."""
    today = timezone.localdate()
    return (Q(**{f"{prefix}valid_from__lte": today})
            & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today})))


def domains_overview(*, actor):
    """Domains with counts of the items in force per power type and per special list (one query)."""
    active = in_force_today("items__")
    counts = {"total": Count("items", filter=active)}
    for value in PowerType.values:
        counts[f"n_{value}"] = Count("items", filter=active & Q(items__power_type=value))
    for name in SPECIAL_LISTS:
        counts[f"n_{name}"] = Count("items", filter=active & Q(**{f"items__{name}": True}))
    return access.scope(Domain.objects.all(), actor).annotate(**counts).order_by("sort_order", "code")


def items_visible_to(actor):
    return access.scope(Item.objects.select_related("domain"), actor)


def valid_on(on_date):
    return Q(valid_from__lte=on_date) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))


def _snapshot_subquery(on_date):
    """The item's state on `on_date`: the `before` snapshot of its first adjustment after that date, or else
    the `after` snapshot of its latest pending amendment due by then (the row only holds today's values)."""
    later = Adjustment.objects.filter(item=OuterRef("pk"), effective_date__gt=on_date).order_by("effective_date", "id")
    pending = (Adjustment.objects.filter(item=OuterRef("pk"), pending=True, effective_date__lte=on_date)
               .order_by("-effective_date", "-id"))
    return Coalesce(Subquery(later.values("before")[:1]), Subquery(pending.values("after")[:1]),
                    output_field=JSONField())


def _field_filter(name, value, as_of):
    """Filter on a field; with `as_of`, on the value it had that day (snapshot if amended later)."""
    current = Q(**{name: value})
    if as_of is None:
        return current
    snapshot_value = value.code if isinstance(value, Domain) else value
    return (Q(as_of_snapshot__isnull=True) & current) | Q(**{f"as_of_snapshot__{name}": snapshot_value})


def item_list(*, actor, filters=None):
    """Items matching cleaned `filters` (see forms.ItemFilterForm); ordered by code.

    Without `as_of` the current catalogue (the items in force today, unless `status` asks for the retired
    ones or all); with `as_of` the items valid on that date, filtered on the values they had then
    (`overlay_as_of` shows them).
    """
    filters = filters or {}
    qs = items_visible_to(actor)
    as_of = filters.get("as_of")
    if as_of:
        qs = qs.filter(valid_on(as_of)).annotate(as_of_snapshot=_snapshot_subquery(as_of))
    status = filters.get("status") or ""
    if status == ItemStatus.RETIRED:
        qs = qs.filter(status=status)
    elif status == ItemStatus.ACTIVE or (not status and not as_of):
        qs = qs.filter(in_force_today())
    for term in (filters.get("search") or "").lower().split():
        qs = qs.filter(search_text__contains=term)
    if filters.get("domain"):
        qs = qs.filter(_field_filter("domain", filters["domain"], as_of))
    for name in ("power_type", "tier"):
        if filters.get(name):
            qs = qs.filter(_field_filter(name, filters[name], as_of))
    if filters.get("special_list"):
        qs = qs.filter(_field_filter(filters["special_list"], True, as_of))
    if filters.get("empowered_to"):
        township = filters["empowered_to"]
        if not access.scope(Township.objects.filter(pk=township.pk), actor).exists():
            return qs.none()
        on_date = as_of or timezone.localdate()
        qs = qs.filter(Exists(Empowerment.objects.in_force(on_date).filter(township=township, item=OuterRef("pk"))))
    return qs.order_by("code")


def overlay_as_of(items, on_date):
    """Show `items` (a page) with the field values they had on `on_date` (one query, two if domains moved)."""
    items = list(items)
    if not on_date or not items:
        return items
    snapshots, due = {}, {}
    ids = [i.pk for i in items]
    for start in range(0, len(ids), 2000):  # one query for a page; chunks for a whole export
        rows = (Adjustment.objects.filter(Q(effective_date__gt=on_date) | Q(pending=True, effective_date__lte=on_date),
                                          item_id__in=ids[start:start + 2000])
                .order_by("item_id", "effective_date", "id")
                .values_list("item_id", "effective_date", "before", "after"))
        for item_id, effective, before, after in rows:
            if effective > on_date:
                snapshots.setdefault(item_id, before)  # the first adjustment after the date
            else:
                due[item_id] = after  # the latest pending amendment due by then
    for item_id, after in due.items():
        if not snapshots.get(item_id):
            snapshots[item_id] = after
    domain_codes = {s["domain"] for s in snapshots.values() if s and s.get("domain")}
    moved = domain_codes - {i.domain.code for i in items}
    domains = {d.code: d for d in Domain.objects.filter(code__in=moved)} if moved else {}
    domains.update({i.domain.code: i.domain for i in items})
    for item in items:
        item.as_of = on_date
        before = snapshots.get(item.pk)
        if not before:
            continue
        apply_snapshot(item, before, domains)
    return items


def apply_snapshot(item, data, domains):
    for name, value in data.items():
        if name == "discretion_tiers":
            item.as_of_discretion_tiers = value
        elif name == "domain":
            if value in domains:
                item.domain = domains[value]
        elif name in {"fine_min", "fine_max"}:
            setattr(item, name, Decimal(value) if value is not None else None)
        elif name in {"valid_from", "valid_to"}:
            setattr(item, name, date.fromisoformat(value) if value else None)
        elif hasattr(item, name):
            setattr(item, name, value)
    item.shown_as_of_snapshot = True
    return item


def item_detail(*, actor, code):
    return items_visible_to(actor).prefetch_related("discretion_tiers").get(code=code)


def pending_adjustments(item):
    """Amendments recorded ahead of their effective date, soonest first."""
    return item.adjustments.filter(pending=True).select_related("actor").order_by("effective_date", "id")


def item_history(item):
    return item.adjustments.select_related("actor").order_by("-effective_date", "-id")


def adjustments_visible_to(actor):
    return access.scope(Adjustment.objects.select_related("item", "actor", "item__domain"), actor)


def parse_as_of(value):
    """'2024-05-01' -> date; a clear error otherwise."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError({"as_of": _("Enter a date as YYYY-MM-DD.")}) from exc


def catalogue_fingerprint():
    """Changes whenever the catalogue's searchable contents can have changed: a new item, a new adjustment
    (every add / amend / retire / import writes one) or a pending amendment applied. One cheap query
    (three index lookups). Sequences never go back, so a rolled-back write never reuses a fingerprint."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT max(id) FROM catalog_item), (SELECT max(id) FROM catalog_adjustment), "
            "(SELECT count(*) FROM catalog_adjustment WHERE pending)")
        return "-".join(str(v) for v in cursor.fetchone())


def cached_count(queryset):
    """`queryset.count()`, remembered for a few minutes per (database, catalogue fingerprint, exact SQL).

    1-2 character searches cannot use the trigram index, so their count scans every item in force; the page
    itself is cheap (index order + LIMIT). The SQL holds the user's scope, the filters and today's date, so
    equal keys mean equal answers. Counts that depend on empowerment rows are not cached."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(): nothing to count
        return 0
    if "townships_empowerment" in sql:
        return queryset.count()
    raw = f"{connection.settings_dict['NAME']}|{catalogue_fingerprint()}|{sql}|{params!r}"
    key = "catalog:count:" + hashlib.sha256(raw.encode()).hexdigest()
    try:
        count = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must not break the list: count directly
        return queryset.count()
    if count is None:
        count = queryset.count()
        try:
            cache.set(key, count, COUNT_CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - a cache outage only costs the next request a recount
            logger.warning("catalogue count cache unavailable", exc_info=True)
    return count


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from `cached_count` (same pages, same numbers)."""

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return super().count


# ---------------------------------------------------------------------------------------- public catalogue

def public_items(filters=None):
    """The catalogue as published (三项制度 事前公开): items in force today, no login, no scoping (the catalogue
    is public reference data and carries no personal data). `filters`: search, domain (Domain), power_type, tier,
    special_list, township (Township: its empowered items in force today)."""
    filters = filters or {}
    qs = Item.objects.select_related("domain").filter(in_force_today(), status=ItemStatus.ACTIVE).defer("search_text")
    for term in (filters.get("search") or "").lower().split()[:5]:
        qs = qs.filter(search_text__contains=term)
    if filters.get("domain"):
        qs = qs.filter(domain=filters["domain"])
    for name in ("power_type", "tier"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("special_list") in SPECIAL_LISTS:
        qs = qs.filter(**{filters["special_list"]: True})
    if filters.get("township"):
        qs = qs.filter(Exists(Empowerment.objects.in_force(timezone.localdate())
                              .filter(township=filters["township"], item=OuterRef("pk"))))
    return qs.order_by("code")


def public_townships():
    """Every township with its empowerment mode and the number of items empowered to it today (one query)."""
    today = timezone.localdate()
    empowered = (Empowerment.objects.in_force(today).filter(township=OuterRef("pk"), item__status=ItemStatus.ACTIVE)
                 .order_by().values("township").annotate(n=Count("id")).values("n"))
    return (Township.objects.select_related("hub")
            .annotate(item_count=Coalesce(Subquery(empowered, output_field=IntegerField()), Value(0)))
            .order_by("code"))
