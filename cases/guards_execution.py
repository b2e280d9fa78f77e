"""Pure guards of the actions after the decision (unpaid fines, 催告, instalments, court enforcement).

Like the guards in `cases.workflow`: `(case, ctx) -> None | Chinese reason naming the article`; no ORM.
The transition table itself stays in `cases.workflow`.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from . import rules
from .models_execution import CourtRuling, PaymentPlanKind, PaymentPlanStatus


def amount_owed(case, on):
    """(surcharge, fine + surcharge − paid) on day `on` (art. 72, with an approved plan's pause, art. 66)."""
    surcharge = surcharge_on(case, on)
    owed = (case.fine_amount or Decimal("0")) + surcharge - (case.paid_amount or Decimal("0"))
    return surcharge, max(owed, Decimal("0.00"))


def plan_schedule(case):
    return [(rules_date(day), Decimal(amount)) for day, amount in case.payment_plan_schedule or []]


def rules_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def surcharge_on(case, on):
    approved = case.payment_plan_status == PaymentPlanStatus.APPROVED
    payments = [(rules_date(p["on"]), Decimal(p["amount"])) for p in case.payments or []]
    return rules.surcharge_due(case.fine_amount, case.payment_due, on,
                               schedule=plan_schedule(case) if approved else None,
                               paused_from=case.payment_plan_applied_on if approved else None, payments=payments)


def payment_overdue(case, ctx):
    """行政强制法 art. 54: a reminder (催告) only once the payment deadline has passed unpaid."""
    if not case.fine_amount:
        return _("This decision has no fine to pay.")
    if not case.payment_next_due or ctx.on <= case.payment_next_due:
        return _("行政强制法 Art. 54: the reminder can be issued only after the payment deadline of %(date)s has "
                 "passed without payment.") % {"date": case.payment_next_due}
    return None


def reminder_issued(case, ctx):
    """行政强制法 art. 35: the reminder (催告书) is issued in writing before it is delivered."""
    if not case.reminder_issued_on:
        return _("行政强制法 Art. 35: issue the written reminder (催告书) first.")
    return None


def reminder_period_passed(case, ctx):
    """行政强制法 art. 54: the court is asked only ten days after the reminder was delivered."""
    if not case.reminder_delivered_on or not case.reminder_deadline:
        return _("行政强制法 Art. 54: record the delivery of the reminder (催告书) first.")
    if ctx.on <= case.reminder_deadline:
        return _("行政强制法 Art. 54: the party has until %(date)s (ten days after the reminder was delivered) "
                 "to pay or state their case.") % {"date": case.reminder_deadline}
    return None


def within_enforcement_window(case, ctx):
    """行政强制法 art. 53: after the review and litigation periods, within three months of their expiry."""
    if not case.delivered_on:
        return _("Art. 61: the decision has not been delivered.")
    first, last = rules.enforcement_window(case.delivered_on)
    if ctx.on < first:
        return _("行政强制法 Art. 53: the periods for administrative review (60 days) and litigation (6 months) "
                 "run until %(date)s; the court can be asked from the next day.") % {
            "date": first.fromordinal(first.toordinal() - 1)}
    if ctx.on > last:
        return _("行政强制法 Art. 53: the three months for applying to the court ended on %(date)s.") % {"date": last}
    return None


def still_unpaid(case, ctx):
    """Nothing to enforce once the fine and the surcharge are paid (art. 72)."""
    _surcharge, owed = amount_owed(case, ctx.on)
    if owed <= 0:
        return _("Art. 72: the fine and the surcharge are paid; there is nothing to enforce.")
    return None


def plan_can_be_applied(case, ctx):
    """Art. 66: deferral or instalments are applied for while a fine is unpaid (once per decision: the
    input refuses a second application while one is pending or approved)."""
    if not case.fine_amount:
        return _("This decision has no fine to pay.")
    return None


def plan_schedule_covers_fine(case, ctx):
    """Art. 66: the schedule pays the whole fine still owed, in due order, after the application."""
    schedule = plan_schedule(case)
    if not schedule:
        return _("Art. 66: give the payment schedule.")
    owed = (case.fine_amount or Decimal("0")) - (case.paid_amount or Decimal("0"))
    total = sum((amount for _day, amount in schedule), Decimal("0"))
    if total != owed:
        return _("Art. 66: the schedule adds up to %(total)s yuan but %(owed)s yuan of the fine are owed.") % {
            "total": total, "owed": owed}
    if case.payment_plan_kind == PaymentPlanKind.DEFERRAL and len(schedule) != 1:
        return _("Art. 66: a deferral has one new due date for the whole amount; use instalments otherwise.")
    if case.payment_plan_kind == PaymentPlanKind.INSTALMENT and len(schedule) < 2:
        return _("Art. 66: instalments need at least two payments; use a deferral for one.")
    return None


def payment_receipt_and_amount(case, ctx):
    """Art. 67 (罚缴分离), 72: a payment is recorded from the bank's receipt; less than the amount owed is
    accepted only as an instalment of an approved plan (art. 66)."""
    if not case.bank_receipt_number.strip() or not case.paid_on or case.paid_amount is None:
        return _("Art. 67: record the bank receipt number, payment date and amount.")
    due = (case.fine_amount or 0) + (case.surcharge_amount or 0)
    if case.paid_amount < due and case.payment_plan_status != PaymentPlanStatus.APPROVED:
        return _("Art. 72: the payment of %(paid)s yuan does not cover the fine plus the late surcharge "
                 "(%(due)s yuan).") % {"paid": case.paid_amount, "due": due}
    return None


def court_ruling_recorded(case, ctx):
    """行政强制法 art. 57, 58: the court rules on the application before its outcome is recorded."""
    if case.enforcement_ruling not in (CourtRuling.GRANTED, CourtRuling.REFUSED):
        return _("行政强制法 Art. 57: record the court's ruling first.")
    if case.enforcement_ruling == CourtRuling.REFUSED and case.enforcement_outcome == "executed":
        return _("行政强制法 Art. 58: the court refused enforcement; the decision cannot be recorded as executed.")
    return None


# ---- targets that depend on the applied input -------------------------------------------------------------

def paid_in_full_or_stays(case):
    """Executed once fine and surcharge are paid; an instalment of an approved plan leaves the state."""
    from .models import Status

    due = (case.fine_amount or 0) + (case.surcharge_amount or 0)
    return Status.EXECUTED if (case.paid_amount or 0) >= due else case.status


paid_in_full_or_stays.label = "executed | (unchanged: an instalment)"


def plan_decision_target(case):
    """An approved plan replaces the reminder: the case is back to waiting for payment."""
    from .models import Status

    return Status.DELIVERED if case.payment_plan_status == PaymentPlanStatus.APPROVED else case.status


plan_decision_target.label = "delivered (approved) | (unchanged)"


def court_outcome_target(case):
    from .models import Status

    return Status.EXECUTED if case.enforcement_outcome == "executed" else Status.EXECUTION_TERMINATED


court_outcome_target.label = "executed | execution_terminated"
