"""Dispatches (派单), triage proposals (数据研判), early warnings (预警) and replies (回复) of a clue."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule

from .clue import Clue, Urgency


class Dispatch(models.Model):
    """One dispatch of a clue to a township team, a zone's responsible officers or a bureau unit."""

    class Target(models.TextChoices):
        TOWNSHIP = "township", _("township team")
        ZONE = "zone", _("zone's responsible officers")
        BUREAU = "bureau", _("bureau unit")

    class Status(models.TextChoices):
        ACTIVE = "active", _("dispatch in progress")
        REFUSED = "refused", _("dispatch refused")
        DONE = "done", _("dispatch completed")

    clue = models.ForeignKey(Clue, verbose_name=_("clue"), on_delete=models.PROTECT, related_name="dispatches")
    target = models.CharField(_("dispatched to"), max_length=10, choices=Target.choices)
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="clue_dispatches")
    zone = models.ForeignKey("townships.Zone", verbose_name=_("zone"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="clue_dispatches")
    unit_name = models.CharField(_("bureau unit"), max_length=100, blank=True)
    officers = models.ManyToManyField("townships.Officer", verbose_name=_("officers"), blank=True,
                                      related_name="clue_dispatches")
    # True when named officers hold accounts: then only they may acknowledge, arrive and report.
    officers_only = models.BooleanField(_("only the named officers respond"), default=False)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices)
    note = models.TextField(_("instructions"), blank=True)
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("dispatched by"),
                                      on_delete=models.PROTECT, related_name="clue_dispatches")
    dispatched_at = models.DateTimeField(_("dispatched at"), default=timezone.now)
    response_deadline = models.DateTimeField(_("on the spot by"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    arrival_latitude = models.DecimalField(_("arrival latitude"), max_digits=9, decimal_places=6, null=True,
                                           blank=True)
    arrival_longitude = models.DecimalField(_("arrival longitude"), max_digits=9, decimal_places=6, null=True,
                                            blank=True)
    refused_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("refused by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    SCOPE = ScopeRule(township="clue__township", department="clue__source_department")

    class Meta:
        ordering = ["dispatched_at", "id"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        indexes = [
            models.Index(fields=["-dispatched_at"], name="dispatch_recent"),
            models.Index(fields=["clue", "dispatched_at"], name="dispatch_clue"),
        ]

    def __str__(self):
        return f"{self.clue_id} → {self.get_target_display()}"

    @property
    def on_time(self):
        return bool(self.arrived_at and self.arrived_at <= self.response_deadline)


class TriageProposal(models.Model):
    """What the system proposed on intake and what the operator chose, so proposal quality is measurable."""

    clue = models.OneToOneField(Clue, verbose_name=_("clue"), on_delete=models.CASCADE, related_name="proposal")
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    items = models.JSONField(_("proposed items"), default=list, blank=True)  # [{code, name, score}]
    township = models.ForeignKey("townships.Township", verbose_name=_("proposed township"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    zone = models.ForeignKey("townships.Zone", verbose_name=_("proposed zone"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    place_method = models.CharField(_("how the place was found"), max_length=20, blank=True)
    place_score = models.FloatField(_("place score"), null=True, blank=True)
    duplicates = models.JSONField(_("possible duplicates"), default=list, blank=True)  # [{code, score, reasons}]
    # Dispatch by place (geo): the zone's responsible officers and the nearest on-duty officers,
    # [{id, employee_number, name, reason: "zone"|"nearest", distance_m, seen_at}]; and the flag of a point
    # that lies outside every zone's polygon.
    officers = models.JSONField(_("proposed officers"), default=list, blank=True)
    outside_zones = models.BooleanField(_("outside every zone"), default=False)

    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    chosen_item = models.ForeignKey("catalog.Item", verbose_name=_("chosen item"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    chosen_township = models.ForeignKey("townships.Township", verbose_name=_("chosen township"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    chosen_zone = models.ForeignKey("townships.Zone", verbose_name=_("chosen zone"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    item_accepted = models.BooleanField(_("first item proposal accepted"), null=True, blank=True)
    item_in_top3 = models.BooleanField(_("chosen item among the proposals"), null=True, blank=True)
    township_accepted = models.BooleanField(_("township proposal accepted"), null=True, blank=True)
    zone_accepted = models.BooleanField(_("zone proposal accepted"), null=True, blank=True)
    duplicate_accepted = models.BooleanField(_("merged into a proposed duplicate"), null=True, blank=True)

    SCOPE = ScopeRule(township="clue__township", department="clue__source_department")

    class Meta:
        verbose_name = _("triage proposal")
        verbose_name_plural = _("triage proposals")
        indexes = [models.Index(fields=["decided_at"], name="proposal_decided")]

    def __str__(self):
        return f"{self.clue_id} proposal"


class EarlyWarning(models.Model):
    """预警: a warning notice with a rectification deadline; the re-check on the deadline records the outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("rectification pending")
        RECTIFIED = "rectified", _("rectified")
        UNRECTIFIED = "unrectified", _("not rectified")

    clue = models.OneToOneField(Clue, verbose_name=_("clue"), on_delete=models.PROTECT, related_name="warning")
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="clue_warnings")
    notice_number = models.CharField(_("warning notice number"), max_length=40, unique=True)
    requirement = models.TextField(_("what must be rectified"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT,
                                  related_name="clue_warnings")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    rectification_deadline = models.DateField(_("rectify by"))
    outcome = models.CharField(_("re-check outcome"), max_length=12, choices=Outcome.choices,
                               default=Outcome.PENDING)
    rechecked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("re-checked by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)
    recheck_note = models.TextField(_("re-check notes"), blank=True)

    SCOPE = ScopeRule(township="township")

    class Meta:
        ordering = ["rectification_deadline", "id"]
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        indexes = [
            models.Index(fields=["rectification_deadline"], condition=Q(outcome="pending"),
                         name="warning_recheck_due"),
            models.Index(fields=["township", "issued_at"], name="warning_township"),
        ]

    def __str__(self):
        return self.notice_number


class Reply(models.Model):
    """回复: the answer owed to a complainant with contact details, due within the setting's working days."""

    class Method(models.TextChoices):
        PHONE = "phone", _("phone call")
        SMS = "sms", _("text message")
        LETTER = "letter", _("letter")
        VISIT = "visit", _("in person")
        HOTLINE = "hotline", _("through the 12345 system")

    class Satisfaction(models.TextChoices):
        NONE = "", _("not recorded")
        VERY_SATISFIED = "very_satisfied", _("very satisfied")
        SATISFIED = "satisfied", _("satisfied")
        BASIC = "basic", _("basically satisfied")
        UNSATISFIED = "unsatisfied", _("unsatisfied")
        UNREACHABLE = "unreachable", _("could not be reached")

    clue = models.OneToOneField(Clue, verbose_name=_("clue"), on_delete=models.PROTECT, related_name="reply")
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="clue_replies")
    due_on = models.DateField(_("reply due"))
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="clue_replies")
    method = models.CharField(_("how"), max_length=8, choices=Method.choices, blank=True)
    text = models.TextField(_("reply"), blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True)

    SCOPE = ScopeRule(township="township")

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [
            models.Index(fields=["due_on"], condition=Q(replied_at__isnull=True), name="reply_pending_due"),
            models.Index(fields=["township", "due_on"], name="reply_township_due"),
        ]

    def __str__(self):
        return f"{self.clue_id} reply"

    @property
    def on_time(self):
        return bool(self.replied_at and timezone.localdate(self.replied_at) <= self.due_on)
