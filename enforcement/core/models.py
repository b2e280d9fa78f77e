"""行政行为码: one unique, human-readable code for every administrative action (case, inspection …)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class ActionKind(models.TextChoices):
    # The two-letter segment printed inside the code.
    PENALTY_CASE = "CF", _("administrative penalty case")
    SIMPLE_CASE = "JY", _("on-the-spot penalty")
    INSPECTION = "JC", _("administrative inspection")
    COERCION = "QZ", _("administrative coercion")


class ActionCode(models.Model):
    """The public register behind /verify/<code>/: agency, action type, date and status, never personal data."""

    code = models.CharField(_("action code"), max_length=40, unique=True)
    kind = models.CharField(_("action type"), max_length=2, choices=ActionKind.choices)
    agency = models.CharField(_("issuing agency"), max_length=100)
    issued_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("action code")
        verbose_name_plural = _("action codes")

    def __str__(self):
        return self.code


class ActionCodeSequence(models.Model):
    kind = models.CharField(max_length=2, choices=ActionKind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="action_code_sequence_unique")]

    def __str__(self):
        return f"{self.kind}-{self.year}: {self.last_number}"


class ClientRequest(models.Model):
    """A write a client sent under its own request id (the phone's outbox): the first answer is kept.

    `enforcement.core.idempotency` claims the row in the same transaction as the write it guards; the
    unique (user, key) pair is what makes a concurrent re-send wait and then get the first answer. Bodies
    may hold personal data (ID numbers): both are stored encrypted (SECURITY §13). Never exposed by any
    API or page, so no SCOPE rule.
    """

    user = models.ForeignKey("accounts.User", verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="client_requests")
    key = models.CharField(_("client request id"), max_length=64)
    scope = models.CharField(_("operation"), max_length=40)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=300)
    fingerprint = models.CharField(_("body fingerprint"), max_length=64)
    body_encrypted = models.TextField(_("request body (encrypted)"), blank=True)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_encrypted = models.TextField(_("response body (encrypted)"), blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("client request")
        verbose_name_plural = _("client requests")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="client_request_unique_per_user")]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
