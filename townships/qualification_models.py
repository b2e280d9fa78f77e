"""Officer qualifications: the annual certificate review (执法证年审), exams and training hours.

Written only by `townships.qualifications`; the latest review decides `Officer.certificate_suspended_on`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule

OFFICER_SCOPE = ScopeRule(township="officer__township", department="officer__home_department")


class CertificateReview(models.Model):
    """One year's annual review of an officer's enforcement certificate (年审); a re-review updates it."""

    class Result(models.TextChoices):
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    officer = models.ForeignKey("townships.Officer", verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="certificate_reviews")
    year = models.PositiveSmallIntegerField(_("review year"), validators=[MinValueValidator(2000),
                                                                          MaxValueValidator(2100)])
    reviewed_on = models.DateField(_("reviewed on"))
    result = models.CharField(_("result"), max_length=8, choices=Result.choices)
    note = models.CharField(_("note"), max_length=300, blank=True,
                            help_text=_("Required when the review fails: the reason."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = OFFICER_SCOPE

    class Meta:
        ordering = ["-year", "officer__employee_number"]
        verbose_name = _("certificate annual review")
        verbose_name_plural = _("certificate annual reviews")
        constraints = [
            models.UniqueConstraint(fields=["officer", "year"], name="certificate_review_once_a_year"),
            models.CheckConstraint(condition=Q(result__in=["passed", "failed"]), name="certificate_review_result"),
        ]
        indexes = [models.Index(fields=["year", "result"])]

    def __str__(self):
        return f"{self.officer_id} {self.year}: {self.result}"


class QualificationExam(models.Model):
    """An exam an officer sat: the qualification exam, the annual exam of the review, a special exam."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("enforcement qualification exam")
        ANNUAL = "annual", _("annual review exam")
        SPECIAL = "special", _("special legal exam")

    officer = models.ForeignKey("townships.Officer", verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="exams")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("exam"), max_length=100)
    taken_on = models.DateField(_("date"))
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    pass_mark = models.DecimalField(_("pass mark"), max_digits=4, decimal_places=1, default=Decimal("60"),
                                    validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = OFFICER_SCOPE

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="exam_score_range"),
            models.UniqueConstraint(fields=["officer", "kind", "taken_on"], name="exam_once_per_day_and_kind"),
        ]

    def __str__(self):
        return f"{self.officer_id} {self.title} {self.score}"

    @property
    def passed(self):
        return self.score >= self.pass_mark


class TrainingRecord(models.Model):
    """Hours of training an officer attended (the yearly target is TRAINING_HOURS_TARGET)."""

    officer = models.ForeignKey("townships.Officer", verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="trainings")
    attended_on = models.DateField(_("date"))
    course = models.CharField(_("course"), max_length=150)
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("80"))])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = OFFICER_SCOPE

    class Meta:
        ordering = ["-attended_on", "-id"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
            models.UniqueConstraint(fields=["officer", "attended_on", "course"], name="training_once_per_course_day"),
        ]
        indexes = [models.Index(fields=["officer", "attended_on"])]

    def __str__(self):
        return f"{self.officer_id} {self.course} {self.hours}h"
