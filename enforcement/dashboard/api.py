"""/api/v1/desk/: the caller's desk (issue 13), the same data as the home page."""

from django.urls import path
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from .desks import desk_data


class DeskView(APIView):
    """The caller's desk: `desk` names its kind (officer, reviewer, staff, command, leader, admin, liaison) and
    the other keys are that kind's work lists and figures, as on the home page. Roles without a desk get 403."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        data = desk_data(actor=request.user)
        if data is None:
            raise PermissionDenied(_("Your role has no desk: open the pages of your menu."))
        return Response(data, headers={"Cache-Control": "no-store"})


def register(router):
    return [path("desk/", DeskView.as_view(), name="desk")]
