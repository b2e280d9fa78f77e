"""Celery wiring that needs no worker: in-process tasks in tests, beat schedule names real tasks."""

from django.conf import settings

from enforcement.celery import app as celery_app
from enforcement.core.tasks import ping


def test_ping_runs_in_process_when_eager():
    assert ping.delay({"n": 1}).get(timeout=5) == {"pong": {"n": 1}}


def test_every_beat_schedule_entry_names_a_registered_task():
    celery_app.loader.import_default_modules()
    names = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    missing = [name for name in names if name not in celery_app.tasks]
    assert not missing, f"CELERY_BEAT_SCHEDULE names tasks that do not exist: {missing}"


def test_beat_uses_the_database_scheduler_so_staff_can_edit_schedules_in_admin():
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    assert "django_celery_beat" in settings.INSTALLED_APPS
