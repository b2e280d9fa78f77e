"""Demo assessment and supervision: last month's officer results (computed from the demo records, partly scored
and approved), a few complaints, a 案卷评查 sample with scores and findings at every stage, a special inspection.
Idempotent: nothing is added once a demo sample exists."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cases.models import Case, Status
from enforcement.accounts.models import Role, User
from townships.models import Officer, Township

from . import services, supervision
from .models import CaseFileSample, FindingSource
from .periods import period_of

DEMO_SEED = "示范县-案卷评查-演示"
FINDINGS = [
    ("证据目录未编页码,现场照片未注明拍摄时间、地点", "按《行政执法案卷标准》补正证据目录和照片说明"),
    ("处罚决定书未载明当事人住址", "补正决定书要素,今后按《行政处罚法》第五十九条制作"),
    ("陈述申辩笔录缺当事人签名", "补签或说明理由并附情况说明"),
]


def _score(rng):
    return {"legal_basis": rng.randint(18, 25), "evidence": rng.randint(15, 25), "procedure": rng.randint(14, 20),
            "documents": rng.randint(9, 15), "deadlines": rng.randint(10, 15)}


def seed(*, stdout, rng):
    if CaseFileSample.objects.filter(seed=DEMO_SEED).exists():
        stdout.write("assessment: demo records exist, skipped")
        return
    staff = User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk").first()
    leader = User.objects.filter(role=Role.LEADER, is_active=True).order_by("pk").first()
    if staff is None:
        stdout.write("assessment: no bureau staff user, skipped")
        return
    today = timezone.localdate()
    last = today.replace(day=1) - timedelta(days=1)
    period = period_of("month", last.replace(day=1))

    officers = list(Officer.objects.active().filter(certificate_number__isnull=False).order_by("employee_number"))
    for officer in rng.sample(officers, min(6, len(officers))):
        complaint = services.complaint_record(actor=staff, officer=officer, received_on=period.start,
                                              summary=rng.choice(["执法态度生硬", "未出示执法证件", "处理结果不满意"]))
        if rng.random() < 0.7:
            services.complaint_decide(actor=staff, complaint=complaint, upheld=rng.random() < 0.4,
                                      decided_on=period.start + timedelta(days=rng.randint(3, 20)))
    results = services.assessment_compute_all(actor=staff, period=period)
    approved = 0
    for assessment in results:
        if rng.random() < 0.75:
            services.assessment_score(
                actor=staff, assessment=assessment, department_score=Decimal(rng.randint(70, 96)),
                township_score=Decimal(rng.randint(68, 98)) if assessment.township_id else None)
            if leader is not None and rng.random() < 0.5:
                services.assessment_approve(actor=leader, assessment=assessment)
                approved += 1

    closed = Case.objects.filter(status=Status.CLOSED, closed_on__isnull=False).order_by("-closed_on")
    newest = closed.values_list("closed_on", flat=True).first()
    findings = 0
    if newest is not None:
        start = newest - timedelta(days=90)
        population = supervision.sample_population(actor=staff, closed_from=start, closed_to=newest)
        if population:
            sample = supervision.sample_draw(actor=staff, title="季度案卷评查(演示)", closed_from=start,
                                             closed_to=newest, size=min(12, len(population)), seed=DEMO_SEED)
            sampled = list(sample.cases.select_related("case").order_by("order"))
            for row in sampled[:8]:
                if row.case.officers.filter(user=staff).exists():
                    continue
                supervision.sampled_case_score(actor=staff, sampled=row, scores=_score(rng), comments="")
            for index, row in enumerate(sampled[:3]):
                if row.case.township_id is None:
                    continue
                description, requirement = FINDINGS[index]
                finding = supervision.finding_create(
                    actor=staff, source=FindingSource.CASE_FILE, sampled_case=row, description=description,
                    requirement=requirement, deadline=today + timedelta(days=10 + 5 * index))
                findings += 1
                if index >= 1:
                    finding = supervision.finding_transition(actor=staff, finding=finding, action="submit",
                                                             text="已按要求补正,附补正后的文书。")
                if index == 2:
                    supervision.finding_transition(actor=staff, finding=finding, action="accept")
    special = supervision.special_create(actor=staff, title="罚没款收缴专项巡察(演示)",
                                         theme="检查罚没款是否按期收缴、加处罚款是否超过本金", started_on=period.start)
    township = Township.objects.order_by("code").first()
    if township is not None:
        supervision.finding_create(actor=staff, source=FindingSource.SPECIAL, special=special,
                                   township=township, description="两起案件逾期未催告",
                                   requirement="逐案催告并报送台账", deadline=today + timedelta(days=20))
        findings += 1
    stdout.write(f"assessment: {len(results)} officer results for {period.key} ({approved} approved), "
                 f"{findings} supervision findings")
