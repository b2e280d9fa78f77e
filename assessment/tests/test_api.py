"""Assessment and supervision API: the documented bodies, scoping, and Chinese refusals."""

from datetime import date, timedelta

from django.utils import timezone

import pytest

from assessment import services, supervision
from assessment.models import FindingSource
from assessment.periods import parse_period
from cases.models import Status
from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role
from townships.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def test_index_api_lists_rates_and_weights(client_for, users):
    response = client_for(users[Role.LEADER]).get("/api/v1/assessment/index/", {"period": "2026-10",
                                                                                "unit": "department"})
    assert response.status_code == 200
    assert set(response.json()["weights"]) == {"joint", "random", "single_visit", "complaint_free"}


def test_index_api_refuses_a_bad_period(client_for, users):
    response = client_for(users[Role.LEADER]).get("/api/v1/assessment/index/", {"period": "10-2026"})
    assert response.status_code == 400 and "2026-Q4" in str(response.json())


def test_score_api_refuses_forty_percent_and_accepts_sixty(client_for, users, township, department):
    officer = OfficerFactory(township=township, home_department=department)
    assessment = services.assessment_compute(actor=users[Role.STAFF], officer=officer,
                                             period=parse_period("2026-10"))
    api = client_for(users[Role.STAFF])
    url = f"/api/v1/officer-assessments/{assessment.pk}/score/"
    refused = api.post(url, {"township_weight": "40"}, format="json")
    assert refused.status_code == 400 and "50%" in str(refused.json()["township_weight"])
    accepted = api.post(url, {"township_weight": "60", "township_score": "90", "department_score": "70"},
                        format="json")
    assert accepted.status_code == 200
    # no records in the period: total = 0.6·90 + 0.4·70 = 82.00
    assert accepted.json()["total"] == "82.00"


def test_score_api_refuses_unknown_fields(client_for, users, township, department):
    officer = OfficerFactory(township=township, home_department=department)
    assessment = services.assessment_compute(actor=users[Role.STAFF], officer=officer,
                                             period=parse_period("2026-10"))
    response = client_for(users[Role.STAFF]).post(f"/api/v1/officer-assessments/{assessment.pk}/score/",
                                                  {"total": "100"}, format="json")
    assert response.status_code == 400 and "total" in response.json()


def test_compute_api_for_a_township(client_for, users, township, other_township):
    OfficerFactory(township=township)
    OfficerFactory(township=other_township)
    response = client_for(users[Role.STAFF]).post("/api/v1/officer-assessments/compute/",
                                                  {"period": "2026-10", "township": township.code}, format="json")
    assert response.status_code == 200 and len(response.json()) == 1


def test_finding_transition_api(client_for, users, township):
    CaseFactory(township=township, status=Status.CLOSED, closed_on=date(2026, 10, 2))
    sample = supervision.sample_draw(actor=users[Role.STAFF], title="t", closed_from=date(2026, 10, 1),
                                     closed_to=date(2026, 10, 31), size=1, seed="a")
    finding = supervision.finding_create(actor=users[Role.STAFF], source=FindingSource.CASE_FILE,
                                         sampled_case=sample.cases.get(), description="d", requirement="r",
                                         deadline=timezone.localdate() + timedelta(days=3))
    api = client_for(users[Role.TOWNSHIP_OFFICER])
    listed = api.get("/api/v1/supervision-findings/", {"state": "open"}).json()
    assert [row["code"] for row in listed["results"]] == [finding.code]
    assert listed["results"][0]["actions"] == ["submit"]
    empty = api.post(f"/api/v1/supervision-findings/{finding.code}/transition/", {"action": "submit"}, format="json")
    assert empty.status_code == 400
    done = api.post(f"/api/v1/supervision-findings/{finding.code}/transition/",
                    {"action": "submit", "text": "已整改"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    refused = api.post(f"/api/v1/supervision-findings/{finding.code}/transition/", {"action": "accept"},
                       format="json")
    assert refused.status_code in (400, 403)


def test_county_forms_api_serves_the_signed_envelope(client_for, users):
    response = client_for(users[Role.LEADER]).get("/api/v1/rollup/county-forms/2026-10/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["format"] == "county-enforcement-forms" and body["signature"]["algorithm"] == "Ed25519"
