"""/api/v1/departments/, /api/v1/townships/ and /api/v1/officers/: scoped, filtered, paginated."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from enforcement.accounts import access
from enforcement.core.api import ScopedQuerysetMixin, ScopedReadOnlyViewSet

from . import selectors, services
from .filters import OfficerFilter
from .models import Department, Officer, Township, Zone
from .serializers import DepartmentSerializer, OfficerSerializer, TownshipSerializer, ZoneSerializer


class DepartmentViewSet(ScopedReadOnlyViewSet):
    """County departments (reference data), by code."""

    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    lookup_field = "code"


class TownshipViewSet(ScopedReadOnlyViewSet):
    """Townships and streets the user may see, with staffing counts and the staffing-standard check."""

    queryset = Township.objects.select_related("hub")
    serializer_class = TownshipSerializer
    lookup_field = "code"

    def base_queryset(self):
        return selectors.with_staffing(self.queryset.all()).order_by("code")


class CanViewOrganisation(permissions.BasePermission):
    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        return access.can(request.user, "org.view")


class ZoneViewSet(ScopedReadOnlyViewSet):
    """Zones (执法责任片区 / 网格) the user may see, with their responsible officers; `?township=` filters."""

    queryset = Zone.objects.select_related("township")
    serializer_class = ZoneSerializer
    lookup_field = "code"
    permission_classes = [permissions.IsAuthenticated, CanViewOrganisation]

    def base_queryset(self):
        qs = self.queryset.prefetch_related("officers").order_by("township__code", "code")
        if self.request.query_params.get("township"):
            qs = qs.filter(township__code=self.request.query_params["township"])
        return qs


class CanManageOrganisation(permissions.BasePermission):
    """Reading needs org.view; writing needs org.manage."""

    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        permission = "org.view" if request.method in permissions.SAFE_METHODS else "org.manage"
        return access.can(request.user, permission)


@extend_schema_view(
    list=extend_schema(description="Officers the user may see. Unknown township/department code → 400."),
)
class OfficerViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, mixins.UpdateModelMixin,
                     viewsets.GenericViewSet):
    """Officers (scoped). Bureau staff and administrators may create and update them."""

    queryset = Officer.objects.select_related("home_department", "township")
    serializer_class = OfficerSerializer
    filterset_class = OfficerFilter
    permission_classes = [permissions.IsAuthenticated, CanManageOrganisation]

    def base_queryset(self):
        return self.queryset.order_by("employee_number")

    def perform_create(self, serializer):
        serializer.instance = services.officer_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.officer_update(actor=self.request.user, officer=serializer.instance,
                                                      **serializer.validated_data)


def register(router):
    """Register this app's viewsets on the shared /api/v1/ router; return extra url patterns."""
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("townships", TownshipViewSet, basename="township")
    router.register("officers", OfficerViewSet, basename="officer")
    from . import qualification_api

    qualification_api.register(router)
    router.register("zones", ZoneViewSet, basename="zone")
    return []
