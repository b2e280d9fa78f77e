"""A seeded world for the statistics and report tests: two townships and the bureau, cases spread over
October 2026 (the reported month), September 2026 (month on month) and October 2025 (year on year),
with random procedures, sources, statuses, decisions and payments from a fixed seed. Tests recompute the
expected figures from `world["cases"]` in plain Python, independently of the statistics service."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases.models import (
    UNDECIDED_STATES,
    Case,
    CaseEvent,
    DecisionType,
    Procedure,
    Review,
    ReviewOutcome,
    Source,
    Status,
)
from catalog.tests.factories import DomainFactory, ItemFactory
from enforcement.accounts.models import Role
from townships.models import Empowerment
from townships.tests.factories import OfficerFactory

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 23)
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))

UNDECIDED = [Status.INVESTIGATING, Status.NOTIFIED, Status.TOWNSHIP_REVIEW, Status.RETURNED]


def aware(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=TZ)


@pytest.fixture
def flushable_audit_log(transactional_db):
    """The audit table refuses TRUNCATE (append-only trigger), which the flush after a transactional test
    runs on PostgreSQL: replica mode skips triggers on this connection only, just before the flush."""
    from django.db import connection

    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db, township, other_township, users):
    rng = random.Random(20261031)
    domains = [DomainFactory(code="city", name="市容环境"), DomainFactory(code="market", name="市场监管")]
    items = [ItemFactory(code=f"33029900{i:04d}", name=f"测试事项{i}", domain=domains[i % 2]) for i in range(5)]
    for town in (township, other_township):
        for item in items[:4]:  # items[4] is never empowered; items[3] gets no case below: zero-case
            Empowerment.objects.create(township=town, item=item, valid_from=date(2020, 1, 1))
    OfficerFactory.create_batch(3, township=township)
    OfficerFactory.create_batch(2, township=other_township, safety=True)
    OfficerFactory(unposted=True, auxiliary=True)
    OfficerFactory(township=township, is_active=False)

    months = [(date(2026, 10, 1), 31, 40), (date(2026, 9, 1), 30, 12), (date(2025, 10, 1), 31, 9),
              (date(2026, 7, 1), 31, 4)]
    cases, seq = [], 0
    for first, days, count in months:
        for _ in range(count):
            seq += 1
            town = rng.choice([township, other_township, None])
            item = rng.choice(items[:3])
            procedure = rng.choice([Procedure.SIMPLE, Procedure.ORDINARY])
            day = first + timedelta(days=rng.randrange(days))
            fields = dict(
                code=f"330299-T-{seq:05d}", procedure=procedure, source=rng.choice(Source.values), item=item,
                township=town, party_type="citizen", party_name=f"当事人{seq}", location="人民路1号", facts="事实",
                violation_date=day - timedelta(days=2), discovered_on=day - timedelta(days=1),
                created_at=aware(day), is_major=rng.random() < 0.1,
            )
            if procedure == Procedure.SIMPLE:
                # on-the-spot: decided the day it was found, sometimes without a separate filing date
                kinds = rng.choice([["warning"], ["fine"], ["warning", "fine"]])
                fine = Decimal(rng.choice([50, 100, 200])) if "fine" in kinds else None
                fields.update(status=Status.CLOSED, filed_on=day if rng.random() < 0.5 else None, decided_on=day,
                              decision_type=DecisionType.PENALTY, penalty_kinds=kinds, fine_amount=fine)
                if fine and rng.random() < 0.7:
                    fields.update(paid_on=day + timedelta(days=rng.randrange(3)), paid_amount=fine)
            else:
                status = rng.choice(UNDECIDED + [Status.DECIDED, Status.CLOSED, Status.NOT_FILED])
                fields.update(status=status, filed_on=None if status == Status.NOT_FILED else day,
                              deadline=day + timedelta(days=rng.choice([20, 90])))
                if status in (Status.DECIDED, Status.CLOSED):
                    decided = day + timedelta(days=rng.randrange(1, 40))
                    if rng.random() < 0.25:
                        fields.update(decided_on=decided, decision_type=DecisionType.NO_PENALTY)
                    else:
                        fine = Decimal(rng.randrange(500, 20000)).quantize(Decimal("1.00"))
                        fields.update(decided_on=decided, decision_type=DecisionType.PENALTY,
                                      penalty_kinds=["fine"], fine_amount=fine)
                        if rng.random() < 0.5:
                            fields.update(paid_on=decided + timedelta(days=5), paid_amount=fine)
            cases.append(Case.objects.create(**fields))
    # legality reviews in October: the case entered review two days before each review
    reviewer = users[Role.DISTRICT_REVIEWER]
    reviewed = [c for c in cases if c.procedure == Procedure.ORDINARY and c.filed_on
                and OCTOBER[0] <= c.filed_on <= date(2026, 10, 25)][:6]
    reviews = []
    for index, case in enumerate(reviewed):
        entered = aware(case.filed_on + timedelta(days=1))
        CaseEvent.objects.create(case=case, action="submit_review", from_status=Status.NOTIFIED,
                                 to_status=Status.DISTRICT_REVIEW, created_at=entered)
        outcome = ReviewOutcome.RETURNED if index % 3 == 0 else ReviewOutcome.APPROVED
        reviews.append(Review.objects.create(case=case, level="district", reviewer=reviewer, opinion="意见",
                                             outcome=outcome, created_at=entered + timedelta(days=2)))
    return {"cases": cases, "items": items, "domains": domains, "township": township,
            "other_township": other_township, "reviews": reviews, "users": users}


# -------------------------------------------------------------------- independent expectations


def case_date(case):
    return case.filed_on or case.decided_on


def counted(cases, start, end, township="any"):
    return [c for c in cases if c.status not in (Status.NOT_FILED, Status.REVOKED) and case_date(c)
            and start <= case_date(c) <= end and (township == "any" or c.township == township)]


def expected(world, township="any", start=OCTOBER[0], end=OCTOBER[1]):
    cases = world["cases"]
    scope = [c for c in cases if township == "any" or c.township == township]
    in_period = counted(cases, start, end, township)
    decided = [c for c in scope if c.decided_on and start <= c.decided_on <= end]
    penalties = [c for c in decided if c.decision_type == DecisionType.PENALTY]
    paid = [c for c in scope if c.paid_on and start <= c.paid_on <= end]
    as_of = min(end, TODAY)
    overdue = [c for c in scope if c.filed_on and c.filed_on <= as_of and c.deadline and c.deadline < as_of
               and (c.status in UNDECIDED_STATES or (c.decided_on is not None and c.decided_on > as_of))]
    ordinary_decided = [c for c in decided if c.procedure == Procedure.ORDINARY and c.filed_on]
    return {
        "total": len(in_period),
        "simple": sum(c.procedure == Procedure.SIMPLE for c in in_period),
        "ordinary": sum(c.procedure == Procedure.ORDINARY for c in in_period),
        "items_with_cases": len({c.item_id for c in in_period}),
        "domains_with_cases": len({c.item.domain_id for c in in_period}),
        "penalties": len(penalties),
        "no_penalty": sum(c.decision_type == DecisionType.NO_PENALTY for c in decided),
        "warning_only": sum(c.penalty_kinds == ["warning"] for c in penalties),
        "fines_decided": sum((c.fine_amount or 0 for c in penalties), Decimal("0")),
        "fines_collected": sum((c.paid_amount or 0 for c in paid), Decimal("0")),
        "overdue": len(overdue),
        "avg_days": (round(sum((c.decided_on - c.filed_on).days for c in ordinary_decided) / len(ordinary_decided), 1)
                     if ordinary_decided else None),
    }
