"""Assessment and supervision pages: each role sees what it may, forms refuse bad input next to the field."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from assessment import services, supervision
from assessment.models import FindingSource, IndexWeight, OfficerAssessment
from assessment.periods import parse_period
from cases.models import Status
from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADER, Role.TOWNSHIP_REVIEWER, Role.LIAISON])
def test_index_page_shows_the_weights(client, users, role):
    response = _get(client, users[role], reverse("assessment:index"), period="2026-10")
    assert response.status_code == 200
    assert "权重" in response.content.decode()


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.AUDITOR, Role.ADMIN, Role.COMMAND])
def test_index_page_is_refused_to_other_roles(client, users, role):
    assert _get(client, users[role], reverse("assessment:index")).status_code == 403


def test_a_bad_period_is_shown_next_to_the_field(client, users):
    response = _get(client, users[Role.STAFF], reverse("assessment:index"), period="2026-13")
    assert response.status_code == 400
    assert "2026-Q4" in response.content.decode()


def test_weights_page_refuses_weights_not_adding_up(client, users):
    client.force_login(users[Role.STAFF])
    response = client.post(reverse("assessment:weights", args=["department"]),
                           {"joint": 10, "random": 10, "single_visit": 10, "complaint_free": 10})
    assert response.status_code == 400
    assert "100%" in response.content.decode()
    assert not IndexWeight.objects.exists()


def test_index_export_is_an_xlsx(client, users):
    response = _get(client, users[Role.STAFF], reverse("assessment:index_export"), period="2026-10")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_compute_then_score_then_approve_through_the_pages(client, users, township, department):
    officer = OfficerFactory(township=township, home_department=department)
    CaseFactory(township=township, officers=[officer], status=Status.CLOSED, decision_type="penalty",
                decided_on=date(2026, 10, 10), deadline=date(2026, 10, 20))
    client.force_login(users[Role.STAFF])
    response = client.post(reverse("assessment:officer_compute"), {"period": "2026-10"})
    assert response.status_code == 302
    assessment = OfficerAssessment.objects.get(officer=officer)
    url = reverse("assessment:officer_detail", args=[assessment.pk])
    response = client.post(url, {"township_score": "80", "department_score": "70", "township_weight": "40"})
    assert response.status_code == 400
    assert "50%" in response.content.decode()
    client.post(url, {"township_score": "80", "department_score": "70", "township_weight": "60"})
    client.force_login(users[Role.LEADER])
    client.post(url, {"action": "approve"})
    assessment.refresh_from_db()
    assert assessment.status == "approved" and assessment.total is not None
    assert officer.name in _get(client, users[Role.LEADER], reverse("assessment:officers"),
                                period="2026-10").content.decode()


def test_township_reviewer_scores_only_the_township_part(client, users, township, department):
    officer = OfficerFactory(township=township, home_department=department)
    assessment = services.assessment_compute(actor=users[Role.STAFF], officer=officer,
                                             period=parse_period("2026-10"))
    page = _get(client, users[Role.TOWNSHIP_REVIEWER], reverse("assessment:officer_detail", args=[assessment.pk]))
    body = page.content.decode()
    assert 'name="township_score"' in body and 'name="department_score"' not in body


def test_complaint_recorded_and_decided_on_the_page(client, users, township):
    officer = OfficerFactory(township=township)
    client.force_login(users[Role.STAFF])
    client.post(reverse("assessment:complaints"), {"officer": officer.employee_number,
                                                  "received_on": "2026-10-01", "summary": "态度粗暴"})
    complaint = officer.complaints.get()
    client.post(reverse("assessment:complaint_decide", args=[complaint.pk]),
                {f"c{complaint.pk}-upheld": "1", f"c{complaint.pk}-decided_on": "2026-10-09"})
    complaint.refresh_from_db()
    assert complaint.upheld is True


def test_supervision_journey_from_sample_to_closed_finding(client, users, township):
    for n in range(5):
        CaseFactory(township=township, status=Status.CLOSED, closed_on=date(2026, 10, 1) + timedelta(days=n))
    client.force_login(users[Role.STAFF])
    response = client.post(reverse("assessment:sample_new"), {
        "title": "十月评查", "closed_from": "2026-10-01", "closed_to": "2026-10-31", "size": 3, "seed": "s1"})
    assert response.status_code == 302
    sample_url = response["Location"]
    body = client.get(sample_url).content.decode()
    assert body.count("<section") == 3
    sampled = supervision.CaseFileSample.objects.get().cases.first()
    response = client.post(sample_url, {"sampled": sampled.pk, f"c{sampled.pk}-legal_basis": 20,
                                        f"c{sampled.pk}-evidence": 20, f"c{sampled.pk}-procedure": 20,
                                        f"c{sampled.pk}-documents": 10, f"c{sampled.pk}-deadlines": 10})
    assert response.status_code == 302
    response = client.post(reverse("assessment:finding_new") + f"?sampled={sampled.pk}", {
        "sampled": sampled.pk, "description": "文书不全", "requirement": "补齐",
        "deadline": (timezone.localdate() + timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    finding = supervision.Finding.objects.get()
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    client.post(reverse("assessment:finding_detail", args=[finding.code]), {"action": "submit", "text": "已补齐"})
    client.force_login(users[Role.STAFF])
    client.post(reverse("assessment:finding_detail", args=[finding.code]), {"action": "accept"})
    finding.refresh_from_db()
    assert finding.state == "closed"


def test_findings_of_another_township_are_not_found(client, users, other_township):
    case = CaseFactory(township=other_township, status=Status.CLOSED, closed_on=date(2026, 10, 3))
    sample = supervision.sample_draw(actor=users[Role.STAFF], title="t", closed_from=date(2026, 10, 1),
                                     closed_to=date(2026, 10, 31), size=1, seed="x")
    finding = supervision.finding_create(actor=users[Role.STAFF], source=FindingSource.CASE_FILE,
                                         sampled_case=sample.cases.get(), description="d", requirement="r",
                                         deadline=timezone.localdate() + timedelta(days=3))
    assert finding.township == case.township
    response = _get(client, users[Role.TOWNSHIP_OFFICER], reverse("assessment:finding_detail", args=[finding.code]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["supervision", "findings", "quality"])
def test_supervision_pages_open_for_township_officers(client, users, name):
    assert _get(client, users[Role.TOWNSHIP_OFFICER], reverse(f"assessment:{name}")).status_code == 200


def test_sample_draw_with_too_large_a_size_is_refused_next_to_the_field(client, users):
    client.force_login(users[Role.STAFF])
    response = client.post(reverse("assessment:sample_new"), {
        "title": "x", "closed_from": "2026-10-01", "closed_to": "2026-10-31", "size": 5})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
