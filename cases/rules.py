"""Pure legal arithmetic of the Administrative Penalty Law (行政处罚法, 2021). No ORM, no I/O.

Amounts come from settings (province-specific, documented in the README); dates are `datetime.date`.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from enforcement.core.workdays import add_workdays

DECISION_DAYS = 90  # art. 60
AT_RISK_DAYS = (60, 80)  # warnings before the art. 60 deadline
DELIVERY_WORKDAYS = 7  # art. 61, 85
HEARING_REQUEST_WORKDAYS = 5  # art. 64 (1), 85
HEARING_NOTICE_WORKDAYS = 7  # art. 64 (2), 85
STATEMENT_WORKDAYS = 3  # period for statement and defence after the notice (art. 44, 45)
PAYMENT_DAYS = 15  # art. 67
SURCHARGE_RATE = Decimal("0.03")  # art. 72 (1): 3 % of the fine per day, never above the fine

SIMPLE_PENALTY_KINDS = {"warning", "fine"}
HEARING_PENALTY_KINDS = {"licence_suspension", "licence_revocation", "closure"}


def money(value):
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _threshold(name, party_type, default_citizen, default_org):
    citizen = getattr(settings, f"{name}_CITIZEN", default_citizen)
    org = getattr(settings, f"{name}_ORG", default_org)
    return money(org if party_type == "organisation" else citizen)


def simple_procedure_limit(party_type):
    """Art. 51: the highest fine the simple procedure allows for this party type."""
    return _threshold("SIMPLE_PROCEDURE_MAX_FINE", party_type, "200", "3000")


def major_fine_threshold(party_type):
    return _threshold("MAJOR_FINE", party_type, "10000", "100000")


def hearing_fine_threshold(party_type):
    """Art. 63: a "large fine" that gives the party a right to a hearing. The README's MAJOR_FINE_* settings,
    unless the optional HEARING_FINE_CITIZEN / HEARING_FINE_ORG settings set a lower provincial threshold."""
    return _threshold("HEARING_FINE", party_type, major_fine_threshold("citizen"),
                      major_fine_threshold("organisation"))


def hearing_confiscation_threshold(party_type):
    """Art. 63 (二): a "large" confiscation of illegal gains or property (a setting, like the large fines)."""
    return _threshold("HEARING_CONFISCATION", party_type, hearing_fine_threshold("citizen"),
                      hearing_fine_threshold("organisation"))


def within_simple_limits(party_type, penalty_kinds, fine):
    """Art. 51: only a warning or a fine up to the threshold (both together also allowed)."""
    kinds = set(penalty_kinds or [])
    if not kinds or not kinds <= SIMPLE_PENALTY_KINDS:
        return False
    if "fine" in kinds:
        return fine is not None and Decimal(0) < money(fine) <= simple_procedure_limit(party_type)
    return fine in (None, Decimal(0)) or money(fine) == 0


def propose_procedure(party_type, penalty_kinds, fine):
    """繁简分流 triage: the procedure the law allows for the intended penalty."""
    return "simple" if within_simple_limits(party_type, penalty_kinds, fine) else "ordinary"


def propose_procedure_for_item(item_kinds, fine_min, warning_only, party_type="citizen"):
    """繁简分流 before the penalty is known (the filing form's first proposal): the simple procedure when the item's
    lightest lawful penalty fits art. 51 (a warning, or a fine whose minimum is within the limit)."""
    kinds = set(item_kinds or [])
    if warning_only or "warning" in kinds:
        return "simple"
    if "fine" in kinds and fine_min is not None and money(fine_min) <= simple_procedure_limit(party_type):
        return "simple"
    return "ordinary"


def major_reasons(*, party_type, penalty_kinds, fine, hearing_held, marked_complex):
    """The setting-driven major-case rule (重大执法决定, art. 57/58). Returns reason codes."""
    reasons = []
    kinds = set(penalty_kinds or [])
    if fine is not None and money(fine) >= major_fine_threshold(party_type):
        reasons.append("large_fine")
    if "licence_revocation" in kinds:
        reasons.append("licence_revocation")
    if "closure" in kinds:
        reasons.append("closure")
    if hearing_held:
        reasons.append("hearing_held")
    if marked_complex:
        reasons.append("complex")
    return reasons


def hearing_eligible(party_type, penalty_kinds, fine, confiscation=None):
    """Art. 63: large fines, large confiscations, licence suspension/revocation, closure give a right to a
    hearing."""
    kinds = set(penalty_kinds or [])
    if kinds & HEARING_PENALTY_KINDS:
        return True
    if "confiscation" in kinds and confiscation is not None and (
            money(confiscation) >= hearing_confiscation_threshold(party_type)):
        return True
    return fine is not None and money(fine) >= hearing_fine_threshold(party_type)


def limitation_start(violation_date, years):
    """Art. 36: the earliest violation date still punishable when discovered (2 or 5 years)."""
    try:
        return violation_date.replace(year=violation_date.year + years)
    except ValueError:  # 29 February
        return violation_date.replace(year=violation_date.year + years, day=28)


def within_limitation(violation_date, discovered_on, years):
    return discovered_on <= limitation_start(violation_date, years)


def extension_max_days():
    """Art. 60: days one approval may add to the decision deadline (CASE_EXTENSION_MAX_DAYS, default 30: the
    market-supervision procedure rules' 经批准可以延长三十日)."""
    return int(getattr(settings, "CASE_EXTENSION_MAX_DAYS", 30))


def extension_max_approvals():
    """Art. 60: how many extensions a case may have (CASE_EXTENSION_MAX_APPROVALS, default 1)."""
    return int(getattr(settings, "CASE_EXTENSION_MAX_APPROVALS", 1))


def public_notice_days():
    """Art. 61, 民事诉讼法 art. 95: 公告送达 counts this many days after the notice (setting, default 30)."""
    return int(getattr(settings, "PUBLIC_NOTICE_DELIVERY_DAYS", 30))


def decision_deadline(filed_on, extension_days=0):
    """Art. 60: 90 days from filing, plus recorded extensions."""
    return filed_on + datetime.timedelta(days=DECISION_DAYS + int(extension_days or 0))


def delivery_deadline(decided_on):
    """Art. 61, 85: seven working days after the decision."""
    return add_workdays(decided_on, DELIVERY_WORKDAYS)


def hearing_request_deadline(notice_date):
    return add_workdays(notice_date, HEARING_REQUEST_WORKDAYS)


def earliest_hearing_date(notice_date):
    """Art. 64: the party is told the time and place seven (working) days before the hearing."""
    return add_workdays(notice_date, HEARING_NOTICE_WORKDAYS)


def statement_deadline(notice_date):
    return add_workdays(notice_date, STATEMENT_WORKDAYS)


def payment_due(delivered_on):
    return delivered_on + datetime.timedelta(days=PAYMENT_DAYS)


def late_surcharge(fine, due, paid_on):
    """Art. 72: 3 % of the fine for every day late, never more than the fine itself."""
    if not fine or not due or paid_on <= due:
        return Decimal("0.00")
    days = (paid_on - due).days
    return min(money(fine) * SURCHARGE_RATE * days, money(fine)).quantize(Decimal("0.01"))


def at_risk_level(filed_on, today):
    """0, 60 or 80: the highest warning threshold (days since filing) a pending case has passed."""
    if not filed_on:
        return 0
    days = (today - filed_on).days
    level = 0
    for threshold in AT_RISK_DAYS:
        if days >= threshold:
            level = threshold
    return level


# ---- after the decision: unpaid fines (行政强制法 arts. 35, 45, 53, 54; 行政处罚法 arts. 66, 72) ----------

REMINDER_DAYS = 10  # 行政强制法 art. 54: ten days after the 催告书 is delivered
REVIEW_DAYS = 60  # 行政复议法 art. 20: sixty days from delivery
LITIGATION_MONTHS = 6  # 行政诉讼法 art. 46: six months from delivery
ENFORCEMENT_APPLICATION_MONTHS = 3  # 行政强制法 art. 53: within three months after the periods expire
MAX_INSTALMENTS = 12


def add_months(day, months):
    """The same day `months` later (the month's last day when it is shorter: 31 August + 6 → 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def reminder_deadline(delivered_on):
    """行政强制法 art. 54: the party has ten days after the 催告书 is delivered to pay or state their case."""
    return delivered_on + datetime.timedelta(days=REMINDER_DAYS)


def review_deadline(delivered_on):
    """行政复议法 art. 20: an application for administrative review within sixty days of delivery."""
    return delivered_on + datetime.timedelta(days=REVIEW_DAYS)


def litigation_deadline(delivered_on):
    """行政诉讼法 art. 46: a lawsuit within six months of delivery."""
    return add_months(delivered_on, LITIGATION_MONTHS)


def enforcement_window(delivered_on):
    """行政强制法 art. 53: (first day, last day) on which the court may be asked to enforce — after the
    review and litigation periods have passed, within three months of their expiry."""
    expiry = litigation_deadline(delivered_on)
    return expiry + datetime.timedelta(days=1), add_months(expiry, ENFORCEMENT_APPLICATION_MONTHS)


def _covered_on(payments, total):
    """The day cumulative `payments` [(day, amount)] first reach `total` (None: not yet)."""
    paid = Decimal("0")
    for day, amount in sorted(payments):
        paid += money(amount)
        if paid >= total:
            return day
    return None


def surcharge_due(fine, due, on, *, schedule=None, paused_from=None, payments=()):
    """Art. 72 (1) with art. 66: the late surcharge owed on day `on`, never above the fine.

    Without an approved plan (`schedule` None): 3 % of the fine for each day after `due` until the fine
    is paid in full (by `payments`, [(day, amount)]) or until `on`. With an approved instalment or
    deferral plan (`schedule` [(due day, amount)], approved on an application of `paused_from`): what
    accrued on the whole fine before the application stays, and from then on only an instalment that is
    late accrues, 3 % of that instalment per day, until payments cover it."""
    if not fine or not due:
        return Decimal("0.00")
    fine = money(fine)
    payments = [(day, money(amount)) for day, amount in payments if day <= on]
    if schedule is None:
        paid_on = _covered_on(payments, fine) or on
        return late_surcharge(fine, due, paid_on)
    total = Decimal("0")
    if paused_from and paused_from > due:
        total += fine * SURCHARGE_RATE * (min(paused_from, on) - due).days
    cumulative = Decimal("0")
    for instalment_due, amount in sorted(schedule):
        amount = money(amount)
        cumulative += amount
        until = _covered_on(payments, cumulative) or on
        if until > instalment_due:
            total += amount * SURCHARGE_RATE * (until - instalment_due).days
    return min(total, fine).quantize(Decimal("0.01"))


def next_instalment_due(schedule, paid):
    """The due day of the first instalment not covered by `paid` in total (None: all covered)."""
    cumulative = Decimal("0")
    for instalment_due, amount in sorted(schedule):
        cumulative += money(amount)
        if money(paid or 0) < cumulative:
            return instalment_due
    return None
