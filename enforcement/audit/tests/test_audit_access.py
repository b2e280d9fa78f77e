"""The audit log: the auditor alone reads it; nobody, the administrator included, can change it (SECURITY §6, §12)."""

from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from enforcement.audit import services as audit
from enforcement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_auditor_reads_the_audit_page_in_chinese(client, users):
    audit.record("test.event", actor=users[Role.STAFF])
    client.force_login(users[Role.AUDITOR])
    response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "审计日志" in html and "test.event" in html and "staff_u" in html


@pytest.mark.parametrize("role", [role for role in Role if role != Role.AUDITOR])
def test_every_other_role_gets_403_on_the_audit_page(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("audit:list")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_audit_page_filters_by_username_and_event_type(client, users):
    audit.record("auth.login", actor=users[Role.STAFF])
    audit.record("auth.login", actor=users[Role.LEADER])
    audit.record("auth.logout", actor=users[Role.LEADER])
    client.force_login(users[Role.AUDITOR])
    page = client.get(reverse("audit:list"), {"username": "leader_u", "event_type": "auth.login"}).context["page"]
    assert [(e.username, e.event_type) for e in page] == [("leader_u", "auth.login")]


def test_audit_page_query_count_is_constant(client, users, django_assert_max_num_queries):
    client.force_login(users[Role.AUDITOR])
    for n in range(3):
        audit.record(f"test.{n}", actor=users[Role.STAFF])
    with django_assert_max_num_queries(8):
        client.get(reverse("audit:list"))
    for n in range(60):
        audit.record(f"test.more{n}", actor=users[Role.LEADER])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("audit:list"))
    assert len(response.context["page"]) == 50


def test_audit_page_paginates_with_filters_kept(client, users):
    for _n in range(55):
        audit.record("test.bulk", actor=users[Role.STAFF])
    client.force_login(users[Role.AUDITOR])
    html = client.get(reverse("audit:list"), {"event_type": "test.bulk"}).content.decode()
    assert "event_type=test.bulk&amp;page=2" in html


@pytest.fixture
def superadmin(make_user):
    return make_user(Role.ADMIN, username="root_admin", is_staff=True, is_superuser=True)


def test_administrator_cannot_see_or_change_audit_events_in_admin(client, superadmin, users):
    event = audit.record("test.event", actor=users[Role.STAFF])
    client.force_login(superadmin)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, username="staff_u").exists()


def test_auditor_sees_audit_events_read_only_in_admin(client, make_user, users):
    auditor = make_user(Role.AUDITOR, username="auditor_staff", is_staff=True)
    event = audit.record("test.event", actor=users[Role.STAFF])
    client.force_login(auditor)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    response = client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"username": "mallory"})
    assert response.status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).username == "staff_u"


def test_auditor_sees_no_business_data(users):
    from enforcement.accounts import access
    from townships.models import Township

    assert not access.scope(Township.objects.all(), users[Role.AUDITOR]).exists()
    assert access.scope(AuditEvent.objects.all(), users[Role.STAFF]).query.is_empty()


def test_record_outside_a_request_has_no_ip_and_no_request_id():
    event = audit.record("task.ran")
    assert (event.ip, event.request_id, event.user) == (None, "", None)


def test_verify_audit_command_fails_on_a_broken_chain():
    from django.core.management import CommandError, call_command
    from django.db import connection

    audit.record("one")
    target = audit.record("two")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE audit_auditevent SET outcome = 'failure' WHERE id = %s", [target.pk])
        cursor.execute("SET LOCAL session_replication_role = origin")
    with pytest.raises(CommandError, match="审计哈希链"):
        call_command("verify_audit")
