from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from enforcement.core.formats import choice_labels
from townships.models import Department, Township

from .models import ADMINISTRATOR_ROLES, Role, User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"), max_length=150)
    # Bounded so that nobody can make the server hash megabytes (Argon2 is deliberately slow).
    password = serializers.CharField(label=_("Password"), style={"input_type": "password"}, trim_whitespace=False,
                                     max_length=256)
    device_name = serializers.CharField(label=_("Device"), max_length=100, required=False, allow_blank=True)
    otp_token = serializers.CharField(
        label=_("Dynamic code"), max_length=20, required=False, allow_blank=True, write_only=True,
        help_text="Required for the roles that sign in with two factors (settings.OTP_REQUIRED_ROLES: administrators, "
                  "bureau staff, legal reviewers, leadership) and for users who enrolled a device: the current "
                  "6-digit TOTP code of their authenticator app, or one unused recovery code (consumed). Missing "
                  "or wrong: 400 with an error on `otp_token`, counted as a failed login for the lockout.")


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    role_names = serializers.SerializerMethodField()
    township = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["username", "display_name", "roles", "role_names", "township", "department"]

    def get_role_names(self, user) -> list[str]:
        return [str(user.get_role_display())] if user.role else []


def me_payload(user):
    """MeSerializer(user).data built directly: /api/v1/me/ is the request floor, and a ModelSerializer builds
    its fields anew on every call (a third of the request's CPU). A test holds the two equal."""
    township, department = user.township, user.department
    return {"username": user.username, "display_name": user.display_name, "roles": list(user.roles),
            "role_names": [choice_labels(Role).get(user.role, user.role)] if user.role else [],
            "township": township.code if township is not None else None,
            "department": department.code if department is not None else None}


# ------------------------------------------------------------------------------------------------------------
# Account administration (三员分立): the output, and one input serializer per action.

class AccountSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    township = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    locked = serializers.SerializerMethodField()
    active_tokens = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role", "role_display", "township", "department", "is_active",
                  "locked", "locked_at", "locked_reason", "last_login", "password_changed_at", "active_tokens"]
        read_only_fields = fields

    def get_locked(self, user) -> bool:
        return user.locked_at is not None


class AccountCreateInput(serializers.Serializer):
    """System administrator: a new account, without role and password (the security administrator gives both)."""

    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150, label=_("User name"))
    display_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="",
                                         label=_("Display name"))


class AccountReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200, label=_("Reason"))


class AccountAssignInput(serializers.Serializer):
    """Security administrator: the role (not one of the three administrators), township and department codes."""

    role = serializers.ChoiceField(choices=[(role.value, role.label) for role in Role
                                            if role not in ADMINISTRATOR_ROLES], label=_("Role"))
    township = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True, default=None,
                                            queryset=Township.objects.all(), label=_("Township"))
    department = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True, default=None,
                                              queryset=Department.objects.all(), label=_("Department"))


class AccountPasswordOutput(serializers.Serializer):
    account = AccountSerializer()
    temporary_password = serializers.CharField(help_text="shown once; the user must change it at the next login")
