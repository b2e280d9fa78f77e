from django.db import DatabaseError, connection, transaction

import pytest

from enforcement.audit import services as audit
from enforcement.audit.models import AuditEvent


@pytest.mark.django_db
def test_record_links_each_event_to_the_previous_hash():
    first = audit.record("test.first")
    second = audit.record("test.second", note="x")
    assert second.prev_hash == first.hash
    assert audit.verify_chain() == []


@pytest.mark.django_db
def test_model_refuses_update_and_delete():
    event = audit.record("test.event")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(username="mallory")


@pytest.mark.django_db
def test_database_trigger_refuses_raw_update():
    audit.record("test.event")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET username = 'mallory'")


@pytest.mark.django_db
def test_verify_detects_an_edited_row():
    audit.record("test.one")
    target = audit.record("test.two")
    audit.record("test.three")
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser bypassing the trigger stands in for an attacker with database access.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(f"UPDATE {table} SET username = 'mallory' WHERE id = %s", [target.pk])
            cursor.execute("SET LOCAL session_replication_role = origin")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute(f"UPDATE {table} SET username = 'mallory' WHERE id = %s", [target.pk])
    assert audit.verify_chain() == [target.pk]


@pytest.mark.django_db
def test_database_trigger_refuses_truncate_unless_the_database_opts_in():
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE protection is a PostgreSQL trigger; SQLite has no TRUNCATE")
    audit.record("test.event")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL audit.allow_truncate = off")
        cursor.execute("TRUNCATE audit_auditevent")
