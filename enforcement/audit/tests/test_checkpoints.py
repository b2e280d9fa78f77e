"""Signed checkpoints anchor the head of the audit chain outside the table (SECURITY §12, issue 18 item 6)."""

import json
import logging

from django.core.management import CommandError, call_command
from django.db import connection

import pytest

from enforcement.audit import services as audit
from enforcement.audit.checkpoints import checkpoint_path, read_checkpoints, verify_against_checkpoint, write_checkpoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "anchors"
    return settings.AUDIT_CHECKPOINT_DIR


def delete_as_attacker(where_sql, params):
    """A database superuser bypassing the append-only trigger (PostgreSQL replica mode)."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger bypass is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(f"DELETE FROM audit_auditevent WHERE {where_sql}", params)  # noqa: S608 - test SQL
        cursor.execute("SET LOCAL session_replication_role = origin")


def test_a_checkpoint_records_the_head_and_count_signed_in_the_file_and_the_log(caplog):
    audit.record("test.one")
    head = audit.record("test.two")
    with caplog.at_level(logging.INFO, logger="enforcement.audit.checkpoint"):
        written = write_checkpoint()
    assert (written["last_id"], written["head_hash"]) == (head.pk, head.hash)
    [(_line, body, valid)] = read_checkpoints()
    assert valid and body == written
    assert any(head.hash in record.getMessage() for record in caplog.records)


def test_no_new_checkpoint_while_the_head_has_not_moved():
    audit.record("test.one")
    assert write_checkpoint() is not None
    assert write_checkpoint() is None
    audit.record("test.two")
    assert write_checkpoint() is not None
    assert len(read_checkpoints()) == 2


def test_an_intact_log_matches_its_checkpoint():
    audit.record("test.one")
    write_checkpoint()
    audit.record("test.after")  # events after the checkpoint are fine
    assert verify_against_checkpoint() == []
    call_command("verify_audit")


def test_deleting_the_newest_rows_is_reported_by_verify_audit():
    audit.record("test.one")
    kept = audit.record("test.two")
    audit.record("test.three")
    write_checkpoint()
    delete_as_attacker("id > %s", [kept.pk])  # the chain that remains is still consistent
    assert audit.verify_chain() == []
    problems = verify_against_checkpoint()
    assert problems and "从日志末尾删除" in problems[0]
    with pytest.raises(CommandError, match="从日志末尾删除"):
        call_command("verify_audit")


def test_deleting_an_older_row_and_relinking_is_caught_by_the_count():
    first = audit.record("test.one")
    audit.record("test.two")
    write_checkpoint()
    delete_as_attacker("id = %s", [first.pk])
    assert any("计有" in problem for problem in verify_against_checkpoint())


def test_a_forged_checkpoint_line_is_reported():
    audit.record("test.one")
    write_checkpoint()
    path = checkpoint_path()
    body = json.loads(path.read_text().splitlines()[-1])
    body["count"] = 99
    path.write_text(path.read_text() + json.dumps(body) + "\n")
    problems = verify_against_checkpoint()
    assert any("签名无效" in problem for problem in problems)


def test_verify_audit_checkpoint_option_writes_one_after_a_clean_check():
    audit.record("test.one")
    call_command("verify_audit", "--checkpoint")
    assert len(read_checkpoints()) == 1


def test_without_any_checkpoint_only_the_chain_is_checked():
    audit.record("test.one")
    assert verify_against_checkpoint() == []


def test_recent_checkpoints_reads_only_the_end_of_a_long_file_newest_first(monkeypatch):
    from enforcement.audit import checkpoints

    audit.record("test.one")
    for _n in range(30):
        write_checkpoint(force=True)
    monkeypatch.setattr(checkpoints, "TAIL_BYTES", 1000)  # a few lines, the first of them cut
    recent = checkpoints.recent_checkpoints(3)
    assert len(recent) == 3 and all(valid for _body, valid in recent)
    assert [body for body, _valid in recent] == [body for _n, body, _ok in read_checkpoints()[-3:]][::-1]
    assert len(checkpoints.recent_checkpoints(100)) < 30  # never more than the tail holds
