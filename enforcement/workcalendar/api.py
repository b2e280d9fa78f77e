"""/api/v1/calendar-days/?year=YYYY and /api/v1/calendar-years/: the holiday calendar, read-only."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError

from enforcement.accounts import access
from enforcement.core import workdays
from enforcement.core.api import ScopedQuerysetMixin

from .models import CalendarDay, CalendarYear


class CanViewCalendar(permissions.BasePermission):
    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        return access.can(request.user, "calendar.view")


class CalendarDaySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CalendarDay
        fields = ["date", "year", "kind", "kind_display", "name", "source", "note", "updated_at"]


class CalendarYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarYear
        fields = ["year", "source", "notice", "confirmed_at"]


@extend_schema_view(list=extend_schema(
    description="Public holidays and make-up working days (调休) of a year; other days follow Monday–Friday. "
                "The response header X-Calendar-Covered says whether the year has official data.",
    parameters=[OpenApiParameter("year", int, description="e.g. 2027; default: this year")]))
class CalendarDayViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = CalendarDay.objects.all()
    serializer_class = CalendarDaySerializer
    permission_classes = [permissions.IsAuthenticated, CanViewCalendar]

    def year(self):
        raw = self.request.query_params.get("year", "")
        if not raw:
            return timezone.localdate().year
        if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
            raise ValidationError({"year": [_("Give the year, e.g. ?year=2027 (2000–2100).")]})
        return int(raw)

    def base_queryset(self):
        return self.queryset.filter(year=self.year()).order_by("date")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        covered = self.year() in workdays.snapshot().covered_years
        response["X-Calendar-Covered"] = "true" if covered else "false"
        return response


class CalendarYearViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Years whose official data the table holds: a year listed here is covered (art. 85 working days)."""

    queryset = CalendarYear.objects.all()
    serializer_class = CalendarYearSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewCalendar]

    def base_queryset(self):
        return self.queryset.order_by("-year")


def register(router):
    router.register("calendar-days", CalendarDayViewSet, basename="calendar-day")
    router.register("calendar-years", CalendarYearViewSet, basename="calendar-year")
    return []
