from django.contrib import admin

from .models import CreditRepair


@admin.register(CreditRepair)
class CreditRepairAdmin(admin.ModelAdmin):
    """Read-only: applications are written through credit.services (audited), never here."""

    list_display = ("code", "state", "applicant", "applied_on", "decided_on")
    list_filter = ("state",)
    search_fields = ("code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
