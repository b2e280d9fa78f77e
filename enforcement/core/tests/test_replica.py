"""The read-replica router: figures' reads go to `replica` when it is configured, everything else to the
primary; without DATABASE_REPLICA_URL every read stays on the primary."""

import pytest

from cases.models import Case
from enforcement.core import replica
from enforcement.core.replica import REPLICA, ReplicaRouter, replica_reads


def test_without_a_replica_every_read_stays_on_the_primary():
    router = ReplicaRouter()
    assert not replica.replica_configured()
    with replica_reads():
        assert router.db_for_read(Case) is None


def test_with_a_replica_only_reads_inside_replica_reads_go_there(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    router = ReplicaRouter()
    assert router.db_for_read(Case) is None
    with replica_reads():
        assert router.db_for_read(Case) == REPLICA
        assert router.db_for_write(Case) is None  # writes: always the primary
    assert router.db_for_read(Case) is None


def test_the_decorator_routes_the_call_and_nothing_after_it(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    router = ReplicaRouter()

    @replica_reads()
    def figures():
        return router.db_for_read(Case)

    assert figures() == REPLICA
    assert router.db_for_read(Case) is None


def test_migrations_never_run_on_the_replica():
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "cases") is False
    assert router.allow_migrate("default", "cases") is True


@pytest.mark.django_db
def test_dashboard_reports_and_ranking_read_inside_replica_reads(monkeypatch, users):
    from enforcement.accounts.models import Role
    from enforcement.dashboard.selectors import dashboard_data
    from enforcement.reports.periods import Period
    from enforcement.reports.ranking import township_ranking

    seen = []
    monkeypatch.setattr(ReplicaRouter, "db_for_read",
                        lambda self, model, **hints: seen.append((model._meta.label, replica._reads.get())))
    leader = users[Role.LEADER]
    dashboard_data(actor=leader, period=Period.month(2026, 10))
    township_ranking(actor=leader, period=Period.month(2026, 10))
    # whole months read the month facts, partial months the daily ones: either way inside the replica context
    assert {"reports.CaseFact", "reports.CaseMonthFact"} & {label for label, flag in seen if flag}
    assert all(flag for _label, flag in seen)
    seen.clear()
    list(Case.objects.all()[:1])  # outside: the primary
    assert seen == [("cases.Case", False)]
