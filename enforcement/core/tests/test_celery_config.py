"""Celery wiring that needs no worker: in-process tasks in tests, beat schedule names real tasks."""

from django.conf import settings
from django.urls import reverse

import pytest

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


@pytest.mark.django_db
def test_beat_writes_the_settings_schedule_into_the_admin_editable_tables(client, make_user):
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import ModelEntry

    from enforcement.accounts.models import Role

    # What DatabaseScheduler.update_from_dict() does with CELERY_BEAT_SCHEDULE when `celery beat` starts.
    for name, entry in celery_app.conf.beat_schedule.items():
        ModelEntry.from_entry(name, app=celery_app, **entry)
    task = PeriodicTask.objects.get(name="monthly-report")
    assert task.task == "enforcement.reports.tasks.generate_previous_month_reports"
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_month) == ("0", "6", "1")
    assert PeriodicTask.objects.filter(name="audit-chain-verify").exists()

    client.force_login(make_user(Role.ADMIN, username="beat_admin", is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))
    assert response.status_code == 200
    assert "monthly-report" in response.content.decode()


@pytest.mark.django_db  # importing every task module runs system checks that read the holiday calendar
def test_work_is_split_into_queues_every_route_names_a_real_task_and_a_declared_queue():
    import fnmatch

    celery_app.loader.import_default_modules()
    queues = {queue.name for queue in celery_app.conf.task_queues}
    assert {"celery", "documents", "reports", "imports"} <= queues
    for pattern, route in settings.CELERY_TASK_ROUTES.items():
        assert route["queue"] in queues
        assert fnmatch.filter(celery_app.tasks.keys(), pattern), f"route {pattern} names no task"
    router = celery_app.amqp.router
    assert router.route({}, "cases.tasks.generate_case_document")["queue"].name == "documents"
    assert router.route({}, "enforcement.reports.tasks.build_monthly_report")["queue"].name == "reports"
    assert router.route({}, "catalog.tasks.run_import_job")["queue"].name == "imports"
    assert router.route({}, "enforcement.audit.tasks.verify_audit_chain")["queue"].name == "celery"
