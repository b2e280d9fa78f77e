"""The benchmark's dataset (issue 14): a county of N cases over three years, built with set-based SQL.

Organisation and catalogue through the ORM (20 townships, 1 in 10 cases the bureau's own, 8 departments,
6 domains, 300 items, 20 officers per township), then the cases, two officer links and two events per case
with `INSERT … SELECT … FROM generate_series` (1,000,000 cases in a few minutes on two cores):

* dates spread evenly over the last three years (newest last), registration time = filing day 09:00–17:00;
* 58 % simple procedure decided on the spot (half without a separate filing date), 42 % ordinary;
* about 3 % still open (investigating / notified / in review / returned), some past their 90-day deadline,
  i.e. overdue; 2 % not filed, 1 % revoked; the rest decided (penalty 80 %, no penalty 20 %), closed or
  archived, fines 50–20,000 yuan, 70 % of fines paid;
* sources and majors by fixed shares; party names from common surnames and given names (王伟 appears);
* the figures' rollups are rebuilt from the rows (`reports.rollup.rebuild`) and the tables ANALYZEd;
* `build_clues`: N clues (issue 10) over the same three years — every source, 1 in 8 urgent, 1 in 21 at county
  level, the last ten days' clues still open in every state (older ones closed, merged or, 1 in 1,000, still in
  the field), a dispatch for each clue that reached the field (its current dispatch copied onto the clue),
  early warnings and replies owed to the public's reports; the clue figures (`intake.DailyRollup`) rebuilt.

Deterministic: the same N gives the same rows. Everything is marked `is_demo` where the model has it.
"""

import time
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import BooleanField, CharField, DateTimeField, DecimalField, ForeignKey, JSONField, TextField

TOWNSHIPS = 20
DEPARTMENTS = 8
DOMAINS = 6
ITEMS = 300
OFFICERS_PER_TOWNSHIP = 20
DAYS = 3 * 365
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
# A county town's streets: 40 roads × 300 door numbers, each address about as common as any other (a search for
# one address finds a few dozen clues, as in a real county, not a share of every row).
ROADS = ["人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "胜利路", "文化路", "健康路", "光明路", "长江路",
         "黄河路", "东风路", "朝阳路", "青年路", "幸福路", "团结路", "振兴路", "工业路", "学府路", "滨河路", "迎宾大道",
         "环城东路", "环城西路", "站前路", "府前街", "北大街", "南大街", "东大街", "西大街", "菜市街", "新街口",
         "商业街", "民主路", "友谊路", "兴业路", "育才路", "公园路", "体育路", "车站路"]
DOOR_NUMBERS = 300


def address_sql(g):
    """The SQL of the g-th row's address."""
    return (f"(ARRAY{ROADS})[1 + ({g}) % {len(ROADS)}] || (1 + (({g}) / {len(ROADS)}) % {DOOR_NUMBERS}) || '号'")

GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀兰", "霞"]
OPEN_STATES = ["investigating", "notified", "township_review", "returned"]
SOURCES = ["patrol", "patrol", "patrol", "complaint", "complaint", "department", "warning", "inspection", "assigned"]


def _analyze_sql():
    """VACUUM ANALYZE, or ANALYZE alone inside a transaction (a test), where VACUUM cannot run."""
    return "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"


def _insert_select(model, overrides, count, where="", pk=None):
    """INSERT INTO <model's table> (every concrete column) SELECT … FROM generate_series(1, count) g
    (the primary key from the expression `pk` when given, else from its sequence)."""
    columns, values = [], []
    if pk is not None:
        columns.append(connection.ops.quote_name(model._meta.pk.column))
        values.append(pk)
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "generated", False):
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in overrides or field.name in overrides:
            values.append(overrides.get(field.attname, overrides.get(field.name)))
        elif field.null:
            values.append("NULL")
        elif isinstance(field, JSONField):
            values.append("'[]'::jsonb" if field.default is list else "'{}'::jsonb")
        elif isinstance(field, BooleanField):
            values.append("true" if field.default is True else "false")
        elif isinstance(field, (CharField, TextField)):
            values.append(f"'{field.default}'" if isinstance(field.default, str) and field.default else "''")
        elif isinstance(field, (DecimalField, ForeignKey, DateTimeField)):
            raise RuntimeError(f"dataset: give {model.__name__}.{field.name} a value")
        else:
            values.append(str(field.default) if isinstance(field.default, int) else "0")
    table = connection.ops.quote_name(model._meta.db_table)
    return (f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "  # noqa: S608  # nosec B608 - constants only
            f"FROM generate_series(1, {int(count)}) AS g {where}")


def _organisation(today):
    from catalog.models import Domain, Item
    from enforcement.accounts.models import Role, User
    from townships.models import Department, Officer, Township

    if Township.objects.filter(code="bh00").exists():  # a build that failed after this step: reuse it
        return (list(Township.objects.filter(code__startswith="bh").order_by("code")),
                list(Department.objects.filter(code__startswith="bhdept").order_by("code")),
                list(Item.objects.filter(code__startswith="BH").order_by("code")),
                list(Officer.objects.filter(employee_number__startswith="BH").order_by("employee_number")),
                {role: User.objects.get(username=f"bench_{role}") for role in ("leader", "staff", "officer")})
    towns = Township.objects.bulk_create([
        Township(code=f"bh{n:02d}", name=f"基准镇{n:02d}", kind="town", empowerment_mode="full", is_demo=True)
        for n in range(TOWNSHIPS)])
    departments = Department.objects.bulk_create([
        Department(code=f"bhdept{n}", name=f"基准部门{n}") for n in range(DEPARTMENTS)])
    domains = [Domain.objects.create(code=f"bh{n}", name=f"基准领域{n}") for n in range(DOMAINS)]
    items = Item.objects.bulk_create([
        Item(code=f"BH{n:06d}", name=f"对基准违法行为{n:03d}的行政处罚", domain=domains[n % DOMAINS],
             power_type="penalty", tier="township", penalty_kinds=["warning", "fine"], valid_from=date(2020, 1, 1))
        for n in range(ITEMS)])
    users = {
        "leader": User.objects.create(username="bench_leader", role=Role.LEADER, display_name="基准局领导"),
        "staff": User.objects.create(username="bench_staff", role=Role.STAFF, display_name="基准局机关"),
        "officer": User.objects.create(username="bench_officer", role=Role.TOWNSHIP_OFFICER, township=towns[0],
                                       display_name="基准队员"),
    }
    officers = Officer.objects.bulk_create([
        Officer(name=f"基准队员{n}", employee_number=f"BH{n:05d}", category="law_enforcement",
                home_department=departments[n % DEPARTMENTS], township=towns[n % TOWNSHIPS],
                posted_on=date(2020, 1, 1), certificate_number=f"BHZ{n:06d}",
                certificate_expiry=today + timedelta(days=900))
        for n in range(TOWNSHIPS * OFFICERS_PER_TOWNSHIP)])
    officers[0].user = users["officer"]  # the township officer's "mine": cases linked to officer 0
    officers[0].save(update_fields=["user"])
    return towns, departments, items, officers, users


CLUE_SOURCES = ["hotline", "hotline", "hotline", "phone", "walk_in", "grid", "grid", "auxiliary", "department",
                "inspection", "patrol", "patrol", "assigned", "media", "video"]
CLUE_OPEN = ["new", "triaged", "escalated", "dispatched", "returned", "acknowledged", "arrived", "warning",
             "unrectified"]
CLUE_OUTCOMES = ["no_violation", "handled", "handled", "rectified", "case_filed", "transferred", "not_accepted"]


def clue_users():
    """The command centre's operator (county) and a township command room's operator (township bh03)."""
    from enforcement.accounts.models import Role, User
    from townships.models import Township

    town = Township.objects.get(code="bh03")
    command, _ = User.objects.get_or_create(username="bench_command", defaults={
        "role": Role.COMMAND, "display_name": "基准指挥中心坐席"})
    township_command, _ = User.objects.get_or_create(username="bench_township_command", defaults={
        "role": Role.TOWNSHIP_COMMAND, "township": town, "display_name": "基准镇指挥室"})
    return command, township_command


def build_clues(*, clues, stdout, today=None):
    """Add N clues with their dispatches, warnings and replies (set-based). Returns {name: seconds}."""
    from catalog.models import Item
    from intake.models import Clue, Dispatch, EarlyWarning, Reply
    from intake.services.rollup import rollup_refresh
    from townships.models import Township

    today = today or date.today()
    timings = {}
    command, _township_command = clue_users()
    town_ids = list(Township.objects.filter(code__startswith="bh").order_by("code").values_list("id", flat=True))
    item_ids = list(Item.objects.filter(code__startswith="BH").order_by("code").values_list("id", flat=True))
    n = int(clues)
    first_day = today - timedelta(days=DAYS)
    received = (f"((DATE '{first_day.isoformat()}' + ((g - 1)::bigint * {DAYS} / {n})::int) + INTERVAL '7 hours' "
                f"+ (g * 7 % 50400) * INTERVAL '1 second') AT TIME ZONE 'Asia/Shanghai'")
    recent = f"(g > {n} - {n} * 10 / {DAYS})"  # the last ten days: still open
    still_field = "(g % 1000 = 0)"  # older clues still with the officers
    state = (f"CASE WHEN {recent} THEN (ARRAY{CLUE_OPEN})[1 + g % {len(CLUE_OPEN)}] "
             f"WHEN {still_field} THEN (ARRAY['arrived', 'warning', 'acknowledged'])[1 + (g / 1000) % 3] "
             "WHEN g % 20 = 1 THEN 'merged' ELSE 'closed' END")
    urgent = "(g % 8 = 0)"
    # Explicit ids (after any rows there), so that a clue names its dispatch in the same INSERT: no UPDATE of
    # a million rows afterwards.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM intake_clue")
        clue_base = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM intake_dispatch")
        dispatch_base = cursor.fetchone()[0]
    open_state = f"(ARRAY{CLUE_OPEN})[1 + g % {len(CLUE_OPEN)}]"
    old = f"(NOT {recent} AND NOT {still_field})"
    outcome = (f"CASE WHEN {old} AND g % 20 <> 1 THEN (ARRAY{CLUE_OUTCOMES})[1 + (g / 20) % {len(CLUE_OUTCOMES)}] "
               "ELSE '' END")
    reached = (f"(({recent} AND {open_state} IN ('dispatched', 'acknowledged', 'arrived', 'warning', 'unrectified')) "
               f"OR (NOT {recent} AND {still_field}) OR ({old} AND g % 20 <> 1 AND ({outcome}) <> 'not_accepted'))")
    waiting = (f"(({recent} AND {open_state} = 'dispatched'))")
    on_way = (f"(({recent} AND {open_state} IN ('dispatched', 'acknowledged')) "
              f"OR (NOT {recent} AND {still_field} AND (g / 1000) % 3 = 2))")
    deadline = (f"{received} + CASE WHEN {urgent} THEN INTERVAL '50 minutes' ELSE INTERVAL '2 days 20 minutes' END")
    overrides = {
        "code": "'XSB' || lpad(g::text, 9, '0')",
        "source": f"(ARRAY{CLUE_SOURCES})[1 + g % {len(CLUE_SOURCES)}]",
        "external_number": f"CASE WHEN (ARRAY{CLUE_SOURCES})[1 + g % {len(CLUE_SOURCES)}] = 'hotline' "
                           "THEN 'BHGD' || g ELSE NULL END",
        "reporter_name_masked": "CASE WHEN g % 4 = 0 THEN '' ELSE '王*' END",
        "reporter_phone_masked": "CASE WHEN g % 4 = 0 THEN '' ELSE '138****' || lpad((g % 10000)::text, 4, '0') END",
        "reporter_anonymous": "(g % 4 = 0)",
        "description": f"{address_sql('g')} || '有占道经营,影响通行。'",
        "address": address_sql("g"),
        "address_key": address_sql("g"),
        "subject_name": f"CASE WHEN g % 3 = 0 THEN substr('{SURNAMES}', 1 + g % {len(SURNAMES)}, 1) "
                        f"|| (ARRAY{GIVEN})[1 + (g / 20) % {len(GIVEN)}] ELSE '' END",
        "subject_key": f"CASE WHEN g % 3 = 0 THEN substr('{SURNAMES}', 1 + g % {len(SURNAMES)}, 1) "
                       f"|| (ARRAY{GIVEN})[1 + (g / 20) % {len(GIVEN)}] ELSE '' END",
        "occurred_at": f"{received} - INTERVAL '1 hour'",
        "received_at": received,
        "urgency": f"CASE WHEN {urgent} THEN 'urgent' ELSE 'normal' END",
        "township_id": f"CASE WHEN g % 21 = 0 THEN NULL ELSE (ARRAY{town_ids})[1 + g % {len(town_ids)}] END",
        "item_id": f"CASE WHEN g % 5 < 3 THEN (ARRAY{item_ids})[1 + ((g::bigint * 7919) % {len(item_ids)})::int] "
                   "ELSE NULL END",
        "level": "CASE WHEN g % 21 = 0 THEN 'bureau' ELSE 'township' END",
        "state": state,
        "outcome": outcome,
        "closed_at": f"CASE WHEN {old} THEN {received} + INTERVAL '3 days' END",
        "current_dispatch_id": f"CASE WHEN {reached} THEN {dispatch_base} + g END",
        "dispatched_at": f"CASE WHEN {reached} THEN {received} + INTERVAL '20 minutes' END",
        "response_deadline": f"CASE WHEN {reached} THEN {deadline} END",
        "acknowledged_at": f"CASE WHEN {reached} AND NOT {waiting} THEN {received} + INTERVAL '25 minutes' END",
        "arrived_at": f"CASE WHEN {reached} AND NOT {on_way} THEN {received} + INTERVAL '30 minutes' "
                      "+ (g % 240) * INTERVAL '1 minute' END",
        "created_at": received,
        "updated_at": "now()",
        "is_demo": "true",
    }
    start = time.perf_counter()
    dispatch = {
        "clue_id": "c.id",
        "target": "CASE WHEN c.township_id IS NULL THEN 'bureau' ELSE 'township' END",
        "township_id": "c.township_id",
        "unit_name": "CASE WHEN c.township_id IS NULL THEN '执法大队一中队' ELSE '' END",
        "urgency": "c.urgency",
        "dispatched_by_id": str(command.pk),
        "dispatched_at": "c.dispatched_at",
        "response_deadline": "c.response_deadline",
        "status": "CASE WHEN c.state = 'closed' THEN 'done' ELSE 'active' END",
        "acknowledged_at": "c.acknowledged_at",
        "arrived_at": "c.arrived_at",
    }
    dispatch_sql = _insert_select(Dispatch, dispatch, 1, pk="c.current_dispatch_id").replace(
        "FROM generate_series(1, 1) AS g ", "FROM intake_clue c WHERE c.code LIKE 'XSB%' "
        "AND c.current_dispatch_id IS NOT NULL")
    with transaction.atomic(), connection.cursor() as cursor:  # the clues' dispatch FK is checked at commit
        cursor.execute(_insert_select(Clue, overrides, n, pk=f"{clue_base} + g"))
        timings["clues"] = time.perf_counter() - start
        start = time.perf_counter()
        cursor.execute(dispatch_sql)
        for table in ("intake_clue", "intake_dispatch"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  # nosec B608
                           f"(SELECT MAX(id) FROM {table}))")
    timings["dispatches"] = time.perf_counter() - start
    start = time.perf_counter()
    warning = {
        "clue_id": "c.id", "township_id": "c.township_id", "notice_number": "'YJB' || c.id",
        "requirement": "'立即整改'", "issued_by_id": str(command.pk),
        "issued_at": "c.received_at + INTERVAL '1 hour'",
        "rectification_deadline": "(c.received_at AT TIME ZONE 'Asia/Shanghai')::date + 7",
        "outcome": "CASE WHEN c.state = 'warning' THEN 'pending' WHEN c.state = 'unrectified' THEN 'unrectified' "
                   "ELSE 'rectified' END",
        "rechecked_at": "CASE WHEN c.state = 'warning' THEN NULL ELSE c.received_at + INTERVAL '7 days' END",
    }
    reply = {
        "clue_id": "c.id", "township_id": "c.township_id",
        "due_on": "(c.received_at AT TIME ZONE 'Asia/Shanghai')::date + 7",
        "replied_at": "CASE WHEN c.state IN ('closed', 'merged') THEN c.received_at + INTERVAL '4 days' END",
        "method": "CASE WHEN c.state IN ('closed', 'merged') THEN 'phone' ELSE '' END",
        "satisfaction": "CASE WHEN c.state IN ('closed', 'merged') THEN 'satisfied' ELSE '' END",
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_insert_select(EarlyWarning, warning, 1).replace(
            "FROM generate_series(1, 1) AS g ", "FROM intake_clue c WHERE c.code LIKE 'XSB%' AND (c.state IN "
            "('warning', 'unrectified') OR c.outcome = 'rectified')"))
        cursor.execute(_insert_select(Reply, reply, 1).replace(
            "FROM generate_series(1, 1) AS g ", "FROM intake_clue c WHERE c.code LIKE 'XSB%' AND NOT "
            "c.reporter_anonymous AND c.source IN ('hotline', 'phone', 'walk_in', 'media')"))
    timings["warnings and replies"] = time.perf_counter() - start
    start = time.perf_counter()
    rollup_refresh(start=first_day, end=today)
    timings["clue figures"] = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("intake_clue", "intake_dispatch", "intake_earlywarning", "intake_reply", "intake_dailyrollup"):
            cursor.execute(f"{_analyze_sql()} {table}")  # noqa: S608  # nosec B608 - fixed table names
    timings["clues vacuum analyze"] = time.perf_counter() - start
    stdout.write("  clues: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    return timings


def build(*, cases, stdout, today=None):
    """Build the dataset (the database must be empty of it). Returns {name: seconds}."""
    from cases.models import Case, CaseEvent
    from enforcement.reports import rollup

    today = today or date.today()
    timings = {}
    start = time.perf_counter()
    with transaction.atomic():
        towns, departments, items, officers, users = _organisation(today)
    timings["organisation"] = time.perf_counter() - start
    town_ids = [t.pk for t in towns]
    item_ids = [i.pk for i in items]
    dept_ids = [d.pk for d in departments]
    first_day = today - timedelta(days=DAYS)
    n = int(cases)
    day = f"(DATE '{first_day.isoformat()}' + ((g - 1)::bigint * {DAYS} / {n})::int)"
    simple = "(g % 100 < 58)"
    open_ = "(g % 100 >= 58 AND g % 33 = 0)"  # ~3 % of all cases still open
    not_filed = "(g % 100 = 99)"
    revoked = "(g % 100 = 98)"
    decided_day = f"({day} + CASE WHEN {simple} THEN 0 ELSE 5 + g % 70 END)"
    decided = f"(NOT {open_} AND NOT {not_filed} AND NOT {revoked})"
    penalty = f"({decided} AND ({simple} OR g % 5 <> 0))"
    fine = "(ARRAY[50, 100, 200, 500, 2000, 5000, 20000])[1 + g % 7]"
    paid = f"({penalty} AND g % 10 < 7)"
    status = (f"CASE WHEN {not_filed} THEN 'not_filed' WHEN {revoked} THEN 'revoked' "
              f"WHEN {open_} THEN (ARRAY{OPEN_STATES})[1 + (g / 33) % 4] "
              f"WHEN g % 7 = 0 THEN 'archived' WHEN g % 11 = 0 THEN 'decided' ELSE 'closed' END")
    overrides = {
        "code": "'BH-' || lpad(g::text, 9, '0')",
        "procedure": f"CASE WHEN {simple} THEN 'simple' ELSE 'ordinary' END",
        "source": f"(ARRAY{SOURCES})[1 + g % {len(SOURCES)}]",
        "item_id": f"(ARRAY{item_ids})[1 + ((g::bigint * 7919) % {len(item_ids)})::int]",
        # one case in ten at county level, drawn independently of the township (g % 10 would empty two of them)
        "township_id": f"CASE WHEN (g / 7) % 10 = 0 THEN NULL ELSE (ARRAY{town_ids})[1 + g % {len(town_ids)}] END",
        "transferred_from_id": f"CASE WHEN (ARRAY{SOURCES})[1 + g % {len(SOURCES)}] = 'department' "
                               f"THEN (ARRAY{dept_ids})[1 + g % {len(dept_ids)}] ELSE NULL END",
        "status": status,
        "party_type": "CASE WHEN g % 3 = 0 THEN 'company' ELSE 'citizen' END",
        "party_name": f"substr('{SURNAMES}', 1 + g % {len(SURNAMES)}, 1) "
                      f"|| (ARRAY{GIVEN})[1 + (g / 20) % {len(GIVEN)}]",
        "location": address_sql("g"),
        "facts": f"'在' || {address_sql('g')} || '占道经营,经劝阻未改正。'",
        "violation_date": f"{day} - 2",
        "discovered_on": f"{day} - 1",
        "filed_on": f"CASE WHEN {not_filed} OR ({simple} AND g % 2 = 0) THEN NULL ELSE {day} END",
        "decided_on": f"CASE WHEN {decided} THEN {decided_day} ELSE NULL END",
        "closed_on": f"CASE WHEN {decided} THEN {decided_day} + 20 ELSE NULL END",
        "deadline": f"CASE WHEN {simple} OR {not_filed} THEN NULL ELSE {day} + 90 END",
        "decision_type": f"CASE WHEN {penalty} THEN 'penalty' WHEN {decided} THEN 'no_penalty' ELSE '' END",
        "penalty_kinds": f"CASE WHEN {penalty} THEN (CASE WHEN g % 9 = 0 THEN '[\"warning\"]' "
                         "ELSE '[\"fine\"]' END)::jsonb ELSE '[]'::jsonb END",
        "fine_amount": f"CASE WHEN {penalty} AND g % 9 <> 0 THEN {fine} ELSE NULL END",
        "paid_on": f"CASE WHEN {paid} AND g % 9 <> 0 THEN {decided_day} + 5 ELSE NULL END",
        "paid_amount": f"CASE WHEN {paid} AND g % 9 <> 0 THEN {fine} ELSE NULL END",
        "is_major": "(g % 97 = 0)",
        "created_by_id": "NULL",
        "created_at": f"({day} + INTERVAL '9 hours' + (g % 28800) * INTERVAL '1 second') AT TIME ZONE 'Asia/Shanghai'",
        "updated_at": "now()",
        "is_demo": "true",
    }
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_insert_select(Case, overrides, n))
        through = Case.officers.through._meta.db_table
        officer_ids = [o.pk for o in officers]
        # two officers of the case's township (bureau cases: officers of township 0's team), spread over its
        # team (c.id alone follows the township's residue: one pair of officers would have had every case)
        cursor.execute(
            f"INSERT INTO {through} (case_id, officer_id) SELECT c.id, (ARRAY{officer_ids})"  # noqa: S608  # nosec B608 - constants only
            f"[1 + ((COALESCE(array_position(ARRAY{town_ids}, c.township_id), 1) - 1) "
            f"+ {TOWNSHIPS} * ((c.id / {TOWNSHIPS} + k) % {OFFICERS_PER_TOWNSHIP}))] "
            f"FROM cases_case c CROSS JOIN (VALUES (0), (1)) AS v(k) WHERE c.code LIKE 'BH-%'")
    timings["cases and officer links"] = time.perf_counter() - start
    start = time.perf_counter()
    event_overrides = {
        "case_id": "c.id", "action": "CASE WHEN k = 0 THEN 'register' ELSE 'decide' END",
        "from_status": "CASE WHEN k = 0 THEN '' ELSE 'investigating' END",
        "to_status": "CASE WHEN k = 0 THEN 'investigating' ELSE c.status END",
        "actor_id": "NULL", "created_at": "c.created_at + k * INTERVAL '3 days'", "data": "'{}'::jsonb",
    }
    sql = _insert_select(CaseEvent, event_overrides, 1).replace(
        "FROM generate_series(1, 1) AS g ", "FROM cases_case c CROSS JOIN (VALUES (0), (1)) AS v(k) "
        "WHERE c.code LIKE 'BH-%'")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    timings["events"] = time.perf_counter() - start
    start = time.perf_counter()
    rows = rollup.rebuild()
    timings[f"rollups ({rows['case']:,} case rows)"] = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_case_officers", "cases_caseevent", "reports_casefact",
                      "reports_casemonthfact", "townships_officer", "catalog_item"):
            cursor.execute(f"{_analyze_sql()} {table}")  # noqa: S608  # nosec B608 - fixed table names
    timings["vacuum analyze"] = time.perf_counter() - start
    stdout.write("  dataset: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    return timings
