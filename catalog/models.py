"""The enforcement-power catalogue (执法事项目录): domains, items, discretion tiers and adjustments."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class Domain(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("enforcement domain")
        verbose_name_plural = _("enforcement domains")

    def __str__(self):
        return self.name


class PowerType(models.TextChoices):
    PENALTY = "penalty", _("administrative penalty")
    INSPECTION = "inspection", _("administrative inspection")
    COERCION = "coercion", _("administrative coercion")
    ORDER = "order", _("administrative order")
    OTHER = "other", _("other")


class ListTier(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("comprehensive list")
    PROFESSIONAL = "professional", _("professional list")
    TOWNSHIP = "township", _("township list")


class PenaltyKind(models.TextChoices):
    WARNING = "warning", _("warning")
    FINE = "fine", _("fine")
    CONFISCATION = "confiscation", _("confiscation of illegal gains or property")
    LICENCE_SUSPENSION = "licence_suspension", _("suspension or reduction of qualification")
    LICENCE_REVOCATION = "licence_revocation", _("licence revocation")
    CLOSURE = "closure", _("order to suspend production or business, or closure")
    OTHER = "other", _("other penalty")


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    RETIRED = "retired", _("retired")


class Item(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300, db_index=True)
    domain = models.ForeignKey(Domain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="items")
    power_type = models.CharField(_("power type"), max_length=16, choices=PowerType.choices, db_index=True)
    violation_law = models.CharField(_("violated law"), max_length=200, blank=True)
    violation_article = models.CharField(_("violated article"), max_length=200, blank=True)
    penalty_law = models.CharField(_("penalty law"), max_length=200, blank=True)
    penalty_article = models.CharField(_("penalty article"), max_length=200, blank=True)
    penalty_kinds = models.JSONField(_("penalty kinds"), default=list, blank=True)
    fine_min = models.DecimalField(_("minimum fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField(_("maximum fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    tier = models.CharField(_("list tier"), max_length=16, choices=ListTier.choices, db_index=True)
    no_penalty = models.BooleanField(_("on the no-penalty list"), default=False, db_index=True)
    no_penalty_conditions = models.TextField(_("no-penalty conditions"), blank=True)
    correction_first = models.BooleanField(_("on the correction-first list"), default=False, db_index=True)
    correction_first_conditions = models.TextField(_("correction-first conditions"), blank=True)
    warning_only = models.BooleanField(_("on the warning-only list"), default=False, db_index=True)
    warning_only_conditions = models.TextField(_("warning-only conditions"), blank=True)
    # "1+3" lists: a professional-list item that is also on the comprehensive list may be filed by the bureau.
    also_comprehensive = models.BooleanField(
        _("also on the comprehensive list"), default=False,
        help_text=_("A professional-list item the comprehensive enforcement bureau also exercises (“1+3” lists)."))
    concerns_life_health_safety = models.BooleanField(
        _("concerns life, health or financial safety"),
        default=False,
        help_text=_("Limitation period of five years instead of two (Administrative Penalty Law art. 36)."),
    )
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.ACTIVE,
                              db_index=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    pinyin_initials = models.CharField(_("pinyin initials"), max_length=300, blank=True, db_index=True)
    # Lower-cased code + name + pinyin initials + legal basis, maintained by the services; trigram-indexed
    # on PostgreSQL (migration 0002) so that substring search stays fast.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("enforcement item")
        verbose_name_plural = _("enforcement items")
        constraints = [
            models.CheckConstraint(condition=Q(fine_min__gte=0) | Q(fine_min__isnull=True), name="item_fine_min_gte_0"),
            models.CheckConstraint(
                condition=Q(fine_min__isnull=True) | Q(fine_max__isnull=True) | Q(fine_min__lte=F("fine_max")),
                name="item_fine_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="item_valid_range"
            ),
        ]
        indexes = [
            models.Index(fields=["domain", "power_type"]),
            models.Index(fields=["status", "valid_from", "valid_to"]),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        errors = {}
        if self.fine_min is not None and self.fine_min < 0:
            errors["fine_min"] = _("The minimum fine cannot be negative.")
        if self.fine_min is not None and self.fine_max is not None and self.fine_min > self.fine_max:
            errors["fine_max"] = _("The maximum fine must not be below the minimum fine.")
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end of validity must not precede its start.")
        kinds = self.penalty_kinds or []
        if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
            errors["penalty_kinds"] = _("The penalty kinds must be a list of kinds.")
            kinds = []
        unknown = set(kinds) - set(PenaltyKind.values)
        if unknown:
            errors["penalty_kinds"] = _("Unknown penalty kinds: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}
        if errors:
            raise ValidationError(errors)

    @property
    def limitation_years(self):
        return 5 if self.concerns_life_health_safety else 2

    def special_lists(self):
        return [name for name in SPECIAL_LISTS if getattr(self, name)]

    def penalty_kind_labels(self):
        labels = dict(PenaltyKind.choices)
        return [labels.get(kind, kind) for kind in self.penalty_kinds or []]

    @property
    def is_retired(self):
        return self.status == ItemStatus.RETIRED

    def is_valid_on(self, on_date):
        return self.valid_from <= on_date and (self.valid_to is None or self.valid_to >= on_date)


SPECIAL_LISTS = ("no_penalty", "correction_first", "warning_only")


class DiscretionLevel(models.TextChoices):
    MINOR = "minor", _("minor circumstances")
    GENERAL = "general", _("general circumstances")
    SERIOUS = "serious", _("serious circumstances")
    SEVERE = "severe", _("severe circumstances")


class DiscretionTier(models.Model):
    """One row of an item's discretion benchmark (裁量基准): conditions and the fine band they justify."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="discretion_tiers")
    level = models.CharField(_("circumstances"), max_length=16, choices=DiscretionLevel.choices)
    conditions = models.TextField(_("conditions"))
    fine_min = models.DecimalField(_("minimum fine (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0"))
    fine_max = models.DecimalField(_("maximum fine (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0"))

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["item", "fine_min"]
        verbose_name = _("discretion tier")
        verbose_name_plural = _("discretion tiers")
        constraints = [
            models.UniqueConstraint(fields=["item", "level"], name="discretion_level_unique_per_item"),
            models.CheckConstraint(condition=Q(fine_min__gte=0) & Q(fine_min__lte=F("fine_max")),
                                   name="discretion_band_valid"),
        ]

    def __str__(self):
        return f"{self.item.code} {self.get_level_display()}"

    def clean(self):
        if self.fine_min > self.fine_max:
            raise ValidationError({"fine_max": _("The maximum fine must not be below the minimum fine.")})
        item = self.item
        if item.fine_min is not None and self.fine_min < item.fine_min:
            raise ValidationError({"fine_min": _("The band must lie inside the item's fine range.")})
        if item.fine_max is not None and self.fine_max > item.fine_max:
            raise ValidationError({"fine_max": _("The band must lie inside the item's fine range.")})


class Adjustment(models.Model):
    """A versioned change to the catalogue (清单动态管理). Items are never deleted, only retired."""

    class Kind(models.TextChoices):
        ADD = "add", _("add")
        AMEND = "amend", _("amend")
        RETIRE = "retire", _("retire")

    class Reason(models.TextChoices):
        LAW_CHANGE = "law_change", _("laws and regulations enacted, amended, repealed or interpreted")
        DEVOLVED = "devolved", _("devolved or cancelled by a higher authority")
        EVALUATION = "evaluation", _("evaluation result")
        CORRECTION = "correction", _("correction of an error")
        IMPORT = "import", _("catalogue import")

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, db_index=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    effective_date = models.DateField(_("effective date"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="catalog_adjustments")
    note = models.TextField(_("note"), blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # An amendment dated ahead is stored with its `after` snapshot and applied to the item on its date
    # (services.adjustments_apply_due, run daily by Celery beat); until then the item row keeps today's values.
    pending = models.BooleanField(_("pending"), default=False, db_index=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = _("catalogue adjustment")
        verbose_name_plural = _("catalogue adjustments")
        indexes = [models.Index(fields=["item", "effective_date"])]

    def __str__(self):
        return f"{self.item.code} {self.get_kind_display()} {self.effective_date}"


class ImportJob(models.Model):
    """One upload of a catalogue file; large files are processed by a Celery task that reports progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    token = models.UUIDField(_("job number"), default=uuid.uuid4, unique=True, editable=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="catalog_import_jobs")
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="catalog/imports/", blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("items added"), default=0)
    updated_count = models.PositiveIntegerField(_("items amended"), default=0)
    unchanged_count = models.PositiveIntegerField(_("items unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    SCOPE = ScopeRule(reference=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self):
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total_rows:
            return 0
        return min(100, int(self.processed_rows * 100 / self.total_rows))

    @property
    def finished(self):
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}
