import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scoping import ScopeRule


class Role(models.TextChoices):
    # 三员分立 (SECURITY §6): three administrators with disjoint powers, none of them a Django superuser.
    ADMIN = "admin", _("system administrator")
    SECURITY_ADMIN = "security_admin", _("security administrator")
    AUDITOR = "auditor", _("audit administrator")
    STAFF = "bureau_staff", _("bureau staff")
    TOWNSHIP_OFFICER = "township_officer", _("township enforcement officer")
    TOWNSHIP_REVIEWER = "township_reviewer", _("legal reviewer (township sub-centre)")
    DISTRICT_REVIEWER = "district_reviewer", _("legal reviewer (district centre)")
    LEADER = "leader", _("leadership")
    LIAISON = "liaison", _("department liaison")
    COMMAND = "command_centre", _("command-centre operator")
    TOWNSHIP_COMMAND = "township_command", _("township command-room operator")


TOWNSHIP_ROLES = {Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.TOWNSHIP_COMMAND}
# The three administrators. The security administrator assigns every other role; these three are appointed only
# through the break-glass Django admin (a superuser made with `createsuperuser`), so none can grant itself another.
ADMINISTRATOR_ROLES = {Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR}


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, db_index=True)
    township = models.ForeignKey(
        "townships.Township",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.ForeignKey(
        "townships.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo account"), default=False)
    # When the user's TOTP device was confirmed (None: not enrolled). A verified session remembers this value,
    # so a reset or a new enrolment ends every session verified with the old device, without a query per request.
    otp_confirmed_at = models.DateTimeField(_("two-factor enrolled at"), null=True, blank=True, editable=False)
    # A lock set by the security administrator: no login, no session, no device token until unlocked (unlike
    # django-axes' 30-minute lock after failed logins, which the unlock lifts too).
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_reason = models.CharField(_("reason for the lock"), max_length=200, blank=True)

    # Accounts are read by the system and security administrators only (access.scope).
    SCOPE = ScopeRule(accounts=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.username

    def clean(self):
        super().clean()
        if self.role in TOWNSHIP_ROLES and not self.township_id:
            raise ValidationError({"township": _("Township roles need a township.")})
        if self.role == Role.LIAISON and not self.department_id:
            raise ValidationError({"department": _("A department liaison needs a department.")})

    def save(self, *args, **kwargs):
        # An account created with a ready hash (create_user, the admin's add form, seed_demo) bypasses
        # set_password's password_changed hook: its initial password joins the history here (SECURITY §2).
        initial = self._state.adding and self._password is None and bool(self.password) and self.has_usable_password()
        super().save(*args, **kwargs)
        if initial:
            PasswordHistory.objects.create(user=self, password=self.password)

    @property
    def roles(self):
        return [self.role] if self.role else []

    def password_expired(self):
        if not self.password_changed_at:
            return False
        return (timezone.now() - self.password_changed_at).days > settings.PASSWORD_MAX_AGE_DAYS


class PasswordHistory(models.Model):
    """Earlier password hashes, so that the last few cannot be reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class DeviceTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class DeviceToken(models.Model):
    """An API token for one PDA device: stored hashed, expires, revocable on its own."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="device_tokens")
    device_name = models.CharField(_("device"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("token prefix"), max_length=8)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = DeviceTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("device token")
        verbose_name_plural = _("device tokens")

    def __str__(self):
        return f"{self.user} · {self.device_name or self.prefix}"

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls):
        return secrets.token_hex(20)
