"""The command-centre board's data: a handful of grouped counts over the partial indexes of open clues.

Every read starts from `access.scope`, so a township command room sees its own township only. The query
count is constant (asserted in tests); at 1,000,000 clues each query touches the open ones only.
"""

from datetime import datetime, time

from django.db.models import Count
from django.utils import timezone

from enforcement.accounts import access
from townships.models import Township

from .models import OPEN_STATES, RESPONSE_STATES, Clue, Dispatch, EarlyWarning, Reply, State, Urgency

LIST_LIMIT = 10
WAITING_STATES = (State.NEW, State.TRIAGED, State.ESCALATED, State.RETURNED)  # not yet with officers in the field


def _count(queryset, first_rows):
    """How many rows `queryset` has, given its first LIST_LIMIT rows: a short list is all of them."""
    return len(first_rows) if len(first_rows) < LIST_LIMIT else queryset.count()


def board_data(*, actor, now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    start_of_day = timezone.make_aware(datetime.combine(today, time()))
    clues = access.scope(Clue.objects.all(), actor)
    open_clues = clues.filter(state__in=OPEN_STATES)

    # One pass over the open clues' partial index gives both the state × urgency table and the township load.
    # COUNT(*), not COUNT(id): the id is not in that index, and reading it would visit every open clue's row.
    by_state = {state: {Urgency.URGENT: 0, Urgency.NORMAL: 0} for state in OPEN_STATES}
    load = {}
    for row in open_clues.values("township_id", "state", "urgency").annotate(n=Count("*")).order_by():
        by_state[row["state"]][row["urgency"]] += row["n"]
        entry = load.setdefault(row["township_id"], {"open": 0, "waiting": 0, "in_field": 0})
        entry["open"] += row["n"]
        entry["waiting" if row["state"] in WAITING_STATES else "in_field"] += row["n"]
    states = [{"state": state, "label": str(State(state).label), "urgent": counts[Urgency.URGENT],
               "normal": counts[Urgency.NORMAL], "total": counts[Urgency.URGENT] + counts[Urgency.NORMAL]}
              for state, counts in by_state.items()]

    overdue_qs = clues.filter(state__in=RESPONSE_STATES, response_deadline__lt=now)
    overdue = list(overdue_qs.order_by("response_deadline", "id").select_related("township")
                   .only("code", "address", "urgency", "state", "response_deadline", "township__name")[:LIST_LIMIT])
    overdue_count = _count(overdue_qs, overdue)

    names = {t.id: t for t in access.scope(Township.objects.only("id", "code", "name"), actor)}
    townships = sorted(
        ({"code": names[tid].code if tid in names else "", "name": names[tid].name if tid in names else "",
          **counts} for tid, counts in load.items()), key=lambda r: (-r["open"], r["code"]))

    dispatches = access.scope(Dispatch.objects.filter(dispatched_at__gte=start_of_day), actor)
    latest = list(dispatches.select_related("clue", "township", "zone").order_by("-dispatched_at", "-id")
                  .only("dispatched_at", "target", "unit_name", "status", "urgency", "clue__code", "clue__address",
                        "township__name", "zone__name")[:LIST_LIMIT])
    today_count = _count(dispatches, latest)
    rechecks = access.scope(EarlyWarning.objects.filter(outcome=EarlyWarning.Outcome.PENDING,
                                                        rectification_deadline__lte=today), actor).count()
    replies_overdue = access.scope(Reply.objects.filter(replied_at__isnull=True, due_on__lt=today), actor).count()
    return {
        "now": now, "states": states, "open_total": sum(s["total"] for s in states),
        "urgent_open": sum(s["urgent"] for s in states), "overdue": overdue, "overdue_count": overdue_count,
        "townships": townships, "dispatched_today": today_count, "latest_dispatches": latest,
        "rechecks_due": rechecks, "replies_overdue": replies_overdue,
    }


def board_json(data):
    """The board data as JSON (the API and the page's polling share `board_data`)."""
    return {
        "generated_at": data["now"].isoformat(),
        "open_total": data["open_total"], "urgent_open": data["urgent_open"],
        "states": data["states"], "overdue_count": data["overdue_count"],
        "overdue": [{"code": c.code, "address": c.address, "urgency": c.urgency, "state": c.state,
                     "township": c.township.name if c.township else None,
                     "response_deadline": c.response_deadline.isoformat()} for c in data["overdue"]],
        "townships": data["townships"], "dispatched_today": data["dispatched_today"],
        "latest_dispatches": [{"clue": d.clue.code, "address": d.clue.address, "target": d.target,
                               "township": d.township.name if d.township else None,
                               "zone": d.zone.name if d.zone else None, "unit": d.unit_name, "status": d.status,
                               "urgency": d.urgency, "dispatched_at": d.dispatched_at.isoformat()}
                              for d in data["latest_dispatches"]],
        "rechecks_due": data["rechecks_due"], "replies_overdue": data["replies_overdue"],
    }
