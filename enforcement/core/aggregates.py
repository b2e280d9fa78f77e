"""Aggregates over several querysets, read in one statement (issue 14: a dashboard in at most ten queries).

`aggregate_together({"staffing": (officers, {"total": Count("pk"), ...}), "inspections": (facts, {...})})`
gives `{"staffing": {"total": 12, ...}, "inspections": {...}}`: the same values as calling each queryset's
`.aggregate(**aggregates)`, in one round trip instead of one per queryset. Each part becomes a scalar subquery
of one `SELECT (…), (…)` without FROM: its aggregates folded into one JSON object by `JSONObject`, over the
queryset's rows without GROUP BY, so that no rows still give one object (Count 0, Sum / Avg / Max None), as
`aggregate()` does.

What JSON carries: integers, decimals (read back as `Decimal`) and text. A duration has no JSON form: aggregate
`Seconds(...)` of it instead (a number of seconds on every database).
"""

import json
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import FloatField, Func, Value
from django.db.models.functions import JSONObject


class Seconds(Func):
    """A duration expression as a number of seconds (float): PostgreSQL's intervals and SQLite's microseconds
    alike, so that it can be averaged and carried in JSON."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql}) / 1000000.0", params  # SQLite (and Django's other backends): microseconds

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"EXTRACT(EPOCH FROM ({sql}))::float", params


def _empty(aggregates):
    """What `aggregate()` gives over no rows (an empty scope, `none()`)."""
    return {alias: getattr(aggregate, "empty_result_set_value", None) for alias, aggregate in aggregates.items()}


def _decode(value):
    if value is None:
        return None
    if isinstance(value, (bytes, str)):
        return json.loads(value, parse_float=Decimal)
    return value  # a driver that decodes JSON itself


def aggregate_together(parts):
    """{name: (queryset, {alias: aggregate expression})} → {name: {alias: value}}, in one statement per database
    the querysets read (one inside a request, replica or not); a queryset that can match no rows (`none()`)
    costs nothing and gives the empty values."""
    results, statements = {}, {}
    for name, (queryset, aggregates) in parts.items():
        # a constant "group" adds no GROUP BY: one row of aggregates over the whole queryset, rows or none
        one = (queryset.order_by().annotate(_one=Value(1)).values("_one")
               .annotate(_figures=JSONObject(**aggregates)).values("_figures"))
        try:
            sql, params = one.query.get_compiler(one.db).as_sql()
        except EmptyResultSet:
            results[name] = _empty(aggregates)
            continue
        statements.setdefault(one.db, []).append((name, aggregates, sql, params))
    for using, columns in statements.items():
        statement = "SELECT " + ", ".join(f"({sql})" for _name, _aggregates, sql, _params in columns)
        with connections[using].cursor() as cursor:
            # Django-compiled subqueries, their values bound as parameters
            cursor.execute(statement, [value for *_rest, params in columns for value in params])  # nosec B608
            row = cursor.fetchone()
        for (name, aggregates, _sql, _params), value in zip(columns, row, strict=True):
            figures = _decode(value) or {}
            results[name] = {alias: figures.get(alias) for alias in aggregates}
    return results
