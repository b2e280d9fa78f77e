"""Inspection planning: subjects, checklists, year plans → month arrangements → week tasks, joint
inspections (综合查一次), random draws (双随机一公开) and inspections with their results.

Field names here are read by enforcement.reports: keep them stable.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule
from enforcement.core.validators import validate_uscc


def new_code(prefix):
    """A short human-readable unique code, e.g. RW2611A3F9C2 (prefix, year+month, 6 hex)."""
    return f"{prefix}{timezone.localdate():%y%m}{secrets.token_hex(3).upper()}"


def _task_code():
    return new_code("RW")


def _joint_code():
    return new_code("ZH")


def _draw_code():
    return new_code("SJ")


class RiskLevel(models.TextChoices):
    LOW = "low", _("low risk")
    MEDIUM = "medium", _("medium risk")
    HIGH = "high", _("high risk")


class InspectionType(models.TextChoices):
    ROUTINE = "routine", _("routine inspection")
    RANDOM = "random", _("double-random inspection")
    SPECIAL = "special", _("special campaign")
    FOLLOW_UP = "follow_up", _("rectification follow-up")


class Industry(models.Model):
    """An industry (行业); the departments that supervise it may plan inspections of its subjects."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    departments = models.ManyToManyField("townships.Department", verbose_name=_("supervising departments"),
                                         related_name="industries", blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return self.name


class Subject(models.Model):
    """检查对象 / 市场主体: an enterprise or shop, identified by its unified social credit code."""

    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField(_("name"), max_length=200, db_index=True)
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), on_delete=models.PROTECT,
                                 related_name="subjects")
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Where it was (WGS-84, ADR 0012), e.g. captured by the phone when the officer allows it.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="subjects")
    zone = models.ForeignKey("townships.Zone", verbose_name=_("zone"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="subjects")
    risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices,
                                  default=RiskLevel.LOW, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    # Township staff see their township's subjects; liaisons those of industries their department supervises.
    SCOPE = ScopeRule(township="township", department="industry__departments")

    class Meta:
        ordering = ["uscc"]
        verbose_name = _("inspection subject")
        verbose_name_plural = _("inspection subjects")
        indexes = [models.Index(fields=["township", "industry", "risk_level"])]

    def __str__(self):
        return self.name


class SubjectRiskChange(models.Model):
    """One change of a subject's risk level (一店一档: the risk level history), with who and why."""

    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.CASCADE,
                                related_name="risk_changes")
    from_level = models.CharField(_("previous risk level"), max_length=8, choices=RiskLevel.choices, blank=True)
    to_level = models.CharField(_("new risk level"), max_length=8, choices=RiskLevel.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source of the change"), max_length=100, blank=True)

    SCOPE = ScopeRule(township="subject__township", department="subject__industry__departments")

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("risk level change")
        verbose_name_plural = _("risk level changes")
        indexes = [models.Index(fields=["subject", "changed_at"])]

    def __str__(self):
        return f"{self.subject} {self.from_level}→{self.to_level}"


class OfficerConflict(models.Model):
    """A recorded conflict of interest (回避): the officer may not be drawn to inspect the subject."""

    officer = models.ForeignKey("townships.Officer", verbose_name=_("officer"), on_delete=models.CASCADE,
                                related_name="conflicts")
    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.CASCADE,
                                related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    SCOPE = ScopeRule(township="subject__township", department="officer__home_department")

    class Meta:
        verbose_name = _("officer conflict")
        verbose_name_plural = _("officer conflicts")
        constraints = [models.UniqueConstraint(fields=["officer", "subject"], name="officer_conflict_unique")]

    def __str__(self):
        return f"{self.officer} × {self.subject}"


class Checklist(models.Model):
    """监管一件事: an industry's unified list of check points, one row per version.

    Versions of one list share `series` (the code of its first version); version n > 1 has the code
    "<series>-v<n>". A version used by a plan task, joint inspection or inspection is never edited: a change makes
    the next version, and the task keeps the version it was planned with. `is_active` is the current version of a
    list that is not retired."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    series = models.SlugField(_("checklist series"), max_length=40, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), on_delete=models.PROTECT,
                                 related_name="checklists")
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    note = models.CharField(_("change note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [models.UniqueConstraint(fields=["series", "version"], name="checklist_series_version_unique")]

    def __str__(self):
        return self.name


class CheckPoint(models.Model):
    checklist = models.ForeignKey(Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE,
                                  related_name="points")
    code = models.CharField(_("code"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("check point"), max_length=300)
    item = models.ForeignKey("catalog.Item", verbose_name=_("enforcement item"), on_delete=models.PROTECT,
                             related_name="check_points")

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["checklist_id", "order", "id"]
        verbose_name = _("check point")
        verbose_name_plural = _("check points")

    def __str__(self):
        return self.text


class PlanState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under coordination review")
    ISSUED = "issued", _("issued")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("once a year")
    HALF_YEARLY = "half_yearly", _("twice a year")
    QUARTERLY = "quarterly", _("quarterly")
    MONTHLY = "monthly", _("monthly")
    AS_NEEDED = "as_needed", _("as needed")


class YearPlan(models.Model):
    """A department's inspection plan for one year (年计划)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    department = models.ForeignKey("townships.Department", verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="year_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    items = models.ManyToManyField("catalog.Item", verbose_name=_("inspection items"), related_name="year_plans",
                                   blank=True)
    industries = models.ManyToManyField(Industry, verbose_name=_("industries in scope"), related_name="year_plans",
                                        blank=True)
    townships = models.ManyToManyField("townships.Township", verbose_name=_("townships in scope"),
                                       related_name="year_plans", blank=True)
    subject_scope = models.TextField(_("subject scope"), blank=True)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.YEARLY)
    planned_count = models.PositiveIntegerField(_("planned inspections"), default=0)
    state = models.CharField(_("state"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT,
                             db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(department="department")

    class Meta:
        ordering = ["-year", "department__code"]
        verbose_name = _("year plan")
        verbose_name_plural = _("year plans")
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="year_plan_unique_per_department"),
            models.CheckConstraint(condition=Q(state__in=PlanState.values), name="year_plan_valid_state"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        return self.state == PlanState.DRAFT


class PlanEvent(models.Model):
    """Append-only history of a plan's transitions."""

    plan = models.ForeignKey(YearPlan, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=16, choices=PlanState.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=PlanState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT,
                              related_name="+")
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    SCOPE = ScopeRule(department="plan__department")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")

    def __str__(self):
        return f"{self.plan_id}: {self.from_state} → {self.to_state}"


class MonthArrangement(models.Model):
    """月安排: one month of a year plan."""

    plan = models.ForeignKey(YearPlan, verbose_name=_("year plan"), on_delete=models.CASCADE,
                             related_name="months")
    month = models.PositiveSmallIntegerField(_("month"))
    planned_count = models.PositiveIntegerField(_("planned inspections"), default=0)
    focus = models.CharField(_("focus"), max_length=300, blank=True)

    SCOPE = ScopeRule(department="plan__department")

    class Meta:
        ordering = ["plan_id", "month"]
        verbose_name = _("month arrangement")
        verbose_name_plural = _("month arrangements")
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="month_arrangement_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="month_arrangement_month_range"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.month}"

    def clean(self):
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError({"month": _("The month must be between 1 and 12.")})


class WeekTask(models.Model):
    """周执行: one dated inspection task of a department in one township (任务销号 when done)."""

    code = models.CharField(_("code"), max_length=20, unique=True, default=_task_code)
    arrangement = models.ForeignKey(MonthArrangement, verbose_name=_("month arrangement"), on_delete=models.PROTECT,
                                    related_name="tasks")
    department = models.ForeignKey("townships.Department", verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="week_tasks")
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="week_tasks")
    date = models.DateField(_("date"), db_index=True)
    inspection_type = models.CharField(_("inspection type"), max_length=16, choices=InspectionType.choices,
                                       default=InspectionType.ROUTINE)
    subjects = models.ManyToManyField(Subject, verbose_name=_("subjects"), related_name="week_tasks")
    officers = models.ManyToManyField("townships.Officer", verbose_name=_("officers"), related_name="week_tasks",
                                      blank=True)
    checklist = models.ForeignKey(Checklist, verbose_name=_("checklist"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="week_tasks")
    draw = models.ForeignKey("RandomDraw", verbose_name=_("random draw"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="tasks")
    note = models.CharField(_("note"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="township", department="department")

    class Meta:
        ordering = ["date", "code"]
        verbose_name = _("week task")
        verbose_name_plural = _("week tasks")
        indexes = [models.Index(fields=["department", "date"]), models.Index(fields=["township", "date"])]

    def __str__(self):
        return self.code

    @property
    def is_done(self):
        return self.done_at is not None

    def clean(self):
        if self.date and self.arrangement_id:
            arrangement = self.arrangement
            if (self.date.year, self.date.month) != (arrangement.plan.year, arrangement.month):
                raise ValidationError({"date": _(
                    "The date of a week task must lie within its month (%(year)s-%(month)02d)."
                ) % {"year": arrangement.plan.year, "month": arrangement.month}})


class JointInspection(models.Model):
    """综合查一次: several departments' tasks on one subject in one month merged into one visit."""

    code = models.CharField(_("code"), max_length=20, unique=True, default=_joint_code)
    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.PROTECT,
                                related_name="joint_inspections")
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="joint_inspections")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    date = models.DateField(_("date"))
    tasks = models.ManyToManyField(WeekTask, verbose_name=_("merged tasks"), related_name="joint_inspections")
    departments = models.ManyToManyField("townships.Department", verbose_name=_("departments"),
                                         related_name="joint_inspections")
    lead_department = models.ForeignKey("townships.Department", verbose_name=_("lead department"),
                                        on_delete=models.PROTECT, related_name="led_joint_inspections")
    officers = models.ManyToManyField("townships.Officer", verbose_name=_("officers"),
                                      related_name="joint_inspections", blank=True)
    checklists = models.ManyToManyField(Checklist, verbose_name=_("combined checklist"),
                                        related_name="joint_inspections", blank=True)
    visits_saved = models.PositiveSmallIntegerField(_("visits saved"), default=0)
    is_random = models.BooleanField(_("from a random draw"), default=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="township", department="departments")

    class Meta:
        ordering = ["-date", "code"]
        verbose_name = _("joint inspection")
        verbose_name_plural = _("joint inspections")
        indexes = [models.Index(fields=["year", "month"]), models.Index(fields=["township", "year", "month"])]

    def __str__(self):
        return self.code


class RandomDraw(models.Model):
    """双随机: N subjects from a filtered population and M officers per subject, reproducible from the seed."""

    code = models.CharField(_("code"), max_length=20, unique=True, default=_draw_code)
    title = models.CharField(_("title"), max_length=200)
    department = models.ForeignKey("townships.Department", verbose_name=_("organising department"),
                                   on_delete=models.PROTECT, related_name="random_draws")
    departments = models.ManyToManyField("townships.Department", verbose_name=_("participating departments"),
                                         related_name="participating_draws")
    inspection_type = models.CharField(_("inspection type"), max_length=100)
    draw_date = models.DateField(_("draw date"))
    filter_industry = models.ForeignKey(Industry, verbose_name=_("industry"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    filter_township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    filter_risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices, blank=True)
    subject_count = models.PositiveIntegerField(_("subjects to draw"))
    officers_per_subject = models.PositiveSmallIntegerField(_("officers per subject"), default=2)
    seed = models.CharField(_("seed"), max_length=64)
    population_size = models.PositiveIntegerField(_("population size"), default=0)
    population_digest = models.CharField(_("population fingerprint"), max_length=64, blank=True,
                                         help_text=_("SHA-256 of the ordered credit codes the draw ran over."))
    arrangement = models.ForeignKey(MonthArrangement, verbose_name=_("month arrangement"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="draws")
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(department="departments")

    class Meta:
        ordering = ["-draw_date", "code"]
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")
        constraints = [
            models.CheckConstraint(condition=Q(officers_per_subject__gte=2), name="draw_at_least_two_officers"),
            models.CheckConstraint(condition=Q(subject_count__gte=1), name="draw_at_least_one_subject"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_cross_department(self):
        return self.departments.count() > 1


class DrawnSubject(models.Model):
    draw = models.ForeignKey(RandomDraw, on_delete=models.CASCADE, related_name="drawn_subjects")
    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.PROTECT,
                                related_name="draw_picks")
    order = models.PositiveIntegerField(_("order"))
    officers = models.ManyToManyField("townships.Officer", verbose_name=_("officers"), related_name="draw_picks")

    SCOPE = ScopeRule(department="draw__departments")

    class Meta:
        ordering = ["draw_id", "order"]
        constraints = [models.UniqueConstraint(fields=["draw", "subject"], name="drawn_subject_unique")]

    def __str__(self):
        return f"{self.draw_id}#{self.order}"


class TownshipNeed(models.Model):
    """A township's annual enforcement need (年度执法需求) addressed to a department."""

    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="enforcement_needs")
    department = models.ForeignKey("townships.Department", verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="township_needs")
    year = models.PositiveSmallIntegerField(_("year"))
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("need"))
    expected_count = models.PositiveIntegerField(_("expected inspections"), default=0)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="township", department="department")

    class Meta:
        ordering = ["-year", "township__code", "id"]
        verbose_name = _("township enforcement need")
        verbose_name_plural = _("township enforcement needs")

    def __str__(self):
        return f"{self.township} → {self.department} ({self.year})"


class Inspection(models.Model):
    """One visit to one subject, recorded against a week task or a joint inspection (无计划不检查)."""

    code = models.CharField(_("action code"), max_length=40, unique=True)
    task = models.ForeignKey(WeekTask, verbose_name=_("week task"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="inspections")
    joint = models.ForeignKey(JointInspection, verbose_name=_("joint inspection"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="inspections")
    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.PROTECT,
                                related_name="inspections")
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="inspections")
    zone = models.ForeignKey("townships.Zone", verbose_name=_("zone"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="inspections")
    department = models.ForeignKey("townships.Department", verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="inspections")
    inspected_on = models.DateField(_("inspection date"), db_index=True)
    officers = models.ManyToManyField("townships.Officer", verbose_name=_("officers"), related_name="inspections")
    # Facts about the visit, derived by the service from its task / joint inspection / draw when recorded.
    is_random = models.BooleanField(_("double-random"), default=False)
    is_joint = models.BooleanField(_("joint (cross-department)"), default=False)
    has_problems = models.BooleanField(_("problems found"), default=False)
    note = models.TextField(_("note"), blank=True)
    # Officers other than the drawn ones went (双随机): why. Empty when the drawn officers inspected.
    officer_exception_reason = models.CharField(_("reason officers differ from the draw"), max_length=500,
                                                blank=True)
    # Where it was (WGS-84, ADR 0012), e.g. captured by the phone when the officer allows it.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    client_request_id = models.CharField(_("client request id"), max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="township", department="department")

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=(Q(task__isnull=False) & Q(joint__isnull=True))
                | (Q(task__isnull=True) & Q(joint__isnull=False)),
                name="inspection_has_exactly_one_plan_basis",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "inspected_on"]),
            models.Index(fields=["township", "inspected_on"]),
        ]

    def __str__(self):
        return self.code


class InspectionResult(models.Model):
    """One check point's outcome; a failed point may open a case and needs rectification follow-up."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    point = models.ForeignKey(CheckPoint, verbose_name=_("check point"), on_delete=models.PROTECT,
                              related_name="results")
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="inspections/%Y/%m/", blank=True)
    case_code = models.CharField(_("case"), max_length=40, blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectification_note = models.CharField(_("rectification note"), max_length=500, blank=True)

    SCOPE = ScopeRule(township="inspection__township", department="inspection__department")

    class Meta:
        ordering = ["inspection_id", "point__order", "id"]
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        constraints = [models.UniqueConstraint(fields=["inspection", "point"], name="inspection_result_unique")]

    def __str__(self):
        return f"{self.inspection_id}/{self.point_id}: {'✓' if self.passed else '✗'}"
