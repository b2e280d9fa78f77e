"""The Celery broker is down while a case is filed (SECURITY §21, §25, issue 18 item 3): the filing answers 201,
its document task waits in the outbox, and the document is made once when the broker is back."""

import os
import uuid
from datetime import date

import pytest
import redis

from cases.models import Case, Document, DocumentKind
from enforcement.accounts.models import Role
from enforcement.celery import app
from enforcement.outbox.models import OutboxMessage
from enforcement.outbox.services import drain

from .factories import CITIZEN_ID

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: the broker is stopped
LIVE_BROKER = os.environ.get("CELERY_TEST_REDIS_URL", "")


def _use_broker(url, *, eager):
    app.conf.task_always_eager = eager
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker():
    saved = (app.conf.broker_url, app.conf.task_always_eager)

    class Broker:
        def stop(self):
            _use_broker(DEAD_BROKER, eager=False)

        def start_in_process(self):
            """Back, with tasks executed in this process (as a worker would)."""
            _use_broker(saved[0], eager=True)

        def start(self, url):
            _use_broker(url, eager=False)

    yield Broker()
    _use_broker(saved[0], eager=saved[1])


@pytest.fixture
def payload(item, empower, officers):
    empower(item)
    return {"procedure": "simple", "item": item.code, "party_type": "citizen", "party_name": "王五",
            "party_id_number": CITIZEN_ID, "location": "人民路", "facts": "占道经营",
            "violation_date": date.today().isoformat(), "officers": [o.employee_number for o in officers],
            "penalty_kinds": ["fine"], "fine": "100"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_flushable")
def test_case_filed_while_the_broker_is_down_answers_201_and_gets_its_document_when_it_is_back(
        client_for, users, payload, broker):
    broker.stop()
    response = client_for(users[Role.TOWNSHIP_OFFICER]).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(code=response.json()["code"])
    message = OutboxMessage.objects.get()
    assert message.task == "cases.tasks.generate_case_document" and message.sent_at is None
    assert message.attempts == 1 and message.last_error
    assert not Document.objects.filter(case=case).exists()

    assert drain(now=message.available_at) == (0, 1)  # still down: stays pending, tried again later
    broker.start_in_process()
    assert drain(now=OutboxMessage.objects.get().available_at) == (1, 0)
    assert Document.objects.filter(case=case, kind=DocumentKind.SPOT_DECISION).count() == 1
    assert drain() == (0, 0)  # sent once: a second drain sends nothing
    assert Document.objects.filter(case=case).count() == 1


@pytest.mark.skipif(not LIVE_BROKER, reason="needs CELERY_TEST_REDIS_URL (make test sets it)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_flushable")
def test_after_the_outage_the_task_reaches_the_real_broker_exactly_once(client_for, users, payload, broker):
    broker.stop()
    assert client_for(users[Role.TOWNSHIP_OFFICER]).post("/api/v1/cases/", payload,
                                                          format="json").status_code == 201
    message = OutboxMessage.objects.get()
    queue = f"outbox-test-{uuid.uuid4().hex[:10]}"
    OutboxMessage.objects.filter(pk=message.pk).update(queue=queue)
    broker.start(LIVE_BROKER)
    connection = redis.Redis.from_url(LIVE_BROKER)
    try:
        assert drain(now=message.available_at) == (1, 0)
        assert drain(now=message.available_at) == (0, 0)
        assert connection.llen(queue) == 1  # one task waiting for a worker on that queue
    finally:
        connection.delete(queue)
