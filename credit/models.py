"""信用修复 (credit repair, seed 004): a subject whose published penalty decision is eligible applies; the agency
records the rectification (fine paid, violation corrected, 信用承诺书), decides, and the publication is ended
(终止公示) or shown as repaired (已信用修复) from the day of the decision.

Written only by `credit.services` through the one transition table in `credit/workflow.py`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class State(models.TextChoices):
    APPLIED = "applied", _("applied (已申请)")
    ACCEPTED = "accepted", _("accepted (已受理)")
    APPROVED = "approved", _("repaired (已修复)")
    REFUSED = "refused", _("refused (不予修复)")
    WITHDRAWN = "withdrawn", _("withdrawn by the applicant (已撤回)")


OPEN_STATES = (State.APPLIED, State.ACCEPTED)


class Effect(models.TextChoices):
    """What an approved repair does to the public page."""

    END = "end", _("publication ended (终止公示)")
    MARK = "mark", _("kept, marked credit repaired (标注已信用修复)")


class CreditRepair(models.Model):
    code = models.CharField(_("application number"), max_length=30, unique=True)
    publication = models.ForeignKey("cases.Publication", verbose_name=_("published decision"),
                                    on_delete=models.PROTECT, related_name="credit_repairs")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="credit_repairs")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.APPLIED)
    applicant = models.CharField(_("applicant"), max_length=200)
    applied_on = models.DateField(_("applied on"))
    request = models.TextField(_("application (申请事由)"), blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    corrected = models.BooleanField(_("violation corrected"), default=False)
    correction_note = models.TextField(_("how the violation was corrected"), blank=True)
    commitment_on = models.DateField(_("credit commitment letter (信用承诺书) received on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    effect = models.CharField(_("effect on the publication"), max_length=4, choices=Effect.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("credit repair")
        verbose_name_plural = _("credit repairs")
        constraints = [
            # one application in progress per published decision
            models.UniqueConstraint(fields=["publication"], condition=models.Q(state__in=["applied", "accepted"]),
                                    name="credit_repair_one_open"),
        ]
        indexes = [models.Index(fields=["state", "-applied_on"], name="credit_repair_state")]

    def __str__(self):
        return self.code

    @property
    def is_open(self):
        return self.state in OPEN_STATES
