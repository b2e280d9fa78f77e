"""Row history (django-auditlog) gets the request's actor and address from our middleware, whose receiver is
connected once instead of on every request."""

from django.db.models.signals import pre_save
from django.http import HttpResponse
from django.test import RequestFactory

import pytest
from auditlog.models import LogEntry

from enforcement.core.middleware import AuditlogMiddleware
from townships.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _request(user):
    from django.conf import settings

    request = RequestFactory().post("/org/departments/", REMOTE_ADDR="10.0.0.9",
                                    headers={settings.AUDITLOG_CID_HEADER: "req-14"})
    request.user = user
    return request


def _history(instance):
    return LogEntry.objects.get_for_object(instance).latest("timestamp")


def test_a_save_during_a_request_records_its_actor_and_address(users):
    from enforcement.accounts.models import Role

    actor = users[Role.STAFF]
    saved = []

    def view(request):
        saved.append(DepartmentFactory())
        return HttpResponse("ok")

    AuditlogMiddleware(view)(_request(actor))
    entry = _history(saved[0])
    assert (entry.actor, entry.remote_addr, entry.action) == (actor, "10.0.0.9", LogEntry.Action.CREATE)
    assert entry.cid == "req-14"


def test_a_save_after_the_request_records_no_actor(users):
    from enforcement.accounts.models import Role

    AuditlogMiddleware(lambda request: HttpResponse("ok"))(_request(users[Role.STAFF]))
    later = DepartmentFactory()
    assert _history(later).actor is None and _history(later).remote_addr is None


def test_a_request_connects_no_receiver(users):
    from enforcement.accounts.models import Role

    during = []

    def view(request):
        during.append(len(pre_save.receivers))
        return HttpResponse("ok")

    before = len(pre_save.receivers)
    AuditlogMiddleware(view)(_request(users[Role.STAFF]))
    assert during == [before] and len(pre_save.receivers) == before
