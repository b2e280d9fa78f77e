"""日常巡查: patrol plans per zone (area, content, frequency, officers) and the patrol records."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class Frequency(models.TextChoices):
    DAILY = "daily", _("every day")
    WORKDAYS = "workdays", _("every working day")
    WEEKLY = "weekly", _("every week")
    MONTHLY = "monthly", _("every month")


class PatrolPlan(models.Model):
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="patrol_plans")
    zone = models.ForeignKey("townships.Zone", verbose_name=_("zone"), on_delete=models.PROTECT,
                             related_name="patrol_plans")
    name = models.CharField(_("name"), max_length=100)
    content = models.TextField(_("what to check"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    officers = models.ManyToManyField("townships.Officer", verbose_name=_("officers"), related_name="patrol_plans")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_active = models.BooleanField(_("plan in force"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="township")

    class Meta:
        ordering = ["township__code", "zone__code", "name"]
        verbose_name = _("patrol plan")
        verbose_name_plural = _("patrol plans")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                                   name="patrol_plan_dates"),
            models.UniqueConstraint(fields=["zone", "name"], name="patrol_plan_name_per_zone"),
        ]

    def __str__(self):
        return f"{self.zone} · {self.name}"

    def clean(self):
        if self.zone_id and self.township_id and self.zone.township_id != self.township_id:
            raise ValidationError({"zone": _("The zone belongs to another township.")})


class Patrol(models.Model):
    plan = models.ForeignKey(PatrolPlan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="patrols")
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="patrols")
    zone = models.ForeignKey("townships.Zone", verbose_name=_("zone"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="patrols")
    officers = models.ManyToManyField("townships.Officer", verbose_name=_("officers"), related_name="patrols")
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    route = models.JSONField(_("route points"), default=list, blank=True)  # [[lat, lon, "ISO time"], …]
    # Where it was (WGS-84, ADR 0012), e.g. captured by the phone when the officer allows it.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    note = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="township")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("patrol record")
        verbose_name_plural = _("patrol records")
        constraints = [
            models.CheckConstraint(condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                                   name="patrol_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["plan", "started_at"], name="patrol_plan_day"),
            models.Index(fields=["township", "-started_at"], name="patrol_township_recent"),
        ]

    def __str__(self):
        return f"{self.zone or self.township} {self.started_at:%Y-%m-%d}"


class ClueFigures(models.Model):
    """The counts both clue rollups keep (intake.figures.COUNTS), for one township (NULL: county level)."""

    township = models.ForeignKey("townships.Township", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    received = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    dispatched = models.PositiveIntegerField(default=0)
    arrived = models.PositiveIntegerField(default=0)
    arrived_on_time = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    with_case = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    warnings_rechecked = models.PositiveIntegerField(default=0)
    warnings_rectified = models.PositiveIntegerField(default=0)
    replies_due = models.PositiveIntegerField(default=0)
    replies_done = models.PositiveIntegerField(default=0)
    replies_on_time = models.PositiveIntegerField(default=0)
    replies_satisfied = models.PositiveIntegerField(default=0)
    triaged = models.PositiveIntegerField(default=0)
    item_accepted = models.PositiveIntegerField(default=0)

    SCOPE = ScopeRule(township="township")

    class Meta:
        abstract = True


class DailyRollup(ClueFigures):
    """The figures of the clues received on one day in one township (NULL: county level), rebuilt nightly."""

    day = models.DateField(_("day"))
    response_minutes = models.JSONField(default=list, blank=True)  # sorted minutes dispatch → on the spot
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]
        verbose_name = _("daily clue figures")
        verbose_name_plural = _("daily clue figures")
        indexes = [models.Index(fields=["day", "township"], name="rollup_day_township")]

    def __str__(self):
        return f"{self.day} {self.township_id}"


class MonthRollup(ClueFigures):
    """The daily figures (`DailyRollup`) of one month in one township summed up, rebuilt with them: a year's
    figures read twelve rows per township instead of 365. `response_histogram` holds the response minutes as
    [[minute, clues], ...] by minute, so medians and percentiles over several months stay exact."""

    month = models.DateField(_("month"))  # its first day
    response_histogram = models.JSONField(default=list, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)  # the latest of its days' refreshed_at

    class Meta:
        ordering = ["month"]
        verbose_name = _("monthly clue figures")
        verbose_name_plural = _("monthly clue figures")
        indexes = [models.Index(fields=["month", "township"], name="rollup_month_township")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.township_id}"
