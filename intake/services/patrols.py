"""日常巡查: patrol plans per zone and the patrol records; a problem found on patrol becomes a clue."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from townships.models import Officer, Zone

from ..models import Frequency, Patrol, PatrolPlan, Source
from .common import date_value, datetime_value, position, text
from .intake import clue_create

MAX_ROUTE_POINTS = 2000


def _officers(numbers, township, key="officers"):
    numbers = [str(n).strip() for n in numbers or [] if str(n).strip()][:30]
    found = {o.employee_number: o for o in Officer.objects.filter(employee_number__in=numbers, is_active=True)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationError({key: _("Unknown officers: %(numbers)s") % {"numbers": ", ".join(missing)}})
    foreign = [o.name for o in found.values() if o.township_id != township.pk]
    if foreign:
        raise ValidationError({key: _("These officers are not posted to %(township)s: %(names)s") % {
            "township": township.name, "names": "、".join(foreign)}})
    return list(found.values())


@transaction.atomic
def patrol_plan_create(*, actor, zone, name, content, frequency, officers, starts_on, ends_on=None):
    access.require(actor, "patrol.plan")
    if not isinstance(zone, Zone):
        zone = Zone.objects.select_related("township").filter(code=str(zone or "")).first()
    if zone is None or not access.scope(Zone.objects.filter(pk=zone.pk), actor).exists():
        raise ValidationError({"zone": _("Choose a zone of your area.")})
    data = {"name": name, "content": content, "starts_on": starts_on, "ends_on": ends_on}
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose one of the listed options.")})
    plan = PatrolPlan(township=zone.township, zone=zone, name=text(data, "name", required=True, max_length=100),
                      content=text(data, "content", required=True), frequency=frequency,
                      starts_on=date_value(data, "starts_on", required=True), ends_on=date_value(data, "ends_on"),
                      created_by=actor)
    if plan.ends_on and plan.ends_on < plan.starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})
    members = _officers(officers, zone.township)
    if not members:
        raise ValidationError({"officers": _("Name at least one officer.")})
    if PatrolPlan.objects.filter(zone=zone, name=plan.name).exists():
        raise ValidationError({"name": _("The zone already has a plan of this name.")})
    plan.full_clean()
    plan.save()
    plan.officers.set(members)
    audit.record("patrol.plan_create", actor=actor, obj=plan, zone=zone.code, frequency=frequency)
    return plan


def _route(points):
    if points in (None, ""):
        return []
    if not isinstance(points, list) or len(points) > MAX_ROUTE_POINTS:
        raise ValidationError({"route": _("The route is a list of at most %(n)s points.") % {"n": MAX_ROUTE_POINTS}})
    route = []
    for point in points:
        try:
            lat, lon = float(point[0]), float(point[1])
        except (TypeError, ValueError, IndexError, KeyError):
            raise ValidationError({"route": _("Each route point is [latitude, longitude(, time)].")}) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationError({"route": _("Each route point is [latitude, longitude(, time)].")})
        route.append([round(lat, 6), round(lon, 6), str(point[2])[:40] if len(point) > 2 else ""])
    return route


@transaction.atomic
def patrol_record(*, actor, plan, started_at, ended_at=None, officers=(), route=None, note="", finding="",
                  finding_address="", latitude=None, longitude=None, now=None):
    """Record a patrol of a plan; a finding (problem found) is registered as a clue from the patrol."""
    access.require(actor, "patrol.record")
    if not access.scope(PatrolPlan.objects.filter(pk=plan.pk), actor).exists():
        raise ValidationError({"plan": _("This plan is outside your area of responsibility.")})
    now = now or timezone.now()
    data = {"started_at": started_at, "ended_at": ended_at, "note": note, "finding": finding,
            "finding_address": finding_address}
    start = datetime_value(data, "started_at")
    if start is None:
        raise ValidationError({"started_at": _("This field is required.")})
    end = datetime_value(data, "ended_at")
    if start > now or (end and (end < start or end > now)):
        raise ValidationError({"ended_at" if end else "started_at": _(
            "A patrol starts before it ends, and neither lies in the future.")})
    lat, lon = position({"latitude": latitude, "longitude": longitude})
    route = _route(route)
    if lat is None and route:  # where the patrol was recorded: the route's first point
        lat, lon = Decimal(str(route[0][0])), Decimal(str(route[0][1]))
    members = _officers(officers, plan.township)
    if not members:
        own = Officer.objects.filter(user_id=actor.pk, township=plan.township).first()
        if own is None:
            raise ValidationError({"officers": _("Name the officers who patrolled.")})
        members = [own]
    patrol = Patrol(plan=plan, township=plan.township, zone=plan.zone, started_at=start, ended_at=end,
                    route=route, latitude=lat, longitude=lon, note=text(data, "note"), recorded_by=actor,
                    created_at=now)
    patrol.full_clean()
    patrol.save()
    patrol.officers.set(members)
    finding_text = text(data, "finding")
    clue = None
    if finding_text:
        clue = clue_create(actor=actor, source=Source.PATROL, description=finding_text,
                           address=text(data, "finding_address", required=True, max_length=200) or plan.zone.name,
                           township=plan.township, zone=plan.zone, patrol=patrol, received_at=end or now, now=now)
    audit.record("patrol.record", actor=actor, obj=patrol, plan=plan.pk, finding=clue.code if clue else "")
    return patrol, clue
