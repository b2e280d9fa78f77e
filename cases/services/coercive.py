"""Applying coercive measures (called by `case_transition`): 查封 / 扣押 (《行政强制法》 arts. 18–28) and
先行登记保存 (《行政处罚法》 art. 56). `apply` reads the measure and the officers before the guards run (they
see them as facts in `ctx.data`); `after` writes the measure rows once the case row is saved (same
transaction, the case row locked) and returns what the case event records."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from enforcement.core.workdays import add_workdays
from townships.models import Officer
from townships.services import serving_township_ids

from ..guards_coercive import MeasureFact
from ..models_coercive import (
    IN_FORCE,
    PRESERVATION_WORKDAYS,
    SEIZURE_MAX_DAYS,
    CoerciveItem,
    CoerciveKind,
    CoerciveMeasure,
    CoerciveStatus,
)

ACTIONS = {"take_coercive_measure", "extend_coercive_measure", "release_coercive_measure",
           "decide_coercive_measure"}
DATE_FIELDS = {"extend_coercive_measure": "extended_on", "release_coercive_measure": "released_on",
               "decide_coercive_measure": "handled_on"}


def measure_deadline(kind, decided_on, period_days=None):
    """行政强制法 art. 25: 30 days (or the shorter period chosen) from the decision; 行政处罚法 arts. 56, 85: seven
    working days for 先行登记保存."""
    if kind == CoerciveKind.PRESERVATION:
        return add_workdays(decided_on, PRESERVATION_WORKDAYS)
    return decided_on + datetime.timedelta(days=period_days or SEIZURE_MAX_DAYS)


def _officers(case, numbers, on):
    from ..workflow import OfficerFact

    found = {o.employee_number: o for o in Officer.objects.filter(employee_number__in=numbers, is_active=True)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationError({"on_site_officers": [_("Unknown officers: %(numbers)s") % {
            "numbers": ", ".join(missing)}]})
    officers = [found[n] for n in numbers]
    allowed = serving_township_ids(case.township) if case.township_id else {None}
    foreign = [o.name for o in officers if o.township_id not in allowed]
    if foreign:
        raise ValidationError({"on_site_officers": [_(
            "These officers do not serve the case's township or bureau: %(names)s") % {"names": "、".join(foreign)}]})
    return officers, [OfficerFact(name=o.name, has_valid_certificate=o.has_valid_certificate(on)) for o in officers]


def _locked_measure(case, number):
    return CoerciveMeasure.objects.select_for_update().filter(case=case, number=number).first()


def apply(case, action, values, on, today):
    if action == "take_coercive_measure":
        officers, facts = _officers(case, values["on_site_officers"], on)
        values["on_site_facts"] = facts
        values["_officers"] = officers
        return {"kind": values["kind"]}
    measure = _locked_measure(case, values["measure"])
    values["_measure"] = measure
    values["measure_fact"] = None if measure is None else MeasureFact(
        number=measure.number, kind=measure.kind, status=measure.status, deadline=measure.deadline,
        extended=bool(measure.extended_on))
    if measure is not None and on < measure.decided_on:
        raise ValidationError({DATE_FIELDS[action]: [_(
            "The date %(date)s is before the measure was decided (%(earliest)s).") % {
            "date": on, "earliest": measure.decided_on}]})
    return {"measure": values["measure"]}


def after(case, action, values, on, actor):
    """The measure rows (the case row is saved and locked); returns what the case event records."""
    if action == "take_coercive_measure":
        number = (CoerciveMeasure.objects.filter(case=case).order_by("-number")
                  .values_list("number", flat=True).first() or 0) + 1
        kind = values["kind"]
        period = None if kind == CoerciveKind.PRESERVATION else (values.get("period_days") or SEIZURE_MAX_DAYS)
        measure = CoerciveMeasure(
            case=case, number=number, kind=kind, decided_on=on, approved_by=values["approved_by"],
            reason=values["reason"], legal_basis=values["legal_basis"], place=values["place"], period_days=period,
            deadline=measure_deadline(kind, on, period), record_time=values["record_time"],
            record_place=values["record_place"],
            on_site_officers=[{"employee_number": o.employee_number, "name": o.name,
                               "certificate_number": o.certificate_number or ""} for o in values["_officers"]],
            party_present=values.get("party_present", True),
            party_refused_to_sign=values.get("party_refused_to_sign", False), witness=values.get("witness", ""),
            record_note=values["record_note"], created_by=actor)
        measure.full_clean(exclude=["case", "created_by"])
        measure.save()
        CoerciveItem.objects.bulk_create([
            CoerciveItem(measure=measure, position=i, name=line["name"], spec=line.get("spec", ""),
                         quantity=line["quantity"], unit=line["unit"], kept_at=line["kept_at"],
                         note=line.get("note", "")) for i, line in enumerate(values["items"], start=1)])
        _count(case)
        return {"measure": measure.pk, "number": number, "kind": kind, "deadline": measure.deadline.isoformat(),
                "items": len(values["items"])}
    measure = values["_measure"]
    if action == "extend_coercive_measure":
        previous = measure.deadline
        measure.extended_on = on
        measure.extension_days = values["days"]
        measure.extension_reason = values["reason"]
        measure.extension_approved_by = actor
        measure.deadline = previous + datetime.timedelta(days=values["days"])
        measure.status = CoerciveStatus.EXTENDED
        measure.save()
        return {"measure": measure.pk, "number": measure.number, "days": values["days"],
                "previous_deadline": previous.isoformat(), "deadline": measure.deadline.isoformat()}
    if action == "release_coercive_measure":
        overdue = measure.deadline < on
        measure.released_on = on
        measure.release_reason = values["reason"]
        measure.goods_returned = values.get("goods_returned", False)
        measure.release_note = values["note"]
        measure.status = CoerciveStatus.RELEASED
        measure.save()
        _count(case)
        return {"measure": measure.pk, "number": measure.number, "reason": values["reason"],
                "released_after_deadline": overdue}
    if action == "decide_coercive_measure":
        overdue = measure.deadline < on
        measure.handled_on = on
        measure.handling = values["handling"]
        measure.handling_note = values["note"]
        measure.status = CoerciveStatus.DECIDED
        measure.save()
        _count(case)
        return {"measure": measure.pk, "number": measure.number, "handling": values["handling"],
                "decided_after_deadline": overdue}
    raise KeyError(action)


def _count(case):
    case.coercive_in_force = CoerciveMeasure.objects.filter(case=case, status__in=IN_FORCE).count()
    case.save(update_fields=["coercive_in_force", "updated_at"])
