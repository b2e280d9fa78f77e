"""The holiday calendar the bureau maintains (行政处罚法 art. 85: the short limits are working days).

`CalendarDay` holds the exceptions to Monday–Friday: public holidays (放假) and make-up working days (调休上班).
`CalendarYear` says a year's official data is complete (the State Council's annual notice was loaded or the
package's data was seeded). A year without a `CalendarYear` row is *not covered*: working days computed into it
are provisional (docs/adr/0013-holiday-calendar.md). `CalendarRevision` changes on every write, so the
working-day function's per-process memo knows when to reload.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class Source(models.TextChoices):
    PACKAGE = "package", _("chinesecalendar package")
    NOTICE = "notice", _("State Council notice (import)")
    MANUAL = "manual", _("entered by bureau staff")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("public holiday (day off)")
    WORKDAY = "workday", _("make-up working day (调休)")


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    notice = models.CharField(_("notice document number"), max_length=100, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("holiday name"), max_length=50)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.CheckConstraint(condition=models.Q(year=ExtractYear("date")), name="calendar_day_year_of_date"),
            models.CheckConstraint(condition=models.Q(kind__in=DayKind.values), name="calendar_day_kind_valid"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"

    def save(self, *args, **kwargs):
        self.year = self.date.year
        super().save(*args, **kwargs)


class CalendarRevision(models.Model):
    """One row; its token changes with every calendar write (cache invalidation across processes)."""

    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar revision")
        verbose_name_plural = _("calendar revisions")

    def __str__(self):
        return str(self.token)
