from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enforcement.audit import services as audit

from .models import DeviceToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "role", "township", "department", "is_active", "last_login"]
    list_filter = ["role", "township", "is_active"]
    list_select_related = ["township", "department"]
    search_fields = ["username", "display_name"]
    readonly_fields = ["otp_confirmed_at"]
    actions = ["reset_two_factor"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Role and scope"), {"fields": ("display_name", "role", "township", "department", "is_demo")}),
        (_("Two-factor login"), {"fields": ("otp_confirmed_at",)}),
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

    @admin.action(description=_("Reset two-factor login (the user sets it up again at the next login)"))
    def reset_two_factor(self, request, queryset):
        from django.core.exceptions import PermissionDenied

        from . import otp

        try:
            for user in queryset:
                otp.reset(actor=request.user, user=user, reason="admin action")
        except PermissionDenied:
            self.message_user(request, gettext("Only the security administrator may reset two-factor login, and "
                                               "not for their own account."), messages.ERROR)
            return
        self.message_user(request, gettext("Two-factor login was reset for %(count)d accounts: they set it up "
                                           "again at their next login.") % {"count": queryset.count()},
                          messages.SUCCESS)

    # A user named in the append-only audit log cannot be deleted (the trigger refuses to blank the rows):
    # the account is deactivated instead, and the administrator is told so.
    def delete_view(self, request, object_id, extra_context=None):
        from .services import user_deactivate, user_has_audit_history

        user = self.get_object(request, object_id)
        if request.method == "POST" and user is not None and user_has_audit_history(user):
            if not self.has_delete_permission(request, user):
                return super().delete_view(request, object_id, extra_context)
            user_deactivate(actor=request.user, user=user, reason="delete requested")
            self.message_user(request, gettext(
                "%(user)s has entries in the audit log, which are kept for good: the account was deactivated "
                "instead of deleted (it can no longer sign in; its device tokens are revoked).") % {
                "user": user.username}, messages.WARNING)
            return redirect(reverse("admin:accounts_user_changelist"))
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        from .services import user_deactivate, user_has_audit_history

        kept = [user for user in queryset if user_has_audit_history(user)]
        for user in kept:
            user_deactivate(actor=request.user, user=user, reason="delete requested")
        queryset.exclude(pk__in=[user.pk for user in kept]).delete()
        if kept:
            self.message_user(request, gettext(
                "These accounts have entries in the audit log and were deactivated instead of deleted: "
                "%(users)s.") % {"users": "、".join(user.username for user in kept)}, messages.WARNING)


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
