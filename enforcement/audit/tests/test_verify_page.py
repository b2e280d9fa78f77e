"""审计链校验 page (issue 18): the auditor runs the chain and checkpoint check from the browser; every run is an
audit event; the page shows the last check and the recent checkpoints."""

import json

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from enforcement.audit import services as audit
from enforcement.audit import verification
from enforcement.audit.checkpoints import checkpoint_path, write_checkpoint
from enforcement.audit.models import AuditEvent
from enforcement.audit.tasks import verify_audit_chain

pytestmark = pytest.mark.django_db

URL = reverse("audit:verify")


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "anchors"
    cache.delete(verification.RUNNING_KEY)
    yield settings.AUDIT_CHECKPOINT_DIR
    cache.delete(verification.RUNNING_KEY)


@pytest.fixture
def auditor(client, users):
    client.force_login(users[Role.AUDITOR])
    return users[Role.AUDITOR]


def as_attacker(sql, params):
    """A database superuser bypassing the append-only trigger (PostgreSQL replica mode)."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger bypass is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


def checks():
    return AuditEvent.objects.filter(event_type="audit.verify").order_by("id")


def test_the_page_shows_no_check_yet_in_chinese(client, auditor):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "审计链校验" in html and "尚未通过本页或夜间任务校验过审计链" in html and "尚未写入检查点" in html


def test_the_audit_list_links_to_the_check(client, auditor):
    assert f'href="{URL}"' in client.get(reverse("audit:list")).content.decode()


def test_an_intact_chain_is_reported_and_the_run_is_recorded(client, auditor):
    audit.record("test.one")
    audit.record("test.two")
    existing = AuditEvent.objects.count()  # the auditor's login is one of them
    response = client.post(URL, follow=True)
    html = response.content.decode()
    assert f"审计链完整：已校验 {existing} 条事件" in html and "每条事件均与其哈希值和链接一致" in html
    [event] = checks()
    assert (event.user, event.outcome, event.detail["source"]) == (auditor, "success", "page")
    assert (event.detail["events"], event.detail["broken"], event.detail["checkpoint_problems"]) == (existing, [], [])
    assert audit.verify_chain() == []  # the recorded run extends the chain properly


def test_a_tampered_chain_shows_the_broken_event_ids(client, auditor):
    audit.record("test.one")
    target = audit.record("test.two")
    audit.record("test.three")
    as_attacker("UPDATE audit_auditevent SET username = 'mallory' WHERE id = %s", [target.pk])
    html = client.post(URL, follow=True).content.decode()
    assert "审计链校验发现问题" in html and f"<code>#{target.pk}</code>" in html and "哈希链在 1 条事件处断裂" in html
    event = checks().get()
    assert (event.outcome, event.detail["broken"], event.detail["broken_count"]) == ("failure", [target.pk], 1)


def test_a_deleted_tail_is_reported_against_the_checkpoint(client, auditor):
    audit.record("test.one")
    kept = audit.record("test.two")
    audit.record("test.three")
    write_checkpoint()
    as_attacker("DELETE FROM audit_auditevent WHERE id > %s", [kept.pk])
    html = client.post(URL, follow=True).content.decode()
    assert "从日志末尾删除" in html
    event = checks().get()
    assert event.outcome == "failure" and event.detail["broken"] == []
    assert any("从日志末尾删除" in problem for problem in event.detail["checkpoint_problems"])


def test_the_page_lists_recent_checkpoints_and_flags_a_forged_one(client, auditor):
    head = audit.record("test.one")
    counted = write_checkpoint()["count"]
    path = checkpoint_path()
    forged = json.loads(path.read_text().splitlines()[-1]) | {"count": 99}
    path.write_text(path.read_text() + json.dumps(forged) + "\n")
    response = client.get(URL)
    rows = response.context["checkpoints"]
    assert [(body["last_id"], body["count"], valid) for body, valid in rows] == [(head.pk, 99, False),
                                                                                 (head.pk, counted, True)]
    html = response.content.decode()
    assert "有效" in html and "无效" in html


def test_the_check_needs_the_csrf_token(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[Role.AUDITOR])
    assert client.post(URL).status_code == 403
    assert not checks().exists()


def test_a_second_check_while_one_runs_reads_nothing_and_says_so(client, auditor):
    cache.add(verification.RUNNING_KEY, "busy", 60)
    html = client.post(URL, follow=True).content.decode()
    assert "另一次审计链校验正在进行" in html
    assert not checks().exists()


def test_a_log_too_large_for_one_request_is_queued_to_the_worker(client, auditor, settings):
    from enforcement.outbox.models import OutboxMessage

    settings.AUDIT_VERIFY_PAGE_MAX_EVENTS = 1
    audit.record("test.one")
    audit.record("test.two")
    html = client.post(URL, follow=True).content.decode()
    assert "校验已交由后台任务执行" in html
    message = OutboxMessage.objects.get(task=verification.TASK)
    assert message.kwargs == {"actor_id": auditor.pk}
    verify_audit_chain(**message.kwargs)  # what the worker runs
    event = checks().get()
    assert (event.user, event.outcome, event.detail["source"]) == (auditor, "success", "queued")


def test_the_nightly_task_records_its_check_for_the_page(client, auditor):
    audit.record("test.one")
    assert verify_audit_chain() == {"broken": [], "checkpoint_problems": []}
    event = checks().get()
    assert (event.user, event.detail["source"]) == (None, "schedule")
    assert "夜间定时任务" in client.get(URL).content.decode()


@pytest.mark.parametrize("role", [role for role in Role if role != Role.AUDITOR])
def test_every_other_role_may_not_check_or_export(client, users, role):
    audit.record("test.one")
    client.force_login(users[role])
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403
    assert not AuditEvent.objects.filter(event_type__in=["audit.verify", "audit.export"]).exists()
