"""Admin views of the catalogue are read-only: items change only through the services (add, amend,
retire), which write the Adjustment history; nothing is ever deleted."""

from django.contrib import admin

from enforcement.core.admin import ReadOnlyAdmin

from .models import Adjustment, Domain, ImportJob, Item


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort_order"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "domain", "power_type", "tier", "status", "version"]
    list_filter = ["power_type", "tier", "status", "no_penalty", "correction_first", "warning_only", "domain"]
    list_select_related = ["domain"]
    search_fields = ["code", "name", "pinyin_initials"]


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["item", "kind", "reason", "document_number", "effective_date", "actor"]
    list_filter = ["kind", "reason"]
    list_select_related = ["item", "actor"]
    search_fields = ["item__code", "document_number"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["filename", "status", "total_rows", "created_count", "updated_count", "actor", "created_at"]
    list_filter = ["status"]
    list_select_related = ["actor"]
