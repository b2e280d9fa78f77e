"""Township empowerment (赋权, 行政处罚法 art. 24): granting and revoking catalogue items, and reads.

`townships.services.is_empowered` stays the single guard that case filing uses; this module writes the
rows it reads.

1+X radiation (DESIGN §2: satellites share their hub's list): each satellite keeps its own rows (so the
guard stays one plain lookup and a satellite's history survives a later change of mode), and every grant or
revocation on a hub is propagated to its satellites by `empowerment_sync_satellite`, which makes the
satellite's list in force from that date equal to the hub's and audits what it changed.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit

from .models import Empowerment, Township


def _active_items(items, on_date):
    return items.filter(status="active", valid_from__lte=on_date).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))


@transaction.atomic
def empowerment_grant(*, actor, township, items, valid_from=None, document_number="", is_demo=False,
                      propagate=True):
    """Empower `township` for every active item of the queryset `items` not already in force. Returns the count.

    A hub's grant is propagated to its 1+X satellites (unless propagate=False)."""
    if actor is not None:
        access.require(actor, "empowerment.manage")
    valid_from = valid_from or timezone.localdate()
    candidates = _active_items(items, valid_from).exclude(
        pk__in=Empowerment.objects.in_force(valid_from).filter(township=township).values("item_id"))
    # a row starting the same day (revoked earlier) would clash with the unique start: reopen it instead
    reopened = Empowerment.objects.filter(township=township, item__in=candidates, valid_from=valid_from)
    reopened_count = reopened.update(valid_to=None, document_number=document_number)
    rows = [Empowerment(township=township, item_id=item_id, valid_from=valid_from, document_number=document_number,
                        is_demo=is_demo)
            for item_id in candidates.exclude(pk__in=reopened.values("item_id")).values_list("pk", flat=True)]
    Empowerment.objects.bulk_create(rows, batch_size=1000)
    count = len(rows) + reopened_count
    if actor is not None:
        audit.record("empowerment.granted", actor=actor, obj=township, items=count, valid_from=valid_from.isoformat(),
                     document_number=document_number)
    if propagate and count:
        _propagate(actor, township, valid_from, document_number, is_demo)
    return count


def empowerment_grant_domain(*, actor, township, domain, **kwargs):
    from catalog.models import Item

    return empowerment_grant(actor=actor, township=township, items=Item.objects.filter(domain=domain), **kwargs)


def empowerment_grant_tier(*, actor, township, tier, **kwargs):
    from catalog.models import Item

    return empowerment_grant(actor=actor, township=township, items=Item.objects.filter(tier=tier), **kwargs)


@transaction.atomic
def empowerment_revoke(*, actor, township, items, effective_date=None, document_number="", propagate=True):
    """End the empowerment of `township` for `items` from `effective_date` (the day before is the last day).

    A hub's revocation is propagated to its 1+X satellites (unless propagate=False)."""
    if actor is not None:
        access.require(actor, "empowerment.manage")
    effective_date = effective_date or timezone.localdate()
    rows = Empowerment.objects.select_for_update().in_force(effective_date).filter(township=township, item__in=items)
    if rows.filter(valid_from__gte=effective_date).exists():
        raise ValidationError({"effective_date": _(
            "Some of these empowerments only start on or after this date; choose a later date.")})
    count = rows.update(valid_to=effective_date - timedelta(days=1))
    if actor is not None:
        audit.record("empowerment.revoked", actor=actor, obj=township, items=count,
                     effective_date=effective_date.isoformat(), document_number=document_number)
    if propagate and count:
        _propagate(actor, township, effective_date, document_number, False)
    return count


def satellites_of(hub):
    """The 1+X satellites served by `hub`."""
    return Township.objects.filter(hub=hub, empowerment_mode=Township.EmpowermentMode.HUB).order_by("code")


def _propagate(actor, hub, on_date, document_number, is_demo):
    for satellite in satellites_of(hub):
        empowerment_sync_satellite(actor=actor, satellite=satellite, on_date=on_date,
                                   document_number=document_number, is_demo=is_demo)


@transaction.atomic
def empowerment_sync_satellite(*, actor, satellite, on_date=None, document_number="", is_demo=False):
    """Re-sync a 1+X satellite's list from its hub: from `on_date` the satellite is empowered for exactly the
    items its hub is empowered for that day (missing ones granted, extra ones revoked). Idempotent; audited
    when anything changed. Returns (granted, revoked)."""
    from catalog.models import Item

    if actor is not None:
        access.require(actor, "empowerment.manage")
    if not satellite.hub_id or satellite.empowerment_mode != Township.EmpowermentMode.HUB:
        raise ValidationError(_("Only a 1+X satellite with a hub township can be synchronised with its hub."))
    on_date = on_date or timezone.localdate()
    hub_items = set(Empowerment.objects.in_force(on_date).filter(township_id=satellite.hub_id)
                    .values_list("item_id", flat=True))
    own_items = set(Empowerment.objects.in_force(on_date).filter(township=satellite).values_list("item_id", flat=True))
    granted = revoked = 0
    missing, extra = hub_items - own_items, own_items - hub_items
    if missing:
        granted = empowerment_grant(actor=None, township=satellite, items=Item.objects.filter(pk__in=missing),
                                    valid_from=on_date, document_number=document_number, is_demo=is_demo,
                                    propagate=False)
    if extra:
        revoked = empowerment_revoke(actor=None, township=satellite, items=Item.objects.filter(pk__in=extra),
                                     effective_date=on_date, document_number=document_number, propagate=False)
    if granted or revoked:
        audit.record("empowerment.satellite_synced", actor=actor, obj=satellite, hub=satellite.hub.code,
                     granted=granted, revoked=revoked, on_date=on_date.isoformat(), document_number=document_number)
    return granted, revoked


def empowered_items(*, actor, township, on_date=None):
    """The catalogue items `township` may exercise on `on_date` (404-style empty for an unseen township)."""
    from catalog.models import Item

    on_date = on_date or timezone.localdate()
    if not access.scope(Township.objects.filter(pk=township.pk), actor).exists():
        return Item.objects.none()
    in_force = Empowerment.objects.in_force(on_date).filter(township=township)
    return (access.scope(Item.objects.select_related("domain"), actor)
            .filter(pk__in=in_force.values("item_id")).order_by("code"))


def empowerment_matrix(*, actor, on_date=None):
    """Townships × domains with the number of items in force: one aggregated query (+ townships, domains).

    Returns (townships, domains, counts) where counts[(township_id, domain_id)] = n and
    counts[(township_id, None)] = the township's total.
    """
    from catalog.models import Domain

    on_date = on_date or timezone.localdate()
    townships = list(access.scope(Township.objects.all(), actor).order_by("code"))
    domains = list(access.scope(Domain.objects.all(), actor).order_by("sort_order", "code"))
    rows = (access.scope(Empowerment.objects.in_force(on_date), actor)
            .filter(township__in=[t.pk for t in townships])
            .values_list("township_id", "item__domain_id").annotate(n=Count("item_id", distinct=True))
            .order_by())
    counts = {}
    for township_id, domain_id, n in rows:
        counts[(township_id, domain_id)] = n
        counts[(township_id, None)] = counts.get((township_id, None), 0) + n
    return townships, domains, counts


@transaction.atomic
def empowerment_limit_to_zones(*, actor, township, items, zones, on_date=None):
    """特定区域 (seed 001): limit the township's empowerments in force for `items` to `zones` (zones of that township,
    in use); an empty list lifts the limit (the whole township). Only for townships in the 特定区域 mode. Returns the
    number of empowerments changed; audited."""
    from .zones import validate_zone_for

    access.require(actor, "empowerment.manage")
    if township.empowerment_mode != Township.EmpowermentMode.SPECIAL_AREA:
        raise ValidationError(_("Only a township in the special-area mode (特定区域) limits its empowerments to "
                                "zones."))
    zones = list(zones)
    for zone in zones:
        validate_zone_for(zone, township, field_name="zones")
    on_date = on_date or timezone.localdate()
    rows = list(Empowerment.objects.in_force(on_date).filter(township=township, item__in=items))
    for empowerment in rows:
        empowerment.zones.set(zones)
    audit.record("empowerment.zones_limited", actor=actor, obj=township, empowerments=len(rows),
                 zones=sorted(z.code for z in zones))
    return len(rows)
