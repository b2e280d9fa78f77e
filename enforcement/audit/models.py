"""Append-only, hash-chained audit trail of security and business events."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule

# Chinese names of the security events recorded here; apps may record other types (shown as their code).
EVENT_LABELS = {
    "auth.login": _("login"),
    "auth.login_failed": _("failed login"),
    "auth.lockout": _("account locked"),
    "auth.login_throttled": _("login attempts throttled"),
    "auth.logout": _("logout"),
    "auth.password_changed": _("password changed"),
    "auth.token_issued": _("device token issued"),
    "auth.token_revoked": _("device token revoked"),
    "accounts.role_changed": _("role changed"),
    "accounts.user_created": _("user created"),
    "accounts.user_deactivated": _("user deactivated instead of deleted"),
    "accounts.user_locked": _("account locked by the security administrator"),
    "accounts.user_unlocked": _("account unlocked"),
    "accounts.password_reset": _("temporary password issued"),
    "audit.verify": _("audit chain checked"),
    "audit.export": _("audit log exported"),
}


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    class Outcome(models.TextChoices):
        SUCCESS = "success", _("success")
        FAILURE = "failure", _("failure")
        DENIED = "denied", _("denied")

    created_at = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("source IP"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    event_type = models.CharField(_("event type"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()
    SCOPE = ScopeRule(audit=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.event_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")

    @property
    def event_label(self):
        return EVENT_LABELS.get(self.event_type, self.event_type)

    def payload(self):
        """The canonical text that the hash covers."""
        return json.dumps(
            {
                "created_at": self.created_at.isoformat(),
                "user_id": self.user_id,
                "username": self.username,
                "ip": self.ip,
                "request_id": self.request_id,
                "event_type": self.event_type,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "outcome": self.outcome,
                "detail": self.detail,
            },
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )

    def compute_hash(self):
        return hashlib.sha256((self.prev_hash + self.payload()).encode()).hexdigest()
