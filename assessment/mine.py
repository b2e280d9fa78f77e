"""An officer's own assessment (我的考核): their approved results and their points ledger, nobody else's.

Drafts stay with the township and the department until approved; the officer sees a result once it is final."""

from django.db.models import Sum

from enforcement.accounts import access

from .models import OfficerAssessment, PointEntry
from .officers import POINT_LABELS

LEDGER_LIMIT = 200


def my_results(user):
    """The user's approved results, newest period first."""
    return (access.own(OfficerAssessment.objects.filter(status=OfficerAssessment.Status.APPROVED), user,
                       "officer__user")
            .select_related("officer", "township", "department", "approved_by")
            .order_by("-period_start", "period_kind", "-id"))


def my_ledger(user, start, end):
    """(entries, total) of the user's points between start and end: the newest LEDGER_LIMIT entries, labelled,
    and the total over all of them."""
    rows = access.own(PointEntry.objects.all(), user, "officer__user").filter(on_date__range=(start, end))
    entries = list(rows.order_by("-on_date", "-id")[:LEDGER_LIMIT])
    for entry in entries:
        entry.label = POINT_LABELS.get(entry.indicator, entry.indicator)
    return entries, rows.aggregate(total=Sum("points"))["total"] or 0
