"""A real Celery worker on Redis builds the monthly reports from the beat task's entry point.

Never skipped: when Redis cannot be reached the test fails. The worker is a subprocess with the
production settings pointed at this test's database (committed data: transaction=True) and at a media
folder of its own; it consumes a queue of its own, and the beat task sends the builds to the queue it
came from, so parallel runs and other workers never take them.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings

import pytest
import redis
from celery import Celery

from cases.models import Case, Procedure, Status
from catalog.tests.factories import ItemFactory
from enforcement.reports.models import MonthlyReport
from enforcement.reports.periods import Period

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def database_url():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("The Celery integration test needs PostgreSQL (DATABASE_URL): a worker process cannot see "
                    "an in-memory SQLite test database.")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def report_worker(tmp_path, transactional_db):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable ({error}); the report worker cannot be proven.")
    queue = f"reports-{uuid.uuid4().hex[:12]}"
    media = tmp_path / "media"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "enforcement.settings", "DEBUG": "1", "DATABASE_URL": database_url(),
        "DB_CONN_MAX_AGE": "0", "REDIS_URL": REDIS_URL, "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL, "CELERY_TASK_ALWAYS_EAGER": "0", "MEDIA_ROOT": str(media),
    })
    celery_bin = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(  # noqa: S603
        [str(celery_bin), "-A", "enforcement", "worker", "--pool", "solo", "-Q", queue, "--hostname", f"{queue}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield queue, worker, media
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_log")
def test_real_worker_builds_last_months_reports_from_the_beat_entry_point(report_worker, township, other_township):
    queue, worker, media = report_worker
    period = Period.previous_month()
    item = ItemFactory()
    counts = {Procedure.SIMPLE: 3, Procedure.ORDINARY: 2}
    seq = 0
    for procedure, n in counts.items():
        for _ in range(n):
            seq += 1
            day = period.start + timedelta(days=seq)
            Case.objects.create(code=f"INT-{seq}", procedure=procedure, item=item, township=township,
                                status=Status.INVESTIGATING, party_type="citizen", party_name="当事人",
                                location="人民路", facts="事实", violation_date=day, discovered_on=day, filed_on=day,
                                deadline=day + timedelta(days=90))

    client = Celery("reports-client", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    result = client.send_task("enforcement.reports.tasks.generate_previous_month_reports", queue=queue)
    try:
        queued = result.get(timeout=120)
    except Exception:
        worker.terminate()
        pytest.fail(f"No answer from the worker on {queue}:\n{worker.communicate(timeout=20)[0][-4000:]}")
    assert queued["period"] == period.key and len(queued["reports"]) == 3

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        statuses = set(MonthlyReport.objects.filter(period=period.start).values_list("status", flat=True))
        if statuses == {MonthlyReport.Status.DONE} or MonthlyReport.Status.FAILED in statuses:
            break
        time.sleep(1)
    reports = list(MonthlyReport.objects.filter(period=period.start).select_related("township"))
    if {r.status for r in reports} != {MonthlyReport.Status.DONE}:
        worker.terminate()
        pytest.fail(f"Reports not built: {[(r.township_id, r.status, r.error) for r in reports]}\n"
                    f"{worker.communicate(timeout=20)[0][-4000:]}")
    assert worker.poll() is None, "the worker died"

    county = next(r for r in reports if r.township is None)
    path = media / county.file.name
    binary = shutil.which("pdftotext")
    assert binary, "poppler-utils (pdftotext) is needed"
    text = "".join(subprocess.run([binary, str(path), "-"], capture_output=True, check=True,  # noqa: S603
                                  text=True).stdout.split())
    assert (f"{period.label}示范县累计执法5件(简易程序{counts[Procedure.SIMPLE]}件,"
            f"普通程序{counts[Procedure.ORDINARY]}件)") in text
    assert county.figures["cases"]["total"] == 5
    assert not list(path.parent.glob(".tmp-*"))
