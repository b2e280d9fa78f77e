"""Phone app benchmark (issue 11): the officer's working data in one call — what the phone caches for a day —
for a township empowered with 1,200 penalty items (two discretion bands each) in a catalogue of 1,700, with 150
open cases of the officer, 60 week tasks and 40 colleagues.

Target: p95 ≤ 1 s for the whole answer (about 1 MB of JSON, fetched once a day or after a change: the phone
sends its ETag and gets a 304 otherwise); the size and the query count are reported.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from . import Measure, benchmark

ITEMS, EMPOWERED, CASES, TASKS, COLLEAGUES, RUNS = 1_700, 1_200, 150, 60, 40, 10
TARGET_P95_MS = 1000


def _world():
    from cases.models import Case
    from catalog.models import DiscretionTier, Domain, Item
    from enforcement.accounts.models import Role, User
    from planning.models import Industry, MonthArrangement, Subject, WeekTask, YearPlan
    from townships.models import Department, Empowerment, Officer, Township

    township = Township.objects.create(code="bench-m", name="基准街道", kind="street", empowerment_mode="full")
    department = Department.objects.create(code="bench-m-dept", name="基准部门")
    domain = Domain.objects.create(code="bench-m", name="基准领域")
    items = Item.objects.bulk_create([Item(
        code=f"BM{n:06d}", name=f"对基准违法行为{n}的行政处罚", domain=domain, power_type="penalty",
        penalty_kinds=["warning", "fine"], fine_min=Decimal("50"), fine_max=Decimal("5000"), tier="township",
        valid_from=date(2020, 1, 1), pinyin_initials=f"djzwfxw{n}", search_text=f"bm{n:06d}") for n in range(ITEMS)])
    Empowerment.objects.bulk_create([Empowerment(township=township, item=item, valid_from=date(2020, 1, 1))
                                     for item in items[:EMPOWERED]])
    DiscretionTier.objects.bulk_create([DiscretionTier(item=item, level=level, conditions="基准情节", fine_min=low,
                                                       fine_max=high)
                                        for item in items[:EMPOWERED]
                                        for level, low, high in (("minor", 50, 200), ("general", 200, 5000))])
    user = User.objects.create(username="benchmark_officer_m", role=Role.TOWNSHIP_OFFICER, township=township)
    officers = Officer.objects.bulk_create([Officer(
        name=f"基准队员{n}", employee_number=f"BM-E{n:04d}", category="law_enforcement",
        certificate_number=f"BM-Z{n:05d}", certificate_expiry=date.today() + timedelta(days=365),
        home_department=department, township=township, posted_on=date(2024, 1, 1),
        user=user if n == 0 else None) for n in range(COLLEAGUES)])
    cases = Case.objects.bulk_create([Case(
        code=f"330299-CF-2026-BM{n:05d}-X", procedure="ordinary", item=items[n % EMPOWERED], township=township,
        status="investigating", party_type="citizen", party_name=f"当事人{n}", location="基准路", facts="基准事实",
        violation_date=date.today() - timedelta(days=5), discovered_on=date.today() - timedelta(days=4),
        filed_on=date.today() - timedelta(days=3), deadline=date.today() + timedelta(days=87), created_by=user)
        for n in range(CASES)])
    Case.officers.through.objects.bulk_create([Case.officers.through(case_id=case.pk, officer_id=officer.pk)
                                               for case in cases for officer in (officers[0], officers[1])])
    plan = YearPlan.objects.create(code="JH-BM-0001", department=department, year=date.today().year, title="基准计划",
                                   planned_count=TASKS, state="issued")
    month = MonthArrangement.objects.create(plan=plan, month=date.today().month, planned_count=TASKS)
    industry = Industry.objects.create(code="bench-m", name="基准行业")
    subject = Subject.objects.create(uscc="91330299PB0000000X", name="基准市场主体", industry=industry,
                                     township=township)
    tasks = WeekTask.objects.bulk_create([WeekTask(code=f"RW-BM{n:04d}", arrangement=month, department=department,
                                                   township=township, date=date.today()) for n in range(TASKS)])
    WeekTask.subjects.through.objects.bulk_create([WeekTask.subjects.through(weektask_id=t.pk, subject_id=subject.pk)
                                                   for t in tasks])
    return user


@benchmark("mobile", "The phone's working data in one call (catalogue, colleagues, tasks, cases)")
def run(ctx):
    import time

    user = _world()
    client = ctx.client(user)
    client.get("/api/v1/mobile/working-data/")  # warm-up
    timings, size = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get("/api/v1/mobile/working-data/")
        timings.append((time.perf_counter() - start) * 1000)
        size = len(response.content)
    reset_queries()  # the request resets the log when it starts: count from an empty one
    with CaptureQueriesContext(connection) as queries:
        etag = client.get("/api/v1/mobile/working-data/")["ETag"]
    start = time.perf_counter()
    unchanged = client.get("/api/v1/mobile/working-data/", headers={"If-None-Match": etag})
    not_modified_ms = (time.perf_counter() - start) * 1000
    p95 = ctx.percentile(timings, 95)
    return [
        Measure("working data p50 / p95", f"{ctx.percentile(timings, 50):.0f} / {p95:.0f} ms",
                f"p95 ≤ {TARGET_P95_MS} ms", p95 <= TARGET_P95_MS),
        Measure("answer size", f"{size / 1024:.0f} KiB"),
        Measure("queries per call", str(len(queries))),
        Measure(f"unchanged (304: {unchanged.status_code == 304})", f"{not_modified_ms:.0f} ms"),
    ]
