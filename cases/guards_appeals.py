"""Pure guards of administrative review (行政复议法) and litigation (行政诉讼法) against a decision.

Like the guards in `cases.workflow`: `(case, ctx) -> None | Chinese reason naming the article`; no ORM (the
service puts `review_decided_on`, the day an earlier review of this case was decided, into `ctx.data`).
"""

import datetime

from django.utils.translation import gettext as _

from . import rules
from .models_appeals import AppealKind, AppealOutcome

LITIGATION_AFTER_REVIEW_DAYS = 15  # 行政诉讼法 art. 45


def appeal_within_period(case, ctx):
    """行政复议法 art. 20: review within 60 days of delivery; 行政诉讼法 art. 46: a lawsuit within six months
    (art. 45: within 15 days of an earlier review decision)."""
    kind, filed = ctx.data.get("kind"), ctx.data.get("filed_on") or ctx.on
    if not case.delivered_on:
        return _("Art. 61: the decision has not been delivered.")
    if kind == AppealKind.REVIEW:
        last = rules.review_deadline(case.delivered_on)
        if filed > last:
            return _("行政复议法 Art. 20: an administrative review is applied for within 60 days of delivery "
                     "(by %(date)s).") % {"date": last}
        return None
    reviewed = ctx.data.get("review_decided_on")
    if reviewed:
        last = reviewed + datetime.timedelta(days=LITIGATION_AFTER_REVIEW_DAYS)
        if filed > last:
            return _("行政诉讼法 Art. 45: a lawsuit after an administrative review is filed within 15 days of the "
                     "review decision (by %(date)s).") % {"date": last}
        return None
    last = rules.litigation_deadline(case.delivered_on)
    if filed > last:
        return _("行政诉讼法 Art. 46: a lawsuit is filed within six months of delivery (by %(date)s).") % {"date": last}
    return None


def decision_still_stands(case, ctx):
    """A decision already revoked on review or by the court cannot be challenged again."""
    if case.appeal_outcome == AppealOutcome.REVOKED:
        return _("The decision was already revoked on review or by the court; there is nothing left to challenge.")
    return None


def no_open_appeal(case, ctx):
    """One review or lawsuit at a time: the next one follows the outcome of the pending one."""
    if case.open_appeal_id:
        return _("A review or lawsuit is already pending for this decision; record its outcome first.")
    return None


def appeal_pending(case, ctx):
    if not case.open_appeal_id:
        return _("No review or lawsuit is pending for this decision.")
    return None


def no_appeal_pending_for_enforcement(case, ctx):
    """行政强制法 art. 53: the court is asked only when the party did not apply for review or sue."""
    if case.open_appeal_id:
        return _("行政强制法 Art. 53: the party applied for review or sued; wait for the outcome before applying "
                 "to the court.")
    if case.appeal_outcome == AppealOutcome.REVOKED:
        return _("The decision was revoked; there is nothing to enforce.")
    return None


def appeal_outcome_target(case):
    """撤销 ends the decision (the fine is not collected); 责令重作 reopens the case for a new decision."""
    from .models import Status

    if case.appeal_outcome == AppealOutcome.REVOKED:
        return Status.DECISION_REVOKED
    if case.appeal_outcome == AppealOutcome.REDO:
        return Status.INVESTIGATING
    return case.status


appeal_outcome_target.label = "decision_revoked (撤销) | investigating (责令重作) | (unchanged)"
