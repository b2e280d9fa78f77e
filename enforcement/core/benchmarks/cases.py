"""Case list benchmark: 1,000,000 cases, the list API's p95 against a raw-SQL baseline, constant queries.

The rows are generated inside PostgreSQL (INSERT … SELECT generate_series) in the rolled-back transaction,
so building them takes seconds rather than the minutes an ORM loop would.
"""

import time
from datetime import date

from django.db import connection
from django.db.models import BooleanField, CharField, DateField, DecimalField, ForeignKey, JSONField, TextField
from django.test.utils import CaptureQueriesContext

from . import Measure, benchmark

CASES = 1_000_000
TOWNSHIPS = 10
ITEMS = 200
REQUESTS = 100
TARGET_P95_MS = 50
TARGET_RATIO = 2.5


def _insert_sql(township_ids, item_ids, start_id):
    """INSERT … SELECT for every concrete column of Case: realistic values where they matter, empty otherwise."""
    from cases.models import Case

    overrides = {
        "id": f"{start_id} + g",
        "code": "'330299-CF-B' || lpad(g::text, 9, '0')",
        "procedure": "CASE WHEN g % 16 < 9 THEN 'simple' ELSE 'ordinary' END",
        "proposed_procedure": "CASE WHEN g % 16 < 9 THEN 'simple' ELSE 'ordinary' END",
        "source": "'patrol'",
        "item_id": f"(ARRAY{item_ids})[1 + g % {len(item_ids)}]",
        "township_id": f"(ARRAY{township_ids})[1 + g % {len(township_ids)}]",
        "status": "(ARRAY['investigating','notified','decided','delivered','executed','closed','archived',"
                  "'closed','closed','archived'])[1 + (g / 7) % 10]",
        "party_type": "CASE WHEN g % 10 < 3 THEN 'organisation' ELSE 'citizen' END",
        "party_name": "'当事人' || g",
        "party_id_masked": "'3302**********' || lpad((g % 10000)::text, 4, '0')",
        "location": "'人民路' || (g % 300) || '号'",
        "facts": "'在人行道上违规堆放建筑材料。'",
        "violation_date": "DATE '2025-01-01' + (g % 700)",
        "discovered_on": "DATE '2025-01-01' + (g % 700)",
        "filed_on": "DATE '2025-01-01' + (g % 700)",
        "deadline": "DATE '2025-01-01' + (g % 700) + 90",
        "created_at": "TIMESTAMPTZ '2025-01-01 09:00+08' + (g % 700) * INTERVAL '1 day' "
                      "+ (g % 600) * INTERVAL '1 minute'",
        "updated_at": "now()",
    }
    columns, values = [], []
    for field in Case._meta.concrete_fields:
        columns.append(f'"{field.column}"')
        if field.name in overrides or field.attname in overrides:
            values.append(overrides.get(field.attname, overrides.get(field.name)))
        elif field.null:
            values.append("NULL")
        elif isinstance(field, JSONField):
            values.append("'[]'::jsonb" if field.default is list else "'{}'::jsonb")
        elif isinstance(field, BooleanField):
            values.append("false")
        elif isinstance(field, (CharField, TextField)):
            values.append("''")
        elif isinstance(field, (DecimalField, ForeignKey, DateField)):
            raise RuntimeError(f"benchmark: give Case.{field.name} a value")
        else:
            values.append("0")
    sql = f'INSERT INTO cases_case ({", ".join(columns)}) SELECT {", ".join(values)} '  # noqa: S608
    return sql + f"FROM generate_series(1, {CASES}) AS g"  # column names and constants only, no input


RAW_LIST_SQL = """
SELECT c.id, c.code, c.procedure, c.status, c.source, c.party_type, c.party_name, c.party_id_masked, c.filed_on,
       c.deadline, c.decided_on, c.closed_on, c.is_major, c.fine_amount, c.created_at,
       i.code, i.name, d.code, t.code, t.name
FROM cases_case c
JOIN catalog_item i ON i.id = c.item_id
JOIN catalog_domain d ON d.id = i.domain_id
LEFT JOIN townships_township t ON t.id = c.township_id
WHERE c.township_id = %s
ORDER BY c.created_at DESC, c.id DESC
LIMIT 50
"""
# The API counts at most 1,001 rows (cases.api.CappedCountPaginator); the baseline does the same.
RAW_COUNT_SQL = "SELECT count(*) FROM (SELECT 1 FROM cases_case WHERE township_id = %s LIMIT 1001) AS sub"


@benchmark("cases", "1,000,000 cases: case list API p95 vs raw SQL, constant query count")
def run(ctx):
    from catalog.tests.factories import DomainFactory, ItemFactory
    from enforcement.accounts.models import Role, User
    from townships.tests.factories import TownshipFactory

    if connection.vendor != "postgresql":
        return [Measure("case list benchmark", "skipped: needs PostgreSQL")]
    measures = []
    townships = [TownshipFactory(code=f"benchtown{n:02d}", name=f"基准镇{n:02d}") for n in range(TOWNSHIPS)]
    domain = DomainFactory(code="benchcases", name="基准案件领域")
    items = [ItemFactory(code=f"BENCHCASE{n:05d}", domain=domain, valid_from=date(2020, 1, 1)) for n in range(ITEMS)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_case")
        start_id = cursor.fetchone()[0]
    with ctx.timer() as built:
        with connection.cursor() as cursor:
            cursor.execute(_insert_sql([t.pk for t in townships], [i.pk for i in items], start_id))
            cursor.execute("SELECT setval(pg_get_serial_sequence('cases_case', 'id'), %s)", [start_id + CASES])
            cursor.execute("ANALYZE cases_case")
    measures.append(Measure(f"build {CASES:,} cases (INSERT … SELECT + ANALYZE)", f"{built['seconds']:.1f} s"))

    officer = User.objects.create(username="benchmark_case_officer", role=Role.TOWNSHIP_OFFICER,
                                  township=townships[0])
    staff = ctx.staff_user()
    for label, user, params in (("township officer", officer, {}), ("bureau staff, township filter", staff,
                                                                   {"township": townships[0].code})):
        client = ctx.client(user)
        client.get("/api/v1/cases/", params)  # warm up
        floor = []
        for _n in range(REQUESTS // 2):
            start = time.perf_counter()
            client.get("/api/v1/me/")
            floor.append((time.perf_counter() - start) * 1000)
        measures.append(Measure(f"request floor: GET /api/v1/me/ p50 / p95, {label} (session, middleware)",
                                f"{ctx.percentile(floor, 50):.1f} / {ctx.percentile(floor, 95):.1f} ms"))
        api = []
        for n in range(REQUESTS):
            start = time.perf_counter()
            response = client.get("/api/v1/cases/", {**params, "page": 1 + n % 5})
            api.append((time.perf_counter() - start) * 1000)
            if not (response.status_code == 200):
                raise RuntimeError(response.status_code)
        raw = []
        with connection.cursor() as cursor:
            for n in range(REQUESTS):
                start = time.perf_counter()
                cursor.execute(RAW_COUNT_SQL, [townships[0].pk])
                cursor.fetchone()
                cursor.execute(RAW_LIST_SQL.replace("LIMIT 50", f"LIMIT 51 OFFSET {50 * (n % 5)}"),
                               [townships[0].pk])
                cursor.fetchall()
                raw.append((time.perf_counter() - start) * 1000)
        p95, raw_p95 = ctx.percentile(api, 95), ctx.percentile(raw, 95)
        measures.append(Measure(f"list API p50 / p95, {label} ({REQUESTS} requests, 50 rows)",
                                f"{ctx.percentile(api, 50):.1f} / {p95:.1f} ms", f"p95 ≤ {TARGET_P95_MS} ms",
                                p95 <= TARGET_P95_MS))
        measures.append(Measure(f"raw SQL p50 / p95 (count + page), {label}",
                                f"{ctx.percentile(raw, 50):.1f} / {raw_p95:.1f} ms"))
        measures.append(Measure(f"API / raw SQL p95, {label}", f"{p95 / max(raw_p95, 0.001):.2f}×",
                                f"≤ {TARGET_RATIO}×", p95 <= TARGET_RATIO * raw_p95))

    client = ctx.client(staff)
    counts = []
    for params in ({"page_size": 10}, {"page_size": 200}, {"page_size": 200, "status": "closed"},
                   {"page_size": 200, "township": townships[1].code, "overdue": "1"}):
        with CaptureQueriesContext(connection) as queries:
            status = client.get("/api/v1/cases/", params).status_code
        if status != 200:
            raise RuntimeError(f"benchmark request failed: {status}")
        counts.append(len(queries))
    measures.append(Measure("list API queries (10 / 200 / status / township+overdue)", " / ".join(map(str, counts)),
                            "constant", len(set(counts)) == 1))
    return measures
