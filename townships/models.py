"""Organisation: departments, townships/streets, officers posted to them, and zones (执法责任片区)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule

CERTIFICATE_WARNING_DAYS = 60
ROTATION_AFTER_DAYS = 2 * 365


class Department(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class Township(models.Model):
    class Kind(models.TextChoices):
        TOWN = "town", _("town (镇)")
        TOWNSHIP = "township", _("township (乡)")
        STREET = "street", _("street (街道)")

    class EmpowermentMode(models.TextChoices):
        FULL = "full", _("full empowerment")
        PARTIAL = "partial", _("partial empowerment with stationed teams")
        HUB = "hub", _("1+X radiation")
        SPECIAL_AREA = "special_area", _("special area")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    empowerment_mode = models.CharField(_("empowerment mode"), max_length=16, choices=EmpowermentMode.choices)
    hub = models.ForeignKey(
        "self",
        verbose_name=_("hub township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="satellites",
        help_text=_("For 1+X radiation: the hub township whose team serves this one."),
    )
    # The boundary as a GeoJSON Polygon/MultiPolygon geometry in WGS-84 (ADR 0012); written by geo.services.
    boundary = models.JSONField(_("boundary (GeoJSON, WGS-84)"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="id")

    class Meta:
        ordering = ["code"]
        verbose_name = _("township")
        verbose_name_plural = _("townships")

    def __str__(self):
        return self.name

    def clean(self):
        if self.hub_id and self.hub_id == self.pk:
            raise ValidationError({"hub": _("A township cannot be its own hub.")})
        if self.hub_id and self.empowerment_mode != self.EmpowermentMode.HUB:
            raise ValidationError({"hub": _("Only a township in 1+X radiation mode has a hub.")})


class OfficerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_valid_certificate(self, on_date=None):
        on_date = on_date or timezone.localdate()
        return self.filter(certificate_number__isnull=False, certificate_expiry__gte=on_date).filter(
            not_suspended_q(on_date))


def not_suspended_q(on_date):
    """Officers whose certificate is not suspended by a failed annual review (年审不合格) on `on_date`."""
    return Q(certificate_suspended_on__isnull=True) | Q(certificate_suspended_on__gt=on_date)


class Officer(models.Model):
    class Category(models.TextChoices):
        LAW_ENFORCEMENT = "law_enforcement", _("law enforcement officer")
        AUXILIARY = "auxiliary", _("auxiliary staff")
        SAFETY = "safety", _("safety supervision officer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officer",
    )
    name = models.CharField(_("name"), max_length=50)
    employee_number = models.CharField(_("employee number"), max_length=32, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    certificate_number = models.CharField(
        _("enforcement certificate number"), max_length=32, null=True, blank=True, unique=True
    )
    certificate_expiry = models.DateField(_("certificate expiry"), null=True, blank=True, db_index=True)
    home_department = models.ForeignKey(
        Department, verbose_name=_("home department"), on_delete=models.PROTECT, related_name="officers"
    )
    township = models.ForeignKey(
        Township,
        verbose_name=_("posted township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    posted_on = models.DateField(_("posting date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    # Kept by townships.qualifications from the latest annual review (年审): failed → suspended from that day.
    certificate_suspended_on = models.DateField(_("certificate suspended since"), null=True, blank=True,
                                                editable=False)
    has_legal_qualification = models.BooleanField(_("legal professional qualification"), default=False,
                                                  help_text=_("Holds the national legal professional "
                                                              "qualification (法律职业资格)."))
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = OfficerQuerySet.as_manager()
    SCOPE = ScopeRule(township="township", department="home_department")

    class Meta:
        ordering = ["employee_number"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate_number__isnull=True) | Q(certificate_expiry__isnull=False),
                name="officer_certificate_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(township__isnull=True) | Q(posted_on__isnull=False),
                name="officer_posting_has_date",
            ),
        ]
        indexes = [models.Index(fields=["township", "category", "is_active"])]

    def __str__(self):
        return f"{self.name} ({self.employee_number})"

    def clean(self):
        errors = {}
        if self.certificate_number == "":
            self.certificate_number = None
        if self.certificate_number and not self.certificate_expiry:
            errors["certificate_expiry"] = _("A certificate needs its expiry date.")
        if self.category == self.Category.AUXILIARY and self.certificate_number:
            errors["certificate_number"] = _("Auxiliary staff do not hold enforcement certificates.")
        if self.township_id and not self.posted_on:
            errors["posted_on"] = _("A posted officer needs the posting date.")
        if errors:
            raise ValidationError(errors)

    def certificate_status(self, today=None):
        """One of: none, expired, suspended (failed annual review), expiring, valid."""
        today = today or timezone.localdate()
        if not self.certificate_number:
            return "none"
        if self.certificate_expiry < today:
            return "expired"
        if self.certificate_suspended_on and self.certificate_suspended_on <= today:
            return "suspended"
        if self.certificate_expiry <= today + timedelta(days=CERTIFICATE_WARNING_DAYS):
            return "expiring"
        return "valid"

    def has_valid_certificate(self, on_date=None):
        return self.certificate_status(on_date) in {"valid", "expiring"}

    def rotation_due(self, today=None):
        today = today or timezone.localdate()
        return bool(self.township_id and self.posted_on and (today - self.posted_on).days > ROTATION_AFTER_DAYS)


class Zone(models.Model):
    township = models.ForeignKey(Township, verbose_name=_("township"), on_delete=models.PROTECT, related_name="zones")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    officers = models.ManyToManyField(Officer, verbose_name=_("responsible officers"), related_name="zones", blank=True)
    # The zone's outline as a GeoJSON Polygon/MultiPolygon geometry in WGS-84 (ADR 0012); written by geo.services.
    boundary = models.JSONField(_("boundary (GeoJSON, WGS-84)"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("in use"), default=True, db_index=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(township="township")

    class Meta:
        ordering = ["township__code", "code"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="zone_name_unique_per_township")]

    def __str__(self):
        return f"{self.township.name} · {self.name}"


class EmpowermentQuerySet(models.QuerySet):
    def in_force(self, on_date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date), valid_from__lte=on_date)


class Empowerment(models.Model):
    """A catalogue item a township may exercise, from / to dates (行政处罚法 art. 24)."""

    township = models.ForeignKey(Township, verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="empowerments")
    item = models.ForeignKey("catalog.Item", verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="empowerments")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    # 特定区域 mode: the empowerment holds only in these zones of the township (none: the whole township)
    zones = models.ManyToManyField("Zone", verbose_name=_("limited to zones"), related_name="empowerments",
                                   blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = EmpowermentQuerySet.as_manager()
    SCOPE = ScopeRule(township="township", reference=False)

    class Meta:
        ordering = ["township__code", "item__code", "valid_from"]
        verbose_name = _("empowerment")
        verbose_name_plural = _("empowerments")
        constraints = [
            models.UniqueConstraint(fields=["township", "item", "valid_from"], name="empowerment_unique_start"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                                   name="empowerment_valid_range"),
        ]
        indexes = [models.Index(fields=["township", "item", "valid_from", "valid_to"])]

    def __str__(self):
        return f"{self.township} · {self.item_id}"


from .qualification_models import CertificateReview, QualificationExam, TrainingRecord  # noqa: E402, F401
