"""docker-compose.yml: the five services, one shared environment for web, worker and beat."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_postgres_redis_web_worker_and_beat():
    assert set(compose()["services"]) == {"postgres", "redis", "web", "worker", "beat"}


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
