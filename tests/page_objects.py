"""Object builders that only the page matrix needs (enforcement/core/page_matrix.py PAGE_OBJECTS): each creates ONE
object owned by the given township (and department) and returns the page's URL kwargs; "_query" is a query string.
A builder that takes `user` is given the signed-in user (their own token, their own assessment result)."""

import datetime

from tests import access_objects


def token_prefix(*, township, department, user):
    from enforcement.accounts import services

    _key, token = services.device_token_issue(user=user, device_name="矩阵")
    return {"prefix": token.prefix}


def account_token(*, township, department):
    from enforcement.accounts import services
    from enforcement.accounts.models import Role
    from enforcement.accounts.tests.factories import UserFactory

    account = UserFactory(role=Role.TOWNSHIP_OFFICER, township=township)
    _key, token = services.device_token_issue(user=account, device_name="矩阵")
    return {"pk": account.pk, "prefix": token.prefix}


def officer(*, township, department):
    from townships.tests.factories import OfficerFactory

    return {"employee_number": OfficerFactory(township=township, home_department=department).employee_number}


def export_format(*, township, department):
    return {"fmt": "csv"}


def special_list(*, township, department):
    return {"name": "no_penalty"}


def catalog_import_job(*, township, department):
    from catalog.models import ImportJob

    return {"token": ImportJob.objects.create(filename="目录.xlsx").token}


def case_action(*, township, department):
    return {**access_objects.case(township=township, department=department), "action": "amend"}


def case_evidence(*, township, department):
    kwargs = access_objects.case_evidence(township=township, department=department)
    return {"code": kwargs["code"], "pk": kwargs["evidence_id"]}


def credit_repair(*, township, department):
    from credit.models import CreditRepair

    return {"code": CreditRepair.objects.get(pk=access_objects.credit_repair(township=township,
                                                                             department=department)["pk"]).code}


def credit_action(*, township, department):
    return {**credit_repair(township=township, department=department), "action": "accept"}


def credit_publication(*, township, department):
    from credit.models import CreditRepair

    repair = CreditRepair.objects.get(pk=access_objects.credit_repair(township=township, department=department)["pk"])
    publication = repair.publication
    repair.delete()  # the publication without an application: one may be recorded
    return {"publication": publication.pk}


def inspection_task(*, township, department):
    return {"_query": f"task={access_objects.planning_task(township=township, department=department)['code']}"}


def inspection_result(*, township, department):
    from planning.models import Inspection, InspectionResult
    from planning.tests.factories import CheckPointFactory

    inspection = Inspection.objects.get(code=access_objects.planning_inspection(township=township,
                                                                                 department=department)["code"])
    point = CheckPointFactory()
    InspectionResult.objects.create(inspection=inspection, point=point, passed=False,
                                    rectify_by=datetime.date(2026, 2, 1))
    return {"code": inspection.code, "point": point.code}


def plan_month(*, township, department):
    return {**access_objects.planning_plan(township=township, department=department), "month": 1}


def clue_action(*, township, department):
    return {**access_objects.clue(township=township, department=department), "action": "triage"}


def clue_photo(*, township, department):
    from django.core.files.base import ContentFile

    from intake.models import Attachment, Clue

    clue = Clue.objects.get(code=access_objects.clue(township=township, department=department)["code"])
    attachment = Attachment(clue=clue, original_name="现场.jpg", content_type="image/jpeg")
    attachment.file.save("page-matrix.jpg", ContentFile(b"\xff\xd8\xff test"), save=True)
    return {"code": clue.code, "pk": attachment.pk}


def boundary_kind(*, township, department):
    return {"kind": "zone"}


def monthly_report(*, township, department):
    from django.core.files.base import ContentFile

    from enforcement.reports.models import MonthlyReport

    year = 2000 + MonthlyReport.objects.filter(township=township).count()  # one report per month and township
    report = MonthlyReport(period=datetime.date(year, 1, 1), township=township, status=MonthlyReport.Status.DONE)
    report.file.save("page-matrix.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    report.save()
    return {"period_key": f"{year}-01", "scope_code": township.code}


def empowered_item(*, township, department):
    from catalog.tests.factories import ItemFactory
    from townships.models import Empowerment

    item = ItemFactory()
    Empowerment.objects.create(township=township, item=item, valid_from=datetime.date(2020, 1, 1))
    return {"township_code": township.code, "item_code": item.code}


def officer_complaint(*, township, department):
    from assessment.models import OfficerComplaint
    from enforcement.accounts.models import Role
    from enforcement.accounts.tests.factories import UserFactory
    from townships.tests.factories import OfficerFactory

    return {"pk": OfficerComplaint.objects.create(
        officer=OfficerFactory(township=township, home_department=department), received_on=datetime.date(2026, 1, 5),
        summary="投诉", recorded_by=UserFactory(role=Role.STAFF)).pk}


def own_assessment(*, township, department, user):
    from assessment.models import OfficerAssessment
    from townships.tests.factories import OfficerFactory

    officer = OfficerFactory(township=township, home_department=department, user=user)
    return {"pk": OfficerAssessment.objects.create(
        officer=officer, period_kind="month", period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 10, 31), township=township, department=department, township_weight=60,
        status=OfficerAssessment.Status.APPROVED).pk}


def case_file_sample(*, township, department):
    from assessment.models import CaseFileSample
    from enforcement.accounts.models import Role
    from enforcement.accounts.tests.factories import UserFactory

    sample = CaseFileSample.objects.create(
        code=f"PC-{CaseFileSample.objects.count() + 1:04d}", title="评查", closed_from=datetime.date(2026, 1, 1),
        closed_to=datetime.date(2026, 3, 31), township=township, size=0, seed="x", population=0,
        fingerprint="0" * 64, drawn_by=UserFactory(role=Role.STAFF))
    return {"code": sample.code}


def weights_unit(*, township, department):
    return {"unit": "township"}


def rollup_export(*, township, department):
    return {"month": "2026-01", "fmt": "json"}


def calendar_day(*, township, department):
    from enforcement.workcalendar.models import CalendarDay

    date = datetime.date(2031, 10, 1) + datetime.timedelta(days=CalendarDay.objects.count())  # one per role
    day = CalendarDay.objects.create(date=date, kind="holiday", name="国庆节", source="manual")
    return {"date": day.date.isoformat()}
