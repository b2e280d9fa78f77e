"""Coercive measures (行政强制措施) on a case: 查封 / 扣押 (《行政强制法》 arts. 18–28) and 先行登记保存
(《行政处罚法》 art. 56).

One row per measure, with its inventory (清单, `CoerciveItem`) and its on-site record (现场笔录, kept on the row).
Written only by `case_transition` (actions take_coercive_measure, extend_coercive_measure,
release_coercive_measure, decide_coercive_measure; see `cases.services.coercive`). The stored `status` says what
was recorded (in force, extended, released, decided); a measure in force past its `deadline` is *overdue*
(`is_overdue`, `state`), which no stored status hides: it is listed as overdue and only its release or the
decision on it may still be recorded (art. 25).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule

SEIZURE_MAX_DAYS = 30  # 行政强制法 art. 25: at most 30 days
EXTENSION_MAX_DAYS = 30  # art. 25: one extension of at most 30 days, approved by the responsible person
PRESERVATION_WORKDAYS = 7  # 行政处罚法 art. 56, 85: the handling is decided within seven working days


class CoerciveKind(models.TextChoices):
    SEAL_UP = "seal_up", _("seal-up (查封)")
    SEIZURE = "seizure", _("seizure (扣押)")
    PRESERVATION = "preservation", _("registration and preservation of evidence (先行登记保存)")


class CoerciveStatus(models.TextChoices):
    ACTIVE = "active", _("in force")
    EXTENDED = "extended", _("in force, period extended")
    RELEASED = "released", _("released (解除)")
    DECIDED = "decided", _("handling decided")


IN_FORCE = (CoerciveStatus.ACTIVE, CoerciveStatus.EXTENDED)


class ReleaseReason(models.TextChoices):
    """行政强制法 art. 28 (and 行政处罚法 art. 56 for 先行登记保存)."""

    NO_VIOLATION = "no_violation", _("the party committed no violation (art. 28 (一))")
    UNRELATED = "unrelated", _("unrelated to the violation (art. 28 (二))")
    DECIDED = "decided", _("the violation was decided on, no longer needed (art. 28 (三))")
    EXPIRED = "expired", _("the period expired (art. 28 (四))")
    NOT_NEEDED = "not_needed", _("no longer needed for other reasons (art. 28 (五))")


class Handling(models.TextChoices):
    """The decision on what was seized (行政强制法 art. 27) or preserved (行政处罚法 art. 56)."""

    CONFISCATE = "confiscate", _("confiscated (没收)")
    DESTROY = "destroy", _("destroyed as the law requires (销毁)")
    EVIDENCE = "evidence", _("evidence secured by record, copy, photo or video (证据保全)")
    TESTING = "testing", _("sent for testing, inspection or appraisal (检测、检验、鉴定)")
    SEIZE = "seize", _("sealed up or seized according to law (依法查封、扣押)")


# Which handlings fit which measure: a seal-up or seizure ends by release or by confiscation / destruction
# (art. 27); 先行登记保存 by any of them (its release is the action release_coercive_measure).
HANDLINGS = {
    CoerciveKind.SEAL_UP: (Handling.CONFISCATE, Handling.DESTROY),
    CoerciveKind.SEIZURE: (Handling.CONFISCATE, Handling.DESTROY),
    CoerciveKind.PRESERVATION: tuple(Handling.values),
}


class CoerciveMeasure(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="coercive_measures")
    number = models.PositiveSmallIntegerField(_("measure number"))
    kind = models.CharField(_("kind"), max_length=12, choices=CoerciveKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=CoerciveStatus.choices,
                              default=CoerciveStatus.ACTIVE)
    # the decision (查封 / 扣押决定书, 先行登记保存通知书): art. 18 (一), 24; 行政处罚法 art. 56
    decided_on = models.DateField(_("decided on"))
    approved_by = models.CharField(_("approved by (responsible person)"), max_length=100)
    reason = models.TextField(_("reason"))
    legal_basis = models.TextField(_("legal basis"))
    place = models.CharField(_("place or premises"), max_length=200)
    period_days = models.PositiveSmallIntegerField(_("period (days)"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    # the on-site record (现场笔录, art. 18 (二)–(九))
    record_time = models.TimeField(_("time of the on-site record"))
    record_place = models.CharField(_("place of the on-site record"), max_length=200)
    on_site_officers = models.JSONField(_("officers on site"), default=list)  # [{name, certificate_number}]
    party_present = models.BooleanField(_("party present"), default=True)
    party_refused_to_sign = models.BooleanField(_("party refused to sign"), default=False)
    witness = models.CharField(_("witness"), max_length=100, blank=True)
    record_note = models.TextField(_("on-site record"))
    # art. 25: one extension
    extended_on = models.DateField(_("extended on"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extension (days)"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("extension approved by"),
                                              null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # arts. 27, 28: release, or the decision on the goods
    released_on = models.DateField(_("released on"), null=True, blank=True)
    release_reason = models.CharField(_("reason for the release"), max_length=14, choices=ReleaseReason.choices,
                                      blank=True)
    goods_returned = models.BooleanField(_("goods returned to the party"), default=False)
    release_note = models.TextField(_("release notes"), blank=True)
    handled_on = models.DateField(_("handling decided on"), null=True, blank=True)
    handling = models.CharField(_("handling"), max_length=12, choices=Handling.choices, blank=True)
    handling_note = models.TextField(_("handling notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    SCOPE = ScopeRule(township="case__township", department="case__transferred_from")

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("coercive measure")
        verbose_name_plural = _("coercive measures")
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="coercive_measure_case_number")]
        indexes = [
            models.Index(fields=["deadline"], name="coercive_in_force_deadline",
                         condition=models.Q(status__in=["active", "extended"])),
            models.Index(fields=["decided_on", "kind"], name="coercive_decided_kind"),
        ]

    def __str__(self):
        return f"{self.case_id} #{self.number} {self.kind}"

    @property
    def in_force(self):
        return self.status in IN_FORCE

    def overdue_on(self, today):
        return self.in_force and self.deadline < today

    @property
    def is_overdue(self):
        return self.overdue_on(timezone.localdate())

    @property
    def state(self):
        """What the measure is today: its status, or "overdue" once in force past its deadline (art. 25, 56)."""
        return "overdue" if self.is_overdue else self.status

    @property
    def state_label(self):
        return _("overdue (past its deadline, not released)") if self.is_overdue else self.get_status_display()

    @property
    def can_extend(self):
        return self.kind != CoerciveKind.PRESERVATION and self.status == CoerciveStatus.ACTIVE


class CoerciveItem(models.Model):
    """One line of the inventory (清单, art. 24): what was sealed up, seized or preserved, and where it is kept."""

    measure = models.ForeignKey(CoerciveMeasure, verbose_name=_("coercive measure"), on_delete=models.PROTECT,
                                related_name="items")
    position = models.PositiveSmallIntegerField(_("line"))
    name = models.CharField(_("item name"), max_length=200)
    spec = models.CharField(_("specification"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20)
    kept_at = models.CharField(_("kept at"), max_length=200)
    note = models.CharField(_("notes"), max_length=500, blank=True)

    SCOPE = ScopeRule(township="measure__case__township", department="measure__case__transferred_from")

    class Meta:
        ordering = ["measure", "position"]
        verbose_name = _("inventory line")
        verbose_name_plural = _("inventory lines")

    def __str__(self):
        return f"{self.name} {self.quantity}{self.unit}"
