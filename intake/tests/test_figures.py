"""The command centre's figures: the daily rollup is rebuilt from the clues and read by township and month."""

from datetime import timedelta

from django.utils import timezone

import pytest

from enforcement.reports.periods import Period
from intake.figures import intake_figures
from intake.models import DailyRollup, EarlyWarning, Reply, State
from intake.services.rollup import rollup_refresh
from townships.tests.factories import TownshipFactory

from .factories import ClueFactory, DispatchFactory

pytestmark = pytest.mark.django_db


def _arrived(township, minutes, *, late=False, **kwargs):
    clue = ClueFactory(township=township, state=State.CLOSED, **kwargs)
    dispatched = clue.received_at + timedelta(minutes=10)
    deadline = dispatched + timedelta(minutes=minutes - 1 if late else minutes + 1)
    dispatch = DispatchFactory(clue=clue, dispatched_at=dispatched, response_deadline=deadline)
    type(clue).objects.filter(pk=clue.pk).update(current_dispatch=dispatch, dispatched_at=dispatched,
                                                response_deadline=deadline,
                                                arrived_at=dispatched + timedelta(minutes=minutes))
    return clue


def test_response_times_on_time_rate_and_merges_by_township(township):
    today = timezone.localdate()
    for minutes in (10, 20, 30, 40, 100):
        _arrived(township, minutes, late=minutes == 100)
    ClueFactory(township=township, state=State.MERGED)
    rollup_refresh(start=today - timedelta(days=2), end=today)
    figures = intake_figures(actor=None, start=today - timedelta(days=2), end=today)
    total = figures["total"]
    assert total["received"] == 6 and total["merged"] == 1
    assert total["response_median_minutes"] == 30
    assert total["response_p90_minutes"] == 100
    assert total["on_time_rate"] == 80.0
    assert figures["townships"][0]["code"] == township.code


def test_warning_rectification_and_reply_on_time_rates(township, users):
    from enforcement.accounts.models import Role

    today = timezone.localdate()
    issuer = users[Role.TOWNSHIP_OFFICER]
    for n, outcome in enumerate(["rectified", "rectified", "rectified", "unrectified", "pending"]):
        clue = ClueFactory(township=township, state=State.CLOSED)
        EarlyWarning.objects.create(clue=clue, township=township, notice_number=f"YJ{n}", requirement="清理",
                                    issued_by=issuer, rectification_deadline=today, outcome=outcome)
    for late in [False, False, True]:
        clue = ClueFactory(township=township, state=State.CLOSED)
        replied = timezone.now() + (timedelta(days=3) if late else timedelta())
        Reply.objects.create(clue=clue, township=township, due_on=today + timedelta(days=1), replied_at=replied,
                             method="phone", text="已处理完毕,谢谢反映", satisfaction="satisfied")
    rollup_refresh(start=today - timedelta(days=1), end=today)
    total = intake_figures(actor=None, start=today - timedelta(days=1), end=today)["total"]
    assert total["warning_rectification_rate"] == 75.0
    assert total["reply_on_time_rate"] == round(100 * 2 / 3, 1)


def test_the_rollup_is_idempotent_and_a_township_sees_only_its_rows(township, users):
    from enforcement.accounts.models import Role

    today = timezone.localdate()
    ClueFactory(township=township)
    ClueFactory(township=TownshipFactory(code="west"))
    rollup_refresh(start=today - timedelta(days=1), end=today)
    rollup_refresh(start=today - timedelta(days=1), end=today)
    assert DailyRollup.objects.count() == 2
    mine = intake_figures(actor=users[Role.TOWNSHIP_COMMAND], start=today - timedelta(days=1), end=today)
    assert mine["total"]["received"] == 1


def test_the_dashboard_shows_the_clue_figures(client, users, township):
    from enforcement.accounts.models import Role

    today = timezone.localdate()
    _arrived(township, 25)
    rollup_refresh(start=today - timedelta(days=1), end=today)
    client.force_login(users[Role.LEADER])
    response = client.get("/dashboard/", {"period": str(today.year)})
    assert response.status_code == 200
    assert "线索与指挥调度" in response.content.decode()


def test_the_monthly_report_figures_hold_the_clue_section(township):
    from enforcement.reports.monthly import report_figures

    today = timezone.localdate()
    _arrived(township, 25)
    rollup_refresh(start=today - timedelta(days=1), end=today)
    figures = report_figures(period=Period.containing_month(today))
    assert figures["intake"]["total"]["received"] == 1
    assert figures["intake"]["total"]["response_median_minutes"] == 25
