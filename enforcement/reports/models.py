"""Monthly reports (月度报告) and the staff-entered ease ratings of the 三高两易 catalogue evaluation."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


def county_name():
    """The county's name, taken from the agency's name (示范县综合行政执法局 -> 示范县)."""
    return settings.AGENCY_NAME.removesuffix("综合行政执法局") or settings.AGENCY_NAME


def report_upload_to(instance, filename):
    return f"reports/{instance.period:%Y-%m}/{filename}"


class MonthlyReport(models.Model):
    """The report of one month for the county (township empty) or for one township."""

    class Status(models.TextChoices):
        PENDING = "pending", _("queued")
        RUNNING = "running", _("being generated")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    period = models.DateField(_("month"), help_text=_("The first day of the reported month."))
    township = models.ForeignKey(
        "townships.Township",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monthly_reports",
        help_text=_("Empty for the county-wide report."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    file = models.FileField(_("PDF file"), upload_to=report_upload_to, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    figures = models.JSONField(_("figures snapshot"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Township roles see their own township's reports; the county report (township empty) is county-wide.
    SCOPE = ScopeRule(township="township")

    class Meta:
        ordering = ["-period", "township__code"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["period", "township"], condition=Q(township__isnull=False),
                                    name="monthly_report_unique_township_month"),
            models.UniqueConstraint(fields=["period"], condition=Q(township__isnull=True),
                                    name="monthly_report_unique_county_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="monthly_report_period_first_day"),
        ]

    def __str__(self):
        return f"{self.period:%Y-%m} {self.scope_name}"

    @property
    def scope_name(self):
        return self.township.name if self.township_id else county_name()

    @property
    def period_label(self):
        return f"{self.period.year}年{self.period.month}月"

    @property
    def scope_code(self):
        """How users name the report's scope in URLs: the township's code, or "county"."""
        return self.township.code if self.township_id else "county"

    @property
    def period_key(self):
        return f"{self.period:%Y-%m}"

    @property
    def download_name(self):
        scope = self.township.code if self.township_id else "county"
        return f"monthly-report-{self.period:%Y-%m}-{scope}.pdf"

    @property
    def is_ready(self):
        return self.status == self.Status.DONE and bool(self.file)


class EaseRating(models.Model):
    """Staff's rating of how easy an empowered item is for a township to take over and to operate (两易)."""

    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="ease_ratings")
    item = models.ForeignKey("catalog.Item", verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="ease_ratings")
    easy_to_take_over = models.PositiveSmallIntegerField(
        _("easy to take over (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    easy_to_operate = models.PositiveSmallIntegerField(
        _("easy to operate (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rated by"), on_delete=models.PROTECT,
                                 related_name="+")
    rated_at = models.DateTimeField(_("rated at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="township")

    class Meta:
        ordering = ["township__code", "item__code"]
        verbose_name = _("ease rating")
        verbose_name_plural = _("ease ratings")
        constraints = [
            models.UniqueConstraint(fields=["township", "item"], name="ease_rating_unique_township_item"),
            models.CheckConstraint(condition=Q(easy_to_take_over__gte=1, easy_to_take_over__lte=5),
                                   name="ease_rating_take_over_1_5"),
            models.CheckConstraint(condition=Q(easy_to_operate__gte=1, easy_to_operate__lte=5),
                                   name="ease_rating_operate_1_5"),
        ]

    def __str__(self):
        return f"{self.township_id} · {self.item_id}: {self.easy_to_take_over}/{self.easy_to_operate}"


class CaseFact(models.Model):
    """Pre-aggregated case figures (issue 14): one row per day × township × item × procedure × status × source ×
    major × transferring department, with the measures of the statistics service.

    A case adds to up to three rows: `filed` on its case date (filing, else the on-the-spot decision), the
    decision measures on `decided_on`, the payment measures on `paid_on`. Not-filed and revoked cases add
    nothing. Kept current inside the transaction of every case write (`reports.rollup`: the old row's share
    is taken away before the save, the new one added after it, both set-based SQL), so today's changes are
    always in; `manage.py rebuild_rollups` and the nightly beat task rebuild them from the cases."""

    day = models.DateField(_("day"))
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    item = models.ForeignKey("catalog.Item", verbose_name=_("enforcement item"), on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    procedure = models.CharField(_("procedure"), max_length=10)
    status = models.CharField(_("status"), max_length=20)
    source = models.CharField(_("source"), max_length=16)
    is_major = models.BooleanField(_("major case"), default=False)
    transferred_from = models.ForeignKey("townships.Department", verbose_name=_("transferred from department"),
                                         null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                         related_name="+")
    filed = models.IntegerField(_("cases"), default=0)
    decided = models.IntegerField(_("decisions"), default=0)
    penalties = models.IntegerField(_("penalty decisions"), default=0)
    no_penalty = models.IntegerField(_("no-penalty decisions"), default=0)
    warning_only = models.IntegerField(_("warnings only"), default=0)
    fines_decided = models.DecimalField(_("fines decided (yuan)"), max_digits=16, decimal_places=2, default=0)
    paid = models.IntegerField(_("payments"), default=0)
    fines_collected = models.DecimalField(_("fines collected (yuan)"), max_digits=16, decimal_places=2, default=0)
    days_sum = models.IntegerField(_("days from filing to decision (sum)"), default=0)
    days_n = models.IntegerField(_("ordinary decisions with a filing date"), default=0)

    SCOPE = ScopeRule(township="township", department="transferred_from")

    class Meta:
        verbose_name = _("case figures of a day")
        verbose_name_plural = _("case figures by day")
        indexes = [models.Index(fields=["day"], name="casefact_day"),
                   models.Index(fields=["township", "day"], name="casefact_township_day")]
        # The unique key the upserts merge on is created on PostgreSQL only (NULLS NOT DISTINCT, migration
        # 0002); elsewhere deltas are appended as rows, which sums the same.

    def __str__(self):
        return f"{self.day} {self.item_id} {self.status}: {self.filed}"


class CaseMonthFact(models.Model):
    """The case figures of a month, one narrow breakdown per row (ADR 0015's next step, issue 14).

    `dimension` says which breakdown the row belongs to: `all` (the month's totals per township and
    transferring department), `status` and `source` (`value` holds the code) and `item` (`item` set). Every
    breakdown's rows sum to the same totals, so a figure reads one breakdown only: a year of a county is a
    few thousand rows whatever the number of cases. Kept inside the same writes as `CaseFact` and rebuilt
    with it (`reports.rollup`); the statistics read whole months here and the days of a partial month from
    `CaseFact`."""

    class Dimension(models.TextChoices):
        ALL = "all", _("totals")
        STATUS = "status", _("status")
        SOURCE = "source", _("source")
        ITEM = "item", _("enforcement item")

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    transferred_from = models.ForeignKey("townships.Department", verbose_name=_("transferred from department"),
                                         null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                         related_name="+")
    dimension = models.CharField(_("breakdown"), max_length=8, choices=Dimension.choices)
    value = models.CharField(_("value"), max_length=20, blank=True)
    item = models.ForeignKey("catalog.Item", verbose_name=_("enforcement item"), null=True, blank=True,
                             on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    filed = models.IntegerField(_("cases"), default=0)
    simple = models.IntegerField(_("simple procedure"), default=0)
    ordinary = models.IntegerField(_("ordinary procedure"), default=0)
    transferred_in = models.IntegerField(_("transferred by departments"), default=0)
    major = models.IntegerField(_("major cases"), default=0)
    decided = models.IntegerField(_("decisions"), default=0)
    penalties = models.IntegerField(_("penalty decisions"), default=0)
    no_penalty = models.IntegerField(_("no-penalty decisions"), default=0)
    warning_only = models.IntegerField(_("warnings only"), default=0)
    fines_decided = models.DecimalField(_("fines decided (yuan)"), max_digits=16, decimal_places=2, default=0)
    paid = models.IntegerField(_("payments"), default=0)
    fines_collected = models.DecimalField(_("fines collected (yuan)"), max_digits=16, decimal_places=2, default=0)
    days_sum = models.IntegerField(_("days from filing to decision (sum)"), default=0)
    days_n = models.IntegerField(_("ordinary decisions with a filing date"), default=0)

    SCOPE = ScopeRule(township="township", department="transferred_from")

    class Meta:
        verbose_name = _("case figures of a month")
        verbose_name_plural = _("case figures by month")
        indexes = [models.Index(fields=["dimension", "month"], name="casemonthfact_month"),
                   models.Index(fields=["township", "dimension", "month"], name="casemonthfact_township")]
        # The unique key the upserts merge on: PostgreSQL only (NULLS NOT DISTINCT, migration 0003).

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension} {self.value or self.item_id or ''}: {self.filed}"


class InspectionFact(models.Model):
    """Pre-aggregated inspections: one row per day × township × department × random × joint × problems."""

    day = models.DateField(_("day"))
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.DO_NOTHING,
                                 db_constraint=False, related_name="+")
    department = models.ForeignKey("townships.Department", verbose_name=_("department"),
                                   on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    is_random = models.BooleanField(_("double-random"), default=False)
    is_joint = models.BooleanField(_("joint (cross-department)"), default=False)
    has_problems = models.BooleanField(_("problems found"), default=False)
    inspections = models.IntegerField(_("inspections"), default=0)

    SCOPE = ScopeRule(township="township", department="department")

    class Meta:
        verbose_name = _("inspections of a day")
        verbose_name_plural = _("inspections by day")
        indexes = [models.Index(fields=["day"], name="inspectionfact_day"),
                   models.Index(fields=["township", "day"], name="inspectionfact_township_day")]

    def __str__(self):
        return f"{self.day} {self.township_id}: {self.inspections}"
