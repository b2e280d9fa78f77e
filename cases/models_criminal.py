"""Transfer of a case to the police or the procuratorate (两法衔接; 《行政执法机关移送涉嫌犯罪案件的规定》).

A case has at most one open transfer (`Case.open_criminal_transfer`); the body's decision 立案 ends the case
administratively (transferred), 不予立案 or 退回 lets it continue."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class CriminalDecision(models.TextChoices):
    PENDING = "", _("pending")
    FILED = "filed", _("filed as a criminal case (立案)")
    NOT_FILED = "not_filed", _("not filed (不予立案)")
    RETURNED = "returned", _("returned (退回)")


class CriminalTransfer(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="criminal_transfers")
    body = models.CharField(_("receiving body"), max_length=200)
    suspected_crime = models.CharField(_("suspected crime"), max_length=200)
    evidence_list = models.TextField(_("evidence list"))
    sent_on = models.DateField(_("sent on"))
    received_on = models.DateField(_("receipt date"), null=True, blank=True)
    decision = models.CharField(_("decision of the body"), max_length=10, choices=CriminalDecision.choices,
                                blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("transfer to the police or procuratorate")
        verbose_name_plural = _("transfers to the police or procuratorate")

    def __str__(self):
        return f"{self.case_id} {self.body} {self.sent_on}"
