"""The case page (issue 13): one column, the next lawful actions first (the step forward first, the actions that end
the handling last and confirmed), documents and evidence before the facts, the timeline below."""

from django.urls import reverse

import pytest

from cases.models import Status
from cases.services import available_actions
from enforcement.accounts.models import Role

pytestmark = pytest.mark.django_db


def _body(client, user, case):
    client.force_login(user)
    return client.get(reverse("cases:detail", args=[case.code])).content.decode()


def test_next_actions_come_before_documents_facts_and_timeline(client, register, users):
    case = register()
    body = _body(client, users[Role.TOWNSHIP_OFFICER], case)
    order = [body.index('id="h-actions"'), body.index('id="h-files"'), body.index('id="h-case"'),
             body.index('id="h-timeline"')]
    assert order == sorted(order)


def test_the_step_forward_is_the_primary_action_and_revoking_comes_last(client, register, users):
    case = register()
    officer = users[Role.TOWNSHIP_OFFICER]
    assert {"notify", "revoke"} <= set(available_actions(case, officer))
    body = _body(client, officer, case)
    notify = body.index(reverse("cases:action", args=[case.code, "notify"]))
    revoke = body.index(reverse("cases:action", args=[case.code, "revoke"]))
    assert notify < revoke
    first_action = body.index('<details class="action')
    assert body[first_action:notify].count("<details") == 1 and "primary-action" in body[first_action:notify]
    assert 'class="danger"' in body[revoke:body.index("</details>", revoke)]


def test_revoking_the_filing_on_the_page_needs_the_confirmation_tick(client, register, users):
    case = register()
    client.force_login(users[Role.TOWNSHIP_OFFICER])
    url = reverse("cases:action", args=[case.code, "revoke"])
    response = client.post(url, {"revoke-reason": "当事人主体认定错误", "revoke-expected_status": case.status})
    assert response.status_code == 400 and "勾选" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.INVESTIGATING
    client.post(url, {"revoke-reason": "当事人主体认定错误", "revoke-confirm": "on",
                      "revoke-expected_status": case.status})
    case.refresh_from_db()
    assert case.status == Status.REVOKED


def test_money_on_the_case_page_has_thousands_separators(client, register, users):
    from decimal import Decimal

    case = register(fine=Decimal("12500"))
    body = _body(client, users[Role.TOWNSHIP_OFFICER], case)
    assert "1.25 万元" in body


def test_case_list_overdue_on_a_past_day_counts_cases_decided_only_later(client, users, township):
    from datetime import date

    from cases.tests.factories import CaseFactory

    late = CaseFactory(township=township, filed_on=date(2026, 6, 1), deadline=date(2026, 8, 30),
                       status=Status.DECIDED, decided_on=date(2026, 10, 10))
    in_time = CaseFactory(township=township, filed_on=date(2026, 6, 1), deadline=date(2026, 8, 30),
                          status=Status.DECIDED, decided_on=date(2026, 8, 20))
    client.force_login(users[Role.STAFF])
    body = client.get(reverse("cases:list"), {"overdue_on": "2026-09-30"}).content.decode()
    assert late.code in body and in_time.code not in body
