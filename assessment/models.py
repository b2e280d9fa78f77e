"""Assessment (考核), the weighted 晾晒 index, and enforcement supervision (执法监督).

- `IndexWeight`: the configurable index of townships and departments: weights of *rates*, never of volumes.
- `OfficerAssessment` + `PointEntry`: an officer's result for a period (records + the township's and the home
  department's scores, the township weighing at least 50 % for posted officers) and the 积分 ledger.
- `OfficerComplaint`: complaints against an officer and whether they were upheld (an assessment indicator).
- `CaseFileSample` / `SampledCase`: 案卷评查, a reproducible random sample of closed case files, scored by checklist.
- `SpecialInspection`: 专项巡察. `Finding`: what supervision found, tracked to closure as a rectification task.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("excellent (优秀)")
    COMPETENT = "competent", _("competent (称职)")
    BASIC = "basic", _("basically competent (基本称职)")
    INCOMPETENT = "incompetent", _("not competent (不称职)")


class Unit(models.TextChoices):
    TOWNSHIP = "township", _("township")
    DEPARTMENT = "department", _("department")


class IndexIndicator(models.TextChoices):
    """Rates (0–100, higher is better) that the index may weigh. See docs/glossary.md for each definition."""

    ON_TIME = "on_time", _("cases decided on time (rate)")
    REVIEW_PASS = "review_pass", _("legality reviews passed first time (rate)")
    WARNING_RECTIFIED = "warning_rectified", _("warnings rectified by the party (rate)")
    JOINT = "joint", _("joint inspections (联合实施率)")
    RANDOM = "random", _("double-random inspections (双随机占比)")
    SINGLE_VISIT = "single_visit", _("enterprises visited once (不重复检查率)")
    ITEMS_USED = "items_used", _("empowered items handled (1 − zero-case share)")
    COMPLAINT_FREE = "complaint_free", _("complaints not upheld (rate)")


class IndexWeight(models.Model):
    unit = models.CharField(_("assessed unit"), max_length=12, choices=Unit.choices)
    indicator = models.CharField(_("indicator"), max_length=20, choices=IndexIndicator.choices)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        verbose_name = _("index weight")
        verbose_name_plural = _("index weights")
        ordering = ["unit", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator"], name="index_weight_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0, weight__lte=100), name="index_weight_range"),
        ]

    def __str__(self):
        return f"{self.get_unit_display()} · {self.get_indicator_display()} {self.weight}%"


class OfficerComplaint(models.Model):
    """A complaint against an officer's conduct; `upheld` None while it is being looked into."""

    officer = models.ForeignKey("townships.Officer", verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="complaints")
    received_on = models.DateField(_("received on"))
    summary = models.TextField(_("summary"))
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    SCOPE = ScopeRule(township="officer__township", department="officer__home_department")

    class Meta:
        verbose_name = _("complaint against an officer")
        verbose_name_plural = _("complaints against officers")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"{self.officer} {self.received_on}"


class OfficerAssessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    officer = models.ForeignKey("townships.Officer", verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="assessments")
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # The township the officer was posted to when assessed (None: a bureau officer, assessed by the department).
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("townships.Department", verbose_name=_("home department"),
                                   on_delete=models.PROTECT, related_name="+")
    indicators = models.JSONField(_("indicators from the records"), default=dict, blank=True)
    record_score = models.DecimalField(_("score from the records"), max_digits=5, decimal_places=2, default=0)
    township_score = models.DecimalField(_("township's score"), max_digits=5, decimal_places=2, null=True,
                                         blank=True)
    department_score = models.DecimalField(_("home department's score"), max_digits=5, decimal_places=2,
                                           null=True, blank=True)
    township_weight = models.DecimalField(_("township's weight (%)"), max_digits=5, decimal_places=2,
                                          null=True, blank=True)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    SCOPE = ScopeRule(township="township", department="department")

    class Meta:
        verbose_name = _("officer assessment")
        verbose_name_plural = _("officer assessments")
        ordering = ["-period_start", "officer__employee_number"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "period_kind", "period_start"],
                                    name="officer_assessment_unique"),
            models.CheckConstraint(condition=Q(township__isnull=True) | Q(township_weight__gte=50),
                                   name="officer_assessment_township_weight_50"),
        ]

    def __str__(self):
        return f"{self.officer} {self.period_start:%Y-%m}"


class PointEntry(models.Model):
    """积分 ledger: one line per record that earned or cost points; `source` makes re-computation idempotent."""

    officer = models.ForeignKey("townships.Officer", verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="points")
    on_date = models.DateField(_("date"), db_index=True)
    indicator = models.CharField(_("cause"), max_length=24)
    points = models.IntegerField(_("points"))
    source = models.CharField(_("source record"), max_length=80)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    SCOPE = ScopeRule(township="officer__township", department="officer__home_department")

    class Meta:
        verbose_name = _("point entry")
        verbose_name_plural = _("point ledger")
        ordering = ["-on_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["officer", "indicator", "source"],
                                               name="point_entry_once_per_record")]

    def __str__(self):
        return f"{self.officer} {self.points:+d} {self.indicator}"


class CaseFileSample(models.Model):
    """案卷评查: a seeded draw of closed case files; the population fingerprint makes it verifiable."""

    code = models.CharField(_("sample number"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=100)
    closed_from = models.DateField(_("closed from"))
    closed_to = models.DateField(_("closed to"))
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    size = models.PositiveIntegerField(_("sample size"))
    seed = models.CharField(_("seed"), max_length=64)
    population = models.PositiveIntegerField(_("case files in the population"))
    fingerprint = models.CharField(_("population fingerprint (SHA-256)"), max_length=64)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), on_delete=models.PROTECT,
                                 related_name="+")
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)

    SCOPE = ScopeRule(township="township")

    class Meta:
        verbose_name = _("case-file review sample")
        verbose_name_plural = _("case-file review samples")
        ordering = ["-drawn_at"]

    def __str__(self):
        return self.code


class SampledCase(models.Model):
    sample = models.ForeignKey(CaseFileSample, verbose_name=_("sample"), on_delete=models.PROTECT,
                               related_name="cases")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="file_reviews")
    order = models.PositiveIntegerField(_("order"))
    scores = models.JSONField(_("checklist scores"), default=dict, blank=True)
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    SCOPE = ScopeRule(township="case__township")

    class Meta:
        verbose_name = _("sampled case file")
        verbose_name_plural = _("sampled case files")
        ordering = ["sample_id", "order"]
        constraints = [models.UniqueConstraint(fields=["sample", "case"], name="sampled_case_unique")]

    def __str__(self):
        return f"{self.sample_id}#{self.order}"


class SpecialInspection(models.Model):
    """专项巡察: a supervision inspection of a theme (e.g. 罚没款收缴, 首违不罚执行) over a period."""

    title = models.CharField(_("title"), max_length=100)
    theme = models.TextField(_("theme and scope"))
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        verbose_name = _("special inspection")
        verbose_name_plural = _("special inspections")
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return self.title


class FindingSource(models.TextChoices):
    CASE_FILE = "case_file", _("case-file review (案卷评查)")
    SPECIAL = "special", _("special inspection (专项巡察)")
    INSPECTION_QUALITY = "inspection_quality", _("inspection quality check")


class FindingState(models.TextChoices):
    OPEN = "open", _("rectification due")
    SUBMITTED = "submitted", _("rectification submitted")
    CLOSED = "closed", _("closed")


class Finding(models.Model):
    code = models.CharField(_("finding number"), max_length=30, unique=True)
    source = models.CharField(_("found by"), max_length=20, choices=FindingSource.choices)
    sampled_case = models.ForeignKey(SampledCase, verbose_name=_("sampled case file"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="findings")
    special = models.ForeignKey(SpecialInspection, verbose_name=_("special inspection"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="findings")
    inspection = models.ForeignKey("planning.Inspection", verbose_name=_("inspection"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="supervision_findings")
    township = models.ForeignKey("townships.Township", verbose_name=_("responsible township"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="supervision_findings")
    department = models.ForeignKey("townships.Department", verbose_name=_("responsible department"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="supervision_findings")
    unit_name = models.CharField(_("responsible bureau unit"), max_length=100, blank=True)
    description = models.TextField(_("finding"))
    requirement = models.TextField(_("rectification required"))
    deadline = models.DateField(_("rectify by"))
    state = models.CharField(_("state"), max_length=10, choices=FindingState.choices, default=FindingState.OPEN)
    rectification = models.TextField(_("rectification report"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    returns = models.PositiveIntegerField(_("times returned"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    SCOPE = ScopeRule(township="township", department="department")

    class Meta:
        verbose_name = _("supervision finding")
        verbose_name_plural = _("supervision findings")
        ordering = ["state", "deadline", "id"]
        indexes = [models.Index(fields=["deadline"], condition=~Q(state="closed"), name="finding_open_deadline")]
        constraints = [models.CheckConstraint(
            condition=Q(township__isnull=False) | Q(department__isnull=False) | ~Q(unit_name=""),
            name="finding_has_responsible_unit")]

    def __str__(self):
        return self.code

    @property
    def is_overdue(self):
        return self.state != FindingState.CLOSED and self.deadline < timezone.localdate()
