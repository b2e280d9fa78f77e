"""Object builders for the access matrix (enforcement/core/access_matrix.py OBJECTS): each creates one
object owned by the given township (and department) and returns the URL kwargs of its detail route."""

from townships.tests.factories import OfficerFactory


def account(*, township, department):
    from enforcement.accounts.models import Role
    from enforcement.accounts.tests.factories import UserFactory

    return {"pk": UserFactory(role=Role.TOWNSHIP_OFFICER, township=township).pk}


def department(*, township, department):
    return {"code": department.code}


def township_(*, township, department):
    return {"code": township.code}


def officer(*, township, department):
    return {"pk": OfficerFactory(township=township, home_department=department).pk}


def catalog_domain(*, township, department):
    from catalog.tests.factories import DomainFactory

    return {"code": DomainFactory().code}


def catalog_item(*, township, department):
    from catalog.tests.factories import ItemFactory

    return {"code": ItemFactory().code}


# cases (issue 4): a case of the township, transferred by the department (so its liaison sees it)
def case(*, township, department):
    from cases.tests.factories import CaseFactory

    return {"code": CaseFactory(township=township, transferred_from=department).code}


def appeal(*, township, department):
    import datetime

    from cases.models import Appeal
    from cases.tests.factories import CaseFactory

    case = CaseFactory(township=township, transferred_from=department)
    return {"pk": Appeal.objects.create(case=case, kind="review", body="县人民政府",
                                        filed_on=datetime.date(2026, 1, 5)).pk}


def coercive_measure(*, township, department):
    import datetime

    from cases.models import CoerciveMeasure
    from cases.tests.factories import CaseFactory

    case = CaseFactory(township=township, transferred_from=department)
    return {"pk": CoerciveMeasure.objects.create(
        case=case, number=1, kind="seal_up", decided_on=datetime.date(2026, 1, 5), approved_by="局长",
        reason="理由", legal_basis="依据", place="人民路18号", period_days=30, deadline=datetime.date(2026, 2, 4),
        record_time=datetime.time(9, 30), record_place="人民路18号", record_note="笔录").pk}


def case_file(*, township, department):
    from django.core.files.base import ContentFile

    from cases.models import CaseFile, Status
    from cases.tests.factories import CaseFactory

    case = CaseFactory(township=township, transferred_from=department, status=Status.ARCHIVED)
    row = CaseFile(case=case, sha256="0" * 64, size=4, pages=1, retention="30年")
    row.file.save(f"{case.code}.pdf", ContentFile(b"%PDF"), save=True)
    return {"code": case.code}


def case_in_review(*, township, department):
    from cases.models import Status
    from cases.tests.factories import CaseFactory

    return {"code": CaseFactory(township=township, transferred_from=department, status=Status.TOWNSHIP_REVIEW,
                                is_major=True).code}


def case_document(*, township, department):
    from django.core.files.base import ContentFile

    from cases.models import Document, DocumentKind
    from cases.tests.factories import CaseFactory

    case = CaseFactory(township=township, transferred_from=department)
    document = Document(case=case, kind=DocumentKind.SPOT_DECISION, number="当罚决〔2026〕1号")
    document.file.save(f"{case.code}-spot.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"code": case.code, "kind": document.kind}


def case_evidence(*, township, department):
    from django.core.files.base import ContentFile

    from cases.models import Evidence
    from cases.tests.factories import CaseFactory

    case = CaseFactory(township=township, transferred_from=department)
    evidence = Evidence(case=case, kind=Evidence.Kind.PHOTO, original_name="现场.jpg", content_type="image/jpeg")
    evidence.file.save("access-matrix.jpg", ContentFile(b"\xff\xd8\xff test"), save=True)
    return {"code": case.code, "evidence_id": evidence.pk}


def zone(*, township, department):
    from townships.tests.factories import ZoneFactory

    return {"code": ZoneFactory(township=township).code}


def gazetteer_place(*, township, department):
    from decimal import Decimal

    from geo.models import Place

    place = Place.objects.create(township=township, name=f"{township.name}访问矩阵路{Place.objects.count()}",
                                 kind="road", latitude=Decimal("29.8"), longitude=Decimal("121.5"))
    return {"pk": place.pk}


def planning_checklist(*, township, department):
    from planning.tests.factories import CheckPointFactory

    return {"code": CheckPointFactory().checklist.code}


def planning_industry(*, township, department):
    from planning.tests.factories import IndustryFactory

    return {"code": IndustryFactory(departments=[department]).code}


# planning (issue 5): objects owned by the township (through the subject) and the department
def _planning_subject(township, department):
    from planning.tests.factories import IndustryFactory, SubjectFactory

    return SubjectFactory(township=township, industry=IndustryFactory(departments=[department]))


def _planning_month(department):
    from planning.models import YearPlan
    from planning.tests.factories import MonthArrangementFactory

    year = 2000 + YearPlan.objects.filter(department=department).count()
    return MonthArrangementFactory(plan__department=department, plan__year=year, plan__state="issued", month=1)


def _planning_task(township, department):
    from datetime import date

    from planning.models import WeekTask

    subject = _planning_subject(township, department)
    arrangement = _planning_month(department)
    task = WeekTask.objects.create(arrangement=arrangement, department=department, township=township,
                                   date=date(arrangement.plan.year, 1, 15))
    task.subjects.set([subject])
    return task


def planning_subject(*, township, department):
    return {"uscc": _planning_subject(township, department).uscc}


def planning_plan(*, township, department):
    return {"code": _planning_month(department).plan.code}


def planning_task(*, township, department):
    return {"code": _planning_task(township, department).code}


def planning_joint(*, township, department):
    from planning.models import JointInspection

    task = _planning_task(township, department)
    subject = task.subjects.get()
    joint = JointInspection.objects.create(subject=subject, township=township, year=task.date.year, month=1,
                                           date=task.date, lead_department=department)
    joint.tasks.set([task])
    joint.departments.set([department])
    return {"code": joint.code}


def planning_draw(*, township, department):
    from datetime import date

    from planning.models import RandomDraw

    draw = RandomDraw.objects.create(title="抽查", department=department, inspection_type="检查",
                                     draw_date=date(2026, 1, 1), subject_count=1, seed="x")
    draw.departments.set([department])
    return {"code": draw.code}


def planning_inspection(*, township, department):
    from datetime import date

    from planning.models import Inspection

    task = _planning_task(township, department)
    inspection = Inspection.objects.create(code=f"TEST-JC-{task.code}", task=task, subject=task.subjects.get(),
                                           township=township, department=department, inspected_on=date(2026, 1, 2))
    return {"code": inspection.code}


# intake (issue 10): a clue of the township, transferred by the department (so its liaison sees it)
def clue(*, township, department):
    from intake.tests.factories import ClueFactory

    return {"code": ClueFactory(township=township, source_department=department, source="department").code}


def patrol_plan(*, township, department):
    from datetime import date

    from intake.models import PatrolPlan
    from townships.tests.factories import OfficerFactory, ZoneFactory

    zone = ZoneFactory(township=township)
    plan = PatrolPlan.objects.create(township=township, zone=zone, name="日常巡查", content="占道经营",
                                     frequency="workdays", starts_on=date(2026, 1, 1))
    plan.officers.set([OfficerFactory(township=township)])
    return {"pk": plan.pk}


# assessment and supervision (issue 15): an officer's result and a finding of the township and department
def officer_assessment(*, township, department):
    from datetime import date

    from assessment.models import OfficerAssessment

    officer = OfficerFactory(township=township, home_department=department)
    return {"pk": OfficerAssessment.objects.create(
        officer=officer, period_kind="month", period_start=date(2026, 10, 1), period_end=date(2026, 10, 31),
        township=township, department=department, township_weight=60).pk}


def supervision_finding(*, township, department):
    from datetime import date, timedelta

    from assessment.models import Finding, SpecialInspection
    from enforcement.accounts.models import Role, User

    author = User.objects.filter(role=Role.STAFF).first() or User.objects.create(username="finding_author",
                                                                                 role=Role.STAFF)
    special = SpecialInspection.objects.create(title="专项", theme="罚没款", started_on=date(2026, 10, 1),
                                               created_by=author)
    return {"code": Finding.objects.create(
        code=f"ZG-{Finding.objects.count() + 1:04d}", source="special", special=special, township=township,
        department=department, description="问题", requirement="整改", deadline=date.today() + timedelta(days=9),
        created_by=author).code}


def rollup_month(*, township, department):
    return {"month": "2026-10"}


# 信用修复 (credit/): an application for the published decision of a case of the township
def credit_repair(*, township, department):
    import datetime
    from decimal import Decimal

    from cases.models import Publication
    from cases.tests.factories import CaseFactory
    from credit.models import CreditRepair

    decided = datetime.date.today() - datetime.timedelta(days=150)
    case = CaseFactory(township=township, transferred_from=department, status="executed", decided_on=decided,
                       fine_amount=Decimal("500"), paid_amount=Decimal("500"))
    publication = Publication.objects.create(
        case=case, decision_number=f"{case.code}-决", decided_on=decided, item_code=case.item.code,
        item_name=case.item.name, party=case.party_name, penalty="罚款", fine_amount=Decimal("500"), agency="示范县",
        published_on=decided, due_by=decided)
    return {"pk": CreditRepair.objects.create(code=f"XF-{case.code}", publication=publication, case=case,
                                              applicant=case.party_name, applied_on=decided).pk}
