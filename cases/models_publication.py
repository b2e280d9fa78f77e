"""Publication of penalty decisions (行政处罚法 art. 48; 三项制度 行政执法公示): a snapshot made for the public,
with a citizen's personal data removed (name masked, no ID number, no address, no phone, no facts). The
public page reads only this table, never the case."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="publication")
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("date decided"))
    item_code = models.CharField(_("item code"), max_length=20)
    item_name = models.CharField(_("item name"), max_length=300)
    party = models.CharField(_("party (as published)"), max_length=200)
    facts = models.TextField(_("facts (organisations only)"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    penalty = models.CharField(_("penalty"), max_length=300)
    fine_amount = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    agency = models.CharField(_("agency"), max_length=200)
    published_on = models.DateField(_("published on"))
    due_by = models.DateField(_("to be published by"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)
    # 信用修复 (credit/): a serious breach (严重失信行为) is published longer; repaired_on is the day an approved
    # credit repair took effect (shown as 已信用修复, or the publication ended on that day)
    serious = models.BooleanField(_("serious breach of trust (严重失信行为)"), default=False)
    repaired_on = models.DateField(_("credit repaired on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("published decision")
        verbose_name_plural = _("published decisions")
        indexes = [
            models.Index(fields=["-decided_on", "-id"], name="publication_public",
                         condition=models.Q(withdrawn_on=None)),
            models.Index(fields=["item_code", "-decided_on"], name="publication_item",
                         condition=models.Q(withdrawn_on=None)),
        ]

    def __str__(self):
        return self.decision_number
