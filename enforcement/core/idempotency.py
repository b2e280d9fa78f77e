"""Client request ids (SECURITY §22): a re-sent write gets the first answer, never a second record.

The officers' phone app queues writes offline and sends each with its own request id (a UUID made on the
device), in the `X-Client-Request-ID` header or, for older PDA clients, the body field `client_request_id`
(`request_id` on case registration). Decorate the view method that performs the write:

    @extend_schema(request=..., responses=idempotent_responses(CaseDetailSerializer, 201))
    @idempotent("case.create")
    def create(self, request): ...

- first request with an id: the write runs; its 2xx answer is stored with a fingerprint of the body;
- the same id and the same body again (a re-send after a lost answer): 200 with the stored answer and
  `X-Client-Request-ID-Replayed: true`; nothing runs twice;
- the same id with a different body (or another endpoint): 409 with both versions, for the officer to
  resolve;
- a refused write (4xx) stores nothing, so a corrected re-send with the same id is processed afresh.

Exactly once under concurrent re-sends: the `ClientRequest` row is inserted in the transaction of the write
itself, guarded by a unique (user, key) constraint. A concurrent twin's insert waits on that index until the
first transaction ends, then fails with IntegrityError (and is answered from the committed row) or, if the
first one was refused and removed its row, goes ahead. There is no check-then-insert window.
"""

import hashlib
import json
import re
from collections.abc import Mapping
from functools import wraps

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from enforcement.audit import services as audit

from . import crypto
from .models import ClientRequest

HEADER = "X-Client-Request-ID"
REPLAYED_HEADER = "X-Client-Request-ID-Replayed"
UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
BODY_FIELDS = ("client_request_id", "request_id")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$")
# Echoed back in a 409 masked: the officer recognises the submission without the plaintext travelling again.
MASKED_FIELDS = {"party_id_number": crypto.mask_id_number, "party_phone": crypto.mask_phone,
                 "party_address": lambda value: "***" if value else ""}

HEADER_PARAMETER = OpenApiParameter(
    HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="客户端请求编号(8–64 位字母、数字或 ._:-,建议 UUID)。同一编号、同一内容重发 → 200 返回首次结果;"
                "同一编号、不同内容 → 409 并返回两个版本。也可放在请求体字段 client_request_id 中。")


class ClientRequestVersionSerializer(serializers.Serializer):
    method = serializers.CharField()
    path = serializers.CharField()
    received_at = serializers.DateTimeField(required=False)
    body = serializers.DictField(help_text="the request body (personal data masked)")
    response = serializers.DictField(required=False, help_text="the answer the first request got")


class ClientRequestConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text="client_request_conflict")
    client_request_id = serializers.CharField()
    original = ClientRequestVersionSerializer(help_text="what was first sent under this id, and its answer")
    current = ClientRequestVersionSerializer(help_text="what this request sent")


def idempotent_responses(serializer, success=status.HTTP_201_CREATED):
    """The `responses` of an idempotent endpoint's schema: its success, the replay (200) and the conflict (409)."""
    return {success: serializer, status.HTTP_200_OK: serializer,
            status.HTTP_409_CONFLICT: ClientRequestConflictSerializer}


def request_key(request):
    """The client request id of `request` (header, or one of the body fields), validated; None without one."""
    header = request.headers.get(HEADER, "").strip()
    data = request.data if isinstance(request.data, Mapping) else {}
    in_body = ""
    for name in BODY_FIELDS:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            in_body = value.strip()
            break
    if header and in_body and header != in_body:
        raise ValidationError({"client_request_id": [_(
            "The request id in the header and in the body differ; send one request id.")]})
    key = header or in_body
    if not key:
        return None
    if not KEY_PATTERN.match(key):
        raise ValidationError({"client_request_id": [_(
            "A client request id has 8 to 64 letters, digits or . _ : - (a UUID, for example).")]})
    return key


def _file_summary(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"file": upload.name or "", "size": upload.size, "sha256": digest.hexdigest()}


def _plain(value):
    if isinstance(value, UploadedFile):
        return _file_summary(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def canonical_body(request):
    """The request body as plain JSON data, without the request id itself; files by name, size and SHA-256."""
    data = request.data
    if hasattr(data, "lists"):  # QueryDict (form or multipart): keep repeated keys as lists
        body = {key: values[0] if len(values) == 1 else values for key, values in data.lists()}
    elif isinstance(data, Mapping):
        body = dict(data)
    else:
        body = {"_": data}
    return {key: _plain(value) for key, value in body.items() if key not in BODY_FIELDS}


def _dumps(value):
    return json.dumps(value, cls=JSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(*, method, path, body):
    return crypto.keyed_digest(_dumps([method, path, body]).encode())


def _masked(body):
    return {key: MASKED_FIELDS[key](value) if key in MASKED_FIELDS and isinstance(value, str) else value
            for key, value in body.items()}


def _claim(*, user, key, scope, method, path, print_, body):
    """Insert the row (True, row) or return the committed twin (False, row). Waits on a concurrent twin."""
    try:
        with transaction.atomic():
            row = ClientRequest.objects.create(user=user, key=key, scope=scope, method=method, path=path[:300],
                                               fingerprint=print_, body_encrypted=crypto.encrypt(_dumps(body)))
        return True, row
    except IntegrityError:
        return False, ClientRequest.objects.get(user=user, key=key)


def _replay(row):
    body = json.loads(crypto.decrypt(row.response_encrypted) or "null")
    return Response(body, status=status.HTTP_200_OK, headers={REPLAYED_HEADER: "true"})


def _conflict(row, *, key, method, path, body):
    audit.record("client_request.conflict", outcome="failure", key=key, scope=row.scope, path=path)
    original = json.loads(crypto.decrypt(row.body_encrypted) or "{}")
    return Response({
        "detail": _("This request id was already used for a different submission (%(time)s). Compare the two "
                    "versions: keep the one already recorded, or send yours as a new record.") % {
            "time": row.created_at.astimezone().strftime("%Y-%m-%d %H:%M")},
        "code": "client_request_conflict",
        "client_request_id": key,
        "original": {"method": row.method, "path": row.path, "received_at": row.created_at,
                     "body": _masked(original), "response": json.loads(crypto.decrypt(row.response_encrypted) or "{}")},
        "current": {"method": method, "path": path, "body": _masked(body)},
    }, status=status.HTTP_409_CONFLICT)


def run_idempotent(request, *, scope, handler):
    """Run `handler()` (→ Response) at most once per (user, client request id); see the module docstring."""
    if request.method in SAFE_METHODS:
        return handler()
    key = request_key(request)
    if key is None:
        return handler()
    method, path, body = request.method, request.path, canonical_body(request)
    print_ = fingerprint(method=method, path=path, body=body)
    error = None
    with transaction.atomic():
        claimed, row = _claim(user=request.user, key=key, scope=scope, method=method, path=path, print_=print_,
                              body=body)
        if not claimed:
            if row.fingerprint == print_:
                return _replay(row)
            return _conflict(row, key=key, method=method, path=path, body=body)
        try:
            response = handler()
        except Exception as exc:  # refused: keep what the service recorded (its audit), drop the claim
            if transaction.get_connection().needs_rollback:
                raise
            error = exc
            ClientRequest.objects.filter(pk=row.pk).delete()
        else:
            if status.is_success(response.status_code):
                row.response_status = response.status_code
                row.response_encrypted = crypto.encrypt(_dumps(response.data))
                row.save(update_fields=["response_status", "response_encrypted"])
            else:
                ClientRequest.objects.filter(pk=row.pk).delete()
    if error is not None:
        raise error
    return response


def idempotent(scope):
    """Decorate a DRF view method (after authentication and permission checks) to make it idempotent."""

    def decorator(method):
        @wraps(method)
        def wrapper(view, request, *args, **kwargs):
            return run_idempotent(request, scope=scope, handler=lambda: method(view, request, *args, **kwargs))

        return extend_schema(parameters=[HEADER_PARAMETER], methods=UNSAFE_METHODS)(wrapper)

    return decorator


def purge_before(moment):
    """Forget client requests received before `moment` (a phone's outbox never holds anything that old)."""
    deleted, _rows = ClientRequest.objects.filter(created_at__lt=moment).delete()
    return deleted
