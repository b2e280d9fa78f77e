"""The list's "mine" filter: the cases a user registered or handles, in the plan that is fast for that user.

Up to MINE_LISTED_MAX such cases (a bureau clerk, a new officer, a command operator with none): their ids,
read first from the two indexes (officer links, created_by), so the list is a primary-key lookup. More (a busy
officer): `created_by = me OR EXISTS (a link of mine)`, tested on the newest-first index until the page is full.
Either form alone was slow for the other user at 1,000,000 cases: EXISTS read the whole index to find nothing
(0.5 s), the id list sorted 50,000.

PostgreSQL runs that EXISTS in one of two ways, and which is faster depends on the user (ADR 0025): it hashes
*all* of the user's links before the first row (2.5 ms for 14,288 links), or it probes the links case by case as
the scan reaches them (1.4 µs a case). Probing wins for a user whose cases are a fair share of what they see (a
township officer: 0.6 against 3.0 ms a page) and loses for one whose cases are spread thin (17 against 6 ms).
So a busy user's share is measured once, when they are found busy, and the form is remembered with the flag.
All forms list exactly the same cases: the choice only picks the plan.
"""

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Exists, Expression, OuterRef, Q

from enforcement.accounts import access

from .models import Case

MINE_LISTED_MAX = 1_000

# A user found to have more than MINE_LISTED_MAX cases keeps the EXISTS form (and its plan) for this long,
# without reading 1,001 ids again on every request.
MINE_BUSY_SECONDS = 3600

HASH, PROBE = "hash", "probe"

# The busy user's share of cases is measured in the newest SHARE_SAMPLE rows of their scope; their links are
# counted up to LINKS_COUNTED.
SHARE_SAMPLE = 2_000
LINKS_COUNTED = 200_000

# Probing costs ~1.4 µs per case scanned, and a page scans ~51 / share cases; hashing costs ~0.18 µs per link
# (measured at 1,000,000 cases, ADR 0025). Probing is cheaper when share × links > 1.4 × 51 / 0.18 ≈ 400.
PROBE_WINS_ABOVE = 400


def mine_q(actor):
    """The condition "registered or handled by `actor`" on cases."""
    busy_key = _busy_key(actor)
    form = cache.get(busy_key)  # the shared cache falls back to memory on an outage (core.cache)
    if form:
        return _busy_q(actor, PROBE if form == PROBE else HASH)  # an older flag (True) meant the hashed form
    handled = _links_of(actor).values_list("case_id", flat=True)
    registered = Case.objects.filter(created_by=actor).order_by().values_list("id", flat=True)
    rows = list(handled.order_by().union(registered, all=True)[:MINE_LISTED_MAX + 1])
    if len(rows) <= MINE_LISTED_MAX:  # all of them read (a case registered and handled counts twice here)
        return Q(pk__in=set(rows))
    form = _measured_form(actor)
    cache.set(busy_key, form, MINE_BUSY_SECONDS)
    return _busy_q(actor, form)


def _busy_key(actor):
    return f"cases:mine:busy:{connection.settings_dict['NAME']}:{actor.pk}:{MINE_LISTED_MAX}"


def _links_of(actor):
    """The officer links of the actor's cases (through their officer record)."""
    return Case.officers.through.objects.filter(officer__user=actor)


def _busy_q(actor, form):
    if form == PROBE and connection.vendor == "postgresql":
        return Q(created_by=actor) | HandledBy(actor.pk)
    return Q(created_by=actor) | Exists(_links_of(actor).filter(case_id=OuterRef("pk")))


def _measured_form(actor):
    """PROBE where the actor's cases are a large enough share of the newest cases they see (their scope),
    given how many links a hash would read; HASH otherwise, and on other databases (SQLite probes anyway)."""
    if connection.vendor != "postgresql":
        return HASH
    links = _links_of(actor)[:LINKS_COUNTED].count()
    scope = access.scope(Case.objects.all(), actor)
    newest = scope.order_by("-created_at", "-id").values("pk")[:SHARE_SAMPLE]
    sampled = Case.objects.filter(pk__in=newest)
    seen = sampled.count()
    if not seen:
        return HASH
    share = sampled.filter(_busy_q(actor, HASH)).count() / seen
    return PROBE if share * links > PROBE_WINS_ABOVE else HASH


class HandledBy(Expression):
    """EXISTS over the user's officer links, probed case by case (PostgreSQL): the subquery is fenced with
    OFFSET 0, which keeps the planner from turning it into a hash of all the user's links; the officer's id
    is read once (an InitPlan). The same cases as `Exists(links)` (a test compares them)."""

    output_field = BooleanField()

    def __init__(self, user_id):
        super().__init__()
        self.user_id = user_id

    def as_sql(self, compiler, connection):
        from townships.models import Officer

        quote = connection.ops.quote_name
        links, officer = Case.officers.through._meta, Officer._meta
        outer = f"{compiler.quote_name_unless_alias(compiler.query.base_table)}.{quote(Case._meta.pk.column)}"
        # names from the models' meta, quoted; the user's id is a bound parameter
        sql = (f"EXISTS (SELECT 1 FROM {quote(links.db_table)} mine_links "  # noqa: S608  # nosec B608
               f"WHERE mine_links.{quote(links.get_field('case').column)} = {outer} "
               f"AND mine_links.{quote(links.get_field('officer').column)} = "
               f"(SELECT {quote(officer.pk.column)} FROM {quote(officer.db_table)} "
               f"WHERE {quote(officer.get_field('user').column)} = %s) OFFSET 0)")
        return sql, [self.user_id]
