"""Officer qualifications: annual certificate review (年审), exams, training hours, legal professionals."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from enforcement.audit.models import AuditEvent
from townships import qualifications as services
from townships.models import CertificateReview, Officer, QualificationExam, TrainingRecord
from townships.qualification_selectors import county_summary, qualification_list
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()
YEAR = TODAY.year


def _review(users, officer, result, note="", year=YEAR, reviewed_on=None):
    return services.certificate_review_record(actor=users[Role.STAFF], officer=officer, year=year,
                                              reviewed_on=reviewed_on or TODAY, result=result, note=note)


def test_failed_annual_review_suspends_the_certificate(users, township):
    officer = OfficerFactory(township=township)
    _review(users, officer, "failed", note="年度考试不合格")
    officer.refresh_from_db()
    assert officer.certificate_suspended_on == TODAY
    assert officer.certificate_status() == "suspended"
    assert not officer.has_valid_certificate()
    assert not Officer.objects.with_valid_certificate().filter(pk=officer.pk).exists()


def test_passing_re_review_lifts_the_suspension(users, township):
    officer = OfficerFactory(township=township)
    _review(users, officer, "failed", note="未参加培训")
    _review(users, officer, "passed")
    officer.refresh_from_db()
    assert officer.certificate_suspended_on is None and officer.has_valid_certificate()
    assert CertificateReview.objects.get(officer=officer, year=YEAR).result == "passed"


def test_an_older_years_review_does_not_override_the_latest(users, township):
    officer = OfficerFactory(township=township)
    _review(users, officer, "failed", note="不合格")
    _review(users, officer, "passed", year=YEAR - 1, reviewed_on=date(YEAR - 1, 12, 1))
    officer.refresh_from_db()
    assert officer.certificate_status() == "suspended"


def test_a_failed_review_needs_the_reason(users, township):
    with pytest.raises(ValidationError) as exc:
        _review(users, OfficerFactory(township=township), "failed")
    assert "note" in exc.value.message_dict
    assert not CertificateReview.objects.exists()


def test_a_review_cannot_be_dated_in_the_future(users, township):
    with pytest.raises(ValidationError) as exc:
        _review(users, OfficerFactory(township=township), "passed", reviewed_on=TODAY + timedelta(days=1))
    assert "reviewed_on" in exc.value.message_dict


def test_auxiliary_staff_have_no_certificate_to_review(users, township):
    with pytest.raises(ValidationError) as exc:
        _review(users, OfficerFactory(township=township, auxiliary=True), "passed")
    assert "officer" in exc.value.message_dict


def test_only_bureau_staff_record_qualifications(users, township):
    with pytest.raises(PermissionDenied):
        services.training_record(actor=users[Role.TOWNSHIP_OFFICER], officer=OfficerFactory(township=township),
                                 attended_on=TODAY, course="行政处罚法", hours=Decimal("4"))


def test_the_review_is_audited(users, township):
    _review(users, OfficerFactory(township=township), "failed", note="考试不合格")
    event = AuditEvent.objects.get(event_type="org.certificate_review_recorded")
    assert event.detail["result"] == "failed" and event.detail["suspended"] is True


def test_a_suspended_officer_cannot_be_chosen_to_handle_a_case_art42_art55(users, township):
    """行政处罚法 art. 42, 55: handling officers hold valid certificates; a failed 年审 suspends one."""
    from cases.services import case_register
    from cases.tests.articles import names_article
    from cases.tests.factories import CITIZEN_ID
    from catalog.tests.factories import ItemFactory
    from townships.models import Empowerment

    item = ItemFactory()
    Empowerment.objects.create(township=township, item=item, valid_from=date(2020, 1, 1))
    officers = [OfficerFactory(township=township, user=users[Role.TOWNSHIP_OFFICER], name="张三"),
                OfficerFactory(township=township, name="李四")]
    _review(users, officers[1], "failed", note="考试不合格")
    with pytest.raises(ValidationError) as exc:
        case_register(actor=users[Role.TOWNSHIP_OFFICER], item=item, procedure="ordinary", party_type="citizen",
                      party_name="王五", location="人民路18号", facts="占道经营", party_id_number=CITIZEN_ID,
                      violation_date=TODAY - timedelta(days=2), officers=officers, penalty_kinds=["fine"],
                      fine=Decimal("500"), file_now=True)
    assert "李四" in str(exc.value) and names_article(str(exc.value), 42)


def test_the_same_exam_twice_on_one_day_is_refused_with_a_message(users, township):
    officer = OfficerFactory(township=township)
    services.exam_record(actor=users[Role.STAFF], officer=officer, kind="annual", title="年度考试",
                         taken_on=TODAY, score=Decimal("85"))
    with pytest.raises(ValidationError) as exc:
        services.exam_record(actor=users[Role.STAFF], officer=officer, kind="annual", title="年度考试",
                             taken_on=TODAY, score=Decimal("90"))
    assert "taken_on" in exc.value.message_dict
    assert QualificationExam.objects.count() == 1


def test_training_hours_are_summed_per_year_against_the_target(users, township, settings):
    settings.TRAINING_HOURS_TARGET = "10"
    met, short = OfficerFactory(township=township), OfficerFactory(township=township)
    for officer, hours in ((met, "6"), (met, "4"), (short, "8")):
        services.training_record(actor=users[Role.STAFF], officer=officer, attended_on=TODAY,
                                 course=f"培训{hours}", hours=Decimal(hours))
    TrainingRecord.objects.create(officer=short, attended_on=date(YEAR - 1, 6, 1), course="去年", hours=5)
    rows = {o.pk: o for o in qualification_list(actor=users[Role.STAFF], year=YEAR)}
    assert (rows[met.pk].training_hours, rows[short.pk].training_hours) == (Decimal("10"), Decimal("8"))
    below = list(qualification_list(actor=users[Role.STAFF], year=YEAR, below_target=True))
    assert below == [rows[short.pk]]
    summary = county_summary(actor=users[Role.STAFF], year=YEAR)
    assert (summary.training_met, summary.certified) == (1, 2)


def test_legal_professional_share_counts_law_enforcement_officers(users, township):
    OfficerFactory(township=township, has_legal_qualification=True)
    OfficerFactory.create_batch(3, township=township)
    OfficerFactory(township=township, auxiliary=True)
    summary = county_summary(actor=users[Role.STAFF], year=YEAR)
    assert (summary.legal_professionals, summary.law_enforcement) == (1, 4)
    assert summary.legal_professional_pct == Decimal("25.0")


def test_the_staffing_page_shows_reviews_training_and_legal_share(client, users, township):
    failed = OfficerFactory(township=township, name="赵六")
    _review(users, failed, "failed", note="考试不合格")
    OfficerFactory(township=township, has_legal_qualification=True)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    html = client.get(reverse("townships:township_detail", args=[township.code])).content.decode()
    assert 'data-figure="legal"' in html and "50.0%" in html
    failed_figure = html.split('data-figure="failed"><div class="value">')[1].split("<")[0]
    assert failed_figure == "1"


def test_the_staffing_page_keeps_a_constant_number_of_queries(client, users, township,
                                                              django_assert_max_num_queries):
    client.force_login(users[Role.STAFF])
    url = reverse("townships:township_detail", args=[township.code])
    OfficerFactory.create_batch(2, township=township)
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    for officer in OfficerFactory.create_batch(10, township=township):
        services.training_record(actor=users[Role.STAFF], officer=officer, attended_on=TODAY, course="法律",
                                 hours=Decimal("2"))
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_officer_page_records_training_and_shows_field_errors(client, users, township):
    officer = OfficerFactory(township=township)
    client.force_login(users[Role.STAFF])
    url = reverse("townships:officer_qualifications", args=[officer.employee_number])
    response = client.post(url, {"kind": "training", "training-attended_on": TODAY.isoformat(),
                                 "training-course": "综合执法业务", "training-hours": "0"})
    assert response.status_code == 400
    assert TrainingRecord.objects.count() == 0
    response = client.post(url, {"kind": "training", "training-attended_on": TODAY.isoformat(),
                                 "training-course": "综合执法业务", "training-hours": "3.5"})
    assert response.status_code == 302
    assert TrainingRecord.objects.get().hours == Decimal("3.5")


def test_a_township_officer_reads_but_cannot_record(client, users, township):
    officer = OfficerFactory(township=township)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    url = reverse("townships:officer_qualifications", args=[officer.employee_number])
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "training"}).status_code == 403


def test_another_townships_officer_is_a_404(client, users, other_township):
    officer = OfficerFactory(township=other_township)
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    assert client.get(reverse("townships:officer_qualifications", args=[officer.employee_number])).status_code == 404


def test_qualification_list_refuses_a_bad_year_with_a_message(client, users):
    client.force_login(users[Role.STAFF])
    response = client.get(reverse("townships:qualification_list"), {"year": "1999"})
    assert response.status_code == 400
    assert "2000" in response.content.decode()


def test_api_records_a_review_and_lists_it_scoped(client_for, users, township, other_township):
    officer = OfficerFactory(township=township)
    OfficerFactory(township=other_township)
    response = client_for(users[Role.STAFF]).post("/api/v1/certificate-reviews/", {
        "officer": officer.employee_number, "year": YEAR, "reviewed_on": TODAY.isoformat(), "result": "failed",
        "note": "考试不合格"}, format="json")
    assert response.status_code == 201, response.content
    officer.refresh_from_db()
    assert officer.certificate_status() == "suspended"
    listed = client_for(users[Role.TOWNSHIP_OFFICER]).get("/api/v1/certificate-reviews/").json()
    assert [row["officer"] for row in listed["results"]] == [officer.employee_number]


def test_api_refuses_a_liaison_recording_training(client_for, users, township):
    officer = OfficerFactory(township=township)
    response = client_for(users[Role.LIAISON]).post("/api/v1/trainings/", {
        "officer": officer.employee_number, "attended_on": TODAY.isoformat(), "course": "x", "hours": "2"},
        format="json")
    assert response.status_code == 403
    assert not TrainingRecord.objects.exists()


def test_api_refuses_zero_hours_with_a_field_error(client_for, users, township):
    officer = OfficerFactory(township=township)
    response = client_for(users[Role.STAFF]).post("/api/v1/trainings/", {
        "officer": officer.employee_number, "attended_on": TODAY.isoformat(), "course": "x", "hours": "0"},
        format="json")
    assert response.status_code == 400 and "hours" in response.json()
