"""Planning benchmark (issue 5): a random draw over 200,000 subjects, the indicators over a year of 30,000
inspections, and the merge-candidate search (综合查一次) over a month of 3,000 week tasks.

Targets: draw ≤ 1 s; indicators ≤ 300 ms; the merge search is reported (time and query count).
Everything is built with bulk_create inside the rolled-back transaction.
"""

import random
import statistics as stats
from datetime import date, datetime, time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from . import Measure, benchmark, vacuum_analyze

SUBJECTS = 200_000
INSPECTIONS = 30_000
MONTH_TASKS = 3_000
OTHER_MONTH_TASKS = 250
DEPARTMENTS = 10
TOWNSHIPS = 6
OFFICERS_PER_DEPARTMENT = 20
CONFLICTS = 2_000
DRAW_SIZE = 200
RUNS = 5
DRAW_TARGET_S = 1.0
INDICATOR_TARGET_MS = 300
MERGE_MONTH = 6
TABLES = ("planning_subject", "planning_weektask", "planning_weektask_subjects", "planning_inspection",
          "planning_jointinspection", "planning_jointinspection_tasks", "planning_officerconflict",
          "townships_officer")


def prepare(ctx):
    vacuum_analyze(*TABLES)


USCC_PREFIX = "91330299PB"  # 工商 · 企业 · a benchmark region · "PB"; seven digits of the row number follow


def _insert_subjects(*, industry, townships):
    """INSERT … SELECT the subjects inside PostgreSQL, each with a valid GB 32100 check character computed in
    SQL (the prefix is constant, so only the seven digits vary). bulk_create of 200,000 model instances took
    ~45 s on this machine; this takes a few seconds."""
    from enforcement.core.validators import USCC_ALPHABET

    weights = [pow(3, i, 31) for i in range(17)]  # GB 32100: W_i = 3^i mod 31
    constant = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(USCC_PREFIX, weights, strict=False))
    digits = " + ".join(f"((g / {10 ** (6 - i)}) % 10) * {weights[len(USCC_PREFIX) + i]}" for i in range(7))
    check = f"substr('{USCC_ALPHABET}', ((31 - ({constant} + {digits}) % 31) % 31) + 1, 1)"
    township_ids = [t.pk for t in townships]
    columns = "uscc, name, industry_id, address, township_id, risk_level, is_active, is_demo"
    sql = (  # constants and integers only
        f"INSERT INTO planning_subject ({columns}) "  # noqa: S608  # nosec B608 - constants only
        f"SELECT '{USCC_PREFIX}' || lpad(g::text, 7, '0') || {check}, '基准市场主体' || lpad(g::text, 6, '0'), "
        f"{int(industry.pk)}, '基准路' || (g % 500) || '号', (ARRAY{township_ids})[1 + g % {len(township_ids)}], "
        f"(ARRAY['low','medium','high'])[1 + g % 3], true, false FROM generate_series(0, {SUBJECTS - 1}) g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)  # integers only, no parameters


def _analyze():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f'ANALYZE "{table}"')


def _build(ctx, year):
    from planning.models import (
        Industry,
        Inspection,
        JointInspection,
        MonthArrangement,
        OfficerConflict,
        Subject,
        WeekTask,
        YearPlan,
    )
    from townships.models import Department, Officer, Township

    rng = random.Random(5)  # nosec B311 - synthetic benchmark data, not security
    towns = Township.objects.bulk_create([
        Township(code=f"pbench{n}", name=f"计划基准镇{n}", kind="town", empowerment_mode="full")
        for n in range(TOWNSHIPS)])
    departments = Department.objects.bulk_create([
        Department(code=f"pbench-d{n:02d}", name=f"计划基准部门{n:02d}") for n in range(DEPARTMENTS)])
    industry = Industry.objects.create(code="pbench", name="计划基准行业")
    industry.departments.set(departments)
    _insert_subjects(industry=industry, townships=towns)
    subject_ids = list(Subject.objects.filter(industry=industry).values_list("pk", flat=True))
    subjects = list(Subject.objects.filter(industry=industry).order_by("uscc")[:MONTH_TASKS])
    officers = Officer.objects.bulk_create([
        Officer(name=f"基准执法员{d}-{n}", employee_number=f"PB{d:02d}{n:03d}", category="law_enforcement",
                certificate_number=f"PBZF{d:02d}{n:03d}", certificate_expiry=date(year + 5, 1, 1),
                home_department=departments[d], township=towns[n % TOWNSHIPS], posted_on=date(year - 1, 1, 1))
        for d in range(DEPARTMENTS) for n in range(OFFICERS_PER_DEPARTMENT)])
    OfficerConflict.objects.bulk_create([
        OfficerConflict(officer=officers[n % len(officers)], subject_id=subject_ids[rng.randrange(SUBJECTS)],
                        reason="亲属关系") for n in range(CONFLICTS)], ignore_conflicts=True)

    plans = YearPlan.objects.bulk_create([
        YearPlan(code=f"PBENCH-{year}-{n:02d}", department=d, year=year, title=f"{d.name}{year}年检查计划",
                 state="issued", planned_count=600) for n, d in enumerate(departments)])
    months = MonthArrangement.objects.bulk_create([
        MonthArrangement(plan=p, month=m, planned_count=50) for p in plans for m in range(1, 13)])
    month_of = {(m.plan_id, m.month): m for m in months}
    done = timezone.make_aware(datetime.combine(date(year, 12, 31), time(18)))
    tasks, task_subjects = [], []
    pool = subjects[:MONTH_TASKS]  # a month's tasks of ten departments share 3,000 subjects: many overlaps
    for month in range(1, 13):
        count = MONTH_TASKS if month == MERGE_MONTH else OTHER_MONTH_TASKS
        for n in range(count):
            department = n % DEPARTMENTS
            township = towns[n % TOWNSHIPS]
            tasks.append(WeekTask(code=f"PBT{month:02d}{n:05d}", arrangement=month_of[(plans[department].pk, month)],
                                  department=departments[department], township=township,
                                  date=date(year, month, 1 + n % 28), inspection_type="random" if n % 10 < 7
                                  else "routine", done_at=None if month == MERGE_MONTH else done))
    tasks = WeekTask.objects.bulk_create(tasks, batch_size=5000)
    Through = WeekTask.subjects.through
    for task in tasks:
        picks = {rng.randrange(len(pool)) for _ in range(rng.randint(1, 3))}
        task_subjects.extend(Through(weektask_id=task.pk, subject_id=pool[i].pk) for i in picks)
    Through.objects.bulk_create(task_subjects, batch_size=10000)

    joints = JointInspection.objects.bulk_create([
        JointInspection(code=f"PBJ{n:05d}", subject=subjects[n], township_id=subjects[n].township_id, year=year,
                        month=n % 12 + 1, date=date(year, n % 12 + 1, 15), lead_department=departments[n % DEPARTMENTS],
                        visits_saved=1 + n % 2, is_random=n % 3 == 0) for n in range(1_000)])
    month_tasks = [t for t in tasks if t.date.month == MERGE_MONTH]
    JointTask = JointInspection.tasks.through
    JointTask.objects.bulk_create([JointTask(jointinspection_id=joints[n].pk, weektask_id=month_tasks[n].pk)
                                   for n in range(100)])
    inspections = []
    for n in range(INSPECTIONS):
        task = tasks[n % len(tasks)]
        inspections.append(Inspection(
            code=f"PBI-{n:06d}", task=task, subject=pool[n % len(pool)], township=task.township,
            department=task.department, inspected_on=task.date, is_random=n % 10 < 7, is_joint=n % 2 == 0,
            has_problems=n % 9 == 0))
    Inspection.objects.bulk_create(inspections, batch_size=5000)
    _analyze()
    from enforcement.core.validators import is_valid_uscc

    sample = Subject.objects.filter(industry=industry).order_by("?").values_list("uscc", flat=True)[:1000]
    if not (all(is_valid_uscc(code) for code in sample)):
        raise RuntimeError("benchmark credit codes must pass GB 32100")
    return {"industry": industry, "departments": departments, "tasks": len(tasks),
            "month_tasks": len(month_tasks), "pairs": len(task_subjects)}


@benchmark("planning", "Draw over 200,000 subjects, indicators over 30,000 inspections, merge search over "
                       "3,000 tasks", prepare=prepare)
def run(ctx):
    from planning import indicators
    from planning.services import draw_run, draw_verify, merge_candidates

    year = date.today().year - 1
    with ctx.timer() as built:
        world = _build(ctx, year)
    measures = [Measure(f"build {SUBJECTS:,} subjects, {world['tasks']:,} tasks, {INSPECTIONS:,} inspections",
                        f"{built['seconds']:.1f} s")]
    staff = ctx.staff_user()

    # 双随机: N subjects out of the whole industry (200,000), two officers each from two departments
    departments = world["departments"]
    timings, draws = [], []
    for n in range(RUNS):
        with ctx.timer() as timer:
            draw = draw_run(actor=staff, title=f"基准抽查{n}", department=departments[0], departments=departments[1:2],
                            inspection_type="基准抽查", draw_date=date(year, 6, 1), subject_count=DRAW_SIZE,
                            industry=world["industry"], seed=f"bench-{n}")
        timings.append(timer["seconds"])
        draws.append(draw)
    median = stats.median(timings)
    measures.append(Measure(f"draw {DRAW_SIZE} of {draws[0].population_size:,} subjects × 2 officers, median of "
                            f"{RUNS}", f"{median:.2f} s", f"≤ {DRAW_TARGET_S:g} s", median <= DRAW_TARGET_S))
    with ctx.timer() as verify:
        same = draw_verify(draws[0])
    measures.append(Measure("re-run a stored draw from its seed (verify)", f"{verify['seconds']:.2f} s"
                            + ("" if same else " (MISMATCH)"), passed=same))

    # indicators for the year, per department / township / month
    for group_by in indicators.GROUPS:
        indicators.year_indicators(actor=staff, year=year, group_by=group_by)  # warm
        timings = []
        for _ in range(RUNS):
            with ctx.timer() as timer:
                rows, total = indicators.year_indicators(actor=staff, year=year, group_by=group_by)
            timings.append(timer["seconds"] * 1000)
        median = stats.median(timings)
        measures.append(Measure(f"indicators {year} by {group_by} ({total.inspections:,} inspections, "
                                f"{len(rows)} rows), median of {RUNS}", f"{median:.0f} ms",
                                f"≤ {INDICATOR_TARGET_MS} ms", median <= INDICATOR_TARGET_MS))
    client = ctx.client(staff)
    client.get("/planning/indicators/", {"year": year})
    with ctx.timer() as page:
        response = client.get("/planning/indicators/", {"year": year})
    measures.append(Measure("indicator page (HTML, year, with weekly ranking)", f"{page['seconds'] * 1000:.0f} ms"
                            if response.status_code == 200 else f"HTTP {response.status_code}"))

    # 综合查一次: candidates of a month of 3,000 tasks
    merge_candidates(actor=staff, year=year, month=MERGE_MONTH)  # warm
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries, ctx.timer() as timer:
            candidates = merge_candidates(actor=staff, year=year, month=MERGE_MONTH)
        timings.append(timer["seconds"] * 1000)
    saved = sum(c.visits_saved for c in candidates)
    measures.append(Measure(f"merge candidates {year}-{MERGE_MONTH:02d} ({world['month_tasks']:,} tasks → "
                            f"{len(candidates):,} subjects, {saved:,} visits saved), median of {RUNS}",
                            f"{stats.median(timings):.0f} ms, {len(queries)} queries"))
    with CaptureQueriesContext(connection) as queries, ctx.timer() as page:
        response = client.get("/planning/merges/", {"year": year, "month": MERGE_MONTH})
    value = f"{page['seconds'] * 1000:.0f} ms, {len(queries)} queries"
    measures.append(Measure("merge page (HTML, first 200 candidates)",
                            value if response.status_code == 200 else f"HTTP {response.status_code}"))
    return measures
