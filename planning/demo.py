"""Demo inspection planning: a year of plans for the departments that station officers, ~3,000 subjects,
monthly random draws (really drawn with `draw_compute`, so re-running them from the seed agrees), joint
inspections and ~4,000 inspections whose indicators land near Haishu 2023's shares (双随机 ≈ 70 %,
跨部门 ≈ 50 % of random inspections). Idempotent: skipped when demo plans exist."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from catalog.models import Item
from enforcement.core import action_codes
from enforcement.core.models import ActionCode, ActionCodeSequence, ActionKind
from enforcement.core.validators import USCC_ALPHABET, uscc_check_char
from townships.models import Department, Officer, Township

from .models import (
    Checklist,
    CheckPoint,
    DrawnSubject,
    Industry,
    Inspection,
    InspectionResult,
    InspectionType,
    JointInspection,
    MonthArrangement,
    PlanEvent,
    PlanState,
    RandomDraw,
    RiskLevel,
    Subject,
    TownshipNeed,
    WeekTask,
    YearPlan,
)
from .services.draws import draw_compute, draw_population, officer_pool, population_digest

PLANNING_DEPARTMENTS = ["market", "ecology", "landplan", "housing", "transport", "water", "agriculture",
                        "emergency", "culture", "fire"]
# industry code, name, supervising departments, check points (main checklist; the second is safety/fire)
INDUSTRIES = [
    ("catering", "餐饮服务", ["market", "fire", "ecology"], ["食品经营许可证在有效期内并悬挂", "从业人员持有效健康证明",
                                                         "生熟食品分开存放", "油烟净化设施正常运行"]),
    ("food_retail", "食品销售", ["market", "fire"], ["不销售过期食品", "进货查验记录完整", "冷藏设施温度达标",
                                                  "散装食品标签齐全"]),
    ("pharmacy", "药品零售", ["market", "fire"], ["执业药师在岗", "处方药凭处方销售", "药品储存条件符合要求",
                                               "购进记录完整"]),
    ("construction", "建筑施工", ["housing", "emergency", "ecology"], ["施工许可证齐全", "扬尘防治措施到位",
                                                                   "特种作业人员持证上岗", "夜间施工已审批"]),
    ("chemicals", "危险化学品经营", ["emergency", "fire", "ecology"], ["经营许可证在有效期内", "储存场所符合安全距离",
                                                                    "应急预案已备案", "危险废物规范处置"]),
    ("road_transport", "道路运输", ["transport", "emergency"], ["车辆营运证有效", "驾驶员从业资格有效",
                                                             "动态监控装置在线", "安全例检记录完整"]),
    ("entertainment", "娱乐场所", ["culture", "fire"], ["娱乐经营许可证有效", "未接纳未成年人",
                                                     "消防通道畅通", "疏散指示标志完好"]),
    ("hotel", "宾馆住宿", ["culture", "fire", "market"], ["特种行业许可证有效", "消防设施完好有效",
                                                       "卫生许可证在有效期内", "价格明码标价"]),
    ("farm_inputs", "农资经营", ["agriculture", "market"], ["农药经营许可证有效", "限制使用农药实名销售",
                                                          "进销货台账完整", "不经营假劣农资"]),
    ("waterworks", "涉水工程", ["water", "landplan", "ecology"], ["取水许可证有效", "河道管理范围内无违法建设",
                                                               "水土保持方案落实", "排污口设置已备案"]),
    ("manufacturing", "工业企业", ["emergency", "ecology", "fire"], ["安全生产责任制落实", "排污许可证在有效期内",
                                                                  "有限空间作业审批", "消防设施定期检测"]),
    ("land_use", "土地和矿产利用", ["landplan", "ecology"], ["用地手续合法", "未超范围开采",
                                                          "矿山生态修复落实", "未擅自改变土地用途"]),
]
SAFETY_POINTS = ["灭火器配置充足有效", "安全出口畅通", "电气线路规范敷设", "员工安全培训记录完整"]
NAME_PARTS = ["海曙", "鼓楼", "西门", "南门", "石碶", "集士港", "古林", "高桥", "横街", "章水", "龙观", "洞桥", "月湖",
              "天一", "甬江", "四明", "望京", "中山", "和义", "江厦", "新芝", "联丰", "段塘", "宁峰", "布政"]
NAME_SUFFIX = {"catering": ["餐馆", "小吃店", "酒家", "面馆"], "food_retail": ["超市", "便利店", "食品商行"],
               "pharmacy": ["大药房", "医药连锁店"], "construction": ["建设工程有限公司", "建筑有限公司"],
               "chemicals": ["化工贸易有限公司", "石化经营部"], "road_transport": ["物流有限公司", "运输有限公司"],
               "entertainment": ["KTV", "娱乐会所", "网咖"], "hotel": ["宾馆", "大酒店", "民宿"],
               "farm_inputs": ["农资店", "农资经营部"], "waterworks": ["水利工程有限公司", "水务有限公司"],
               "manufacturing": ["机械制造有限公司", "塑料制品厂", "五金有限公司"],
               "land_use": ["石料有限公司", "建材有限公司"]}
SUBJECT_COUNT = 3000
RANDOM_VISITS_PER_DEPARTMENT_MONTH = 24
ROUTINE_VISITS_PER_DEPARTMENT_MONTH = 11


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def seed(*, stdout, rng):
    if YearPlan.objects.filter(is_demo=True).exists():
        _write(stdout, "planning: demo plans already present, skipped")
        return
    departments = {d.code: d for d in Department.objects.filter(code__in=PLANNING_DEPARTMENTS + ["bureau"])}
    townships = list(Township.objects.order_by("code"))
    items = list(Item.objects.filter(status="active").order_by("code")[:400])
    if len(departments) < 3 or not townships or not items:
        _write(stdout, "planning: skipped (needs the townships and catalog demo data first)")
        return
    started = timezone.now()
    with transaction.atomic():
        counts = _seed(rng, departments, townships, items)
    seconds = (timezone.now() - started).total_seconds()
    _write(stdout, "planning: {subjects} subjects, {plans} plans, {tasks} week tasks, {draws} draws, {joints} joint "
           "inspections, {inspections} inspections ({s:.1f} s)".format(s=seconds, **counts))


def _seed(rng, departments, townships, items):
    today = timezone.localdate()
    year = today.year
    industries, checklists = _seed_industries(rng, departments, items)
    subjects = _seed_subjects(rng, industries, townships)
    by_industry = {}
    for subject in subjects:
        by_industry.setdefault(subject.industry_id, []).append(subject)
    planners = [departments[c] for c in PLANNING_DEPARTMENTS if c in departments]
    industries_of = {d.pk: [i for i in industries.values() if d.pk in i.department_ids] for d in planners}
    plans, months = _seed_plans(rng, planners, year, today)
    officers = _officer_pools(planners, departments.get("bureau"))
    builder = _Builder(rng, today, checklists)

    for month in range(1, 13):
        for index, department in enumerate(planners):
            arrangement = months.get((department.pk, month))
            if arrangement is None:
                continue
            own = [i for i in industries_of[department.pk] if by_industry.get(i.pk)]
            if not own:
                continue
            industry = own[(month + index) % len(own)]
            partners = [months.get((d_id, month)) for d_id in industry.department_ids if d_id != department.pk]
            partners = [p for p in partners if p is not None]
            cross = bool(partners) and (month + index) % 2 == 0
            partner = rng.choice(partners) if cross else None
            draw_day = date(year, month, 1)
            draw_departments = [department] + ([partner.plan.department] if partner else [])
            # exactly the inputs `draw_rerun` uses, so that re-running a demo draw from its seed agrees
            pool = list(officer_pool(departments=draw_departments, on_date=draw_day).values_list("pk", flat=True))
            if len(pool) < 2:
                continue
            population = list(draw_population(industry=industry))
            seed_text = f"demo-{year}{month:02d}-{department.code}"
            count = min(RANDOM_VISITS_PER_DEPARTMENT_MONTH, len(population))
            picks = draw_compute(seed=seed_text, population=[s.pk for s in population], pool=pool, conflicts=set(),
                                 subject_count=count, officers_per_subject=2)
            draw = builder.draw(title=f"{year}年{month}月{department.short_name or department.name}"
                                      f"{industry.name}双随机抽查", department=department,
                                departments=draw_departments, industry=industry, draw_day=draw_day, seed=seed_text,
                                population=population, picks=picks, arrangement=arrangement)
            subject_by_id = {s.pk: s for s in by_industry[industry.pk]}
            subject_by_id.update({s.pk: s for s in population if s.pk not in subject_by_id})
            for subject_id, officer_ids in picks:
                subject = subject_by_id[subject_id]
                day = builder.day_in(year, month)
                if partner is not None:
                    builder.joint_visit(subject, [arrangement, partner], day, officer_ids, draw=draw, random=True)
                else:
                    builder.single_visit(subject, arrangement, day, officer_ids, draw=draw)
            # routine visits; about one in eight merged with another department's task
            for _ in range(ROUTINE_VISITS_PER_DEPARTMENT_MONTH):
                industry = rng.choice(own)
                subject = rng.choice(by_industry[industry.pk])
                day = builder.day_in(year, month)
                team = [o.pk for o in rng.sample(officers[department.pk], 2)] if len(
                    officers.get(department.pk, [])) >= 2 else pool[:2]
                others = [months.get((d_id, month)) for d_id in industry.department_ids if d_id != department.pk]
                others = [o for o in others if o is not None]
                if others and rng.random() < 0.12:
                    builder.joint_visit(subject, [arrangement, rng.choice(others)], day, team, draw=None, random=False)
                else:
                    builder.single_visit(subject, arrangement, day, team, draw=None)
    counts = builder.flush()
    _finish_plans(plans, months)
    _seed_needs(rng, townships, planners, industries, year)
    counts.update(subjects=len(subjects), plans=len(plans))
    return counts


def _seed_industries(rng, departments, items):
    Industry.objects.bulk_create([Industry(code=code, name=name, is_demo=True) for code, name, *_r in INDUSTRIES],
                                 ignore_conflicts=True)
    industries = {i.code: i for i in Industry.objects.filter(code__in=[row[0] for row in INDUSTRIES])}
    through = Industry.departments.through
    links = []
    for code, _name, dept_codes, _points in INDUSTRIES:
        industry = industries[code]
        industry.department_ids = [departments[c].pk for c in dept_codes if c in departments]
        links += [through(industry_id=industry.pk, department_id=d) for d in industry.department_ids]
    through.objects.bulk_create(links, ignore_conflicts=True)
    checklists = {}
    for code, name, _depts, points in INDUSTRIES:
        industry = industries[code]
        main = Checklist.objects.get_or_create(code=f"{code}-main", defaults={
            "name": f"{name}监管一件事检查清单", "industry": industry, "is_demo": True, "series": f"{code}-main"})[0]
        safety = Checklist.objects.get_or_create(code=f"{code}-safety", defaults={
            "name": f"{name}安全生产与消防检查清单", "industry": industry, "is_demo": True,
            "series": f"{code}-safety"})[0]
        for checklist, texts in ((main, points), (safety, SAFETY_POINTS)):
            CheckPoint.objects.bulk_create([
                CheckPoint(checklist=checklist, code=f"{checklist.code}-{n + 1:02d}", order=n + 1, text=text,
                           item=rng.choice(items)) for n, text in enumerate(texts)], ignore_conflicts=True)
        checklists[industry.pk] = [main, safety]
    points = {}
    for point in CheckPoint.objects.filter(checklist__in=[c for pair in checklists.values() for c in pair]):
        points.setdefault(point.checklist_id, []).append(point)
    for pair in checklists.values():
        for checklist in pair:
            checklist.point_list = sorted(points.get(checklist.pk, []), key=lambda p: p.order)
    return industries, checklists


def uscc_generate(rng, *, region="330203"):
    """A valid credit code for demo data and tests: 9 (工商) 1 (企业) + region + 9-character org code + check."""
    body = "91" + region + "".join(rng.choice(USCC_ALPHABET) for _i in range(9))
    return body + uscc_check_char(body)


def _seed_subjects(rng, industries, townships):
    existing = set(Subject.objects.values_list("uscc", flat=True))
    rows, seen = [], set(existing)
    codes = list(industries)
    risks = [RiskLevel.LOW] * 6 + [RiskLevel.MEDIUM] * 3 + [RiskLevel.HIGH]
    while len(rows) < SUBJECT_COUNT:
        uscc = uscc_generate(rng)
        if uscc in seen:
            continue
        seen.add(uscc)
        industry = industries[rng.choice(codes)]
        township = rng.choice(townships)
        name = f"宁波{rng.choice(NAME_PARTS)}{rng.choice(NAME_PARTS)}{rng.choice(NAME_SUFFIX[industry.code])}"
        rows.append(Subject(uscc=uscc, name=name, industry=industry, township=township, risk_level=rng.choice(risks),
                            address=f"{township.name}{rng.choice(NAME_PARTS)}路{rng.randint(1, 999)}号", is_demo=True))
    Subject.objects.bulk_create(rows, batch_size=1000)
    return list(Subject.objects.filter(is_demo=True).select_related("industry"))


def _seed_plans(rng, planners, year, today):
    plans = [YearPlan(code=f"JH{year}-{d.code}", department=d, year=year, state=PlanState.ISSUED,
                      title=f"{year}年度{d.short_name or d.name}行政检查计划", frequency="quarterly",
                      subject_scope="辖区内本部门监管行业的市场主体,按风险等级分类确定检查频次", is_demo=True)
             for d in planners]
    YearPlan.objects.bulk_create(plans)
    plans = list(YearPlan.objects.filter(is_demo=True, year=year).select_related("department"))
    months = [MonthArrangement(plan=p, month=m, focus="双随机抽查与综合查一次") for p in plans for m in range(1, 13)]
    MonthArrangement.objects.bulk_create(months)
    by_key = {(a.plan.department_id, a.month): a for a in
              MonthArrangement.objects.filter(plan__in=plans).select_related("plan__department")}
    events = []
    for plan in plans:
        moment = timezone.make_aware(timezone.datetime(year - 1, 12, rng.randint(10, 25), 9))
        for source, target, action in (("draft", "draft", "create"), ("draft", "submitted", "submit"),
                                       ("submitted", "under_review", "start_review"),
                                       ("under_review", "issued", "issue")):
            events.append(PlanEvent(plan=plan, action=action, from_state=source, to_state=target, note="",
                                    created_at=moment))
            moment += timedelta(days=2)
    PlanEvent.objects.bulk_create(events)
    return plans, by_key


def _officer_pools(planners, bureau):
    pools = {}
    qs = (Officer.objects.filter(is_active=True).with_valid_certificate(timezone.localdate())
          .exclude(category=Officer.Category.AUXILIARY).order_by("employee_number"))
    for officer in qs.filter(home_department__in=planners):
        pools.setdefault(officer.home_department_id, []).append(officer)
    bureau_officers = list(qs.filter(home_department=bureau)[:60]) if bureau else []
    for department in planners:  # thin departments borrow bureau officers for routine tasks
        if len(pools.get(department.pk, [])) < 4:
            pools.setdefault(department.pk, []).extend(bureau_officers[:6])
    return pools


class _Builder:
    """Collects rows in memory and writes them with bulk_create."""

    def __init__(self, rng, today, checklists):
        self.rng, self.today, self.checklists = rng, today, checklists
        self.tasks, self.joints, self.visits, self.draws = [], [], [], []
        self.counter = 0

    def day_in(self, year, month):
        last = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return date(year, month, self.rng.randint(1, last.day))

    def _code(self, prefix):
        self.counter += 1
        return f"{prefix}D{self.counter:07d}"

    def draw(self, *, title, department, departments, industry, draw_day, seed, population, picks, arrangement):
        draw = RandomDraw(code=self._code("SJ"), title=title, department=department, inspection_type=title[-7:],
                          draw_date=draw_day, filter_industry=industry, subject_count=len(picks),
                          officers_per_subject=2, seed=seed, population_size=len(population),
                          population_digest=population_digest(s.uscc for s in population),
                          arrangement=arrangement, is_published=draw_day <= self.today, is_demo=True)
        draw.department_list, draw.picks = departments, picks
        self.draws.append(draw)
        return draw

    def _task(self, arrangement, subject, day, officer_ids, draw, checklist):
        task = WeekTask(code=self._code("RW"), arrangement=arrangement, department_id=arrangement.plan.department_id,
                        township_id=subject.township_id, date=day, checklist=checklist, draw=draw,
                        inspection_type=InspectionType.RANDOM if draw else InspectionType.ROUTINE, is_demo=True)
        task.subject_ids, task.officer_ids = [subject.pk], list(officer_ids)
        self.tasks.append(task)
        return task

    def single_visit(self, subject, arrangement, day, officer_ids, draw):
        checklist = self.checklists[subject.industry_id][0]
        task = self._task(arrangement, subject, day, officer_ids, draw, checklist)
        if day <= self.today and self.rng.random() > 0.04:  # a few past tasks stay open (not yet 销号)
            self.visits.append({"task": task, "joint": None, "subject": subject, "day": day, "officers": officer_ids,
                                "random": draw is not None, "is_joint": False, "checklists": [checklist]})

    def joint_visit(self, subject, arrangements, day, officer_ids, draw, random):
        pair = self.checklists[subject.industry_id]
        tasks = [self._task(a, subject, day, officer_ids, draw, pair[min(i, 1)]) for i, a in enumerate(arrangements)]
        joint = JointInspection(code=self._code("ZH"), subject=subject, township_id=subject.township_id, year=day.year,
                                month=day.month, date=day, lead_department_id=tasks[0].department_id,
                                visits_saved=len(tasks) - 1, is_random=random, is_demo=True,
                                confirmed_at=timezone.make_aware(timezone.datetime(day.year, day.month, 1, 10)))
        joint.task_list, joint.officer_ids, joint.checklist_list = tasks, list(officer_ids), pair[:len(tasks)]
        self.joints.append(joint)
        if day <= self.today:
            self.visits.append({"task": None, "joint": joint, "subject": subject, "day": day, "officers": officer_ids,
                                "random": random, "is_joint": True, "checklists": joint.checklist_list})

    def flush(self):
        RandomDraw.objects.bulk_create(self.draws, batch_size=500)
        through = RandomDraw.departments.through
        through.objects.bulk_create([through(randomdraw_id=d.pk, department_id=dep.pk)
                                     for d in self.draws for dep in d.department_list])
        drawn = [DrawnSubject(draw=d, subject_id=s, order=i)
                 for d in self.draws for i, (s, _o) in enumerate(d.picks, 1)]
        DrawnSubject.objects.bulk_create(drawn, batch_size=2000)
        officers_of = {(d.pk, s): o for d in self.draws for s, o in d.picks}
        through = DrawnSubject.officers.through
        through.objects.bulk_create([through(drawnsubject_id=row.pk, officer_id=o) for row in drawn
                                     for o in officers_of[(row.draw_id, row.subject_id)]], batch_size=5000)
        WeekTask.objects.bulk_create(self.tasks, batch_size=2000)
        through = WeekTask.subjects.through
        through.objects.bulk_create([through(weektask_id=t.pk, subject_id=s) for t in self.tasks
                                     for s in t.subject_ids], batch_size=5000)
        through = WeekTask.officers.through
        through.objects.bulk_create([through(weektask_id=t.pk, officer_id=o) for t in self.tasks
                                     for o in t.officer_ids], batch_size=5000)
        JointInspection.objects.bulk_create(self.joints, batch_size=2000)
        for model, attr, rows in (
            (JointInspection.tasks.through, "weektask_id", lambda j: [t.pk for t in j.task_list]),
            (JointInspection.departments.through, "department_id", lambda j: sorted({t.department_id
                                                                                     for t in j.task_list})),
            (JointInspection.officers.through, "officer_id", lambda j: j.officer_ids),
            (JointInspection.checklists.through, "checklist_id", lambda j: [c.pk for c in j.checklist_list]),
        ):
            model.objects.bulk_create([model(jointinspection_id=j.pk, **{attr: v}) for j in self.joints
                                       for v in rows(j)], batch_size=5000)
        self._inspections()
        return {"tasks": len(self.tasks), "draws": len(self.draws), "joints": len(self.joints),
                "inspections": len(self.visits)}

    def _reserve_codes(self, days):
        """行政行为码 for the demo inspections, from the same sequence `action_code_issue` uses."""
        codes = []
        for year in sorted({d.year for d in days}):
            ActionCodeSequence.objects.get_or_create(kind=ActionKind.INSPECTION, year=year)
        sequences = {s.year: s for s in ActionCodeSequence.objects.select_for_update().filter(
            kind=ActionKind.INSPECTION)}
        from django.conf import settings

        rows = []
        for day in days:
            sequence = sequences[day.year]
            sequence.last_number += 1
            body = f"{settings.AGENCY_REGION_CODE}{day.year}{sequence.last_number:07d}"
            code = (f"{settings.AGENCY_REGION_CODE}-{ActionKind.INSPECTION}-{day.year}-{sequence.last_number:07d}-"
                    f"{action_codes._check_digit(body)}")
            codes.append(code)
            rows.append(ActionCode(code=code, kind=ActionKind.INSPECTION, agency=settings.AGENCY_NAME, issued_on=day,
                                   status="已记录"))
        for sequence in sequences.values():
            sequence.save(update_fields=["last_number"])
        ActionCode.objects.bulk_create(rows, batch_size=2000)
        return codes

    def _inspections(self):
        self.visits.sort(key=lambda v: v["day"])
        codes = self._reserve_codes([v["day"] for v in self.visits])
        inspections, problems = [], []
        for visit, code in zip(self.visits, codes, strict=True):
            task, joint = visit["task"], visit["joint"]
            has_problems = self.rng.random() < 0.16
            department_id = joint.lead_department_id if joint else task.department_id
            inspection = Inspection(code=code, task=task, joint=joint, subject=visit["subject"],
                                    township_id=visit["subject"].township_id, department_id=department_id,
                                    inspected_on=visit["day"], is_random=visit["random"], is_joint=visit["is_joint"],
                                    has_problems=has_problems, is_demo=True,
                                    created_at=timezone.make_aware(timezone.datetime.combine(visit["day"],
                                                                                             timezone.datetime.min.time()))
                                    + timedelta(hours=15))
            inspections.append(inspection)
            problems.append(has_problems)
        Inspection.objects.bulk_create(inspections, batch_size=2000)
        through = Inspection.officers.through
        through.objects.bulk_create([through(inspection_id=i.pk, officer_id=o) for i, v in
                                     zip(inspections, self.visits, strict=True) for o in v["officers"]],
                                    batch_size=5000)
        results = []
        for inspection, visit, has_problems in zip(inspections, self.visits, problems, strict=True):
            points = [p for c in visit["checklists"] for p in c.point_list]
            failed = self.rng.choice(points) if has_problems and points else None
            for point in points:
                result = InspectionResult(inspection=inspection, point=point, passed=point is not failed)
                if point is failed:
                    result.note = "现场发现问题,已责令限期整改"
                    result.rectify_by = visit["day"] + timedelta(days=15)
                    if result.rectify_by <= self.today and self.rng.random() < 0.8:
                        result.rectified_on = result.rectify_by - timedelta(days=self.rng.randint(0, 10))
                        result.rectification_note = "复查已整改到位"
                results.append(result)
        InspectionResult.objects.bulk_create(results, batch_size=5000)
        done_at = timezone.now()
        task_ids = [v["task"].pk for v in self.visits if v["task"]]
        task_ids += [t.pk for v in self.visits if v["joint"] for t in v["joint"].task_list]
        WeekTask.objects.filter(pk__in=task_ids).update(done_at=done_at)
        JointInspection.objects.filter(pk__in=[v["joint"].pk for v in self.visits if v["joint"]]).update(
            done_at=done_at)


def _finish_plans(plans, months):
    from django.db.models import Count

    counts = dict(WeekTask.objects.filter(arrangement__plan__in=plans).values("arrangement").annotate(
        n=Count("id")).values_list("arrangement", "n"))
    arrangements = list(months.values())
    for arrangement in arrangements:
        arrangement.planned_count = counts.get(arrangement.pk, 0)
    MonthArrangement.objects.bulk_update(arrangements, ["planned_count"])
    totals = {}
    for arrangement in arrangements:
        totals[arrangement.plan_id] = totals.get(arrangement.plan_id, 0) + arrangement.planned_count
    for plan in plans:
        plan.planned_count = totals.get(plan.pk, 0)
    YearPlan.objects.bulk_update(plans, ["planned_count"])
    through = YearPlan.items.through
    point_items = {}
    for department_id, item_id in CheckPoint.objects.filter(
            checklist__industry__departments__in=[p.department_id for p in plans]).values_list(
            "checklist__industry__departments", "item_id"):
        point_items.setdefault(department_id, set()).add(item_id)
    through.objects.bulk_create([through(yearplan_id=p.pk, item_id=i) for p in plans
                                 for i in sorted(point_items.get(p.department_id, set()))], ignore_conflicts=True)


def _seed_needs(rng, townships, planners, industries, year):
    texts = ["夜间餐饮油烟扰民投诉集中,需要加强联合检查", "辖区建筑工地扬尘问题突出,请求增加检查频次",
             "城郊结合部小作坊较多,需开展专项整治", "农资销售旺季前需开展农资质量检查",
             "沿河违法建设反弹,需要联合执法", "娱乐场所消防隐患较多,请求综合查一次"]
    rows = []
    industry_list = list(industries.values())
    for township in townships:
        for department in rng.sample(planners, min(3, len(planners))):
            rows.append(TownshipNeed(township=township, department=department, year=year + 1,
                                     industry=rng.choice(industry_list), description=rng.choice(texts),
                                     expected_count=rng.randint(10, 80), is_demo=True))
    TownshipNeed.objects.bulk_create(rows)
