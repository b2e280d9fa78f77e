from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from enforcement.audit import services as audit

from .models import DeviceToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "role", "township", "department", "is_active", "last_login"]
    list_filter = ["role", "township", "is_active"]
    list_select_related = ["township", "department"]
    search_fields = ["username", "display_name"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Role and scope"), {"fields": ("display_name", "role", "township", "department", "is_demo")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Role and scope"), {"fields": ("display_name", "role", "township", "department")}),
    )

    # Changes to any of these are role changes for the audit log (SECURITY §10).
    PRIVILEGE_FIELDS = {"role", "township", "department", "is_active", "is_staff", "is_superuser", "groups",
                        "user_permissions"}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and self.PRIVILEGE_FIELDS & set(form.changed_data):
            audit.record("accounts.role_changed", actor=request.user, obj=obj,
                         role=obj.role, changed=sorted(form.changed_data))
        elif not change:
            audit.record("accounts.user_created", actor=request.user, obj=obj, role=obj.role)


@admin.register(DeviceToken)
class DeviceTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "device_name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["user__username", "device_name", "prefix"]
    readonly_fields = ["user", "device_name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        from .services import device_token_revoke

        for token in queryset.select_related("user"):
            device_token_revoke(actor=request.user, token=token)
