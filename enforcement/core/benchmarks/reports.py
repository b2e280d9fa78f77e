"""Reports benchmark: a year of 12,000 cases (1,000 a month) and 30,000 inspections.

Targets (issue 6): dashboard figures for the year ≤ 300 ms; the county's monthly PDF (~1,000 cases in the
month) built in ≤ 5 s.
"""

import random
import statistics as stats
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection

from . import Measure, benchmark

CASES = 12_000
INSPECTIONS = 30_000
TOWNSHIPS = 6
RUNS = 7
DASHBOARD_TARGET_MS = 300
PDF_TARGET_S = 5


def _build(ctx, year):
    from cases.models import Case, DecisionType, Procedure, Source, Status
    from catalog.models import Domain, Item
    from planning.models import Industry, Inspection, MonthArrangement, Subject, WeekTask, YearPlan
    from townships.models import Department, Empowerment, Officer, Township

    rng = random.Random(2026)  # nosec B311 - synthetic benchmark data, not security
    domains = [Domain.objects.get_or_create(code=f"rbench{n:02d}", defaults={"name": f"报表基准领域{n:02d}"})[0]
               for n in range(15)]
    items = Item.objects.bulk_create([
        Item(code=f"RBENCH{n:05d}", name=f"报表基准事项{n:03d}", domain=domains[n % 15], power_type="penalty",
             tier="township", penalty_kinds=["warning", "fine"], valid_from=date(2020, 1, 1)) for n in range(189)])
    towns = Township.objects.bulk_create([
        Township(code=f"rbench{n}", name=f"基准镇{n}", kind="town", empowerment_mode="full")
        for n in range(TOWNSHIPS)])
    department = Department.objects.create(code="rbench-dept", name="报表基准部门")
    Empowerment.objects.bulk_create([Empowerment(township=t, item=i, valid_from=date(2020, 1, 1))
                                     for t in towns for i in items[:120]])
    Officer.objects.bulk_create([
        Officer(name=f"基准队员{n}", employee_number=f"RB{n:05d}", category=("law_enforcement", "safety",
                "auxiliary")[n % 3], home_department=department, township=towns[n % TOWNSHIPS],
                posted_on=date(year, 1, 1)) for n in range(600)])
    cases = []
    for n in range(CASES):
        month = n * 12 // CASES + 1
        day = date(year, month, 1) + timedelta(days=rng.randrange(28))
        simple = rng.random() < 0.56
        decided = day if simple else (day + timedelta(days=rng.randrange(5, 80)) if rng.random() < 0.7 else None)
        fine = Decimal(rng.choice([50, 100, 200, 500, 2000, 5000]))
        cases.append(Case(
            code=f"RBENCH-{n:06d}", procedure=Procedure.SIMPLE if simple else Procedure.ORDINARY,
            source=rng.choice(Source.values), item=items[rng.randrange(len(items))],
            township=towns[n % TOWNSHIPS] if n % 10 else None, party_type="citizen", party_name="基准当事人",
            location="基准路", facts="基准事实", violation_date=day, discovered_on=day, filed_on=day,
            deadline=day + timedelta(days=90),
            status=Status.CLOSED if decided else Status.INVESTIGATING, decided_on=decided,
            decision_type=DecisionType.PENALTY if decided else "", penalty_kinds=["fine"] if decided else [],
            fine_amount=fine if decided else None, paid_on=decided, paid_amount=fine if decided else None))
    Case.objects.bulk_create(cases, batch_size=2000)
    industry = Industry.objects.create(code="rbench-ind", name="报表基准行业")
    subjects = Subject.objects.bulk_create([
        Subject(uscc=f"91330299RB{n:07d}X"[:18], name=f"基准企业{n}", industry=industry, township=towns[n % TOWNSHIPS])
        for n in range(600)])
    plan = YearPlan.objects.create(code=f"RBENCH-{year}", department=department, year=year, title="基准计划")
    arrangements = MonthArrangement.objects.bulk_create([MonthArrangement(plan=plan, month=m) for m in range(1, 13)])
    tasks = WeekTask.objects.bulk_create([
        WeekTask(code=f"RBT{m:02d}{t}", arrangement=arrangements[m - 1], department=department, township=towns[t],
                 date=date(year, m, 10), inspection_type="random") for m in range(1, 13) for t in range(TOWNSHIPS)])
    Inspection.objects.bulk_create([
        Inspection(code=f"RBI-{n:06d}", task=tasks[n % len(tasks)], subject=subjects[n % len(subjects)],
                   township=tasks[n % len(tasks)].township, department=department,
                   inspected_on=date(year, n % 12 + 1, 1) + timedelta(days=n % 28), is_random=n % 10 < 7,
                   is_joint=n % 2 == 0, has_problems=n % 7 == 0) for n in range(INSPECTIONS)], batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("cases_case", "planning_inspection", "townships_officer", "townships_empowerment"):
                cursor.execute(f"ANALYZE {table}")  # noqa: S608 - fixed table names


@benchmark("reports", "Dashboard figures for a year (12,000 cases, 30,000 inspections) and the monthly PDF")
def run(ctx):
    from enforcement.accounts.models import Role, User
    from enforcement.dashboard.selectors import dashboard_data
    from enforcement.reports.monthly import render_monthly_report
    from enforcement.reports.periods import Period

    year = date.today().year - 1  # a whole past year
    with ctx.timer() as built:
        _build(ctx, year)
    measures = [Measure(f"build {CASES:,} cases and {INSPECTIONS:,} inspections", f"{built['seconds']:.1f} s")]
    from enforcement.reports import rollup

    with ctx.timer() as rebuilt:
        rows = rollup.rebuild()  # the rows were bulk-created (no ORM signals)
    measures.append(Measure(f"rebuild the rollups ({rows['case']:,} case, {rows['inspection']:,} inspection rows)",
                            f"{rebuilt['seconds']:.2f} s"))

    leader = User.objects.create(username="benchmark_leader", role=Role.LEADER)
    timings = []
    for _ in range(RUNS):
        with ctx.timer() as timer:
            data = dashboard_data(actor=leader, period=Period.year(year))
        timings.append(timer["seconds"] * 1000)
    median = stats.median(timings)
    measures.append(Measure(f"dashboard figures, year {year} ({data['cases']['total']:,} cases, "
                            f"{data['inspections']['total']:,} inspections), median of {RUNS}",
                            f"{median:.0f} ms", f"≤ {DASHBOARD_TARGET_MS} ms", median <= DASHBOARD_TARGET_MS))

    client = ctx.client(leader)
    client.get("/dashboard/")
    with ctx.timer() as page:
        response = client.get("/dashboard/", {"period": str(year)})
    measures.append(Measure("dashboard page (HTML, year)", f"{page['seconds'] * 1000:.0f} ms"
                            if response.status_code == 200 else f"HTTP {response.status_code}"))

    period = Period.month(year, 10)
    render_monthly_report(period=Period.month(year, 1))  # warm fonts and templates once
    with ctx.timer() as pdf:
        content, figures = render_monthly_report(period=period)
    measures.append(Measure(f"county monthly PDF {period.key} ({figures['cases']['total']:,} cases, "
                            f"{len(content) // 1024} KB)", f"{pdf['seconds']:.2f} s", f"≤ {PDF_TARGET_S} s",
                            pdf["seconds"] <= PDF_TARGET_S))
    return measures
