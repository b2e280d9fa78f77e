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
