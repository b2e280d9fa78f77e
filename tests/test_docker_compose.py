"""docker-compose.yml: the five services, one shared environment for web, worker and beat."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_postgres_redis_web_worker_and_beat():
    default = {name for name, service in compose()["services"].items() if not service.get("profiles")}
    assert default == {"postgres", "redis", "web", "worker", "beat"}


def test_the_scale_profile_adds_a_replica_pgbouncer_and_a_worker_per_queue():
    scale = {name for name, service in compose()["services"].items() if "scale" in service.get("profiles", [])}
    assert {"postgres-replica", "pgbouncer", "worker-documents", "worker-reports", "worker-imports"} <= scale


def test_web_worker_and_beat_share_one_environment():
    services = compose()["services"]
    environments = [services[name]["environment"] for name in ("web", "worker", "beat")]
    assert environments[0] == environments[1] == environments[2]
    assert {"DATABASE_URL", "REDIS_URL"} <= set(environments[0])


def test_web_runs_gunicorn_and_the_others_run_celery():
    services = compose()["services"]
    assert "gunicorn enforcement.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "enforcement", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "enforcement", "beat"]


def test_dockerfile_installs_the_makefile_system_packages_except_chromium():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    block = makefile.split("SYSTEM_PACKAGES :=", 1)[1].split("\n\n", 1)[0].split("SUDO", 1)[0]
    packages = set(block.replace("\\", " ").split()) - {"chromium"}
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert packages and all(package in dockerfile for package in packages), packages
