"""Administrative review (行政复议) and litigation (行政诉讼) against a decision, and the defence tasks (应诉).

A case has at most one open appeal at a time (`Case.open_appeal`); the party's later appeal (a lawsuit after
a review decision) is a new row. Written only by `case_transition` (actions file_appeal,
record_appeal_outcome, add_appeal_task, complete_appeal_task).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class AppealKind(models.TextChoices):
    REVIEW = "review", _("administrative review (行政复议)")
    LITIGATION = "litigation", _("administrative litigation (行政诉讼)")


class AppealOutcome(models.TextChoices):
    PENDING = "", _("pending")
    UPHELD = "upheld", _("upheld (维持)")
    REVOKED = "revoked", _("revoked (撤销)")
    VARIED = "varied", _("varied (变更)")
    CONFIRMED_ILLEGAL = "confirmed_illegal", _("confirmed illegal (确认违法)")
    REDO = "redo", _("ordered to decide anew (责令重作)")
    DISMISSED = "dismissed", _("dismissed (驳回)")


# Outcomes that correct the agency (纠错): the 纠错率 of the monthly report counts these.
CORRECTING_OUTCOMES = (AppealOutcome.REVOKED, AppealOutcome.VARIED, AppealOutcome.CONFIRMED_ILLEGAL,
                       AppealOutcome.REDO)


class AppealTaskKind(models.TextChoices):
    DEFENCE = "defence", _("defence statement and evidence (答辩状)")
    HEARING = "hearing", _("hearing (开庭 / 听取意见)")
    OTHER = "other", _("other")


class Appeal(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="appeals")
    kind = models.CharField(_("kind"), max_length=12, choices=AppealKind.choices)
    body = models.CharField(_("review body or court"), max_length=200)
    reference = models.CharField(_("case number at the body"), max_length=100, blank=True)
    filed_on = models.DateField(_("filed on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=AppealOutcome.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome notes"), blank=True)
    varied_fine = models.DecimalField(_("varied fine (yuan)"), max_digits=14, decimal_places=2, null=True,
                                      blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = _("review or lawsuit")
        verbose_name_plural = _("reviews and lawsuits")
        indexes = [models.Index(fields=["decided_on", "kind"]), models.Index(fields=["filed_on", "kind"])]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.filed_on}"

    @property
    def is_correcting(self):
        return self.outcome in CORRECTING_OUTCOMES


class AppealTask(models.Model):
    """A defence task of the legal staff (应诉) with its deadline."""

    appeal = models.ForeignKey(Appeal, verbose_name=_("review or lawsuit"), on_delete=models.PROTECT,
                               related_name="tasks")
    kind = models.CharField(_("task"), max_length=10, choices=AppealTaskKind.choices)
    due_on = models.DateField(_("due on"))
    note = models.TextField(_("notes"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    SCOPE = ScopeRule(township="appeal__case__township", department="appeal__case__transferred_from")

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("defence task")
        verbose_name_plural = _("defence tasks")
        indexes = [models.Index(fields=["due_on"], name="appeal_task_open_due", condition=models.Q(done_on=None))]

    def __str__(self):
        return f"{self.appeal_id} {self.kind} {self.due_on}"
