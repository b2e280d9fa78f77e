"""Acceptance of issue 13: every page each role reaches from its desk, in real Chromium at 390 and 1366 px.

For each role the crawler (tests/browser/crawl.py) starts on the role's home page and follows its links (one page
per view in the browser, two more links per view by status only) and checks each page: no serious or critical
axe-core violation at either width, nothing wider than a 390-px phone, no English a user would read, and no link the
role cannot open. The world is small and fixed: a few cases of each kind, clues, a plan with a task, so that list
pages are sampled once per role and detail pages once per type.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from cases.models import CaseEvent, DecisionType, Status
from cases.tests.factories import CaseFactory
from catalog.tests.factories import ItemFactory
from enforcement.accounts.models import Role
from intake.models import State
from intake.tests.factories import ClueFactory, dispatched_clue
from planning.models import WeekTask
from planning.tests.factories import (
    ChecklistFactory,
    CheckPointFactory,
    IndustryFactory,
    MonthArrangementFactory,
    SubjectFactory,
)
from townships.models import Empowerment
from townships.tests.factories import OfficerFactory

from .crawl import Crawler

ROLES = [Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER, Role.STAFF, Role.LEADER,
         Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.ADMIN, Role.SECURITY_ADMIN, Role.LIAISON, Role.AUDITOR]
PAGES_PER_ROLE = 45  # a bound on the time: the views a role reaches, each once (about 40 s a role)

# Findings on pages of work still landing in other issues when this test was written (issue 13's notes list them
# with their owners). Only these exact (path prefix, kind of finding) pairs are tolerated, never a link a role cannot
# open, never a page of the desks, cases, filing or dashboard. Remove an entry when its page is fixed.
OPEN_ELSEWHERE = {
    ("/map/boundaries/", "English text"),      # file-format names GIS staff need: GeoJSON, FeatureCollection, QGIS
    ("/calendar/", "English text"),            # holiday calendar (issue 9): package name, the import's kind values
}


def _tolerated(url, problem):
    from urllib.parse import urlsplit

    path = urlsplit(url).path
    return any(path.startswith(prefix) and problem.startswith(kind) for prefix, kind in OPEN_ELSEWHERE)


@pytest.fixture
def county(users, township, other_township, department):
    today = timezone.localdate()
    officer = OfficerFactory(user=users[Role.TOWNSHIP_OFFICER], township=township, name="张伟")
    partner = OfficerFactory(township=township, name="李娜")
    items = [ItemFactory(code="330299000201", name="对在人行道违规堆放物料的处罚"),
             ItemFactory(code="330299000202", name="对占道经营的处罚", no_penalty=True,
                         no_penalty_conditions="首次违法且危害后果轻微并及时改正")]
    for item in items:
        for town in (township, other_township):
            Empowerment.objects.create(township=town, item=item, valid_from=date(2020, 1, 1))

    def case(**kwargs):
        return CaseFactory(township=township, item=items[0], officers=[officer, partner], **kwargs)

    case()
    case(deadline=today - timedelta(days=5), filed_on=today - timedelta(days=95))
    review = case(status=Status.TOWNSHIP_REVIEW, is_major=True)
    CaseEvent.objects.create(case=review, action="submit_review", from_status=Status.INVESTIGATING,
                             to_status=Status.TOWNSHIP_REVIEW)
    case(status=Status.DISTRICT_REVIEW, is_major=True)
    case(status=Status.DECIDED, decision_type=DecisionType.PENALTY, fine_amount=Decimal("12500"),
         decided_on=today - timedelta(days=2), penalty_kinds=["fine"])
    CaseFactory(township=other_township, item=items[1])
    dispatched_clue(township)
    ClueFactory(township=township, state=State.TRIAGED)

    industry = IndustryFactory(code="catering", name="餐饮", departments=[department])
    subject = SubjectFactory(name="东城味道餐饮有限公司", industry=industry, township=township)
    checklist = ChecklistFactory(code="catering-food", name="餐饮食品安全", industry=industry)
    CheckPointFactory(checklist=checklist, code="food-01", text="生熟食品分开存放")
    month = MonthArrangementFactory(plan__department=department, plan__state="issued", plan__year=today.year,
                                    plan__code="JH-crawl", month=today.month)
    task = WeekTask.objects.create(arrangement=month, department=department, township=township, date=today,
                                   checklist=checklist)
    task.subjects.set([subject])
    task.officers.set([officer, partner])
    return users


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES, ids=[str(role.value) for role in ROLES])
def test_every_page_a_role_reaches_passes_the_desk_checks(live_server, browser, county, role, monkeypatch):
    monkeypatch.setattr("tests.browser.crawl.MAX_PAGES", PAGES_PER_ROLE)
    crawler = Crawler(browser, live_server.url, county[role], role_label=str(role.value))
    try:
        result = crawler.crawl("/")
    finally:
        crawler.close()
    assert len(result.pages) >= 3, result.pages  # the desk and the pages it links
    found = [(url, problem) for url, problem in result.problems if not _tolerated(url, problem)]
    problems = "\n".join(f"{url}: {problem}" for url, problem in found)
    assert not found, f"{role.value}: {len(found)} problems, {len(result.pages)} pages\n{problems}"
