"""One input serializer per case transition action (`INPUTS[action]`), documented in the OpenAPI schema.

Field names are the API's and the page forms' (the forms are built from these serializers). Every date an
action takes is the day it really happened: a PDA syncing late, or a clerk recording after the fact (补录),
sends the true date; it is refused in the future and before the step it follows.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import serializers

from catalog.models import DiscretionLevel

from .. import rules
from ..models import MitigationGround, NoPenaltyGround, StatementOutcome
from ..models_execution import DeliveryMethod
from .base import (
    CORRECTION_OUTCOMES,
    MAX_SCHEDULE_DAYS,
    MAX_TEXT,
    STATEMENT_OUTCOMES,
    ActionInput,
    action_field,
    choice_field,
    day_field,
    kinds_field,
    line_field,
    money_field,
    officers_field,
    text_field,
)

INPUTS = {}
RECEIPT_REQUIRED = gettext_lazy("Art. 67: record the bank receipt number, payment date and amount.")


def action_input(name):
    """Register the serializer of `name` and give it its discriminator field `action`."""

    def register(cls):
        cls.action_name = name
        cls._declared_fields = {"action": action_field(name), **cls._declared_fields}
        cls.__doc__ = (cls.__doc__ or "").strip()
        INPUTS[name] = cls
        return cls

    return register


def _level():
    return choice_field(gettext_lazy("Circumstances (discretion tier)"), DiscretionLevel.choices, required=False,
                        help_text="The item's discretion tier (裁量基准) the fine is chosen in; its band holds.")


def _mitigation():
    return choice_field(gettext_lazy("Ground for a lighter or reduced penalty (art. 30–32)"), MitigationGround.choices,
                        required=False,
                        help_text="Needed for a fine below the chosen band or below the legal minimum "
                                  "(减轻处罚, art. 32; ordinary procedure: after an approved legality review).")


def _reason(label=None):
    return text_field(label or gettext_lazy("Reason"), required=True)


# ---- filing and the simple procedure --------------------------------------------------------------------

@action_input("register")
class RegisterInput(ActionInput):
    """立案: file a registered clue (art. 54). `filed_on` is the true filing date (default today)."""

    date_field = "filed_on"
    not_before = ("discovered_on",)
    filed_on = day_field(gettext_lazy("Date filed"))
    officers = officers_field()


@action_input("decide_on_spot")
class DecideOnSpotInput(ActionInput):
    """当场处罚 (art. 51, 52): the decision is made and delivered on the spot on `decided_on`."""

    date_field = "decided_on"
    not_before = ("discovered_on",)
    penalty_kinds = kinds_field(gettext_lazy("Penalty"))
    fine = money_field(gettext_lazy("Fine (yuan)"))
    discretion_level = _level()
    mitigation_ground = _mitigation()
    discretion_reason = text_field(gettext_lazy("Reason for a fine outside the discretion band"), rows=2)
    decision_text = text_field(gettext_lazy("Decision reasoning"), max_length=MAX_TEXT)
    decided_on = day_field(gettext_lazy("Date decided"))
    officers = officers_field()


@action_input("decide_no_penalty_on_spot")
class DecideNoPenaltyOnSpotInput(ActionInput):
    """当场不予处罚 (art. 33, 51): an item on the no-penalty list, the statutory grounds and the reasoning; the
    不予处罚决定书 is issued at once, dated `decided_on`."""

    date_field = "decided_on"
    not_before = ("discovered_on",)
    grounds = choice_field(gettext_lazy("No-penalty grounds"), NoPenaltyGround.choices)
    decision_text = text_field(gettext_lazy("Decision reasoning"), required=True, max_length=MAX_TEXT)
    decided_on = day_field(gettext_lazy("Date decided"))
    officers = officers_field()


@action_input("amend")
class AmendInput(ActionInput):
    """Amend the facts, place, intended penalty or officers; only the fields sent change."""

    facts = text_field(gettext_lazy("Facts"), max_length=MAX_TEXT, rows=4)
    location = line_field(gettext_lazy("Place"))
    party_address = line_field(gettext_lazy("Party's address (stated on the decision, art. 59)"), max_length=300)
    violation_ended_on = day_field(gettext_lazy("Violation ended on (continuing or repeated act, art. 36)"))
    safety_involved = serializers.BooleanField(
        label=gettext_lazy("Involves life, health or financial safety (art. 36)"), required=False)
    harmful_consequences = serializers.BooleanField(label=gettext_lazy("Harmful consequences (art. 36)"),
                                                    required=False)

    def check(self, attrs):
        ended = attrs.get("violation_ended_on")
        if ended and self.case is not None and ended < self.case.violation_date:
            return {"violation_ended_on": _("A continuing violation cannot end before it began.")}
        if ended and self.case is not None and ended > self.case.discovered_on:
            return {"violation_ended_on": _("The end of the violation cannot be later than its discovery.")}
        return None
    marked_complex = serializers.BooleanField(label=gettext_lazy("Marked complex (疑难复杂)"), required=False)
    proposed_penalty_kinds = kinds_field(gettext_lazy("Intended penalty"))
    proposed_fine = money_field(gettext_lazy("Intended fine (yuan)"))
    officers = officers_field()


@action_input("decline")
class DeclineInput(ActionInput):
    """不予立案 with the written reason."""

    reason = _reason()


@action_input("revoke")
class RevokeInput(ActionInput):
    """撤销立案 with the written reason."""

    reason = _reason()


@action_input("transfer")
class TransferInput(ActionInput):
    """移送 to the competent agency, with the reason."""

    transferred_to = line_field(gettext_lazy("Transferred to agency"), required=True)
    reason = _reason()


@action_input("reopen")
class ReopenInput(ActionInput):
    """Reopen a closed case (SECURITY §19): bureau staff, written reason, audited."""

    reason = _reason(gettext_lazy("Reason for reopening"))


# ---- correction orders and deadlines -----------------------------------------------------------------

@action_input("issue_correction_order")
class IssueCorrectionOrderInput(ActionInput):
    """责令改正: the order's date (`ordered_on`) and the deadline for correcting."""

    date_field = "ordered_on"
    not_before = ("filed_on",)
    scheduled = ("correction_deadline",)
    correction_deadline = day_field(gettext_lazy("Correction deadline"), required=True)
    ordered_on = day_field(gettext_lazy("Order issued on"))

    def check(self, attrs):
        ordered, deadline = attrs["ordered_on"], attrs["correction_deadline"]
        if deadline <= ordered:
            return {"correction_deadline": _("The correction deadline must be after the date of the order.")}
        if deadline > ordered + datetime.timedelta(days=MAX_SCHEDULE_DAYS):
            return {"correction_deadline": _("The correction deadline may be at most a year after the order.")}
        return None


@action_input("record_correction")
class RecordCorrectionInput(ActionInput):
    """The outcome of the order to correct, as found on `checked_on`."""

    date_field = "checked_on"
    not_before = ("correction_ordered_on",)
    outcome = choice_field(gettext_lazy("Correction outcome"), CORRECTION_OUTCOMES)
    checked_on = day_field(gettext_lazy("Checked on"))
    note = text_field(gettext_lazy("Notes"))


@action_input("extend_deadline")
class ExtendDeadlineInput(ActionInput):
    """Art. 60: extension of the decision deadline by `days` (at most CASE_EXTENSION_MAX_DAYS, default 30, per
    approval; CASE_EXTENSION_MAX_APPROVALS approvals, default 1), approved on `approved_on` (not after the
    deadline) with the reason. The actor is the approver: bureau staff or leadership (case.extend_deadline)."""

    date_field = "approved_on"
    not_before = ("filed_on",)
    days = serializers.IntegerField(label=gettext_lazy("Extension (days)"), min_value=1, max_value=365)
    reason = _reason()
    approved_on = day_field(gettext_lazy("Approved on"))


# ---- notice, statement, hearing ---------------------------------------------------------------------

@action_input("notify")
class NotifyInput(ActionInput):
    """告知 (art. 44): the intended penalty; a re-notification replaces the earlier one."""

    date_field = "notice_date"
    not_before = ("filed_on", "notice_date", "correction_ordered_on")
    penalty_kinds = kinds_field(gettext_lazy("Penalty"), help_text="Default: the intended penalty at filing.")
    fine = money_field(gettext_lazy("Fine (yuan)"))
    confiscation_amount = money_field(
        gettext_lazy("Confiscation (yuan)"),
        help_text="Value of the illegal gains or property to confiscate; a large amount gives a hearing right "
                  "(art. 63 (二)).")
    mitigation_ground = _mitigation()
    notice_date = day_field(gettext_lazy("Notice date"))

    def check(self, attrs):
        kinds = attrs.get("penalty_kinds")
        if kinds is None and self.case is not None:
            kinds = self.case.proposed_penalty_kinds
        if attrs.get("confiscation_amount") and "confiscation" not in (kinds or []):
            return {"confiscation_amount": _("A confiscation amount needs the penalty “confiscation”.")}
        return None


@action_input("record_statement")
class RecordStatementInput(ActionInput):
    """陈述申辩 (art. 45): its outcome as recorded on `statement_on`."""

    date_field = "statement_on"
    not_before = ("notice_date",)
    outcome = choice_field(gettext_lazy("Statement and defence"), STATEMENT_OUTCOMES)
    note = text_field(gettext_lazy("Notes"), help_text="A waiver: what the party's written waiver says.")
    statement_on = day_field(gettext_lazy("Date of the statement"))

    def check(self, attrs):
        if attrs["outcome"] == StatementOutcome.WAIVED and not attrs.get("note"):
            return {"note": _("Art. 44, 45: a waiver of statement and defence must be in writing; record what the "
                              "party's written waiver says.")}
        deadline = getattr(self.case, "statement_deadline", None)
        if attrs["outcome"] == StatementOutcome.EXPIRED and deadline and attrs["statement_on"] <= deadline:
            return {"outcome": _("The statement period runs until %(date)s; “no statement within the period” can "
                                 "be recorded only after it.") % {"date": deadline}}
        return None


@action_input("request_hearing")
class RequestHearingInput(ActionInput):
    """The party's request for a hearing (art. 63, 64), received on `requested_on`."""

    date_field = "requested_on"
    not_before = ("notice_date",)
    requested_on = day_field(gettext_lazy("Hearing requested on"))


@action_input("waive_hearing")
class WaiveHearingInput(ActionInput):
    """The party's written waiver of the hearing (art. 63, 64), signed on `waived_on`: the decision need not
    wait for the end of the hearing-request period."""

    date_field = "waived_on"
    not_before = ("notice_date",)
    waived_on = day_field(gettext_lazy("Waiver signed on"))
    note = text_field(gettext_lazy("Written waiver (what the party signed)"), required=True)


@action_input("schedule_hearing")
class ScheduleHearingInput(ActionInput):
    """The hearing's date and the day the party was notified of it (art. 64 (2))."""

    date_field = "hearing_notice_date"
    not_before = ("hearing_requested_on",)
    scheduled = ("hearing_date",)
    hearing_date = day_field(gettext_lazy("Hearing date"), required=True)
    hearing_notice_date = day_field(gettext_lazy("Hearing notice date"))

    def check(self, attrs):
        if attrs["hearing_date"] < attrs["hearing_notice_date"]:
            return {"hearing_date": _("The hearing cannot be before the party is notified of it.")}
        if attrs["hearing_date"] > attrs["hearing_notice_date"] + datetime.timedelta(days=MAX_SCHEDULE_DAYS):
            return {"hearing_date": _("The hearing may be at most a year after its notice.")}
        return None


@action_input("record_hearing")
class RecordHearingInput(ActionInput):
    """The hearing held on `held_on` (not before its scheduled date) and its record."""

    date_field = "held_on"
    not_before = ("hearing_notice_date", "hearing_date")
    note = text_field(gettext_lazy("Hearing record"), required=True)
    held_on = day_field(gettext_lazy("Hearing held on"))


# ---- legality review and collective discussion ----------------------------------------------------------

@action_input("submit_review")
class SubmitReviewInput(ActionInput):
    """Submit a case that needs legality review (art. 58; art. 32 for a reduced penalty; art. 33 to propose not
    penalising an item off the no-penalty list: give `no_penalty_grounds`)."""

    no_penalty_grounds = choice_field(gettext_lazy("Proposed no-penalty grounds"), NoPenaltyGround.choices,
                                      required=False,
                                      help_text="Propose not to penalise (art. 33): needed to submit before a notice.")
    note = text_field(gettext_lazy("Notes"))


@action_input("approve_review")
class ApproveReviewInput(ActionInput):
    """Approve at the reviewer's level, with the written opinion."""

    opinion = text_field(gettext_lazy("Review opinion"), required=True)


@action_input("return_review")
class ReturnReviewInput(ActionInput):
    """Return for correction, with the written opinion."""

    opinion = text_field(gettext_lazy("Review opinion"), required=True)


@action_input("record_discussion")
class RecordDiscussionInput(ActionInput):
    """集体讨论 (art. 57) held on `discussion_on`, with its record."""

    date_field = "discussion_on"
    not_before = ("notice_date", "last_review_on")
    discussion_on = day_field(gettext_lazy("Discussion date"))
    note = text_field(gettext_lazy("Collective discussion record"), required=True)


# ---- decision, delivery, execution --------------------------------------------------------------------

@action_input("decide")
class DecideInput(ActionInput):
    """行政处罚决定 on `decided_on`. Penalty and fine default to the notified ones."""

    date_field = "decided_on"
    not_before = ("notice_date", "statement_on", "hearing_held_on", "last_review_on", "discussion_on")
    penalty_kinds = kinds_field(gettext_lazy("Penalty"), help_text="Default: the notified penalty.")
    fine = money_field(gettext_lazy("Fine (yuan)"), help_text="Default: the notified fine.")
    confiscation_amount = money_field(gettext_lazy("Confiscation (yuan)"))
    discretion_level = _level()
    mitigation_ground = _mitigation()
    discretion_reason = text_field(gettext_lazy("Reason for a fine outside the discretion band"), rows=2,
                                   help_text="Above the chosen band (从重): the aggravating circumstances.")
    decision_text = text_field(gettext_lazy("Decision reasoning"), max_length=MAX_TEXT)
    decided_on = day_field(gettext_lazy("Date decided"))

    def check(self, attrs):
        kinds = attrs.get("penalty_kinds")
        if kinds is None and self.case is not None:
            kinds = self.case.notice_penalty_kinds or self.case.proposed_penalty_kinds
        if attrs.get("confiscation_amount") and "confiscation" not in (kinds or []):
            return {"confiscation_amount": _("A confiscation amount needs the penalty “confiscation”.")}
        return None


@action_input("decide_no_penalty")
class DecideNoPenaltyInput(ActionInput):
    """不予行政处罚决定 (art. 30, 31, 33) on `decided_on`, with the grounds and the reasoning."""

    date_field = "decided_on"
    not_before = ("filed_on", "notice_date", "statement_on", "hearing_held_on", "last_review_on", "discussion_on")
    grounds = choice_field(gettext_lazy("No-penalty grounds"), NoPenaltyGround.choices)
    decision_text = text_field(gettext_lazy("Decision reasoning"), required=True, max_length=MAX_TEXT)
    decided_on = day_field(gettext_lazy("Date decided"))


@action_input("deliver")
class DeliverInput(ActionInput):
    """送达 (art. 61) on `delivered_on`, by `delivery_method`: in person (the recipient signs the 送达回证), left at the
    residence with a witness (民事诉讼法 art. 89), by post, electronically with the party's written consent
    (art. 61 (2)), or by public notice when the party cannot be reached: it counts 30 days after the notice
    (民事诉讼法 art. 95) and is recorded then."""

    date_field = "delivered_on"
    not_before = ("decided_on",)
    delivered_on = day_field(gettext_lazy("Date delivered"))
    delivery_method = choice_field(gettext_lazy("Delivery method"), DeliveryMethod.choices, required=False,
                                   help_text="Default: direct.")
    recipient = line_field(gettext_lazy("Received by (signed the receipt)"))
    witness = line_field(gettext_lazy("Witness (left at the residence)"))
    consent_on = day_field(gettext_lazy("Written consent to electronic delivery given on"))
    electronic_address = line_field(gettext_lazy("Electronic address (e-mail, phone, platform)"))
    notice_on = day_field(gettext_lazy("Public notice published on"))
    reason = text_field(gettext_lazy("Circumstances (the refusal, when left; why other methods failed, public notice)"),
                        rows=2)
    tracking_number = line_field(gettext_lazy("Postal tracking number"), max_length=64,
                                 help_text="By post: required; `delivered_on` is the date on the postal receipt.")

    def check(self, attrs):
        method = attrs.get("delivery_method") or DeliveryMethod.DIRECT
        attrs["delivery_method"] = method
        if method == DeliveryMethod.LEFT and not attrs.get("witness"):
            return {"witness": _("民事诉讼法 Art. 89: delivery left at the residence needs a witness (or a photo or "
                                 "video record named here).")}
        if method == DeliveryMethod.LEFT and not attrs.get("reason"):
            return {"reason": _("民事诉讼法 Art. 89: record how the party refused to accept the document.")}
        if method == DeliveryMethod.POST and not attrs.get("tracking_number"):
            return {"tracking_number": _("民事诉讼法 Art. 91: delivery by post needs the tracking number; the "
                                         "delivery date is the date on the postal receipt.")}
        if method == DeliveryMethod.ELECTRONIC:
            if not attrs.get("consent_on") or not attrs.get("electronic_address"):
                return {"consent_on": _("Art. 61: electronic delivery needs the party's written consent (its date) "
                                        "and the address it was sent to.")}
            if attrs["consent_on"] > attrs["delivered_on"]:
                return {"consent_on": _("Art. 61: the consent must precede the electronic delivery.")}
        if method == DeliveryMethod.PUBLIC_NOTICE:
            notice = attrs.get("notice_on")
            if not notice or not attrs.get("reason"):
                return {"notice_on": _("民事诉讼法 Art. 95: give the day the public notice was published and why the "
                                       "party could not be reached otherwise.")}
            days = rules.public_notice_days()
            counted = notice + datetime.timedelta(days=days)
            if counted > self.today:
                return {"notice_on": _("民事诉讼法 Art. 95: delivery by public notice counts %(days)s days after the "
                                       "notice, on %(date)s; record it then.") % {"days": days, "date": counted}}
            message = self.precedes(notice, ("decided_on",))
            if message:
                return {"notice_on": message}
            attrs["delivered_on"] = counted
        return None


@action_input("record_payment")
class RecordPaymentInput(ActionInput):
    """Payment from the bank's receipt (art. 67), paid on `paid_on`."""

    date_field = "paid_on"
    not_before = ("decided_on",)
    bank_receipt_number = serializers.CharField(
        label=gettext_lazy("Bank receipt number"), max_length=64,
        error_messages={"required": RECEIPT_REQUIRED, "blank": RECEIPT_REQUIRED})
    paid_on = day_field(gettext_lazy("Paid on"))
    paid_amount = money_field(gettext_lazy("Amount paid (yuan)"), required=True)


@action_input("record_execution")
class RecordExecutionInput(ActionInput):
    """Execution of a decision without a fine, with its record."""

    note = text_field(gettext_lazy("Execution record"), required=True)


@action_input("close")
class CloseInput(ActionInput):
    """结案."""


@action_input("archive")
class ArchiveInput(ActionInput):
    """归档."""
