"""A web import's task runs on a real Celery worker through Redis and writes the catalogue (integration)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import connection

import pytest
import redis
from celery import Celery

from catalog.models import ImportJob, Item
from catalog.services import fileformat as ff
from catalog.tests.factories import DomainFactory
from enforcement.accounts.models import Role

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def flushable_audit_log(transactional_db):
    """The audit table refuses TRUNCATE (append-only trigger) at the flush after a transactional test;
    replica mode skips triggers on this connection only, which Django closes after the flush."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


@pytest.fixture
def worker(flushable_audit_log, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs the shared PostgreSQL test database")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable ({error})")
    queue = f"catalog-import-{uuid.uuid4().hex[:12]}"
    database = connection.settings_dict
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "enforcement.settings", "DEBUG": "1", "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL, "CELERY_RESULT_BACKEND": REDIS_URL, "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
                        f"{database['NAME']}",
    })
    process = subprocess.Popen(  # noqa: S603 - fixed argv, our own celery binary
        [str(Path(sys.executable).with_name("celery")), "-A", "enforcement", "worker", "--pool", "solo", "-Q", queue,
         "--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield queue, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_import_job_runs_on_a_real_worker(worker, make_user):
    queue, process = worker
    DomainFactory(code="city_appearance", name="市容环境卫生")
    staff = make_user(Role.STAFF, username="import_staff")
    rows = [",".join(ff.HEADERS)] + [
        f"W{n:03d},对占用道路经营第{n}类的行政处罚,市容环境卫生,行政处罚,乡镇,,,,,警告、罚款,100,1000,否,,否,,否,,否,2024-01-01,有效"
        for n in range(30)]
    job = ImportJob(actor=staff, filename="worker.csv")
    job.file.save(f"{uuid.uuid4().hex}.csv", ContentFile("\n".join(rows).encode("gbk")), save=True)

    client = Celery("catalog-import-client", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    result = client.send_task("catalog.tasks.run_import_job", args=[job.pk], queue=queue)
    try:
        result.get(timeout=120)
    except Exception:
        process.terminate()
        pytest.fail("No result from the worker:\n" + process.communicate(timeout=20)[0][-4000:])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    assert (job.created_count, job.processed_rows, job.percent) == (30, 30, 100)
    assert Item.objects.filter(code__startswith="W").count() == 30
