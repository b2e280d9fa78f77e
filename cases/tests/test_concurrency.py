"""Two reviewers approving one case at once (issue 9 item 13, SECURITY §18): one 200, one 409, never a 500."""

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings

import pytest

from cases.models import Review, Status
from enforcement.accounts.models import Role

from .sqlite_race import approve_together


def _under_township_review(register, walk, officer_user):
    ago = date.today() - timedelta(days=30)
    case = register(fine="20000", violation_date=ago, discovered_on=ago, filed_on=ago)
    return walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "20000",
                                                "notice_date": ago.isoformat()}),
                ("record_statement", officer_user, {"outcome": "expired"}), ("submit_review", officer_user, {}))


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_through_the_api_on_postgresql_one_200_one_409(
        users, make_user, township, register, walk, officer_user):
    case = _under_township_review(register, walk, officer_user)
    assert case.status == Status.TOWNSHIP_REVIEW
    reviewers = [users[Role.TOWNSHIP_REVIEWER], make_user(Role.TOWNSHIP_REVIEWER, township=township)]
    results = approve_together(case, reviewers)
    assert sorted(r["status"] for r in results) == [200, 409], results
    loser = json.loads(next(r["body"] for r in results if r["status"] == 409))
    assert "已被其他审核人员处理" in loser["detail"][0]
    assert Review.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_a_late_township_approval_is_a_409_conflict_not_a_permission_error(
        client_for, users, make_user, township, register, walk, officer_user):
    """The loser of the race arrives after the case moved to the district level: 409, not "no permission"."""
    case = _under_township_review(register, walk, officer_user)
    walk(case, ("approve_review", users[Role.TOWNSHIP_REVIEWER], {"opinion": "同意"}))
    late = client_for(make_user(Role.TOWNSHIP_REVIEWER, township=township))
    response = late.post(f"/api/v1/cases/{case.code}/transition/", {"action": "approve_review", "opinion": "同意"},
                         format="json")
    assert response.status_code == 409
    assert "已被其他审核人员处理" in response.json()["detail"][0]


@pytest.mark.django_db
def test_a_late_review_on_the_page_shows_the_conflict_with_409(client, users, make_user, township, register, walk,
                                                              officer_user):
    from django.urls import reverse

    case = _under_township_review(register, walk, officer_user)
    walk(case, ("return_review", users[Role.TOWNSHIP_REVIEWER], {"opinion": "退回补充证据"}))
    client.force_login(make_user(Role.TOWNSHIP_REVIEWER, township=township))
    response = client.post(reverse("cases:action", args=[case.code, "approve_review"]), {
        "approve_review-opinion": "同意", "approve_review-expected_status": Status.TOWNSHIP_REVIEW})
    assert response.status_code == 409
    assert "已被其他审核人员处理" in response.content.decode()


@pytest.mark.integration
def test_two_reviewers_at_once_on_a_sqlite_file_database_one_200_one_409(tmp_path):
    """The embedded default (`make run`): BEGIN IMMEDIATE + busy timeout + WAL (settings.py) turn the
    "database is locked" 500 into one winner and one 409. Runs `cases/tests/sqlite_race.py` on a fresh file,
    migrated with every migration: the suite's only proof that they apply on SQLite, hence its minute (the tables
    from the models, as --no-migrations makes them, took 9 s but would prove nothing about `make run`)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    completed = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "cases.tests.sqlite_race", str(tmp_path / "race.sqlite3")],
        cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads(completed.stdout.strip().splitlines()[-1])
    assert sorted(r["status"] for r in results) == [200, 409], results
    loser = next(r for r in results if r["status"] == 409)
    assert "已被其他审核人员处理" in json.loads(loser["body"])["detail"][0]
