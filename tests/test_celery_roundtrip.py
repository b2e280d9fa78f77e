"""A task round-trips through a real Redis broker and a real Celery worker (issue 2, item 3).

Never skipped: when Redis cannot be reached the test fails, because CI must prove the round trip.
The worker runs the production settings (DEBUG=1 for a default secret) on a queue of its own, so that
parallel test runs and other workers on the same Redis never take its task.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def worker_queue():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable ({error}); the Celery round trip cannot be proven.")
    queue = f"roundtrip-{uuid.uuid4().hex[:12]}"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "enforcement.settings",
        "DEBUG": "1",
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    })
    celery_bin = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [str(celery_bin), "-A", "enforcement", "worker", "--pool", "solo", "-Q", queue, "--hostname", f"{queue}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield queue, worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


@pytest.mark.integration
def test_ping_round_trips_through_redis_and_a_real_worker(worker_queue):
    queue, worker = worker_queue
    # A client configured for the real broker: the test settings run tasks eagerly in-process.
    client = Celery("roundtrip-client", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    payload = {"sent_at": time.time(), "text": "执法平台"}
    result = client.send_task("enforcement.core.tasks.ping", kwargs={"payload": payload}, queue=queue)
    try:
        value = result.get(timeout=90)
    except Exception:
        worker.terminate()
        output = worker.communicate(timeout=20)[0]
        pytest.fail(f"No result from the worker on queue {queue}. Worker output:\n{output[-4000:]}")
    assert value == {"pong": payload}
    assert worker.poll() is None, "the worker died"
