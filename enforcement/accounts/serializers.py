from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from .models import User


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
