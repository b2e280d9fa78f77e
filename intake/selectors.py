"""Every read of intake starts from `access.scope` (another township's clue never appears)."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Exists, Func, OuterRef, Q, Subquery, TextField
from django.utils import timezone

from enforcement.accounts import access
from townships.models import Officer, Township

from .models import (
    FIELD_STATES,
    OPEN_STATES,
    RESPONSE_STATES,
    Attachment,
    Clue,
    ClueEvent,
    Dispatch,
    EarlyWarning,
    Reply,
    Source,
    State,
    Urgency,
)

LIST_RELATED = ("township", "zone", "item")


def clues_visible_to(user):
    return access.scope(Clue.objects.select_related(*LIST_RELATED), user)


def clue_detail(*, actor, code):
    return clues_visible_to(actor).select_related("current_dispatch", "case", "merged_into", "transferred_to",
                                                  "source_department", "created_by").get(code=code)


def _true(value):
    return str(value or "").lower() in ("1", "true", "yes", "on")


def _parse_date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def clue_list(*, actor, filters=None, queryset=None):
    """Scoped clues with the list filters of the pages, the API and the export; newest first."""
    qs = queryset if queryset is not None else clues_visible_to(actor)
    filters = filters or {}
    state = filters.get("state")
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)  # IN, not NOT IN: the partial index of open clues applies
    elif state in State.values:
        qs = qs.filter(state=state)
    if filters.get("source") in Source.values:
        qs = qs.filter(source=filters["source"])
    if filters.get("urgency") in Urgency.values:
        qs = qs.filter(urgency=filters["urgency"])
    if filters.get("township"):
        # A scalar subquery keeps the (township, -received_at, -id) index walk in order (see cases.selectors).
        qs = qs.filter(township_id=Subquery(Township.objects.filter(code=filters["township"]).values("id")[:1]))
    if _true(filters.get("overdue")):
        qs = qs.filter(state__in=RESPONSE_STATES, response_deadline__lt=timezone.now())
    date_from = _parse_date(filters.get("date_from"))
    if date_from:
        qs = qs.filter(received_at__gte=timezone.make_aware(datetime.datetime.combine(date_from, datetime.time())))
    date_to = _parse_date(filters.get("date_to"))
    if date_to:
        end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time())
        qs = qs.filter(received_at__lt=timezone.make_aware(end))
    q = str(filters.get("q") or "").strip()[:100]
    if q:
        qs = _search(qs, q)
    return qs.order_by("-received_at", "-id")


class _Grams(Func):
    """`case_name_grams(column)` (cases migration 0005): the characters and character pairs of a text, the
    expression of the GIN indexes on the clue's address and party (intake migration 0003)."""

    function = "case_name_grams"
    output_field = ArrayField(TextField())


def _search(qs, q):
    """The search box: the clue number or work-order number (exact), the reporter's phone (its keyed hash) or a
    part of the address or party name. Every branch has an index at 1,000,000 clues: on PostgreSQL the term's
    characters / pairs narrow the address and party through their GIN indexes and `contains` confirms."""
    from cases.selectors import term_grams
    from enforcement.core import crypto

    address, subject = Q(address__contains=q), Q(subject_name__contains=q)
    if connection.vendor == "postgresql":
        grams = term_grams(q)
        qs = qs.alias(address_grams=_Grams("address"), subject_grams=_Grams("subject_name"))
        address &= Q(address_grams__contains=grams)
        subject &= Q(subject_grams__contains=grams) & ~Q(subject_name="")
    exact = Q(code=q.upper()) | Q(external_number=q) | Q(reporter_phone_hash=crypto.keyed_hash(q))
    return qs.filter(exact | address | subject)


def keyset_after(queryset, cursor):
    """Rows after the keyset cursor "<received_at ISO>|<id>" (newest first), or the queryset itself."""
    if not cursor:
        return queryset
    try:
        stamp, pk = str(cursor).rsplit("|", 1)
        when = datetime.datetime.fromisoformat(stamp)
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return queryset.filter(Q(received_at__lt=when) | Q(received_at=when, id__lt=pk))


def cursor_of(row):
    received = row["received_at"] if isinstance(row, dict) else row.received_at
    pk = row["id"] if isinstance(row, dict) else row.pk
    return f"{received.isoformat()}|{pk}"


def clue_events(*, actor, clue):
    return access.scope(ClueEvent.objects.filter(clue=clue).select_related("actor"), actor).order_by("created_at",
                                                                                                     "id")


def clue_dispatches(*, actor, clue):
    return (access.scope(Dispatch.objects.filter(clue=clue), actor)
            .select_related("township", "zone", "dispatched_by", "acknowledged_by", "refused_by")
            .prefetch_related("officers").order_by("dispatched_at", "id"))


def clue_attachments(*, actor, clue):
    return access.scope(Attachment.objects.filter(clue=clue).select_related("uploaded_by"), actor)


def clues_assigned_to(user):
    """The clues dispatched to `user` that still need them in the field (the officers' task list, #11):
    named on the active dispatch, or a member of the dispatched team when the dispatch names nobody with an
    account. Scoped like every clue read; oldest deadline first."""
    officer = Officer.objects.filter(user_id=getattr(user, "pk", None)).first()
    named = Dispatch.officers.through.objects.filter(dispatch_id=OuterRef("current_dispatch_id"))
    condition = Q(pk__in=[])
    if officer is not None:
        condition |= Exists(named.filter(officer_id=officer.pk))
    own = access.township_of(user)
    if own is not None:
        condition |= Q(current_dispatch__township_id=own.pk, current_dispatch__officers_only=False,
                       current_dispatch__target__in=(Dispatch.Target.TOWNSHIP, Dispatch.Target.ZONE))
    elif access.sees_all_townships(user) and access.can(user, "clue.respond"):
        condition |= Q(current_dispatch__target=Dispatch.Target.BUREAU, current_dispatch__officers_only=False)
    return (clues_visible_to(user).filter(state__in=FIELD_STATES, current_dispatch__status=Dispatch.Status.ACTIVE)
            .filter(condition).select_related("current_dispatch").order_by("response_deadline", "id"))


def rechecks_due(*, actor, today=None):
    """Early warnings whose rectification deadline has come and that still wait for their re-check."""
    today = today or timezone.localdate()
    return (access.scope(EarlyWarning.objects.filter(outcome=EarlyWarning.Outcome.PENDING,
                                                     rectification_deadline__lte=today), actor)
            .select_related("clue", "township", "issued_by").order_by("rectification_deadline", "id"))


def warnings_list(*, actor, outcome=None):
    qs = access.scope(EarlyWarning.objects.select_related("clue", "township", "issued_by"), actor)
    if outcome in EarlyWarning.Outcome.values:
        qs = qs.filter(outcome=outcome)
    return qs.order_by("rectification_deadline", "id")


def replies_list(*, actor, status=None, today=None):
    """Replies owed to complainants: pending, overdue (past due, not replied) or done."""
    today = today or timezone.localdate()
    qs = access.scope(Reply.objects.select_related("clue", "township", "replied_by"), actor)
    if status == "pending":
        qs = qs.filter(replied_at__isnull=True)
    elif status == "overdue":
        qs = qs.filter(replied_at__isnull=True, due_on__lt=today)
    elif status == "done":
        qs = qs.filter(replied_at__isnull=False)
    return qs.order_by("due_on", "id")
