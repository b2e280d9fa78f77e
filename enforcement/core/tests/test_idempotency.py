"""The shared client-request-id mechanism itself (endpoint behaviour is tested in cases and planning)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest
from rest_framework.test import APIRequestFactory

from enforcement.accounts.models import Role
from enforcement.core.idempotency import canonical_body, fingerprint, request_key
from enforcement.core.models import ClientRequest
from enforcement.core.tasks import purge_client_requests


def _request(data, fmt="json", **headers):
    from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
    from rest_framework.request import Request

    factory = APIRequestFactory()
    django_request = factory.post("/api/v1/x/", data, format=fmt, headers=headers)
    return Request(django_request, parsers=[JSONParser(), FormParser(), MultiPartParser()])


pytestmark = pytest.mark.django_db


def test_key_comes_from_the_header_or_the_body_field():
    assert request_key(_request({"a": 1}, **{"X-Client-Request-ID": "abcdefgh-1"})) == "abcdefgh-1"
    assert request_key(_request({"client_request_id": "abcdefgh-2"})) == "abcdefgh-2"
    assert request_key(_request({"a": 1})) is None


def test_canonical_body_drops_the_id_and_summarises_files():
    upload = SimpleUploadedFile("p.jpg", b"\xff\xd8\xff" + b"x" * 10, content_type="image/jpeg")
    body = canonical_body(_request({"client_request_id": "abcdefgh-3", "kind": "photo", "file": upload},
                                   fmt="multipart"))
    assert "client_request_id" not in body
    assert body["kind"] == "photo"
    assert body["file"]["size"] == 13 and len(body["file"]["sha256"]) == 64


def test_fingerprint_ignores_key_order_but_not_values():
    one = fingerprint(method="POST", path="/p/", body={"a": 1, "b": [1, 2]})
    assert one == fingerprint(method="POST", path="/p/", body={"b": [1, 2], "a": 1})
    assert one != fingerprint(method="POST", path="/p/", body={"a": 2, "b": [1, 2]})
    assert one != fingerprint(method="POST", path="/q/", body={"a": 1, "b": [1, 2]})


def test_purge_forgets_only_old_client_requests(make_user, settings):
    settings.CLIENT_REQUEST_RETENTION_DAYS = 90
    user = make_user(Role.STAFF)
    old = ClientRequest.objects.create(user=user, key="old-key-001", scope="s", method="POST", path="/",
                                       fingerprint="f", created_at=timezone.now() - timedelta(days=91))
    recent = ClientRequest.objects.create(user=user, key="new-key-001", scope="s", method="POST", path="/",
                                          fingerprint="f")
    assert purge_client_requests() == 1
    assert list(ClientRequest.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not ClientRequest.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize(("path", "method"), [
    ("/api/v1/cases/", "post"),
    ("/api/v1/cases/{code}/transition/", "post"),
    ("/api/v1/planning/inspections/", "post"),
])
def test_schema_documents_the_header_and_the_409(path, method):
    from drf_spectacular.generators import SchemaGenerator

    operation = SchemaGenerator().get_schema(request=None, public=True)["paths"][path][method]
    assert "X-Client-Request-ID" in [p["name"] for p in operation.get("parameters", [])]
    assert {"200", "409"} <= set(operation["responses"])
