"""Pure guards of coercive measures: 查封 / 扣押 (《行政强制法》 arts. 18–28) and 先行登记保存 (《行政处罚法》
art. 56).

Like the guards in `cases.workflow`: `(case, ctx) -> None | Chinese reason naming the article`; no ORM. The
service (`cases.services.coercive.apply`) puts what they need into `ctx.data`: `on_site_facts` (the
officers on site as `OfficerFact`s) for a new measure, `measure_fact`
(a `MeasureFact`, None when unknown) for a step on one.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .models_coercive import EXTENSION_MAX_DAYS, HANDLINGS, IN_FORCE, CoerciveKind, CoerciveStatus, Handling


@dataclass(frozen=True)
class MeasureFact:
    number: int
    kind: str
    status: str
    deadline: date
    extended: bool

    @property
    def in_force(self):
        return self.status in IN_FORCE


def _field(name, message):
    from .workflow import FieldReason

    return FieldReason(name, message)


def two_officers_on_site(case, ctx):
    """行政强制法 art. 18 (二)(三): carried out by at least two officers, each showing a valid enforcement
    certificate."""
    officers = ctx.data.get("on_site_facts") or []
    if len(officers) < 2:
        return _field("on_site_officers", _(
            "行政强制法 Art. 18: a coercive measure is carried out by at least two enforcement officers."))
    invalid = [o.name for o in officers if not o.has_valid_certificate]
    if invalid:
        return _field("on_site_officers", _(
            "行政强制法 Art. 18: these officers hold no valid enforcement certificate to show: %(names)s.") % {
            "names": "、".join(invalid)})
    return None


def party_present_or_witness(case, ctx):
    """行政强制法 art. 18 (八)(九): the party signs the on-site record or the refusal is noted; when the party is
    absent, a witness is invited and signs."""
    if not ctx.data.get("party_present") and not (ctx.data.get("witness") or "").strip():
        return _field("witness", _(
            "行政强制法 Art. 18: the party was not present; name the witness who was invited and signed the "
            "on-site record."))
    return None


def seizure_period_within_limit(case, ctx):
    """行政强制法 art. 25: a seal-up or seizure lasts at most 30 days."""
    days = ctx.data.get("period_days")
    if ctx.data.get("kind") == CoerciveKind.PRESERVATION:
        if days:
            return _field("period_days", _(
                "行政处罚法 Art. 56: 先行登记保存 has no period to choose: the handling is decided within seven "
                "working days."))
        return None
    if days is not None and days > EXTENSION_MAX_DAYS:
        return _field("period_days", _("行政强制法 Art. 25: a seal-up or seizure lasts at most 30 days."))
    return None


def measure_in_force(case, ctx):
    """A release, extension or handling decision needs a measure of this case still in force."""
    measure = ctx.data.get("measure_fact")
    if measure is None:
        return _field("measure", _("No coercive measure with this number on this case."))
    if not measure.in_force:
        return _field("measure", _("Measure no. %(number)s was already released or decided on; nothing more "
                                   "can be recorded on it.") % {"number": measure.number})
    return None


def extension_allowed(case, ctx):
    """行政强制法 art. 25: one extension of at most 30 days, approved by the responsible person, before the
    period ends; 先行登记保存 (行政处罚法 art. 56) is not extended."""
    measure = ctx.data.get("measure_fact")
    if measure is None or not measure.in_force:
        return None
    if measure.kind == CoerciveKind.PRESERVATION:
        return _field("measure", _(
            "行政处罚法 Art. 56: 先行登记保存 cannot be extended; decide the handling within seven working days."))
    if measure.extended or measure.status == CoerciveStatus.EXTENDED:
        return _field("measure", _(
            "行政强制法 Art. 25: a seal-up or seizure may be extended only once (by at most 30 days); it was "
            "extended already."))
    if measure.deadline < ctx.on:
        return _field("measure", _(
            "行政强制法 Art. 25: the period of measure no. %(number)s ended on %(date)s; it can no longer be "
            "extended — release it (art. 28 (四)) or decide on the goods.") % {
            "number": measure.number, "date": measure.deadline})
    return None


def handling_fits_measure(case, ctx):
    """行政强制法 art. 27: seized goods are confiscated or destroyed, or released; 行政处罚法 art. 56: preserved
    evidence is handled within seven working days."""
    measure = ctx.data.get("measure_fact")
    handling = ctx.data.get("handling")
    if measure is None or not measure.in_force or not handling:
        return None
    if handling not in HANDLINGS.get(measure.kind, ()):
        return _field("handling", _(
            "行政强制法 Art. 27: goods sealed up or seized are confiscated or destroyed by a decision, or "
            "released (“%(handling)s” is for 先行登记保存).") % {"handling": Handling(handling).label})
    return None


def no_coercive_measure_in_force(case, ctx):
    """行政强制法 arts. 27, 28: a case does not end while goods are still sealed up, seized or preserved: release
    them or decide on them first."""
    if case.coercive_in_force:
        return _("行政强制法 Art. 27, 28: %(count)s coercive measure(s) of this case are still in force; release "
                 "them or decide on the goods before the case ends.") % {"count": case.coercive_in_force}
    return None
