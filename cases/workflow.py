"""The case state machine: ONE transition table and named, pure guard functions. No ORM here.

`TRANSITIONS[(procedure, state, action)] = Transition(target, permission, guards)`.
`cases.services.case_transition` is the only code that applies it. A guard takes the (locked, already
updated in memory) case and a `GuardContext` the service prepared, and returns None when satisfied or
a Chinese reason naming the article when not. `docs/case-workflow.md` is generated from this table
(`manage.py case_workflow_doc`).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import guards_appeals as ap
from . import guards_coercive as co
from . import guards_criminal as cr
from . import guards_execution as ex
from . import rules
from .models import UNDECIDED_STATES, DecisionType, Procedure, Status

S = Status
SIMPLE = Procedure.SIMPLE
ORDINARY = Procedure.ORDINARY


class FieldReason(str):
    """A guard's reason that belongs to one input field: pages show it next to that field, the API under its
    name. Plain strings go to the top of the form (the API's `detail`)."""

    def __new__(cls, field_name, message):
        reason = super().__new__(cls, str(message))
        reason.field = field_name
        return reason


@dataclass(frozen=True)
class OfficerFact:
    name: str
    has_valid_certificate: bool


@dataclass
class GuardContext:
    """What guards may know beyond the case row; prepared by the service (the ORM stays there)."""

    today: date
    item: object  # catalog.Item (attributes only)
    officers: list = field(default_factory=list)  # [OfficerFact]
    empowered: bool | None = None  # None: bureau case, no empowerment needed
    empowered_zones: list = field(default_factory=list)  # 特定区域: the zones the empowerment is limited to
    prior_violations: list = field(default_factory=list)  # [(violation date, item code)] for 首违 (art. 33)
    review_cycle: list = field(default_factory=list)  # [(level, outcome)] since the last return
    actor_is_handler: bool = False
    data: dict = field(default_factory=dict)  # the action's validated input (cases.inputs)
    action_date: date | None = None  # the day the action took place (its input's date, else today)

    @property
    def on(self):
        return self.action_date or self.today


# ---- guards -------------------------------------------------------------------------------------------

def item_is_active(case, ctx):
    item = ctx.item
    on = case.filed_on or ctx.today
    if item.status != "active" or item.valid_from > on or (item.valid_to and item.valid_to < on):
        return _("The enforcement item %(code)s is not in force on %(date)s.") % {"code": item.code, "date": on}
    return None


def item_is_a_penalty_power(case, ctx):
    """Art. 2, 9: a penalty case only on an item whose power type is 行政处罚; inspections, coercive measures and
    orders go their own ways."""
    if ctx.item.power_type != "penalty":
        return FieldReason("item", _(
            "Art. 2: a penalty case can only be filed on an item whose power type is administrative penalty; item "
            "%(code)s is “%(type)s” (inspections, coercive measures and orders have their own procedures).") % {
            "code": ctx.item.code, "type": ctx.item.get_power_type_display()})
    return None


def list_tier_allows_filing(case, ctx):
    """The "1+3" lists (art. 18, 24): professional-list items belong to the professional departments unless also on
    the comprehensive list; township-list items are filed by the township they are empowered to."""
    item = ctx.item
    if item.tier == "professional" and not item.also_comprehensive:
        return FieldReason("item", _(
            "Art. 18: item %(code)s is on the professional list: it belongs to the professional department and is "
            "not filed by comprehensive enforcement unless it is also on the comprehensive list.") % {
            "code": item.code})
    if item.tier == "township" and not case.township_id:
        return FieldReason("township", _(
            "Art. 24: item %(code)s is on the township list: file it for the township it is empowered to.") % {
            "code": item.code})
    return None


def township_empowered(case, ctx):
    """Art. 24: a township exercises only the powers empowered to it on the filing date."""
    if ctx.empowered is False and ctx.empowered_zones:
        return _("Art. 24: in this township item %(code)s is empowered only in the zones %(zones)s (特定区域); the "
                 "case must name one of them as its zone.") % {"code": ctx.item.code,
                                                               "zones": "、".join(ctx.empowered_zones)}
    if ctx.empowered is False:
        return _("Art. 24: the township is not empowered for item %(code)s on the filing date.") % {
            "code": ctx.item.code}
    return None


def two_officers_with_valid_certificates(case, ctx):
    """Art. 42, 55: at least two officers holding valid enforcement certificates."""
    if len(ctx.officers) < 2:
        return _("Art. 42: at least two enforcement officers must handle the case.")
    invalid = [o.name for o in ctx.officers if not o.has_valid_certificate]
    if invalid:
        return _("Art. 42, 55: these officers hold no valid enforcement certificate: %(names)s.") % {
            "names": "、".join(invalid)}
    return None


def within_limitation_period(case, ctx):
    """Art. 36: not discovered within 2 years (5 only with life, health or financial safety involved and harmful
    consequences, both recorded) → no penalty; a continuing or repeated act counts from the day it ended."""
    years, start = case.limitation_years, case.limitation_start
    if not rules.within_limitation(start, case.discovered_on, years):
        if years == 2 and (case.safety_involved or case.harmful_consequences):
            return FieldReason("violation_date", _(
                "Art. 36: the violation of %(date)s was not discovered within 2 years; the 5-year period needs both "
                "life, health or financial safety involved and harmful consequences.") % {"date": start})
        return FieldReason("violation_date", _(
            "Art. 36: the violation of %(date)s was not discovered within %(years)s years; no penalty may be "
            "imposed.") % {"date": start, "years": years})
    return None


def within_simple_procedure_limits(case, ctx):
    """Art. 51: simple procedure only for a warning or a small fine."""
    if not rules.within_simple_limits(case.party_type, case.penalty_kinds, case.fine_amount):
        return _("Art. 51: the simple procedure allows only a warning or a fine of at most %(limit)s yuan "
                 "for this party; use the ordinary procedure.") % {
            "limit": rules.simple_procedure_limit(case.party_type)}
    return None


def penalty_within_item(case, ctx):
    """The decided penalty kinds and fine must exist in the item's legal range."""
    return _penalty_in_item(ctx.item, case.penalty_kinds, case.fine_amount, case.party_type)


def notice_within_item(case, ctx):
    if not case.notice_penalty_kinds:
        return _("Art. 44: the notice must state the intended penalty.")
    return _penalty_in_item(ctx.item, case.notice_penalty_kinds, case.notice_fine, case.party_type)


def _penalty_in_item(item, kinds, fine, party_type):
    kinds = set(kinds or [])
    allowed = set(item.penalty_kinds or [])
    if item.warning_only:
        allowed.add("warning")  # 可单独警告: a warning alone is always open for these items
    if not kinds:
        return _("State the penalty.")
    if allowed and kinds - allowed:
        return _("The item's legal basis does not provide these penalties: %(kinds)s.") % {
            "kinds": ", ".join(sorted(kinds - allowed))}
    if "fine" in kinds:
        if fine is None or fine <= 0:
            return _("A fine needs an amount above zero.")
        if item.fine_max is not None and fine > item.fine_max:
            return _("The fine exceeds the legal maximum of %(max)s yuan for this item.") % {"max": item.fine_max}
    elif fine:
        return _("A fine amount was given without choosing the fine penalty.")
    return None


def _chosen_tier_reason(case, ctx, fine):
    """The chosen circumstances' band (裁量基准): below it only with an art. 30–32 ground (从轻/减轻), above
    it (从重) only with the aggravating circumstances recorded. None when no tier was chosen or it is kept."""
    tiers = ctx.data.get("discretion_tiers") or {}
    level = case.discretion_level
    if level not in tiers:
        return FieldReason("discretion_level", _(
            "The item has no discretion tier for the chosen circumstances; choose one of its tiers."))
    low, high = tiers[level]
    if fine < low and not case.mitigation_ground:
        return FieldReason("mitigation_ground", _(
            "Art. 32: the fine of %(fine)s yuan is below the band of the chosen circumstances (%(low)s–%(high)s "
            "yuan); a lighter penalty needs an art. 30–32 ground.") % {"fine": fine, "low": low, "high": high})
    if fine > high and not case.discretion_reason.strip():
        return FieldReason("discretion_reason", _(
            "The fine of %(fine)s yuan is above the band of the chosen circumstances (%(low)s–%(high)s yuan); a "
            "heavier penalty (从重) needs the aggravating circumstances recorded as the reason.") % {
            "fine": fine, "low": low, "high": high})
    return None


def _has_fine(case):
    return case.fine_amount is not None and "fine" in (case.penalty_kinds or [])


def fine_within_discretion_band(case, ctx):
    """Discretion benchmark (裁量基准): the chosen tier's band holds; without a chosen tier a fine outside all of
    the item's bands needs a recorded reason."""
    if not _has_fine(case):
        return None
    fine = case.fine_amount
    if case.discretion_level:
        return _chosen_tier_reason(case, ctx, fine)
    if case.discretion_reason.strip() or case.mitigation_ground:
        return None
    bands = ctx.data.get("discretion_bands") or []
    item = ctx.item
    if not bands and item.fine_min is not None:
        bands = [(item.fine_min, item.fine_max if item.fine_max is not None else fine)]
    if bands and not any(low <= fine <= high for low, high in bands):
        return _("The fine of %(fine)s yuan is outside the item's discretion bands; record the reason.") % {
            "fine": fine}
    return None


def fine_within_chosen_tier(case, ctx):
    """Discretion benchmark (裁量基准) on the spot: when the officer chose the circumstances, their band holds."""
    if not _has_fine(case) or not case.discretion_level:
        return None
    return _chosen_tier_reason(case, ctx, case.fine_amount)


def _review_approved(case, ctx):
    levels = {level for level, outcome in ctx.review_cycle if outcome == "approved"}
    return "district" in levels and (not case.township_id or "township" in levels)


def mitigation_below_minimum_lawful(case, ctx):
    """Art. 32: a fine below the legal minimum (减轻处罚) only with an art. 30–32 ground and, in the ordinary
    procedure, an approved legality review."""
    minimum = ctx.item.fine_min
    if not _has_fine(case) or minimum is None or case.fine_amount >= minimum:
        return None
    if not case.mitigation_ground:
        return FieldReason("mitigation_ground", _(
            "Art. 32: the fine of %(fine)s yuan is below the legal minimum of %(min)s yuan; a reduced penalty "
            "(减轻处罚) needs one of the grounds of art. 30–32.") % {"fine": case.fine_amount, "min": minimum})
    if case.mitigation_ground == "other_law" and not case.discretion_reason.strip():
        return FieldReason("discretion_reason", _(
            "Art. 32 (五): name the law, regulation or rule that provides for the reduced penalty in the reason."))
    if case.procedure == ORDINARY and not _review_approved(case, ctx):
        return _("Art. 32: a reduced penalty below the legal minimum of %(min)s yuan needs an approved legality "
                 "review; submit the case for review first.") % {"min": minimum}
    return None


def notice_mitigation_grounded(case, ctx):
    """Art. 32: a notified fine below the legal minimum states its art. 30–32 ground."""
    minimum = ctx.item.fine_min
    if (case.notice_fine is None or "fine" not in (case.notice_penalty_kinds or []) or minimum is None
            or case.notice_fine >= minimum or case.mitigation_ground):
        return None
    return FieldReason("mitigation_ground", _(
        "Art. 32: the notified fine of %(fine)s yuan is below the legal minimum of %(min)s yuan; a reduced penalty "
        "(减轻处罚) needs one of the grounds of art. 30–32.") % {"fine": case.notice_fine, "min": minimum})


def review_reasons(case, ctx):
    """Why the case needs legality review before the decision (art. 58, and art. 32 for a reduced penalty)."""
    reasons = []
    if case.is_major:
        reasons.append("major")
    minimum = ctx.item.fine_min
    fine = case.notice_fine if case.notice_date else case.proposed_fine
    kinds = case.notice_penalty_kinds if case.notice_date else case.proposed_penalty_kinds
    if minimum is not None and fine is not None and "fine" in (kinds or []) and fine < minimum:
        reasons.append("reduced_penalty")
    if case.no_penalty_grounds and not ctx.item.no_penalty:
        reasons.append("no_penalty_off_list")
    return reasons


def notice_and_statement_recorded(case, ctx):
    """Art. 44, 45: notice of facts, grounds and rights, then statement and defence, before deciding."""
    if not case.notice_date:
        return _("Art. 44: the party must be notified of the intended penalty before a decision.")
    if not case.statement_outcome and (not case.statement_deadline or ctx.on <= case.statement_deadline):
        return _("Art. 45: record the party's statement and defence (or wait until the period of "
                 "%(date)s has passed).") % {"date": case.statement_deadline}
    return None


def party_address_recorded(case, ctx):
    """Art. 59 (一): the decision states the party's name and address."""
    if not case.party_address_encrypted:
        return FieldReason("party_address", _(
            "Art. 59: the decision must state the party's address; record it first (action “Amend the case”)."))
    return None


def not_heavier_than_notice(case, ctx):
    """Art. 45: the decision may not be heavier than the notified penalty."""
    if set(case.penalty_kinds or []) - set(case.notice_penalty_kinds or []):
        return _("Art. 45: the decision adds penalties that were not notified; issue a new notice first.")
    if case.fine_amount and (case.notice_fine is None or case.fine_amount > case.notice_fine):
        return _("Art. 45: the fine of %(fine)s yuan is heavier than the notified %(notice)s yuan.") % {
            "fine": case.fine_amount, "notice": case.notice_fine or Decimal("0")}
    if case.confiscation_amount and case.notice_confiscation is not None and (
            case.confiscation_amount > case.notice_confiscation):
        return _("Art. 45: the confiscation of %(amount)s yuan is more than the notified %(notice)s yuan.") % {
            "amount": case.confiscation_amount, "notice": case.notice_confiscation}
    return None


def rights_periods_passed(case, ctx):
    """Art. 44, 63, 64: no decision while the hearing-request period runs, unless waived in writing or held."""
    deadline = case.hearing_request_deadline
    if not deadline or case.hearing_requested_on or case.hearing_held or case.hearing_waived_on:
        return None
    if ctx.on <= deadline:
        return _("Art. 63, 64: the party may request a hearing until %(date)s; decide after that date, after the "
                 "party's written waiver is recorded, or after the hearing.") % {"date": deadline}
    return None


def hearing_waiver_possible(case, ctx):
    """Art. 63, 64: a waiver needs a hearing right that has not been used."""
    if not case.hearing_request_deadline:
        return _("Art. 63: the notified penalty does not give a right to a hearing; there is nothing to waive.")
    if case.hearing_requested_on:
        return _("Art. 64: the party has already requested a hearing (%(date)s).") % {
            "date": case.hearing_requested_on}
    return None


def hearing_not_pending(case, ctx):
    if case.hearing_requested_on and not case.hearing_held:
        return _("Art. 63: the requested hearing has not been held yet.")
    return None


def review_approved_when_major(case, ctx):
    """Art. 58: no major decision without an approved legality review."""
    if not case.is_major:
        return None
    if not _review_approved(case, ctx):
        return _("Art. 58: a major case cannot be decided without an approved legality review.")
    return None


def discussion_recorded_when_major(case, ctx):
    """Art. 57: major cases are decided after collective discussion by the agency's heads."""
    if case.is_major and not (case.discussion_on and case.discussion_note.strip()):
        return _("Art. 57: a major case needs a recorded collective discussion before the decision.")
    return None


def case_needs_review(case, ctx):
    """Art. 58 (major cases) and art. 32 (a reduced penalty below the legal minimum) need legality review."""
    if not review_reasons(case, ctx):
        return _("Art. 58: only major cases (and reduced penalties, art. 32, or no penalty off the list, art. 33) "
                 "go to legality review; this case can be decided directly.")
    return None


def correction_order_complied_with(case, ctx):
    """责令改正前置: penalty only after a correction order whose deadline passed uncorrected."""
    if not ctx.item.correction_first or case.decision_type == DecisionType.NO_PENALTY:
        return None
    if not case.correction_ordered_on:
        return _("Correction-first list: issue an order to correct before any penalty decision.")
    if case.correction_outcome != "uncorrected":
        return _("Correction-first list: a penalty is possible only after the correction deadline of "
                 "%(date)s passed without correction.") % {"date": case.correction_deadline}
    if case.notice_date and case.correction_checked_on and case.notice_date < case.correction_checked_on:
        return _("Art. 44: the notice of %(notice)s precedes the finding of %(checked)s that the order to correct "
                 "was not complied with; notify the party again.") % {
            "notice": case.notice_date, "checked": case.correction_checked_on}
    return None


def item_on_no_penalty_list(case, ctx):
    """Art. 33: on the spot, 不予处罚 only for items on the no-penalty list (off the list: legality review)."""
    if not ctx.item.no_penalty:
        return _("Art. 33: item %(code)s is not on the no-penalty list; a decision not to penalise on statutory "
                 "grounds needs legality review: use the ordinary procedure.") % {"code": ctx.item.code}
    return None


def no_penalty_review_when_off_list(case, ctx):
    """Art. 33: the statutory grounds apply to every item; off the no-penalty list only after an approved
    legality review."""
    if ctx.item.no_penalty or _review_approved(case, ctx):
        return None
    return _("Art. 33: item %(code)s is not on the no-penalty list; not penalising it on statutory grounds needs an "
             "approved legality review first (submit the case for review with the grounds).") % {"code": ctx.item.code}


def first_violation_is_first(case, ctx):
    """Art. 33 (1) 首违不罚: checked against the party's cases in the county (same ID / USCC number, look-back
    period and item or domain from the settings)."""
    if case.no_penalty_grounds != "first_violation":
        return None
    if not case.party_id_hash:
        return FieldReason("grounds", _(
            "Art. 33: a first violation is checked against the party's history; record the party's ID / USCC "
            "number first."))
    if ctx.prior_violations:
        earlier = "、".join(f"{day}({item})" for day, item in ctx.prior_violations[:5])
        return FieldReason("grounds", _(
            "Art. 33: not a first violation: the party has earlier cases within the look-back period: %(cases)s.") % {
            "cases": earlier})
    return None


def no_penalty_proposed(case, ctx):
    """Before a notice, a case goes to legality review only to propose not penalising it (art. 33)."""
    if not case.no_penalty_grounds:
        return FieldReason("no_penalty_grounds", _(
            "Before the notice a case is submitted for review only with proposed no-penalty grounds (art. 33); "
            "otherwise notify the party first (art. 44)."))
    return None


def no_penalty_grounds_recorded(case, ctx):
    if not case.no_penalty_grounds or not case.decision_text.strip():
        return _("Art. 33: record the grounds (first violation, minor, corrected in time) and the reasoning.")
    return None


def reason_given(case, ctx):
    if not case.closing_reason.strip():
        return _("State the reason.")
    return None


def reopen_reason_given(case, ctx):
    """SECURITY §19: a closed case is reopened only by bureau staff with a written, audited reason."""
    if not str(ctx.data.get("reason") or "").strip():
        return _("Give the written reason for reopening the closed case.")
    return None


def transfer_target_given(case, ctx):
    if not case.transferred_to.strip():
        return _("Name the agency the case is transferred to.")
    return None


def reviewer_is_not_handler(case, ctx):
    """SECURITY §9: a handler can never legality-review their own case."""
    if ctx.actor_is_handler:
        return _("You handle this case and may not review it.")
    return None


def opinion_given(case, ctx):
    if not (ctx.data.get("opinion") or "").strip():
        return _("Write the review opinion.")
    return None


def correction_order_issued(case, ctx):
    if not case.correction_ordered_on:
        return _("No order to correct has been issued.")
    if case.correction_outcome == "uncorrected" and ctx.on <= case.correction_deadline:
        return _("The correction deadline of %(date)s has not passed yet.") % {"date": case.correction_deadline}
    return None


def hearing_eligible(case, ctx):
    """Art. 63: the right to a hearing exists for large fines, licence measures and closures."""
    if not rules.hearing_eligible(case.party_type, case.notice_penalty_kinds, case.notice_fine,
                                  case.notice_confiscation):
        return _("Art. 63: the notified penalty does not give a right to a hearing.")
    return None


def within_hearing_request_period(case, ctx):
    """Art. 64 (1), 85: the party asks within five working days of the notice."""
    requested = case.hearing_requested_on
    if not case.hearing_request_deadline:
        return None  # not eligible at all: `hearing_eligible` says so
    if not requested or requested > case.hearing_request_deadline:
        return _("Art. 64: a hearing must be requested within 5 working days of the notice (by %(date)s).") % {
            "date": case.hearing_request_deadline}
    return None


def hearing_notice_seven_days_before(case, ctx):
    """Art. 64 (2), 85: the party is notified seven working days before the hearing."""
    if not case.hearing_date or not case.hearing_notice_date:
        return _("Give the hearing date and the date the party was notified.")
    if case.hearing_date < rules.earliest_hearing_date(case.hearing_notice_date):
        return _("Art. 64: the party must be notified 7 working days before the hearing (earliest %(date)s).") % {
            "date": rules.earliest_hearing_date(case.hearing_notice_date)}
    return None


def hearing_date_reached(case, ctx):
    if not case.hearing_date or ctx.on < case.hearing_date:
        return _("The hearing has not taken place yet.")
    return None


def delivery_date_valid(case, ctx):
    """Art. 61: delivered on the spot or within 7 working days; the date is recorded."""
    if not case.delivered_on or case.delivered_on < case.decided_on or case.delivered_on > ctx.today:
        return _("Art. 61: give the delivery date (not before the decision and not in the future).")
    return None


def decision_has_fine(case, ctx):
    if not case.fine_amount:
        return _("This decision has no fine to pay.")
    return None


def decision_without_fine(case, ctx):
    if case.fine_amount:
        return _("Art. 67: a fine is executed by the payment recorded from the bank receipt.")
    return None


def extension_valid(case, ctx):
    """Art. 60: an extension of the decision deadline needs a reason and a number of days."""
    days = ctx.data.get("days")
    if not isinstance(days, int) or days <= 0 or not (ctx.data.get("reason") or "").strip():
        return _("Art. 60: give the extension in days and the reason.")
    return None


def extension_within_limits(case, ctx):
    """Art. 60: at most CASE_EXTENSION_MAX_DAYS per approval and CASE_EXTENSION_MAX_APPROVALS approvals."""
    days, most = ctx.data.get("days") or 0, rules.extension_max_days()
    if days > most:
        return FieldReason("days", _("Art. 60: an approval extends the decision deadline by at most %(n)s days.")
                           % {"n": most})
    earlier = case.extension_count - 1  # guards see the case with this extension applied
    if earlier >= rules.extension_max_approvals():
        return _("Art. 60: the decision deadline has already been extended %(n)s time(s), the most allowed; a "
                 "further delay is not lawful.") % {"n": earlier}
    return None


def extension_before_deadline(case, ctx):
    """Art. 60: approved before the deadline ran out; an overdue case stays overdue (lists and reports)."""
    if not case.deadline:
        return None
    before = case.deadline - timedelta(days=ctx.data.get("days") or 0)  # the deadline before this extension
    if ctx.on > before:
        return _("Art. 60: the decision deadline of %(deadline)s had passed when the extension was approved "
                 "(%(on)s): an extension cannot cure an overdue case, which stays overdue.") % {
            "deadline": before, "on": ctx.on}
    return None


def discussion_note_given(case, ctx):
    if not case.discussion_on or not case.discussion_note.strip():
        return _("Art. 57: give the date and the record of the collective discussion.")
    return None


def statement_outcome_given(case, ctx):
    if not case.statement_outcome:
        return _("Choose the outcome of the statement and defence.")
    return None


# ---- the table -----------------------------------------------------------------------------------------

def next_review_state(case):
    """Major township cases go to the township sub-centre first; bureau cases straight to the district."""
    return S.TOWNSHIP_REVIEW if case.township_id else S.DISTRICT_REVIEW


next_review_state.label = "township_review | district_review"


@dataclass(frozen=True)
class Transition:
    target: object  # a Status, or a function(case) -> Status
    permission: str
    guards: tuple = ()
    label: object = ""

    def target_for(self, case):
        return self.target(case) if callable(self.target) else self.target

    def target_label(self):
        return getattr(self.target, "label", None) if callable(self.target) else str(self.target)


ACTION_LABELS = {
    "decide_on_spot": gettext_lazy("Decide on the spot"),
    "decide_no_penalty_on_spot": gettext_lazy("Decide not to penalise on the spot"),
    "register": gettext_lazy("File the case"),
    "decline": gettext_lazy("Do not file"),
    "transfer": gettext_lazy("Transfer to another agency"),
    "revoke": gettext_lazy("Revoke the filing"),
    "amend": gettext_lazy("Amend the case"),
    "issue_correction_order": gettext_lazy("Issue an order to correct"),
    "record_correction": gettext_lazy("Record the correction outcome"),
    "extend_deadline": gettext_lazy("Extend the decision deadline"),
    "notify": gettext_lazy("Notify the intended penalty"),
    "record_statement": gettext_lazy("Record statement and defence"),
    "request_hearing": gettext_lazy("Record a hearing request"),
    "waive_hearing": gettext_lazy("Record the written hearing waiver"),
    "schedule_hearing": gettext_lazy("Schedule the hearing"),
    "record_hearing": gettext_lazy("Record the hearing"),
    "submit_review": gettext_lazy("Submit for legality review"),
    "approve_review": gettext_lazy("Approve (legality review)"),
    "return_review": gettext_lazy("Return with opinion"),
    "record_discussion": gettext_lazy("Record the collective discussion"),
    "decide": gettext_lazy("Record the penalty decision"),
    "decide_no_penalty": gettext_lazy("Decide not to penalise"),
    "deliver": gettext_lazy("Record delivery"),
    "record_payment": gettext_lazy("Record payment from bank receipt"),
    "record_execution": gettext_lazy("Record execution"),
    "close": gettext_lazy("Close the case"),
    "archive": gettext_lazy("Archive"),
    "reopen": gettext_lazy("Reopen the closed case"),
    # after the decision (issue 12)
    "remind": gettext_lazy("Issue a reminder to pay (催告书)"),
    "deliver_reminder": gettext_lazy("Record delivery of the reminder"),
    "record_reminder_statement": gettext_lazy("Record the party's statement after the reminder"),
    "apply_payment_plan": gettext_lazy("Record an application for instalments or deferral"),
    "decide_payment_plan": gettext_lazy("Decide on the payment plan"),
    "apply_enforcement": gettext_lazy("Apply to the court for enforcement"),
    "record_court_ruling": gettext_lazy("Record the court's ruling"),
    "record_court_outcome": gettext_lazy("Record the outcome of the enforcement"),
    "transfer_to_police": gettext_lazy("Transfer to the police or procuratorate (suspected crime)"),
    "record_police_receipt": gettext_lazy("Record the receipt of the transfer"),
    "record_police_decision": gettext_lazy("Record the decision of the police or procuratorate"),
    "file_appeal": gettext_lazy("Record an administrative review or lawsuit"),
    "record_appeal_outcome": gettext_lazy("Record the outcome of the review or lawsuit"),
    "add_appeal_task": gettext_lazy("Add a defence task"),
    "complete_appeal_task": gettext_lazy("Mark a defence task done"),
    # coercive measures (行政强制法 arts. 18–28, 行政处罚法 art. 56)
    "take_coercive_measure": gettext_lazy("Seal up, seize or preserve (coercive measure)"),
    "extend_coercive_measure": gettext_lazy("Extend a seal-up or seizure"),
    "release_coercive_measure": gettext_lazy("Release a coercive measure"),
    "decide_coercive_measure": gettext_lazy("Decide on the goods held"),
}

REVIEW_ACTIONS = {"approve_review", "return_review"}

ITEM_GUARDS = (item_is_a_penalty_power, list_tier_allows_filing)  # also checked when a clue is registered
FILING_GUARDS = (item_is_active, *ITEM_GUARDS, township_empowered, two_officers_with_valid_certificates,
                 within_limitation_period)
DECISION_GUARDS = (party_address_recorded, notice_and_statement_recorded, rights_periods_passed, hearing_not_pending,
                   penalty_within_item,
                   not_heavier_than_notice, fine_within_discretion_band, mitigation_below_minimum_lawful,
                   correction_order_complied_with, review_approved_when_major, discussion_recorded_when_major,
                   cr.not_pending_with_police)
NOTICE_GUARDS = (notice_within_item, notice_mitigation_grounded)
NO_PENALTY_GUARDS = (no_penalty_grounds_recorded, first_violation_is_first, no_penalty_review_when_off_list,
                     review_approved_when_major)

HANDLE = "case.handle"
APPEAL = "case.appeal"  # the legal staff record reviews and lawsuits and their defence (应诉)
# Art. 67, 72: a payment from the bank's receipt; an instalment of an approved plan (art. 66) keeps the state.
PAYMENT = Transition(ex.paid_in_full_or_stays, "case.record_payment",
                     (decision_has_fine, ex.payment_receipt_and_amount))
TRANSITIONS = {
    # Simple procedure (当场处罚, art. 51–52): one submission decides and delivers on the spot.
    (SIMPLE, S.NEW, "decide_on_spot"): Transition(
        S.DELIVERED, "case.file",
        (*FILING_GUARDS, within_simple_procedure_limits, penalty_within_item, fine_within_chosen_tier,
         mitigation_below_minimum_lawful, correction_order_complied_with)),
    # 当场不予处罚 (art. 33, 51): a first minor violation closed on the street with education; the
    # 不予处罚决定书 is issued at once.
    (SIMPLE, S.NEW, "decide_no_penalty_on_spot"): Transition(
        S.DELIVERED, "case.file",
        (*FILING_GUARDS, item_on_no_penalty_list, no_penalty_grounds_recorded, first_violation_is_first)),
    (SIMPLE, S.DELIVERED, "record_payment"): PAYMENT,
    (SIMPLE, S.DELIVERED, "record_execution"): Transition(S.EXECUTED, HANDLE, (decision_without_fine,)),
    (SIMPLE, S.EXECUTED, "close"): Transition(S.CLOSED, HANDLE),
    (SIMPLE, S.CLOSED, "archive"): Transition(S.ARCHIVED, HANDLE),
    # SECURITY §19: closed cases change only through this audited reopen (bureau staff, written reason).
    (SIMPLE, S.CLOSED, "reopen"): Transition(S.EXECUTED, "case.reopen", (reopen_reason_given,)),

    # Ordinary procedure.
    (ORDINARY, S.CLUE, "register"): Transition(S.INVESTIGATING, HANDLE, FILING_GUARDS),
    (ORDINARY, S.CLUE, "amend"): Transition(S.CLUE, HANDLE),
    (ORDINARY, S.CLUE, "decline"): Transition(S.NOT_FILED, HANDLE, (reason_given,)),
    (ORDINARY, S.CLUE, "transfer"): Transition(S.TRANSFERRED, HANDLE, (reason_given, transfer_target_given)),
    (ORDINARY, S.INVESTIGATING, "amend"): Transition(S.INVESTIGATING, HANDLE),
    (ORDINARY, S.INVESTIGATING, "revoke"): Transition(S.REVOKED, HANDLE, (reason_given,)),
    (ORDINARY, S.INVESTIGATING, "transfer"): Transition(S.TRANSFERRED, HANDLE, (reason_given, transfer_target_given)),
    (ORDINARY, S.INVESTIGATING, "issue_correction_order"): Transition(S.INVESTIGATING, HANDLE),
    (ORDINARY, S.INVESTIGATING, "record_correction"): Transition(S.INVESTIGATING, HANDLE, (correction_order_issued,)),
    (ORDINARY, S.INVESTIGATING, "notify"): Transition(S.NOTIFIED, HANDLE, NOTICE_GUARDS),
    (ORDINARY, S.INVESTIGATING, "decide_no_penalty"): Transition(S.DECIDED, HANDLE, NO_PENALTY_GUARDS),
    (ORDINARY, S.INVESTIGATING, "submit_review"): Transition(next_review_state, HANDLE,
                                                             (no_penalty_proposed, case_needs_review)),
    # Amendments after the notice (the party's address for the decision, art. 59; facts changed → notify again).
    (ORDINARY, S.NOTIFIED, "amend"): Transition(S.NOTIFIED, HANDLE),
    (ORDINARY, S.NOTIFIED, "record_statement"): Transition(S.NOTIFIED, HANDLE, (statement_outcome_given,)),
    (ORDINARY, S.NOTIFIED, "request_hearing"): Transition(S.HEARING, HANDLE,
                                                          (hearing_eligible, within_hearing_request_period)),
    (ORDINARY, S.NOTIFIED, "waive_hearing"): Transition(S.NOTIFIED, HANDLE, (hearing_waiver_possible,)),
    (ORDINARY, S.HEARING, "schedule_hearing"): Transition(S.HEARING, HANDLE, (hearing_notice_seven_days_before,)),
    (ORDINARY, S.HEARING, "record_hearing"): Transition(S.NOTIFIED, HANDLE,
                                                        (hearing_notice_seven_days_before, hearing_date_reached)),
    (ORDINARY, S.NOTIFIED, "submit_review"): Transition(
        next_review_state, HANDLE, (case_needs_review, notice_and_statement_recorded, hearing_not_pending)),
    (ORDINARY, S.NOTIFIED, "decide"): Transition(S.DECIDED, HANDLE, DECISION_GUARDS),
    (ORDINARY, S.NOTIFIED, "decide_no_penalty"): Transition(S.DECIDED, HANDLE, NO_PENALTY_GUARDS),
    (ORDINARY, S.NOTIFIED, "notify"): Transition(S.NOTIFIED, HANDLE, NOTICE_GUARDS),
    (ORDINARY, S.TOWNSHIP_REVIEW, "approve_review"): Transition(
        S.DISTRICT_REVIEW, "case.review_township", (reviewer_is_not_handler, opinion_given)),
    (ORDINARY, S.TOWNSHIP_REVIEW, "return_review"): Transition(
        S.RETURNED, "case.review_township", (reviewer_is_not_handler, opinion_given)),
    (ORDINARY, S.DISTRICT_REVIEW, "approve_review"): Transition(
        S.REVIEWED, "case.review_district", (reviewer_is_not_handler, opinion_given)),
    (ORDINARY, S.DISTRICT_REVIEW, "return_review"): Transition(
        S.RETURNED, "case.review_district", (reviewer_is_not_handler, opinion_given)),
    (ORDINARY, S.RETURNED, "amend"): Transition(S.RETURNED, HANDLE),
    (ORDINARY, S.RETURNED, "notify"): Transition(S.NOTIFIED, HANDLE, NOTICE_GUARDS),
    (ORDINARY, S.RETURNED, "submit_review"): Transition(
        next_review_state, HANDLE, (case_needs_review, notice_and_statement_recorded, hearing_not_pending)),
    (ORDINARY, S.RETURNED, "decide"): Transition(S.DECIDED, HANDLE, DECISION_GUARDS),
    (ORDINARY, S.REVIEWED, "record_discussion"): Transition(S.DISCUSSED, HANDLE, (discussion_note_given,)),
    (ORDINARY, S.REVIEWED, "decide"): Transition(S.DECIDED, HANDLE, DECISION_GUARDS),
    (ORDINARY, S.REVIEWED, "decide_no_penalty"): Transition(S.DECIDED, HANDLE, NO_PENALTY_GUARDS),
    (ORDINARY, S.DISCUSSED, "decide"): Transition(S.DECIDED, HANDLE, DECISION_GUARDS),
    (ORDINARY, S.DISCUSSED, "decide_no_penalty"): Transition(S.DECIDED, HANDLE, NO_PENALTY_GUARDS),
    (ORDINARY, S.DECIDED, "deliver"): Transition(S.DELIVERED, HANDLE, (delivery_date_valid,)),
    (ORDINARY, S.DELIVERED, "record_payment"): PAYMENT,
    (ORDINARY, S.DELIVERED, "record_execution"): Transition(S.EXECUTED, HANDLE, (decision_without_fine,)),
    (ORDINARY, S.EXECUTED, "close"): Transition(S.CLOSED, HANDLE),
    (ORDINARY, S.CLOSED, "archive"): Transition(S.ARCHIVED, HANDLE),
    (ORDINARY, S.CLOSED, "reopen"): Transition(S.EXECUTED, "case.reopen", (reopen_reason_given,)),
}

# After the decision (issue 12), both procedures: 催告 (行政强制法 arts. 35, 54), instalments or deferral
# (行政处罚法 art. 66), the application to the court (行政强制法 arts. 53–58).
for _proc in (SIMPLE, ORDINARY):
    for _state in (S.DELIVERED, S.REMINDED):
        TRANSITIONS[(_proc, _state, "apply_payment_plan")] = Transition(
            _state, HANDLE, (ex.plan_can_be_applied, ex.plan_schedule_covers_fine))
        TRANSITIONS[(_proc, _state, "decide_payment_plan")] = Transition(
            ex.plan_decision_target, "case.approve_payment_plan")
    TRANSITIONS[(_proc, S.DELIVERED, "remind")] = Transition(S.REMINDED, HANDLE, (ex.payment_overdue,))
    TRANSITIONS[(_proc, S.REMINDED, "deliver_reminder")] = Transition(S.REMINDED, HANDLE, (ex.reminder_issued,))
    TRANSITIONS[(_proc, S.REMINDED, "record_reminder_statement")] = Transition(S.REMINDED, HANDLE,
                                                                              (ex.reminder_issued,))
    TRANSITIONS[(_proc, S.REMINDED, "record_payment")] = PAYMENT
    TRANSITIONS[(_proc, S.REMINDED, "apply_enforcement")] = Transition(
        S.ENFORCEMENT_APPLIED, HANDLE,
        (ex.reminder_period_passed, ex.within_enforcement_window, ex.still_unpaid,
         ap.no_appeal_pending_for_enforcement))
    TRANSITIONS[(_proc, S.ENFORCEMENT_APPLIED, "record_court_ruling")] = Transition(S.ENFORCEMENT_APPLIED, HANDLE)
    TRANSITIONS[(_proc, S.ENFORCEMENT_APPLIED, "record_court_outcome")] = Transition(
        ex.court_outcome_target, HANDLE, (ex.court_ruling_recorded,))
    TRANSITIONS[(_proc, S.ENFORCEMENT_APPLIED, "record_payment")] = PAYMENT
    TRANSITIONS[(_proc, S.EXECUTION_TERMINATED, "close")] = Transition(S.CLOSED, HANDLE)
    # 复议 / 诉讼 (行政复议法 art. 20, 行政诉讼法 arts. 45, 46): the case follows the outcome.
    for _state in (S.DELIVERED, S.REMINDED, S.ENFORCEMENT_APPLIED, S.EXECUTED, S.EXECUTION_TERMINATED):
        TRANSITIONS[(_proc, _state, "file_appeal")] = Transition(
            _state, APPEAL, (ap.no_open_appeal, ap.appeal_within_period))
        TRANSITIONS[(_proc, _state, "record_appeal_outcome")] = Transition(
            ap.appeal_outcome_target, APPEAL, (ap.appeal_pending,))
        TRANSITIONS[(_proc, _state, "add_appeal_task")] = Transition(_state, APPEAL, (ap.appeal_pending,))
        TRANSITIONS[(_proc, _state, "complete_appeal_task")] = Transition(_state, APPEAL, (ap.appeal_pending,))
    TRANSITIONS[(_proc, S.DECISION_REVOKED, "close")] = Transition(S.CLOSED, HANDLE)
    # A closed case is still open to review and litigation within their periods (行政复议法 art. 20: 60 days,
    # 行政诉讼法 art. 46: six months from delivery): recording one reopens the case to "executed" (audited, like
    # the reopen of SECURITY §19), where the outcome is then recorded; 撤销 stops collection and withdraws the
    # published decision.
    TRANSITIONS[(_proc, S.CLOSED, "file_appeal")] = Transition(
        S.EXECUTED, APPEAL, (ap.decision_still_stands, ap.no_open_appeal, ap.appeal_within_period))

# The lawful exits after a notice (issue 9 item 14): a notified case can still be revoked (with the reason) or
# transferred to the competent agency at every step before the decision, and be given an order to correct
# (then notified again, see `correction_order_complied_with`).
for _state in (S.NOTIFIED, S.HEARING, S.RETURNED, S.REVIEWED, S.DISCUSSED):
    TRANSITIONS[(ORDINARY, _state, "revoke")] = Transition(S.REVOKED, HANDLE, (reason_given,))
    TRANSITIONS[(ORDINARY, _state, "transfer")] = Transition(S.TRANSFERRED, HANDLE,
                                                             (reason_given, transfer_target_given))
for _state in (S.NOTIFIED, S.RETURNED):
    TRANSITIONS[(ORDINARY, _state, "issue_correction_order")] = Transition(_state, HANDLE)
    TRANSITIONS[(ORDINARY, _state, "record_correction")] = Transition(_state, HANDLE, (correction_order_issued,))

# 两法衔接 (《行政执法机关移送涉嫌犯罪案件的规定》): from every open state of an ordinary case; 立案 ends the case
# administratively, 不予立案 / 退回 lets it continue where it was.
for _state in (S.CLUE, *sorted(UNDECIDED_STATES), S.DECIDED, S.DELIVERED, S.REMINDED):
    TRANSITIONS[(ORDINARY, _state, "transfer_to_police")] = Transition(_state, HANDLE, (cr.no_open_criminal_transfer,))
    TRANSITIONS[(ORDINARY, _state, "record_police_receipt")] = Transition(_state, HANDLE,
                                                                          (cr.criminal_transfer_open,))
    TRANSITIONS[(ORDINARY, _state, "record_police_decision")] = Transition(
        cr.criminal_decision_target, HANDLE, (cr.criminal_transfer_open,))

# Coercive measures (行政强制法 arts. 18–28; 行政处罚法 art. 56) on a filed ordinary case: taken before the decision,
# extended (once, by the responsible person: case.extend_deadline), released or decided on until the case ends;
# the case does not end (close, revoke, transfer) while a measure is in force (arts. 27, 28).
COERCIVE_TAKE_GUARDS = (co.two_officers_on_site, co.party_present_or_witness, co.seizure_period_within_limit)
for _state in (*sorted(UNDECIDED_STATES), S.DECIDED, S.DELIVERED, S.REMINDED, S.ENFORCEMENT_APPLIED, S.EXECUTED,
               S.EXECUTION_TERMINATED, S.DECISION_REVOKED):
    if _state in UNDECIDED_STATES:
        TRANSITIONS[(ORDINARY, _state, "take_coercive_measure")] = Transition(_state, HANDLE, COERCIVE_TAKE_GUARDS)
    TRANSITIONS[(ORDINARY, _state, "extend_coercive_measure")] = Transition(
        _state, "case.extend_deadline", (co.measure_in_force, co.extension_allowed))
    TRANSITIONS[(ORDINARY, _state, "release_coercive_measure")] = Transition(_state, HANDLE, (co.measure_in_force,))
    TRANSITIONS[(ORDINARY, _state, "decide_coercive_measure")] = Transition(
        _state, HANDLE, (co.measure_in_force, co.handling_fits_measure))
for _key, _transition in list(TRANSITIONS.items()):
    if _key[0] == ORDINARY and _key[2] in ("close", "revoke", "transfer"):
        TRANSITIONS[_key] = Transition(_transition.target, _transition.permission,
                                       (*_transition.guards, co.no_coercive_measure_in_force), _transition.label)

# Art. 60: the decision deadline may be extended in every state before the decision, approved by a person with
# the right (permission case.extend_deadline: bureau staff, leadership), bounded in days and approvals, and only
# before it ran out (the approval is recorded in the case event; its date may be recorded afterwards, 补录).
EXTENSION_GUARDS = (extension_valid, extension_within_limits, extension_before_deadline)
for _state in (S.INVESTIGATING, S.NOTIFIED, S.HEARING, S.RETURNED, S.REVIEWED, S.DISCUSSED):
    TRANSITIONS[(ORDINARY, _state, "extend_deadline")] = Transition(_state, "case.extend_deadline",
                                                                    EXTENSION_GUARDS)


def lookup(procedure, state, action):
    return TRANSITIONS.get((procedure, state, action))


def actions_from(procedure, state):
    return [action for (proc, st, action) in TRANSITIONS if proc == procedure and st == state]


def run_guards(transition, case, ctx):
    """Every failing guard's reason (empty list: the move is allowed)."""
    reasons = []
    for guard in transition.guards:
        reason = guard(case, ctx)
        if reason:
            reasons.append(reason if isinstance(reason, FieldReason) else str(reason))
    return reasons


def as_markdown():
    """The table as Markdown: docs/case-workflow.md is generated from here, never written by hand."""
    lines = [
        "# Case workflow",
        "",
        "Generated from `cases/workflow.py` by `manage.py case_workflow_doc`; do not edit by hand.",
        "",
        "| procedure | from | action | to | permission | guards |",
        "|---|---|---|---|---|---|",
    ]
    for (procedure, state, action), t in TRANSITIONS.items():
        guards = ", ".join(f"`{g.__name__}`" for g in t.guards) or "—"
        lines.append(f"| {procedure} | {state} | `{action}` | {t.target_label()} | `{t.permission}` | {guards} |")
    lines += ["", "## Guards", ""]
    seen = set()
    for t in TRANSITIONS.values():
        for guard in t.guards:
            if guard.__name__ in seen:
                continue
            seen.add(guard.__name__)
            doc = (guard.__doc__ or "").strip().splitlines()
            lines.append(f"- `{guard.__name__}`: {doc[0] if doc else ''}".rstrip())
    return "\n".join(lines) + "\n"
