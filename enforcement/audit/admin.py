from django.contrib import admin

from enforcement.accounts import access

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only; visible to the audit administrator alone. Nobody can change or delete events."""

    list_display = ["created_at", "username", "ip", "event_type", "object_type", "object_id", "outcome"]
    list_filter = ["outcome", "event_type"]
    search_fields = ["username", "object_id", "event_type"]

    def has_module_permission(self, request):
        return access.can(request.user, "audit.view")

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, "audit.view")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
