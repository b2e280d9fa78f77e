"""Shared API plumbing: the scoped viewset base class and an exception handler that speaks Chinese."""

import copy

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from rest_framework import exceptions, renderers, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from enforcement.accounts import access


def exception_handler(exc, context):
    """Turn Django's ValidationError/PermissionDenied raised by services into DRF responses. A service error
    carrying `http_status = 409` (someone else acted first, e.g. cases.services.TransitionConflict) is a 409."""
    if isinstance(exc, DjangoValidationError) and getattr(exc, "http_status", None) == 409:
        return Response({"detail": exc.messages, "code": "conflict"}, status=409)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("You do not have permission to perform this action."))
    elif isinstance(exc, exceptions.ParseError):
        # DRF's own message is English ("JSON parse error - ..."); keep the parser's detail for developers.
        exc = exceptions.ParseError(_("The request body could not be read (malformed JSON or form data): "
                                      "%(detail)s") % {"detail": exc.detail})
    return drf_exception_handler(exc, context)


class FileDownloadRenderer(renderers.JSONRenderer):
    """For routes answering a file (`FileResponse`, which DRF does not render): accepts any `Accept`, so that
    a client asking for application/pdf is not refused with 406, and renders errors as JSON."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:  # only errors are rendered here: label them as the JSON they are
            response["Content-Type"] = "application/json"
        return super().render(data, "application/json", renderer_context)


class ScopedQuerysetMixin:
    """Every API view's queryset goes through the one scoping function.

    Subclasses set `queryset` (the unscoped base) and may override `scoped_queryset()` to add
    select_related/annotations. `get_queryset()` is final: it always applies `access.scope`.
    """

    scoped = True

    def base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return access.scope(self.base_queryset(), self.request.user)


class ScopedReadOnlyViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    pass


# The responses of an xlsx/CSV export: each media type, and the plain byte stream that client generators
# knowing neither type (openapi-python-client) offer as a file download.
SPREADSHEET_RESPONSES = {
    (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
    (200, "text/csv"): OpenApiTypes.BINARY,
    (200, "application/octet-stream"): OpenApiTypes.BINARY,
}


class PrebuiltFieldsMixin:
    """A ModelSerializer that builds its fields from the model once per class, then copies them.

    ModelSerializer builds every field anew from the model's meta on each instance (a field's kwargs, its
    label, its validators): for the case detail's ~90 fields that was a third of the request's CPU. Built once,
    each instance takes a deep copy, as DRF itself does for a plain Serializer's declared fields. Only for
    serializers whose fields depend on nothing but their class (no get_fields override reading the context).
    """

    def get_fields(self):
        cls = type(self)
        prototype = cls.__dict__.get("_prebuilt_fields")
        if prototype is None:
            prototype = super().get_fields()
            cls._prebuilt_fields = prototype
        return {name: _copy_field(field) for name, field in prototype.items()}


# Fields that hold other fields (a nested serializer's fields, a list's child) bound to themselves: a shallow
# copy would share those children, still bound to the prototype, so they are deep-copied as DRF does.
_COMPOSITE_FIELDS = (serializers.BaseSerializer, serializers.ListField, serializers.DictField,
                     serializers.ManyRelatedField)


def _copy_field(field):
    """A fresh unbound copy of a prototype field. A leaf field's state is its constructor's arguments, which
    serialising never changes, and bind() sets everything a parent gives it: a shallow copy is enough, and
    ~20 times cheaper than DRF's deepcopy (which re-runs __init__ with deep-copied arguments)."""
    if isinstance(field, _COMPOSITE_FIELDS):
        return copy.deepcopy(field)
    return copy.copy(field)
