"""Read-only admin: reports are built by the services (beat, command, report page), ratings on the
evaluation page, so that every write is validated and audited."""

from django.contrib import admin

from enforcement.core.admin import ReadOnlyAdmin

from .models import EaseRating, MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ["period", "township", "status", "generated_at", "file_size", "attempts"]
    list_filter = ["status", "township"]
    list_select_related = ["township"]
    exclude = ["figures"]


@admin.register(EaseRating)
class EaseRatingAdmin(ReadOnlyAdmin):
    list_display = ["township", "item", "easy_to_take_over", "easy_to_operate", "rated_by", "rated_at"]
    list_filter = ["township"]
    list_select_related = ["township", "item", "rated_by"]
    search_fields = ["item__code", "item__name"]
