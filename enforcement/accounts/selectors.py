from django.db.models import Count, Q
from django.utils import timezone

from . import access
from .models import DeviceToken, User


def device_tokens_of(*, user):
    """The device tokens a user holds (newest first), for the user's own devices page."""
    return DeviceToken.objects.filter(user=user).order_by("-created_at")


def user_list(*, actor, q="", role="", state=""):
    """The accounts the system and security administrators administer (access.scope: nobody else reads them),
    with the number of usable device tokens; filtered by name, role and state (active / locked / deactivated)."""
    rows = access.scope(User.objects.all(), actor).select_related("township", "department").annotate(
        active_tokens=Count("device_tokens", filter=Q(device_tokens__revoked_at__isnull=True,
                                                      device_tokens__expires_at__gt=timezone.now())))
    if q:
        rows = rows.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if role == "-":
        rows = rows.filter(role="")
    elif role:
        rows = rows.filter(role=role)
    if state == "active":
        rows = rows.filter(is_active=True, locked_at__isnull=True)
    elif state == "locked":
        rows = rows.filter(locked_at__isnull=False)
    elif state == "inactive":
        rows = rows.filter(is_active=False)
    return rows.order_by("username")


def user_detail(*, actor, pk):
    """One account (404 for roles that read no accounts), or None."""
    return user_list(actor=actor).filter(pk=pk).first()


def failed_login_lock(*, user):
    """django-axes' record of failed logins for the account (locked once it reaches the limit), or None."""
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(username=user.username).order_by("-attempt_time").first()
