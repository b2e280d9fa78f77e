"""Roll-up records of a city or province deployment: the counties' registered keys and their imported forms."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class CountyKey(models.Model):
    """A county that sends forms upstream, with the Ed25519 public key its files are signed with."""

    code = models.CharField(_("county code"), max_length=12, unique=True)
    name = models.CharField(_("county"), max_length=60)
    public_key = models.TextField(_("public key (PEM)"))
    key_id = models.CharField(_("key fingerprint"), max_length=16, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        verbose_name = _("county key")
        verbose_name_plural = _("county keys")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Submission(models.Model):
    """One county's forms for one month, as imported (verified) from its signed file."""

    county = models.ForeignKey(CountyKey, verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="submissions")
    month = models.CharField(_("month"), max_length=7)
    version = models.PositiveIntegerField(_("format version"))
    payload = models.JSONField(_("forms"))
    sha256 = models.CharField(_("file SHA-256"), max_length=64)
    generated_at = models.DateTimeField(_("generated at"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        verbose_name = _("county submission")
        verbose_name_plural = _("county submissions")
        ordering = ["-month", "county__code"]
        constraints = [models.UniqueConstraint(fields=["county", "month"], name="submission_once_per_month")]

    def __str__(self):
        return f"{self.county.code} {self.month}"
