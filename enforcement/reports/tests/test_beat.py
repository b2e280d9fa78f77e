from django.conf import settings

from celery.schedules import crontab

from enforcement.celery import app


def test_beat_runs_the_monthly_reports_at_six_on_the_first_in_shanghai():
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-report"]
    app.loader.import_default_modules()
    assert entry["task"] == "enforcement.reports.tasks.generate_previous_month_reports"
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(minute=0, hour=6, day_of_month=1)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
