import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.audit import services as audit

from . import access
from .authentication import forget_tokens
from .models import ADMINISTRATOR_ROLES, TOWNSHIP_ROLES, DeviceToken, Role, User


@transaction.atomic
def device_token_issue(*, user, device_name=""):
    """Create a token for one device; returns the plain key (shown once, stored hashed)."""
    key = DeviceToken.new_key()
    token = DeviceToken(
        user=user,
        device_name=device_name[:100],
        key_hash=DeviceToken.hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    token.full_clean()
    token.save()
    audit.record("auth.token_issued", actor=user, obj=token, device=token.device_name)
    return key, token


@transaction.atomic
def device_token_revoke(*, actor, token):
    """Revoke one device's token: its owner may, and so may the security administrator (三员分立)."""
    if token.user_id != actor.pk and not actor.is_superuser:  # the break-glass admin site's action too
        access.require(actor, "accounts.security")
    token = DeviceToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("auth.token_revoked", actor=actor, obj=token, owner=token.user.username,
                     device=token.device_name)
    return token


def user_has_audit_history(user):
    """True when audit events name `user`: the append-only log keeps them, so the account cannot be deleted."""
    from enforcement.audit.models import AuditEvent

    return AuditEvent.objects.filter(user=user).exists()


@transaction.atomic
def user_deactivate(*, actor, user, reason=""):
    """Deactivate an account instead of deleting it: it can no longer sign in, its device tokens are revoked,
    and its audit history keeps pointing at it (SECURITY §12: the audit log is append-only)."""
    if not actor.is_superuser:  # the break-glass admin site's delete goes through here too
        access.require(actor, "accounts.manage")
    _not_self(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    now = timezone.now()
    tokens = DeviceToken.objects.filter(user=user, revoked_at__isnull=True)
    forget_tokens(tokens.values_list("key_hash", flat=True))  # the cached lookups (accounts.authentication)
    revoked = tokens.update(revoked_at=now)
    audit.record("accounts.user_deactivated", actor=actor, obj=user, role=user.role, reason=reason[:200],
                 tokens_revoked=revoked)
    return user


# ------------------------------------------------------------------------------------------------------------
# Daily account administration without a Django superuser (三员分立, SECURITY §1 and §6). The system administrator
# creates and deactivates accounts; the security administrator gives them a role and scope, locks, unlocks and
# resets them. Nobody administers their own account, and the three administrator roles are appointed only in the
# break-glass Django admin (a superuser made with `createsuperuser`).

def _not_self(actor, user):
    if actor.pk == user.pk:
        raise PermissionDenied(_("Nobody administers their own account: ask another administrator."))


def _lock_user(user):
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def user_create(*, actor, username, display_name=""):
    """A new account without a role and without a password: it can do nothing until the security administrator
    assigns its role and issues its first password."""
    access.require(actor, "accounts.manage")
    user = User(username=username, display_name=display_name)
    user.set_unusable_password()
    user.full_clean(exclude=["password", "role"])  # no role yet: the security administrator gives it
    user.save()
    audit.record("accounts.user_created", actor=actor, obj=user, role="")
    return user


@transaction.atomic
def user_assign(*, actor, user, role, township=None, department=None):
    """Give an account its role, township and department (the security administrator alone)."""
    access.require(actor, "accounts.security")
    _not_self(actor, user)
    user = _lock_user(user)
    if role in ADMINISTRATOR_ROLES or user.role in ADMINISTRATOR_ROLES:
        raise ValidationError({"role": [_(
            "The system, security and audit administrators are appointed only through the break-glass "
            "administration site, so that none of them can grant itself another's powers (三员分立).")]})
    before = {"role": user.role, "township": getattr(user.township, "code", None),
              "department": getattr(user.department, "code", None)}
    user.role = role
    user.township = township if role in TOWNSHIP_ROLES else None
    user.department = department if role in (Role.LIAISON, Role.STAFF) else None
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "township", "department"])
    after = {"role": user.role, "township": getattr(user.township, "code", None),
             "department": getattr(user.department, "code", None)}
    audit.record("accounts.role_changed", actor=actor, obj=user, role=user.role, before=before, after=after,
                 changed=sorted(key for key in after if after[key] != before[key]))
    return user


@transaction.atomic
def user_lock(*, actor, user, reason):
    """Lock an account until it is unlocked: no login, its sessions end (the backend refuses it), its device
    tokens are revoked."""
    access.require(actor, "accounts.security")
    _not_self(actor, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the lock.")]})
    user = _lock_user(user)
    if user.locked_at is None:
        user.locked_at = timezone.now()
    user.locked_reason = reason[:200]
    user.save(update_fields=["locked_at", "locked_reason"])
    tokens = DeviceToken.objects.filter(user=user, revoked_at__isnull=True)
    forget_tokens(tokens.values_list("key_hash", flat=True))  # the cached lookups (accounts.authentication)
    revoked = tokens.update(revoked_at=timezone.now())
    audit.record("accounts.user_locked", actor=actor, obj=user, reason=user.locked_reason, tokens_revoked=revoked)
    return user


@transaction.atomic
def user_unlock(*, actor, user):
    """Lift the security administrator's lock and django-axes' lock after failed logins."""
    access.require(actor, "accounts.security")
    _not_self(actor, user)
    from axes.models import AccessAttempt

    user = _lock_user(user)
    was_locked = user.locked_at is not None
    user.locked_at = None
    user.locked_reason = ""
    user.save(update_fields=["locked_at", "locked_reason"])
    attempts, _deleted = AccessAttempt.objects.filter(username=user.username).delete()
    audit.record("accounts.user_unlocked", actor=actor, obj=user, was_locked=was_locked,
                 failed_login_records_cleared=attempts)
    return user


def _temporary_password():
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
    while True:
        candidate = ("".join(secrets.choice(alphabet) for _index in range(12)) + secrets.choice("!#%+=?@")
                     + secrets.choice("23456789"))
        try:
            validate_password(candidate)
        except ValidationError:
            continue
        return candidate


@transaction.atomic
def user_reset_password(*, actor, user):
    """Issue a temporary password (returned once, to hand over in person): the user must choose a new one at the
    next login, and the old device tokens stop working."""
    access.require(actor, "accounts.security")
    _not_self(actor, user)
    user = _lock_user(user)
    password = _temporary_password()
    user.set_password(password)
    user.save()
    # Expired on purpose: the password-expiry middleware sends the user to the change page at the next login.
    expired = timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)
    User.objects.filter(pk=user.pk).update(password_changed_at=expired)
    user.password_changed_at = expired
    tokens = DeviceToken.objects.filter(user=user, revoked_at__isnull=True)
    forget_tokens(tokens.values_list("key_hash", flat=True))  # the cached lookups (accounts.authentication)
    revoked = tokens.update(revoked_at=timezone.now())
    audit.record("accounts.password_reset", actor=actor, obj=user, tokens_revoked=revoked)
    return user, password
