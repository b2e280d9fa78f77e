"""Intake: a clue from the pages, the PDA, a pushed 12345 work order or an import; its triage proposals.

`clue_create` validates everything before writing, then writes the clue, its first event, the proposals
and (for a complainant with contact details) the reply that is owed. `hotline_push` is idempotent by the
work-order number: the same number pushed twice, even at the same moment, gives one clue.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core.workdays import add_workdays
from townships.models import Department, Township, Zone

from .. import triage
from ..models import PUBLIC_SOURCES, Clue, ClueEvent, Reply, Source, TriageProposal, Urgency
from ..triage.text import address_key, subject_key
from .common import datetime_value, issue_clue_code, position, set_reporter, text


class WorkOrderConflict(ValidationError):
    """The work-order number is known, with different contents (the API answers 409)."""


def _resolve(model, value, field, **filters):
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value
    found = model.objects.filter(code=str(value).strip(), **filters).first()
    if found is None:
        raise ValidationError({field: _("Unknown code “%(code)s”.") % {"code": value}})
    return found


def reply_due_on(received_at):
    return add_workdays(timezone.localdate(received_at), settings.CLUE_REPLY_WORKDAYS)


def _owes_reply(clue):
    return bool(clue.source in PUBLIC_SOURCES and not clue.reporter_anonymous and clue.reporter_phone_hash)


@transaction.atomic
def clue_create(*, actor, source, description, address, urgency=Urgency.NORMAL, reporter_name="", reporter_phone="",
                anonymous=False, latitude=None, longitude=None, subject_name="", occurred_at=None, received_at=None,
                external_number=None, township=None, zone=None, source_department=None, patrol=None,
                payload_hash="", is_demo=False, now=None):
    """Register a clue (线索登记) and its triage proposals. Raises ValidationError, nothing written."""
    access.require(actor, "clue.create")
    now = now or timezone.now()
    data = {"description": description, "address": address, "subject_name": subject_name,
            "latitude": latitude, "longitude": longitude, "occurred_at": occurred_at, "received_at": received_at,
            "external_number": external_number}
    errors = {}
    if source not in Source.values:
        errors["source"] = _("Choose one of the listed options.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose one of the listed options.")
    if errors:
        raise ValidationError(errors)
    description = text(data, "description", required=True, minimum=4)
    address = text(data, "address", required=True, max_length=200)
    subject = text(data, "subject_name", max_length=200)
    number = text(data, "external_number", max_length=64) or None
    lat, lon = position(data)
    received = datetime_value(data, "received_at", now)
    occurred = datetime_value(data, "occurred_at")
    if received > now:
        raise ValidationError({"received_at": _("The time cannot be in the future.")})
    if occurred and occurred > received:
        raise ValidationError({"occurred_at": _("The matter cannot have happened after it was received.")})
    if source == Source.HOTLINE and not number:
        raise ValidationError({"external_number": _("A 12345 work order needs its work-order number.")})
    township = _resolve(Township, township, "township")
    zone = _resolve(Zone, zone, "zone")
    if zone is not None:
        if township is not None and zone.township_id != township.pk:
            raise ValidationError({"zone": _("The zone belongs to another township.")})
        township = township or zone.township
    own = access.township_of(actor)
    if own is not None:
        if township is not None and township.pk != own.pk:
            raise ValidationError({"township": _("You may register clues only for your own township.")})
        township = own
    department = _resolve(Department, source_department, "source_department")
    if source == Source.DEPARTMENT and department is None:
        raise ValidationError({"source_department": _("Choose the department that transferred the matter.")})

    clue = Clue(
        code=issue_clue_code(timezone.localdate(received).year), source=source, external_number=number,
        payload_hash=payload_hash, source_department=department, description=description, address=address,
        address_key=address_key(address), latitude=lat, longitude=lon, subject_name=subject,
        subject_key=subject_key(subject), occurred_at=occurred, received_at=received, urgency=urgency,
        township=township, zone=zone, patrol=patrol, created_by=actor, created_at=now, is_demo=is_demo,
    )
    set_reporter(clue, name=reporter_name, phone=reporter_phone, anonymous=anonymous)
    clue.full_clean(exclude=["current_dispatch", "patrol", "case", "merged_into"])
    clue.save()
    ClueEvent.objects.create(clue=clue, action="create", to_state=clue.state, actor=actor, created_at=now,
                             data={"source": source, "external_number": number or ""})
    audit.record("clue.create", actor=actor, obj=clue, source=source, external_number=number or "")
    if lat is None:
        triage.locate(clue)  # an address without coordinates: the gazetteer's point (ADR 0019)
    triage_propose(clue=clue, now=now)
    if _owes_reply(clue):
        Reply.objects.create(clue=clue, township=clue.township, due_on=reply_due_on(received))
    return clue


def triage_propose(*, clue, now=None):
    """Store what the system proposes for `clue` (items top 3, township/zone, duplicates)."""
    place = triage.propose_zone(address=clue.address, latitude=clue.latitude, longitude=clue.longitude,
                                exclude_clue_id=clue.pk)
    words = " ".join(part for part in (clue.description, clue.subject_name) if part)
    now = now or timezone.now()
    zone = place.zone if place else None
    officers = triage.propose_officers(zone=zone, township=place.township if place else clue.township,
                                       latitude=clue.latitude, longitude=clue.longitude, now=now)
    flags = triage.place_flags(latitude=clue.latitude, longitude=clue.longitude)
    proposal, _created = TriageProposal.objects.update_or_create(clue=clue, defaults={
        "proposed_at": now,
        "officers": officers,
        "outside_zones": "outside_zones" in flags,
        "items": [p.as_dict() for p in triage.propose_items(words)],
        "township": place.township if place else None,
        "zone": place.zone if place else None,
        "place_method": place.method if place else "",
        "place_score": place.score if place else None,
        "duplicates": triage.find_duplicates(clue=clue),
    })
    return proposal


# ---- the 12345 push -----------------------------------------------------------------------------------

PUSH_FIELDS = ("work_order_number", "description", "address", "urgency", "reporter_name", "reporter_phone",
               "anonymous", "latitude", "longitude", "subject_name", "occurred_at", "received_at")


def payload_fingerprint(payload):
    canonical = {key: "" if payload.get(key) is None else str(payload.get(key)) for key in PUSH_FIELDS}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _known(clue, actor, fingerprint):
    access.require(actor, "clue.view", obj=clue)
    if clue.payload_hash and clue.payload_hash != fingerprint:
        raise WorkOrderConflict({"work_order_number": _(
            "Work order %(number)s was received before as clue %(code)s with different contents.") % {
            "number": clue.external_number, "code": clue.code}})
    return clue


def hotline_push(*, actor, work_order_number, **payload):
    """Receive a 12345 work order. Returns (clue, created). The same number again → the first clue."""
    number = str(work_order_number or "").strip()
    if not number:
        raise ValidationError({"work_order_number": _("This field is required.")})
    fingerprint = payload_fingerprint({"work_order_number": number, **payload})
    existing = Clue.objects.filter(source=Source.HOTLINE, external_number=number).first()
    if existing is not None:
        return _known(existing, actor, fingerprint), False
    try:
        with transaction.atomic():
            clue = clue_create(actor=actor, source=Source.HOTLINE, external_number=number,
                               payload_hash=fingerprint, **payload)
    except (IntegrityError, ValidationError):
        # A concurrent push of the same number committed first (the unique constraint, checked by full_clean
        # or by the database): its clue is the one. Any other error is the caller's.
        existing = Clue.objects.filter(source=Source.HOTLINE, external_number=number).first()
        if existing is None:
            raise
        return _known(existing, actor, fingerprint), False
    return clue, True
