"""The figures' rollups (issue 14): `CaseFact` and `InspectionFact`, kept current by set-based SQL.

One SQL builder serves every path. For a case it turns the case's row into its contributions (the filed
share on the case date, the decision share on `decided_on`, the payment share on `paid_on`), groups them by
the fact key and merges them into the facts with a sign:

* every write through the ORM (services, admin, the phone app): before the save the row as it is in the
  database is subtracted (sign -1), after the save the new row is added (sign +1), inside the same
  transaction — a rolled-back write rolls its figures back with it, concurrent writes merge on the unique
  key (PostgreSQL `INSERT … ON CONFLICT DO UPDATE`, row locks) and today's changes are always in;
* `rebuild(start, end)` replaces the facts of a range of days from the cases (demo data and bulk loads, which
  bypass the ORM's signals; the nightly beat task; `manage.py rebuild_rollups`).

Inspections work the same way on `InspectionFact`.

The same contributions also feed `CaseMonthFact` (`_merge_months`): month × township × transferring department ×
one breakdown (totals, status, source, item), merged by the same writes and rebuilt with the days (whole
months: a rebuild of some days rebuilds the months they fall in). A year of a county's figures then reads a
few thousand narrow rows instead of as many rows as cases (ADR 0015, "Known limit").
"""

import logging
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models.signals import post_save, pre_delete, pre_save

logger = logging.getLogger(__name__)

CASE_KEY = ["day", "township_id", "item_id", "procedure", "status", "source", "is_major", "transferred_from_id"]
CASE_MEASURES = ["filed", "decided", "penalties", "no_penalty", "warning_only", "fines_decided", "paid",
                 "fines_collected", "days_sum", "days_n"]
INSPECTION_KEY = ["day", "township_id", "department_id", "is_random", "is_joint", "has_problems"]
INSPECTION_MEASURES = ["inspections"]
MONTH_KEY = ["month", "township_id", "transferred_from_id", "dimension", "value", "item_id"]
MONTH_MEASURES = ["filed", "simple", "ordinary", "transferred_in", "major", "decided", "penalties", "no_penalty",
                  "warning_only", "fines_decided", "paid", "fines_collected", "days_sum", "days_n"]
FACT_TABLES = {"case": "reports_casefact", "inspection": "reports_inspectionfact"}
UNIQUE_INDEX = {"case": "casefact_key", "inspection": "inspectionfact_key"}


def _vendor_sql():
    if connection.vendor == "postgresql":
        return {"warning": "c.penalty_kinds = '[\"warning\"]'::jsonb", "days": "(c.decided_on - c.filed_on)"}
    return {"warning": "c.penalty_kinds = '[\"warning\"]'",
            "days": "CAST(julianday(c.decided_on) - julianday(c.filed_on) AS INTEGER)"}


def _case_parts(where, day_range):
    """The SELECT of every contribution of the cases matching `where` (a SQL condition on alias c)."""
    from cases.models import Status

    from .statistics import EXCLUDED_STATES

    sql = _vendor_sql()
    excluded = ", ".join(f"'{Status(state).value}'" for state in EXCLUDED_STATES)
    dims = "c.township_id, c.item_id, c.procedure, c.status, c.source, c.is_major, c.transferred_from_id"
    penalty = "c.decision_type = 'penalty'"
    in_range = (lambda column: f" AND c.{column} BETWEEN %s AND %s") if day_range else (lambda column: "")
    filed = (f"SELECT c.case_date AS day, {dims}, 1 AS filed, 0 AS decided, 0 AS penalties, 0 AS no_penalty, "  # noqa: S608  # nosec B608 - constants only
             f"0 AS warning_only, 0 AS fines_decided, 0 AS paid, 0 AS fines_collected, 0 AS days_sum, 0 AS days_n "
             f"FROM cases_case c WHERE c.case_date IS NOT NULL AND c.status NOT IN ({excluded}) AND {where}"
             f"{in_range('case_date')}")
    decided = (f"SELECT c.decided_on, {dims}, 0, CASE WHEN c.decision_type <> '' THEN 1 ELSE 0 END, "  # noqa: S608  # nosec B608 - constants only
               f"CASE WHEN {penalty} THEN 1 ELSE 0 END, CASE WHEN c.decision_type = 'no_penalty' THEN 1 ELSE 0 END, "
               f"CASE WHEN {penalty} AND {sql['warning']} THEN 1 ELSE 0 END, "
               f"CASE WHEN {penalty} THEN COALESCE(c.fine_amount, 0) ELSE 0 END, 0, 0, "
               f"CASE WHEN c.procedure = 'ordinary' AND c.filed_on IS NOT NULL THEN {sql['days']} ELSE 0 END, "
               f"CASE WHEN c.procedure = 'ordinary' AND c.filed_on IS NOT NULL THEN 1 ELSE 0 END "
               f"FROM cases_case c WHERE c.decided_on IS NOT NULL AND c.status NOT IN ({excluded}) AND {where}"
               f"{in_range('decided_on')}")
    paid = (f"SELECT c.paid_on, {dims}, 0, 0, 0, 0, 0, 0, CASE WHEN c.paid_amount IS NOT NULL THEN 1 ELSE 0 END, "  # noqa: S608  # nosec B608 - constants only
            f"COALESCE(c.paid_amount, 0), 0, 0 "
            f"FROM cases_case c WHERE c.paid_on IS NOT NULL AND c.status NOT IN ({excluded}) AND {where}"
            f"{in_range('paid_on')}")
    return f"{filed} UNION ALL {decided} UNION ALL {paid}"


def _inspection_parts(where, day_range):
    in_range = " AND c.inspected_on BETWEEN %s AND %s" if day_range else ""
    return (f"SELECT c.inspected_on AS day, c.township_id, c.department_id, c.is_random, c.is_joint, "  # noqa: S608  # nosec B608 - constants only
            f"c.has_problems, 1 AS inspections FROM planning_inspection c WHERE {where}{in_range}")


def _merge(kind, parts, params, sign):
    """INSERT the grouped contributions × sign into the facts, merging on the key where it exists."""
    key, measures = (CASE_KEY, CASE_MEASURES) if kind == "case" else (INSPECTION_KEY, INSPECTION_MEASURES)
    table = FACT_TABLES[kind]
    columns = ", ".join(key + measures)
    sums = ", ".join(f"{sign} * SUM(p.{m})" for m in measures)
    group = ", ".join(f"p.{k}" for k in key)
    sql = f"INSERT INTO {table} ({columns}) SELECT {group}, {sums} FROM ({parts}) p GROUP BY {group}"  # noqa: S608  # nosec B608 - constants only
    if connection.vendor == "postgresql":
        updates = ", ".join(f"{m} = {table}.{m} + EXCLUDED.{m}" for m in measures)
        sql += f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"  # nosec B608 - constants only
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _merge_months(parts, params, sign):
    """INSERT the case contributions × sign into the month facts: each contribution once per breakdown."""
    table = "reports_casemonthfact"
    month = ("CAST(date_trunc('month', p.day) AS date)" if connection.vendor == "postgresql"
             else "date(p.day, 'start of month')")
    derived = ("p.filed, CASE WHEN p.procedure = 'simple' THEN p.filed ELSE 0 END AS simple, "
               "CASE WHEN p.procedure = 'ordinary' THEN p.filed ELSE 0 END AS ordinary, "
               "CASE WHEN p.source = 'department' THEN p.filed ELSE 0 END AS transferred_in, "
               "CASE WHEN p.is_major THEN p.filed ELSE 0 END AS major, "
               "p.decided, p.penalties, p.no_penalty, p.warning_only, p.fines_decided, p.paid, p.fines_collected, "
               "p.days_sum, p.days_n")
    measures = ", ".join(MONTH_MEASURES)
    head = "SELECT q.month, q.township_id, q.transferred_from_id"
    breakdowns = " UNION ALL ".join([
        f"{head}, 'all' AS dimension, '' AS value, CAST(NULL AS BIGINT) AS item_id, {measures} FROM q",
        f"{head}, 'status', q.status, CAST(NULL AS BIGINT), {measures} FROM q",
        f"{head}, 'source', q.source, CAST(NULL AS BIGINT), {measures} FROM q",
        f"{head}, 'item', '', q.item_id, {measures} FROM q",
    ])
    sums = ", ".join(f"{sign} * SUM(d.{m})" for m in MONTH_MEASURES)
    group = ", ".join(f"d.{k}" for k in MONTH_KEY)
    sql = (f"WITH p AS ({parts}), q AS (SELECT {month} AS month, p.township_id, p.transferred_from_id, "  # noqa: S608  # nosec B608 - constants only
           f"p.status, p.source, p.item_id, {derived} FROM p) "
           f"INSERT INTO {table} ({', '.join(MONTH_KEY + MONTH_MEASURES)}) "
           f"SELECT {group}, {sums} FROM ({breakdowns}) d GROUP BY {group}")
    if connection.vendor == "postgresql":
        updates = ", ".join(f"{m} = {table}.{m} + EXCLUDED.{m}" for m in MONTH_MEASURES)
        sql += f" ON CONFLICT ({', '.join(MONTH_KEY)}) DO UPDATE SET {updates}"  # nosec B608 - constants only
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _apply_row(kind, pk, sign):
    parts = _case_parts("c.id = %s", False) if kind == "case" else _inspection_parts("c.id = %s", False)
    params = [pk] * parts.count("%s")
    _merge(kind, parts, params, sign)
    if kind == "case":
        _merge_months(parts, params, sign)


def month_span(start, end):
    """The first day of start's month and the last day of end's month."""
    if end.month == 12:
        return start.replace(day=1), end.replace(day=31)
    return start.replace(day=1), end.replace(month=end.month + 1, day=1) - timedelta(days=1)


# --------------------------------------------------------------------------------------------- rebuilds


def rebuild(start=None, end=None, *, kinds=("case", "inspection")):
    """Replace the facts of the days start..end (inclusive; all days when both are None) from the source rows.

    One transaction; on PostgreSQL the fact tables are locked against concurrent writers meanwhile (a case
    write waits until the rebuild is done, so none is lost). The month facts of the months those days fall in
    are rebuilt with the cases' days. Returns {kind: rows after the rebuild, "month": month fact rows}."""
    from .models import CaseFact, CaseMonthFact, InspectionFact

    models = {"case": CaseFact, "inspection": InspectionFact}
    whole = start is None and end is None
    start, end = start or date(1900, 1, 1), end or date(9999, 12, 31)
    result = {}
    with transaction.atomic():
        for kind in kinds:
            model = models[kind]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"LOCK TABLE {FACT_TABLES[kind]} IN SHARE ROW EXCLUSIVE MODE")
            model.objects.filter(day__gte=start, day__lte=end).delete()
            parts = _case_parts("TRUE", True) if kind == "case" else _inspection_parts("TRUE", True)
            _merge(kind, parts, [start, end] * parts.count("BETWEEN"), 1)
            result[kind] = model.objects.count() if whole else model.objects.filter(
                day__gte=start, day__lte=end).count()
            if kind == "case":
                first, last = (start, end) if whole else month_span(start, end)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("LOCK TABLE reports_casemonthfact IN SHARE ROW EXCLUSIVE MODE")
                CaseMonthFact.objects.filter(month__gte=first.replace(day=1), month__lte=last).delete()
                _merge_months(parts, [first, last] * parts.count("BETWEEN"), 1)
                result["month"] = CaseMonthFact.objects.filter(month__gte=first.replace(day=1),
                                                               month__lte=last).count()
    return result


def compact():
    """Delete the fact rows every measure of which has fallen to zero (a case moved to another key)."""
    from .models import CaseFact, CaseMonthFact, InspectionFact

    deleted = CaseFact.objects.filter(**{m: 0 for m in CASE_MEASURES}).delete()[0]
    deleted += CaseMonthFact.objects.filter(**{m: 0 for m in MONTH_MEASURES}).delete()[0]
    return deleted + InspectionFact.objects.filter(inspections=0).delete()[0]


# ----------------------------------------------------------------------------------------------- hooks


def _before_save(kind):
    def receiver(sender, instance, raw=False, **kwargs):
        if raw or instance.pk is None or instance._state.adding:
            return
        _apply_row(kind, instance.pk, -1)
    return receiver


def _after_save(kind):
    def receiver(sender, instance, raw=False, **kwargs):
        if raw:
            return
        _apply_row(kind, instance.pk, 1)
    return receiver


def _before_delete(kind):
    def receiver(sender, instance, **kwargs):
        if instance.pk is not None:
            _apply_row(kind, instance.pk, -1)
    return receiver


_RECEIVERS = {}


def connect():
    """Called from the app's ready(): maintain the facts on every ORM write of a case or an inspection."""
    from django.apps import apps

    for kind, label in (("case", "cases.Case"), ("inspection", "planning.Inspection")):
        try:
            model = apps.get_model(label)
        except LookupError:  # the app is not installed
            continue
        # the pre-delete hook alone covers deletions: the row is still there to subtract
        receivers = (_before_save(kind), _after_save(kind), _before_delete(kind))
        _RECEIVERS[kind] = receivers
        pre_save.connect(receivers[0], sender=model, weak=False, dispatch_uid=f"rollup-{kind}-pre-save")
        post_save.connect(receivers[1], sender=model, weak=False, dispatch_uid=f"rollup-{kind}-post-save")
        pre_delete.connect(receivers[2], sender=model, weak=False, dispatch_uid=f"rollup-{kind}-pre-delete")
