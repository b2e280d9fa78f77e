"""行政行为码: one unique, human-readable code for every administrative action (case, inspection …)."""

from django.db import models
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
