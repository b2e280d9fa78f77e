import io

from django.core.management import CommandError, call_command

import pytest

from catalog.models import Domain
from enforcement.core import benchmarks
from enforcement.core.benchmarks import Measure


@pytest.fixture
def fake_benchmarks(monkeypatch):
    registry = {}
    monkeypatch.setattr(benchmarks, "REGISTRY", registry)
    monkeypatch.setattr("enforcement.core.management.commands.benchmark.discover", lambda: registry)

    @benchmarks.benchmark("writes", "creates a domain, passes")
    def writes(ctx):
        Domain.objects.create(code="bench_tmp", name="临时领域")
        return [Measure("domains", str(Domain.objects.count()), "≥ 1", True), Measure("info", "42")]

    @benchmarks.benchmark("slow", "misses its target")
    def slow(ctx):
        return [Measure("latency", "99 ms", "≤ 30 ms", False)]

    return registry


@pytest.mark.django_db
def test_benchmark_prints_measures_and_rolls_back(fake_benchmarks):
    out = io.StringIO()
    call_command("benchmark", "--only", "writes", stdout=out)
    text = out.getvalue()
    assert "domains" in text and "target ≥ 1" in text and "PASS" in text and "rolled back" in text
    assert not Domain.objects.filter(code="bench_tmp").exists()


@pytest.mark.django_db
def test_benchmark_fails_when_a_target_is_missed(fake_benchmarks):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("benchmark", "--only", "slow", stdout=out)
    assert "FAIL" in out.getvalue()


@pytest.mark.django_db
def test_unknown_benchmark_is_refused(fake_benchmarks):
    with pytest.raises(CommandError):
        call_command("benchmark", "--only", "nope")


def test_real_benchmarks_register_themselves():
    assert "catalog" in benchmarks.discover()


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert benchmarks.Context.percentile(values, 50) == 50
    assert benchmarks.Context.percentile(values, 95) == 95


@pytest.mark.django_db
@pytest.mark.real_otp  # the benchmarks run outside pytest: no fixture verifies their sessions
def test_the_benchmarks_client_reaches_the_api_and_pages_as_a_staff_user_past_the_second_factor():
    import sys

    context = benchmarks.Context(sys.stdout)
    client = context.client(context.staff_user())
    assert client.get("/api/v1/catalog/items/").status_code == 200  # staff need TOTP: a bare session gets 401
    assert client.get("/api/v1/me/").json()["username"] == "benchmark_staff"
