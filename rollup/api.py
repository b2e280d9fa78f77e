"""/api/v1/rollup/county-forms/{month}/: the county's own signed monthly forms for an authorised upstream client
(a token of a role holding rollup.export). The body is exactly the file `manage.py rollup_export` writes."""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from enforcement.accounts import access
from enforcement.reports.periods import Period

from . import services


class CanExport(permissions.BasePermission):
    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        return access.can(request.user, "rollup.export")


class NotConfigured(APIException):
    """This deployment has no signing key yet (ROLLUP_SIGNING_KEY): a state the bureau must fix, said plainly."""

    status_code = 409
    default_code = "not_configured"


class CountyFormsView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanExport]

    @extend_schema(responses={200: OpenApiTypes.OBJECT},
                   description="The signed envelope {format, version, payload, signature}; schema in rollup/forms.py.")
    def get(self, request, month):
        try:
            period = Period.parse(month, field="month")
            envelope = services.county_export(actor=request.user, period=period)
        except ValidationError as error:
            raise DRFValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages) from None
        except ImproperlyConfigured as error:
            raise NotConfigured(str(error)) from None
        response = Response(envelope)
        response["Cache-Control"] = "no-store"
        return response


def register(router):
    from django.urls import path

    return [path("rollup/county-forms/<str:month>/", CountyFormsView.as_view(), name="rollup-county-forms")]
