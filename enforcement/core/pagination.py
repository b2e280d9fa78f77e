"""Pagination: page numbers for short lists, keyset (cursor) pagination for lists that reach a million rows.

`StandardPagination` is DRF's page-number pagination with a capped page size.

For deep lists (cases, and any list ordered newest first by an indexed key) OFFSET reads and throws away
every row before the page: page 2,000 of the case list read 100,000 rows. A keyset page instead starts
after the last row shown, `(created_at, id) < (c, i)`, which the (-created_at, -id) index serves directly
whatever the depth. `KeysetPaginator` pages a queryset that way, in both directions, with an opaque cursor;
`capped_count()` counts at most `cap + 1` rows of a queryset stripped of its joins, so a list can say
"1,000+" without counting a million rows.
"""

import base64
import binascii
import datetime
import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldError
from django.db import connections
from django.db.models import Q
from django.utils.translation import gettext as _

from rest_framework.pagination import PageNumberPagination

COUNT_CAP = 1_000
logger = logging.getLogger(__name__)


class StandardPagination(PageNumberPagination):
    """Page size chosen by the client, capped so that no request can ask for the whole table."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class InvalidCursor(ValueError):
    """A cursor that this list did not make (edited, truncated, or from another ordering)."""

    def __init__(self):
        super().__init__(_("This page link is not valid (any more): start again from the first page."))


# How long a list is remembered to hold more than COUNT_CAP rows (see capped_count).
LARGE_LIST_SECONDS = 60


def capped_count(queryset, cap=COUNT_CAP, statement=None):
    """min(rows, cap + 1), counted on the bare filtered rows of a model queryset: no selected columns, no
    select_related joins, no ordering. Above `cap` the caller shows "cap+".

    A list found to hold more than COUNT_CAP rows is remembered as such for LARGE_LIST_SECONDS (by its exact
    SQL, which holds the user's scope, the filters and the dates): paging through a large list, or asking for
    it again, does not count it again. Shorter lists are counted every time, so their count is always exact;
    a large list that shrinks below the cap may still say "1,000+" for up to a minute.

    `statement`: the capped statement already compiled (`count_statement_from_keys`), which is then not
    built and compiled again."""
    if statement is None:
        counted = queryset.select_related(None).order_by().values("pk")[:cap + 1]
        if cap != COUNT_CAP:
            return counted.count()
        try:
            statement = counted.query.sql_with_params()
        except EmptyResultSet:  # .none(): nothing to count
            return 0
    elif cap != COUNT_CAP:
        return _count(queryset.db, *statement)
    sql, params = statement
    using = queryset.db
    raw = f"{connections[using].settings_dict['NAME']}|{cap}|{sql}|{params!r}"
    key = "pagination:large:" + hashlib.sha256(raw.encode()).hexdigest()
    now = time.monotonic()
    if _large_here.get(key, 0) > now:  # this process saw it large (here or in the shared cache) a moment ago
        return cap + 1
    try:
        if cache.get(key):
            _remember_large(key, now)
            return cap + 1
    except Exception:  # noqa: BLE001 - a cache outage only costs the count
        logger.warning("list count cache unavailable", exc_info=True)
        return _count(using, sql, params)
    count = _count(using, sql, params)
    if count > cap:
        _remember_large(key, now)
        try:
            cache.set(key, True, LARGE_LIST_SECONDS)
        except Exception:  # noqa: BLE001 - the next request counts again
            logger.warning("list count cache unavailable", exc_info=True)
    return count


# This process's memory of large lists (key → until when), in front of the shared cache's; bounded.
_large_here = {}
LARGE_HERE_MAX = 10_000


def _remember_large(key, now):
    if len(_large_here) >= LARGE_HERE_MAX:
        _large_here.clear()
    _large_here[key] = now + LARGE_LIST_SECONDS


def _count(using, sql, params):
    """COUNT(*) of the compiled capped statement, as `.count()` of a sliced queryset, without compiling again."""
    with connections[using].cursor() as cursor:
        # the statement is Django-compiled, its values bound as parameters
        statement = "SELECT COUNT(*) FROM (" + sql + ") AS capped"  # noqa: S608  # nosec B608
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


EMPTY = ("", ())  # a compiled statement that can match nothing (Django raised EmptyResultSet)


# The ORDER BY clause Django compiles for a model's keyset ordering: constant per model, ordering and database.
_ordering_clauses = {}
_LIMIT_CLAUSE = re.compile(r" LIMIT \d+(?: OFFSET \d+)?")


def _ordering_clause(model, ordering, using):
    key = (model._meta.label, ordering, using)
    if key not in _ordering_clauses:
        sql, params = model._base_manager.using(using).order_by(*ordering).values("pk")[:1].query.sql_with_params()
        start, end = sql.rfind(" ORDER BY "), sql.rfind(" LIMIT ")
        _ordering_clauses[key] = sql[start:end] if 0 < start < end and not params else None
    return _ordering_clauses[key]


def _orders_as_clause(queryset):
    """Whether ordering adds nothing but its ORDER BY clause to this queryset's statement (it can add
    selected columns under DISTINCT, grouping, selected annotations or extra())."""
    query = queryset.query
    return not (query.distinct or query.group_by or query.annotation_select or query.extra or query.combinator)


def compile_keys_statement(queryset, ordering, start, stop):
    """The compiled statement of `KeysetPaginator.keys(queryset, ordering, start, stop)`: the keys compiled
    without ordering, and the model's constant ORDER BY clause put before the LIMIT. Resolving the ordering
    was almost half of compiling a page's keys; a test holds the result equal to Django's for every list
    filter. Raises EmptyResultSet as compiling does when nothing can match."""
    clause = _ordering_clause(queryset.model, tuple(ordering), queryset.db) if _orders_as_clause(queryset) else None
    if clause is not None:
        sql, params = queryset.select_related(None).order_by().values("pk")[start:stop].query.sql_with_params()
        head, found, tail = sql.rpartition(" LIMIT ")
        if found and " ORDER BY " not in tail and _LIMIT_CLAUSE.fullmatch(" LIMIT " + tail):
            return f"{head}{clause} LIMIT {tail}", params
    return KeysetPaginator.keys(queryset, ordering, start, stop).query.sql_with_params()


def count_statement_from_keys(queryset, keys_statement, ordering, cap=COUNT_CAP):
    """`capped_count`'s statement cut from a compiled keys statement of the same queryset (`pk`s in `ordering`,
    sliced): the same SQL without its ORDER BY, limited to cap + 1, which is exactly what Django compiles for
    the count (a test holds the two equal for every list filter). The filters, which are most of the
    compiling, are then compiled once per page instead of twice. None where the two may differ (DISTINCT,
    grouping, selected annotations: ordering can add columns there) or the statement is not of the expected
    form. Aliases (`.alias()`, the name search's grams) are filters only, like any other condition."""
    if not _orders_as_clause(queryset):
        return None
    clause = _ordering_clause(queryset.model, tuple(ordering), queryset.db)
    if clause is None:
        return None
    sql, params = keys_statement
    head, found, tail = sql.rpartition(clause)
    if not found or not _LIMIT_CLAUSE.fullmatch(tail):
        return None
    return f"{head} LIMIT {cap + 1}", params


def _encode(values):
    payload = json.dumps([v.isoformat() if isinstance(v, datetime.datetime) else v for v in values])
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None = None
    previous_cursor: str | None = None
    count: int = 0
    count_exact: bool = True
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_next(self):
        return self.next_cursor is not None

    @property
    def has_previous(self):
        return self.previous_cursor is not None


# The outer statement of a keyset page of .values() rows: "these columns, with their joins, of the rows
# whose keys are in (…), in this order". It depends only on the model, the columns, the ordering and the
# database, so it is compiled once per process; a page then compiles only its keys subquery (the filters).
_KEYS_MARKER = "__keyset_page_keys__"
_outer_statements = {}


def _outer_statement(model, fields, ordering, using):
    """(SQL with _KEYS_MARKER where the keys subquery goes, column names), or None where the rows need the
    ORM's converters (SQLite's dates and decimals, custom fields): those pages keep the ORM path."""
    key = (model._meta.label, fields, ordering, using, connections[using].vendor)
    if key not in _outer_statements:
        from django.db.models.expressions import RawSQL

        try:
            # a constant marker, replaced by the compiled keys subquery: no input reaches this SQL
            marker = RawSQL(_KEYS_MARKER, ())  # noqa: S611  # nosec B611
            rows = model._base_manager.using(using).filter(pk__in=marker).order_by(*ordering).values(*fields)
        except FieldError:  # not a column of the model (an annotation of the caller's queryset)
            _outer_statements[key] = None
            return None
        compiler = rows.query.get_compiler(using)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        plain = not params and not converters and sql.count(_KEYS_MARKER) == 1
        names = [*rows.query.extra_select, *rows.query.values_select, *rows.query.annotation_select]
        _outer_statements[key] = (sql, names) if plain else None
    return _outer_statements[key]


def _fetch_values_by_keys(queryset, keys, fields, ordering, keys_statement=None, tuples=False):
    """The page's rows as dicts, exactly as `.values(*fields)` of _by_keys() would give them (a test holds
    the two equal), or with `tuples` as `.values_list(*fields)` would, with the outer statement precompiled
    (and the keys statement, when the caller compiled it already). None when this queryset or database
    needs the ORM."""
    if queryset.query.combinator:
        return None
    # The filters (annotations and aliases too) are all in the keys subquery; the outer statement selects
    # model columns only (a field naming an annotation makes _outer_statement refuse).
    statement = _outer_statement(queryset.model, fields, ordering, queryset.db)
    if statement is None:
        return None
    template, names = statement
    if keys_statement is None:
        try:
            keys_statement = compile_keys_statement(queryset, ordering, keys.query.low_mark, keys.query.high_mark)
        except EmptyResultSet:
            return []
    keys_sql, keys_params = keys_statement
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(template.replace(_KEYS_MARKER, keys_sql, 1), keys_params)
        if tuples:
            return cursor.fetchall()
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _by_keys(queryset, keys):
    """The rows of `queryset` whose keys are in `keys` (a subquery of that queryset, so already scoped and
    filtered): the outer query need not repeat the filters, which would double the SQL Django compiles on
    every page (subqueries and all) and that the database evaluates. Annotations, DISTINCT and extra()
    may be what the caller selects, so such querysets keep their own clauses."""
    query = queryset.query
    if query.annotations or query.distinct or query.extra or query.combinator:
        return queryset.filter(pk__in=keys)
    rows = queryset.model._base_manager.using(queryset.db).filter(pk__in=keys)
    rows.query.select_related = query.select_related
    rows.query.deferred_loading = query.deferred_loading
    rows._prefetch_related_lookups = queryset._prefetch_related_lookups
    return rows


class KeysetPaginator:
    """Pages of `queryset` (a model queryset) in the order of `ordering`, a tuple of fields of one direction
    ending with a unique one, e.g. ("-created_at", "-id"). Rows are model instances, or `.values(*values)`
    dicts (which must hold the ordering fields), or with `tuples` `.values_list(*values)` tuples: a 50-row
    page's dicts were a sixth of the case list's own Python, their lookups as much again."""

    def __init__(self, queryset, *, ordering=("-created_at", "-id"), per_page=50, values=None, tuples=False):
        descending = {name.startswith("-") for name in ordering}
        if len(descending) != 1:
            raise ValueError("keyset ordering must use one direction")
        self.queryset = queryset
        self.ordering = tuple(ordering)
        self.fields = [name.lstrip("-") for name in ordering]
        self.descending = descending.pop()
        self.per_page = per_page
        self.values = tuple(values) if values else None  # rows as .values(*values) dicts
        self.tuples = bool(self.values) and tuples  # … or as .values_list(*values) tuples
        if self.tuples:  # where a tuple row holds each ordering field ("pk" is the "id" column)
            self._positions = [self.values.index("id" if name == "pk" and "pk" not in self.values else name)
                               for name in self.fields]
        # a page of the list itself (not a cursor page) compiled by compile_keys(), which count() reuses;
        # EMPTY when nothing can match
        self.keys_statement = None

    # -------------------------------------------------------------------------------------------- cursors
    def decode(self, cursor):
        """(direction, values) of a cursor; direction "n" pages on after the values, "p" back before them."""
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            direction, *values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        except (ValueError, binascii.Error, UnicodeDecodeError, TypeError):
            raise InvalidCursor from None
        if direction not in ("n", "p") or len(values) != len(self.fields):
            raise InvalidCursor
        model = self.queryset.model
        parsed = []
        for name, value in zip(self.fields, values, strict=True):
            try:
                parsed.append(model._meta.get_field(name).to_python(value))
            except Exception:  # noqa: BLE001 - any value the field refuses is an invalid cursor
                raise InvalidCursor from None
            if parsed[-1] is None:
                raise InvalidCursor
        return direction, parsed

    def cursor_for(self, row, direction):
        if self.tuples:
            return _encode([direction, *(row[position] for position in self._positions)])
        values = [row[name] if isinstance(row, dict) else getattr(row, name) for name in self.fields]
        if isinstance(row, dict) and "pk" in self.fields and "pk" not in row:
            values[self.fields.index("pk")] = row["id"]
        return _encode([direction, *values])

    def _after(self, values, before=False):
        """Rows strictly after `values` in list order (or strictly before, with `before`). The first field
        also gets a plain bound (<= or >=), which is what lets the index start at the right place."""
        later = not before if self.descending else before  # "later in the list" means smaller values
        strict, loose = ("lt", "lte") if later else ("gt", "gte")
        condition = Q()
        for i in range(len(self.fields) - 1, -1, -1):
            step = Q(**{f"{self.fields[i]}__{strict}": values[i]})
            if i < len(self.fields) - 1:
                step |= Q(**{self.fields[i]: values[i]}) & condition
            condition = step
        return Q(**{f"{self.fields[0]}__{loose}": values[0]}) & condition

    # -------------------------------------------------------------------------------------------- pages
    @staticmethod
    def keys(queryset, ordering, start, stop):
        """The keys [start:stop] of `queryset` in `ordering`, from the bare table (see `rows`)."""
        return queryset.select_related(None).order_by(*ordering).values("pk")[start:stop]

    def rows(self, queryset, ordering, start, stop, keys_statement=None):
        """The rows [start:stop] of `queryset` in `ordering`, chosen without the list's joins (a "deferred
        join"): the page's keys are picked from the bare table, and only those rows are joined. Planned in
        one piece, a filter the planner misjudges (a search term it thinks rare) makes it join and sort
        thousands of rows before the LIMIT. `keys_statement`: those keys already compiled."""
        keys = self.keys(queryset, ordering, start, stop)
        if self.values:
            fetched = _fetch_values_by_keys(queryset, keys, self.values, tuple(ordering), keys_statement,
                                            self.tuples)
            if fetched is not None:
                return fetched
        rows = _by_keys(queryset, keys).order_by(*ordering)
        if self.tuples:
            return list(rows.values_list(*self.values))
        return list(rows.values(*self.values) if self.values else rows)

    def compile_keys(self, start, stop):
        """Compile the keys [start:stop] of the list (no cursor), once: the page reads by them and count()
        cuts its statement from them. EMPTY when nothing can match (an empty "mine", .none())."""
        try:
            self.keys_statement = compile_keys_statement(self.queryset, self.ordering, start, stop)
        except EmptyResultSet:
            self.keys_statement = EMPTY
        return self.keys_statement

    def count(self, cap=COUNT_CAP):
        """capped_count() of the list; after compile_keys(), from that statement."""
        if self.keys_statement is EMPTY:
            return 0
        statement = None
        if self.keys_statement is not None:
            statement = count_statement_from_keys(self.queryset, self.keys_statement, self.ordering, cap)
        return capped_count(self.queryset, cap, statement)

    def page(self, cursor=None):
        """One page; raises InvalidCursor for a cursor this list did not make."""
        size = self.per_page
        if not cursor:
            if self.compile_keys(0, size + 1) is EMPTY:
                return self._page([], more_after=False, more_before=False)
            rows = self.rows(self.queryset, self.ordering, 0, size + 1, self.keys_statement)
            return self._page(rows[:size], more_after=len(rows) > size, more_before=False)
        direction, values = self.decode(cursor)
        if direction == "n":
            rows = self.rows(self.queryset.filter(self._after(values)), self.ordering, 0, size + 1)
            return self._page(rows[:size], more_after=len(rows) > size, more_before=True)
        reverse = tuple(name[1:] if name.startswith("-") else f"-{name}" for name in self.ordering)
        rows = self.rows(self.queryset.filter(self._after(values, before=True)), reverse, 0, size + 1)
        more_before = len(rows) > size
        return self._page(list(reversed(rows[:size])), more_after=True, more_before=more_before)

    def _page(self, rows, *, more_after, more_before):
        return KeysetPage(
            object_list=rows,
            next_cursor=self.cursor_for(rows[-1], "n") if rows and more_after else None,
            previous_cursor=self.cursor_for(rows[0], "p") if rows and more_before else None,
        )


class KeysetPagination(StandardPagination):
    """DRF pagination for deep lists: `?page=N` inside the first COUNT_CAP rows, `?cursor=` everywhere.

    The view passes its filtered model queryset; with a `list_values` attribute the rows are `.values()`
    dicts of those fields (`.values_list()` tuples with `list_tuples`). `next` is always a cursor link (the
    keyset after this page's last row), so following `next` reaches every row at the same cost; `previous`
    is the page before (a page number or a cursor). `count` is capped at COUNT_CAP rows (`count_exact` false
    above), counted without the joins.
    """

    ordering = ("-created_at", "-id")
    cursor_query_param = "cursor"
    count_cap = COUNT_CAP

    def paginate_queryset(self, queryset, request, view=None):
        from rest_framework.exceptions import NotFound

        self.request = request
        size = self.get_page_size(request)
        paginator = KeysetPaginator(queryset, ordering=self.ordering, per_page=size,
                                    values=getattr(view, "list_values", None),
                                    tuples=getattr(view, "list_tuples", False))
        cursor = request.query_params.get(self.cursor_query_param)
        self.number = None
        if cursor:
            self.count = paginator.count(self.count_cap)
            try:
                self.page = paginator.page(cursor)
            except InvalidCursor as exc:
                raise NotFound(str(exc)) from None
            return self.page.object_list
        try:
            number = int(request.query_params.get(self.page_query_param) or 1)
        except ValueError:
            raise NotFound(_("The page number must be a whole number.")) from None
        not_found = NotFound(_("There is no page %(number)s: pages past the first %(cap)s rows are reached "
                               "through the “next” links.") % {"number": number, "cap": f"{self.count_cap:,}"})
        if number < 1 or (number - 1) * size >= self.count_cap:
            raise not_found
        # The page's keys are compiled once: the count's statement is cut from them.
        start, stop = (number - 1) * size, number * size + 1
        keys_statement = paginator.compile_keys(start, stop)
        self.count = paginator.count(self.count_cap)
        if number > 1 and (number - 1) * size >= self.count:
            raise not_found
        self.number = number
        rows = [] if keys_statement is EMPTY else paginator.rows(queryset, self.ordering, start, stop, keys_statement)
        self.page = KeysetPage(object_list=rows[:size])
        if len(rows) > size:
            self.page.next_cursor = paginator.cursor_for(rows[size - 1], "n")
        return self.page.object_list

    def get_next_link(self):
        from rest_framework.utils.urls import remove_query_param, replace_query_param

        if not self.page.has_next:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.page.next_cursor)

    def get_previous_link(self):
        from rest_framework.utils.urls import remove_query_param, replace_query_param

        url = self.request.build_absolute_uri()
        if self.number is not None:
            if self.number == 1:
                return None
            if self.number == 2:
                return remove_query_param(url, self.page_query_param)
            return replace_query_param(url, self.page_query_param, self.number - 1)
        if not self.page.has_previous:
            return None
        return replace_query_param(url, self.cursor_query_param, self.page.previous_cursor)

    def get_paginated_response(self, data):
        from rest_framework.response import Response

        return Response({"count": min(self.count, self.count_cap), "count_exact": self.count <= self.count_cap,
                         "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = f"rows, counted up to {self.count_cap:,}"
        schema["properties"]["count_exact"] = {"type": "boolean",
                                               "description": f"false above {self.count_cap:,} rows"}
        schema["properties"]["next"]["description"] = "cursor link to the next page (keyset: as fast at any depth)"
        return schema

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = f"page number within the first {self.count_cap:,} rows"
        return parameters + [{
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": "opaque cursor from a `next` or `previous` link", "schema": {"type": "string"}}]
