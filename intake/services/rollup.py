"""The daily rollup of clue figures (`DailyRollup`): rebuilt from the clue tables for a range of days.

A clue counts on the day it was received, in its township (NULL: county level). Later events (arrival,
re-check, reply) change the figures of that day, so the nightly task rebuilds the last REFRESH_DAYS days;
`manage.py intake_rollup --days N` rebuilds more. Idempotent: the rows of the range are replaced.

The months the range touches are summed up again from their days (`MonthRollup`, whole months only).
"""

from collections import Counter
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..figures import COUNTS
from ..models import Clue, DailyRollup, EarlyWarning, MonthRollup, Reply, State

REFRESH_DAYS = 120  # longer than the longest rectification period plus the reply deadline
SATISFIED = (Reply.Satisfaction.VERY_SATISFIED, Reply.Satisfaction.SATISFIED, Reply.Satisfaction.BASIC)


def _bounds(start, end):
    return (timezone.make_aware(datetime.combine(start, time())),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time())))


@transaction.atomic
def rollup_refresh(*, start, end):
    """Rebuild the rollup rows of the days start..end (inclusive). Returns the number of rows written."""
    low, high = _bounds(start, end)
    clues = Clue.objects.filter(received_at__gte=low, received_at__lt=high).annotate(
        day=TruncDate("received_at"), reply_day=TruncDate("reply__replied_at"))
    rows = clues.values("day", "township_id").annotate(
        received=Count("id"),
        merged=Count("id", filter=Q(state=State.MERGED)),
        dispatched=Count("id", filter=Q(dispatched_at__isnull=False)),
        arrived=Count("id", filter=Q(arrived_at__isnull=False)),
        arrived_on_time=Count("id", filter=Q(arrived_at__isnull=False, arrived_at__lte=F("response_deadline"))),
        closed=Count("id", filter=Q(state=State.CLOSED)),
        with_case=Count("id", filter=Q(case__isnull=False)),
        warnings=Count("warning"),
        warnings_rechecked=Count("warning", filter=Q(warning__outcome__in=(EarlyWarning.Outcome.RECTIFIED,
                                                                          EarlyWarning.Outcome.UNRECTIFIED))),
        warnings_rectified=Count("warning", filter=Q(warning__outcome=EarlyWarning.Outcome.RECTIFIED)),
        replies_due=Count("reply"),
        replies_done=Count("reply", filter=Q(reply__replied_at__isnull=False)),
        replies_on_time=Count("reply", filter=Q(reply__replied_at__isnull=False, reply_day__lte=F("reply__due_on"))),
        replies_satisfied=Count("reply", filter=Q(reply__satisfaction__in=SATISFIED)),
        triaged=Count("proposal", filter=Q(proposal__item_accepted__isnull=False)),
        item_accepted=Count("proposal", filter=Q(proposal__item_accepted=True)),
    ).order_by()
    minutes = {}
    for day, township_id, dispatched, arrived in (
            clues.filter(arrived_at__isnull=False, dispatched_at__isnull=False)
            .values_list("day", "township_id", "dispatched_at", "arrived_at").iterator(chunk_size=5000)):
        minutes.setdefault((day, township_id), []).append(max(0, round((arrived - dispatched).total_seconds() / 60)))
    now = timezone.now()
    objects = [DailyRollup(**row, response_minutes=sorted(minutes.get((row["day"], row["township_id"]), [])),
                           refreshed_at=now) for row in rows]
    DailyRollup.objects.filter(day__gte=start, day__lte=end).delete()
    DailyRollup.objects.bulk_create(objects, batch_size=1000)
    month_rollup_refresh(start=start, end=end)
    return len(objects)


def month_rollup_rows(days):
    """The `MonthRollup` field values summed up from daily rows (dicts of `DailyRollup` values), one per month
    and township: the counts added, the response minutes counted by minute, the latest refreshed_at."""
    months = {}
    for row in days:
        key = (row["day"].replace(day=1), row["township_id"])
        entry = months.get(key)
        if entry is None:
            entry = months[key] = {"month": key[0], "township_id": key[1], "refreshed_at": row["refreshed_at"],
                                   "minutes": Counter(), **dict.fromkeys(COUNTS, 0)}
        for name in COUNTS:
            entry[name] += row[name]
        entry["minutes"].update(row["response_minutes"])
        entry["refreshed_at"] = max(entry["refreshed_at"], row["refreshed_at"])
    for entry in months.values():
        entry["response_histogram"] = [[minute, n] for minute, n in sorted(entry.pop("minutes").items())]
    return list(months.values())


@transaction.atomic
def month_rollup_refresh(*, start, end):
    """Rebuild the `MonthRollup` rows of every month that start..end touches, from their days' rows."""
    first = start.replace(day=1)
    last = (end.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    days = (DailyRollup.objects.filter(day__gte=first, day__lte=last).order_by()
            .values("day", "township_id", "response_minutes", "refreshed_at", *COUNTS).iterator(chunk_size=2000))
    objects = [MonthRollup(**row) for row in month_rollup_rows(days)]
    MonthRollup.objects.filter(month__gte=first, month__lte=last).delete()
    MonthRollup.objects.bulk_create(objects, batch_size=1000)
    return len(objects)


def rollup_refresh_recent(*, today=None, days=REFRESH_DAYS):
    today = today or timezone.localdate()
    return rollup_refresh(start=today - timedelta(days=days), end=today)
