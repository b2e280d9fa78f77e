"""Intake benchmark: 1,000,000 clues; the board's data endpoint and the clue list API p95, constant queries,
and the plans PostgreSQL chooses (EXPLAIN) for the board's and the list's queries.

Rows are generated inside PostgreSQL (INSERT … SELECT generate_series) in the rolled-back transaction: about
0.3 % of them open (the board's working set), the rest closed or merged over two years, as a county has them.
"""

import re
import time

from django.db import connection
from django.db.models import BooleanField, CharField, DateTimeField, DecimalField, ForeignKey, JSONField, TextField
from django.test.utils import CaptureQueriesContext

from . import Measure, benchmark, vacuum_analyze

CLUES = 1_000_000
TOWNSHIPS = 11
REQUESTS = 100
TARGET_P95_MS = 50
OPEN_EVERY = 331  # one clue in 331 is still open


def _insert_sql(township_ids, start_id, operator_id):
    from intake.models import Clue

    open_states = "(ARRAY['new','triaged','dispatched','dispatched','acknowledged','arrived','warning','returned'])"
    overrides = {
        "id": f"{start_id} + g",
        "code": "'XB' || lpad(g::text, 10, '0')",
        "source": "(ARRAY['hotline','hotline','grid','phone','patrol','video','auxiliary'])[1 + g % 7]",
        "external_number": "CASE WHEN g % 7 < 2 THEN 'BGD' || g ELSE NULL END",
        "description": "'市民反映沿街店铺占道经营,堆放杂物影响通行。'",
        "address": "'人民路' || (g % 500) || '号'",
        "address_key": "'人民路' || (g % 500) || '号'",
        "township_id": f"(ARRAY{township_ids})[1 + g % {len(township_ids)}]",
        "urgency": "CASE WHEN g % 9 = 0 THEN 'urgent' ELSE 'normal' END",
        "level": "'township'",
        "state": f"CASE WHEN g % {OPEN_EVERY} = 0 THEN {open_states}[1 + (g / {OPEN_EVERY}) % 8] "
                 "WHEN g % 13 = 0 THEN 'merged' ELSE 'closed' END",
        # Newest last: g = CLUES is now, g = 1 two years ago.
        "received_at": f"now() - ({CLUES} - g) * INTERVAL '63 seconds'",
        "created_at": f"now() - ({CLUES} - g) * INTERVAL '63 seconds'",
        "updated_at": "now()",
        "dispatched_at": f"now() - ({CLUES} - g) * INTERVAL '63 seconds' + INTERVAL '20 minutes'",
        "response_deadline": f"now() - ({CLUES} - g) * INTERVAL '63 seconds' + "
                             "CASE WHEN g % 2 = 0 THEN INTERVAL '50 minutes' ELSE INTERVAL '3 days' END",
        "arrived_at": f"CASE WHEN g % {OPEN_EVERY} = 0 THEN NULL ELSE now() - ({CLUES} - g) * INTERVAL '63 seconds' "
                      "+ INTERVAL '45 minutes' END",
        "outcome": f"CASE WHEN g % {OPEN_EVERY} = 0 OR g % 13 = 0 THEN '' ELSE "
                   "(ARRAY['handled','no_violation','rectified','case_filed','handled'])[1 + g % 5] END",
        "created_by_id": str(operator_id),
    }
    columns, values = [], []
    for field in Clue._meta.concrete_fields:
        columns.append(f'"{field.column}"')
        if field.attname in overrides or field.name in overrides:
            values.append(overrides.get(field.attname, overrides.get(field.name)))
        elif field.null:
            values.append("NULL")
        elif isinstance(field, JSONField):
            values.append("'{}'::jsonb")
        elif isinstance(field, BooleanField):
            values.append("false")
        elif isinstance(field, (CharField, TextField)):
            values.append("''")
        elif isinstance(field, (DecimalField, ForeignKey, DateTimeField)):
            raise RuntimeError(f"benchmark: give Clue.{field.name} a value")
        else:
            values.append("0")
    sql = f'INSERT INTO intake_clue ({", ".join(columns)}) SELECT {", ".join(values)} '  # noqa: S608
    return sql + f"FROM generate_series(1, {CLUES}) AS g"  # column names and constants only, no input


def _timed(ctx, client, url, params, n=REQUESTS):
    client.get(url, params)  # warm up
    times = []
    for _n in range(n):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params}: {response.status_code}")
    return ctx.percentile(times, 50), ctx.percentile(times, 95)


def _explain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _prepare(ctx):
    vacuum_analyze("intake_clue", "intake_dispatch")


@benchmark("intake", "1,000,000 clues: board data and clue list API p95, constant queries, EXPLAIN", prepare=_prepare)
def run(ctx):
    from enforcement.accounts.models import Role, User
    from intake.board import board_data
    from intake.selectors import clue_list
    from townships.tests.factories import TownshipFactory

    if connection.vendor != "postgresql":
        return [Measure("intake benchmark", "skipped: needs PostgreSQL")]
    measures = []
    townships = [TownshipFactory(code=f"benchclue{n:02d}", name=f"线索基准镇{n:02d}") for n in range(TOWNSHIPS)]
    operator = User.objects.create(username="benchmark_command", role=Role.COMMAND)
    township_operator = User.objects.create(username="benchmark_tcommand", role=Role.TOWNSHIP_COMMAND,
                                            township=townships[0])
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM intake_clue")
        start_id = cursor.fetchone()[0]
    with ctx.timer() as built:
        with connection.cursor() as cursor:
            cursor.execute(_insert_sql([t.pk for t in townships], start_id, operator.pk))
            cursor.execute("SELECT setval(pg_get_serial_sequence('intake_clue', 'id'), %s)", [start_id + CLUES])
            # Today's dispatches of the open clues (the board lists them).
            cursor.execute("""
                INSERT INTO intake_dispatch (clue_id, target, township_id, unit_name, officers_only, urgency, note,
                    dispatched_by_id, dispatched_at, response_deadline, status, refusal_reason)
                SELECT id, 'township', township_id, '', false, urgency, '', %s,
                    now() - (id %% 600) * INTERVAL '1 minute', response_deadline, 'active', ''
                FROM intake_clue WHERE id > %s AND state IN ('dispatched', 'acknowledged', 'arrived', 'warning')
            """, [operator.pk, start_id])
            cursor.execute("ANALYZE intake_clue")
            cursor.execute("ANALYZE intake_dispatch")
    measures.append(Measure(f"build {CLUES:,} clues (INSERT … SELECT + ANALYZE)", f"{built['seconds']:.1f} s"))

    for label, user in (("county operator", operator), ("township command room", township_operator)):
        client = ctx.client(user)
        p50, p95 = _timed(ctx, client, "/api/v1/me/", {}, n=REQUESTS // 2)
        measures.append(Measure(f"request floor: GET /api/v1/me/ p50 / p95, {label} (session, middleware)",
                                f"{p50:.1f} / {p95:.1f} ms"))
        p50, p95 = _timed(ctx, client, "/api/v1/intake/board/", {})
        measures.append(Measure(f"board data API p50 / p95, {label}", f"{p50:.1f} / {p95:.1f} ms",
                                f"p95 ≤ {TARGET_P95_MS} ms", p95 <= TARGET_P95_MS))
        p50, p95 = _timed(ctx, client, "/api/v1/clues/", {})
        measures.append(Measure(f"clue list API first page p50 / p95, {label}", f"{p50:.1f} / {p95:.1f} ms",
                                f"p95 ≤ {TARGET_P95_MS} ms", p95 <= TARGET_P95_MS))
    client = ctx.client(operator)
    cursor = None
    for _page in range(200):  # 200 pages deep (10,000 rows) through the keyset cursor
        body = client.get("/api/v1/clues/", {"page_size": 50, **({"cursor": cursor} if cursor else {})}).json()
        cursor = body["next_cursor"]
    for label, params in (("200 pages deep (keyset cursor)", {"cursor": cursor}),
                          ("open clues of one township", {"state": "open", "township": townships[3].code}),
                          ("overdue responses", {"overdue": "1"})):
        p50, p95 = _timed(ctx, client, "/api/v1/clues/", params)
        measures.append(Measure(f"clue list API p50 / p95, {label}", f"{p50:.1f} / {p95:.1f} ms",
                                f"p95 ≤ {TARGET_P95_MS} ms", p95 <= TARGET_P95_MS))

    counts = []
    for params in ({"page_size": 10}, {"page_size": 200}, {"page_size": 200, "state": "closed"},
                   {"page_size": 200, "township": townships[1].code, "overdue": "1"}):
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/clues/", params)
        counts.append(len(queries))
    measures.append(Measure("clue list API queries (10 / 200 / state / township+overdue)",
                            " / ".join(map(str, counts)), "constant", len(set(counts)) == 1))

    # EXPLAIN: every query reads an index of intake_clue, never the whole table.
    def no_seq_scan(label, queryset):
        sql, params = queryset.query.sql_with_params()
        plan = _explain(sql, params)
        ok = "Seq Scan on intake_clue" not in plan
        if not ok:
            ctx.say(f"{label}:\n{plan}")
        used = sorted(set(re.findall(r"(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) (\w+)", plan)))
        measures.append(Measure(f"EXPLAIN {label}", ", ".join(used) or "—", "no Seq Scan on intake_clue", ok))

    no_seq_scan("township list", clue_list(actor=township_operator).values("id")[:50])
    no_seq_scan("open clues of a township", clue_list(actor=operator, filters={
        "state": "open", "township": townships[3].code}).values("id")[:50])
    no_seq_scan("overdue responses", clue_list(actor=operator, filters={"overdue": "1"}).values("id")[:50])
    from django.db.models import Count

    from enforcement.accounts import access
    from intake.models import OPEN_STATES, Clue

    no_seq_scan("board counts by township, state and urgency", access.scope(Clue.objects.all(), operator)
                .filter(state__in=OPEN_STATES).values("township_id", "state", "urgency").annotate(n=Count("id"))
                .order_by())
    with CaptureQueriesContext(connection) as queries:
        board_data(actor=operator)
    measures.append(Measure("board data queries", str(len(queries)), "≤ 10", len(queries) <= 10))
    return measures
