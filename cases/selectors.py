"""Every read of case handling starts from `access.scope` (so another township's case never appears)."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Expression, Q, Subquery, TextField
from django.utils import timezone

from catalog.labels import item_labels
from catalog.models import Domain, Item
from enforcement.accounts import access
from townships.labels import township_labels
from townships.models import Township

from . import rules
from .models import EVER_OVERDUE_Q, UNDECIDED_LIST, Case, CaseEvent, Document, Evidence, Status
from .selectors_mine import mine_q

TRUE_VALUES = ("1", "true", "yes", "on")
CODE_FRAGMENT_MIN = 3  # a code fragment of one or two characters matches nearly every code


def cases_visible_to(user):
    return access.scope(Case.objects.select_related("item__domain", "township"), user)


def _parse_date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _day_start(day):
    """The first instant of a local day: date filters become half-open ranges on the indexed timestamp."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def case_list(*, actor, filters=None, queryset=None):
    """Scoped cases with the list filters of the pages and the API, newest first.

    Every filter is written so that an index can serve it at 1,000,000 cases (EXPLAIN in issue 14's notes):
    registration dates as half-open ranges on `created_at`, case dates on the stored `case_date`, overdue
    on the partial index of open cases, "mine" as EXISTS over the officer links, search through the name
    and code indexes; township and item codes resolve to ids from the process's label copies (else in scalar
    subqueries), so that the planner walks the (township, -created_at, -id) index in order instead of
    joining and sorting."""
    qs = queryset if queryset is not None else cases_visible_to(actor)
    filters = filters or {}
    today = timezone.localdate()
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("procedure"):
        qs = qs.filter(procedure=filters["procedure"])
    if filters.get("township"):
        qs = qs.filter(township_id=_id_by_code(township_labels, Township, filters["township"]))
    if filters.get("item"):
        qs = qs.filter(item_id=_id_by_code(item_labels, Item, filters["item"]))
    if filters.get("domain"):
        qs = qs.filter(item_id__in=_item_ids_of_domain(filters["domain"]))
    date_from = _parse_date(filters.get("date_from"))
    if date_from:
        qs = qs.filter(created_at__gte=_day_start(date_from))
    date_to = _parse_date(filters.get("date_to"))
    if date_to:
        qs = qs.filter(created_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    # The statistics' own date (filing; decision for on-the-spot cases), so dashboard drill-downs list
    # exactly the cases a figure counted.
    case_from = _parse_date(filters.get("case_date_from"))
    if case_from:
        qs = qs.filter(case_date__gte=case_from)
    case_to = _parse_date(filters.get("case_date_to"))
    if case_to:
        qs = qs.filter(case_date__lte=case_to)
    if str(filters.get("overdue", "")).lower() in TRUE_VALUES:
        qs = qs.filter(status__in=UNDECIDED_LIST, deadline__lt=today)
    overdue_on = _parse_date(filters.get("overdue_on"))
    if overdue_on:
        # Overdue on a past day (the dashboard's figure for a closed period, art. 60): past the deadline then and
        # not decided by then. On today's date this is the `overdue` filter.
        # EVER_OVERDUE_Q follows from the rest: it lets the planner walk the small partial index of such cases.
        qs = qs.filter(Q(filed_on__lte=overdue_on, deadline__lt=overdue_on)
                       & (Q(status__in=UNDECIDED_LIST) | Q(decided_on__gt=overdue_on)) & EVER_OVERDUE_Q)
    if str(filters.get("major", "")).lower() in TRUE_VALUES:
        qs = qs.filter(is_major=True)
    if str(filters.get("late_delivery", "")).lower() in TRUE_VALUES:  # art. 61, partial index of late ones
        qs = qs.filter(delivered_late=True)
    if filters.get("mine") and actor is not None:
        qs = qs.filter(mine_q(actor))
    q = (filters.get("q") or "").strip()
    if q:
        qs = search(qs, q)
    return qs.order_by("-created_at", "-id")


def _id_by_code(labels, model, code):
    """The id of the township or item with this code from this process's label copy; a code the copy lacks
    (none such, or created a moment ago) resolves in the database, in a scalar subquery of the list statement."""
    found = labels.id_of(code)
    return found if found is not None else Subquery(model.objects.filter(code=code).values("id")[:1])


def _item_ids_of_domain(code):
    """The domain's items from this process's label copy (a literal id list: the statement compiles in a
    fraction of the nested subqueries' time and the database walks the newest-first index with it); a domain
    the copy holds no item of (none such, or created a moment ago) resolves in the database."""
    found = item_labels.ids_of(code, position=2)
    if found:
        return list(found)
    domain = Subquery(Domain.objects.filter(code=code).values("id")[:1])
    return Item.objects.filter(domain_id=domain).values("id")


class PartyNameGrams(Expression):
    """The stored column `party_name_grams` (PostgreSQL only, migration cases 0005: the characters and
    character pairs of the party's name, GIN-indexed). Django does not model the column: the database
    computes it on every write."""

    output_field = ArrayField(TextField())

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(compiler.query.base_table)}.party_name_grams", []


def term_grams(term):
    """What a name containing `term` must have among its grams: its one character, or its character pairs."""
    term = term.upper()
    if len(term) == 1:
        return [term]
    return sorted({term[i:i + 2] for i in range(len(term) - 1)})


def search(qs, q):
    """The list's search box: a party's name (contains), an action code (contains, three characters or
    more, else the exact code) or an ID / USCC number (exact, through its keyed hash: never in plaintext)."""
    from .services.party import party_id_hash

    name = Q(party_name__icontains=q)
    if connection.vendor == "postgresql":
        # A one- or two-character term is contained exactly when it is one of the name's grams (so the
        # planner's estimate is the real share of names, from the column's statistics); a longer term's
        # pairs narrow the rows through the GIN index and icontains confirms.
        qs = qs.alias(name_grams=PartyNameGrams())
        grams = Q(name_grams__contains=term_grams(q))
        name = grams if len(q) <= 2 else grams & name
    code = Q(code__icontains=q) if len(q) >= CODE_FRAGMENT_MIN else Q(code=q.upper())
    return qs.filter(name | code | Q(party_id_hash=party_id_hash(q)))


def _undecided():
    from .models import UNDECIDED_STATES

    return UNDECIDED_STATES


def deadline_watch(*, actor, today=None):
    """Pending cases at 60+ days since filing (at risk), 80+ days, or past their deadline (art. 60)."""
    today = today or timezone.localdate()
    return (cases_visible_to(actor).filter(status__in=_undecided())
            .filter(Q(filed_on__lte=today - datetime.timedelta(days=rules.AT_RISK_DAYS[0])) | Q(deadline__lt=today))
            .order_by("deadline", "id"))


def review_queue(*, actor):
    """The cases waiting for this reviewer's level; handlers never see their own cases here."""
    states = []
    if access.can(actor, "case.review_township"):
        states.append(Status.TOWNSHIP_REVIEW)
    if access.can(actor, "case.review_district"):
        states.append(Status.DISTRICT_REVIEW)
    if not states:
        return Case.objects.none()
    return (cases_visible_to(actor).filter(status__in=states).exclude(created_by=actor)
            .exclude(officers__user=actor).order_by("updated_at", "id"))


def case_events(*, actor, case):
    return access.scope(CaseEvent.objects.filter(case=case).select_related("actor"), actor).order_by("created_at", "id")


def case_documents(*, actor, case):
    return access.scope(Document.objects.filter(case=case), actor)


def case_document(*, actor, case, kind, version=None):
    """The latest version of a document kind of the case, or version `version` (an int); None if absent."""
    documents = case_documents(actor=actor, case=case).filter(kind=kind)
    if version is not None:
        documents = documents.filter(version=version)
    document = documents.order_by("-version").first()
    return document if document is not None and document.file else None


def case_evidence(*, actor, case):
    return access.scope(Evidence.objects.filter(case=case).select_related("uploaded_by"), actor)


def party_history(*, actor, id_number, limit=20):
    """The party's earlier cases in the whole county, newest first (首违: art. 33 (1) — a first minor violation
    corrected in time may go unpunished). Found by the keyed hash of the ID / USCC number, never by plaintext.
    Cases the actor may open carry their code; another township's only the date, item, township and outcome."""
    from .services.party import party_id_hash

    key = party_id_hash(id_number)
    if not key:
        return []
    visible = set(cases_visible_to(actor).filter(party_id_hash=key).values_list("pk", flat=True)[:limit])
    rows = (Case.objects.filter(party_id_hash=key).exclude(status__in=[Status.NOT_FILED, Status.REVOKED])
            .select_related("item", "township").order_by("-created_at")[:limit])
    return [{
        "code": case.code if case.pk in visible else None,
        "date": case.decided_on or case.filed_on or timezone.localdate(case.created_at),
        "item": case.item.code, "item_name": case.item.name,
        "township_name": case.township.name if case.township_id else "",
        "status_label": case.get_status_display(), "decision_type": case.decision_type,
        "fine_amount": case.fine_amount,
    } for case in rows]


# Cases that do not establish a violation: a clue not filed, a filing revoked, a case sent elsewhere.
NOT_A_VIOLATION = [Status.NEW, Status.CLUE, Status.NOT_FILED, Status.REVOKED, Status.TRANSFERRED]


def prior_violations(*, case, on_date=None, limit=20):
    """首违 (art. 33 (1)): the party's other cases in the county (same ID / USCC number by its keyed hash) on the
    same item or in the same domain (`FIRST_VIOLATION_SCOPE`), whose violation lies within
    `FIRST_VIOLATION_LOOKBACK_DAYS` before this one. Read county-wide on purpose (the rule looks at the whole
    county); the caller shows other townships' cases without their code. Oldest rules nothing: newest first."""
    from django.conf import settings

    if not case.party_id_hash:
        return []
    on_date = on_date or case.violation_date
    since = on_date - datetime.timedelta(days=settings.FIRST_VIOLATION_LOOKBACK_DAYS)
    rows = (Case.objects.filter(party_id_hash=case.party_id_hash, violation_date__gte=since,
                                violation_date__lte=on_date)
            .exclude(pk=case.pk).exclude(status__in=NOT_A_VIOLATION)
            .select_related("item", "township"))
    if settings.FIRST_VIOLATION_SCOPE == "item":
        rows = rows.filter(item_id=case.item_id)
    else:
        rows = rows.filter(item__domain_id=case.item.domain_id)
    return list(rows.order_by("-violation_date", "-id")[:limit])


def prior_violation_rows(*, actor, case):
    """The party's earlier cases as the case page shows them: a code only where the actor may open the case."""
    rows = prior_violations(case=case)
    visible = set(cases_visible_to(actor).filter(pk__in=[c.pk for c in rows]).values_list("pk", flat=True))
    return [{"code": c.code if c.pk in visible else None, "violation_date": c.violation_date,
             "item": c.item, "township": c.township, "status_label": c.get_status_display(),
             "decision_label": c.get_decision_type_display()} for c in rows]


def unpaid_cases(*, actor, today=None):
    """Decided fines past their due day and not paid (行政强制法 art. 54, 行政处罚法 art. 72), most overdue first:
    the payment deadline passed, or an instalment of an approved plan (art. 66). Walks the partial index
    `case_unpaid_due`. Each case gets `owed_surcharge` and `owed_total` as of `today` (art. 72 cap)."""
    from .guards_execution import amount_owed
    from .models import UNPAID_LIST

    today = today or timezone.localdate()
    qs = (cases_visible_to(actor).filter(status__in=UNPAID_LIST, fine_amount__gt=0, payment_next_due__lt=today)
          .order_by("payment_next_due", "id"))
    return UnpaidRows(qs, today, amount_owed)


class UnpaidRows:
    """A lazy sequence over the unpaid cases that adds the amounts owed today to each row a page takes."""

    def __init__(self, qs, today, owed):
        self.qs, self.today, self._owed = qs, today, owed

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        rows = self.qs[index]
        if isinstance(index, slice):
            rows = list(rows)
            for case in rows:
                self.annotate(case)
            return rows
        return self.annotate(rows)

    def __iter__(self):
        return iter(self[0:self.count()])

    def annotate(self, case):
        case.owed_surcharge, case.owed_total = self._owed(case, self.today)
        case.days_overdue = (self.today - case.payment_next_due).days
        return case


WORKDAY_DEADLINES = ("statement_deadline", "hearing_request_deadline", "delivery_deadline")


def provisional_deadlines(case):
    """Art. 85: the case's working-day deadlines in a year without an official holiday calendar (counted Monday
    to Friday, provisional). One query (the calendar's revision) when the case has such deadlines."""
    from enforcement.core import workdays

    days = {name: getattr(case, name) for name in WORKDAY_DEADLINES if getattr(case, name)}
    if not days:
        return set()
    covered = workdays.snapshot().covered_years
    return {name for name, day in days.items() if day.year not in covered}
