"""Reads of the organisation app. Every function starts from `access.scope(...)`."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts import access

from .models import (
    CERTIFICATE_WARNING_DAYS,
    ROTATION_AFTER_DAYS,
    Department,
    Officer,
    Township,
    Zone,
    not_suspended_q,
)

# The staffing standard of a township's enforcement team (DESIGN §2).
MIN_CERTIFIED_LAW_ENFORCEMENT = 6
MIN_SAFETY_OFFICERS = 6
AUXILIARIES_PER_OFFICER = 3

CERTIFICATE_STATUSES = ("valid", "expiring", "suspended", "expired", "none")


def _today(today=None):
    return today or timezone.localdate()


# ---------------------------------------------------------------------------------------------- filters


def certificate_status_q(status, today=None):
    """A Q matching officers whose certificate is in `status` (see Officer.certificate_status)."""
    today = _today(today)
    warning_end = today + timedelta(days=CERTIFICATE_WARNING_DAYS)
    if status == "none":
        return Q(certificate_number__isnull=True)
    has = Q(certificate_number__isnull=False)
    if status == "expired":
        return has & Q(certificate_expiry__lt=today)
    if status == "suspended":
        return has & Q(certificate_expiry__gte=today, certificate_suspended_on__lte=today)
    has &= not_suspended_q(today)
    if status == "expiring":
        return has & Q(certificate_expiry__gte=today, certificate_expiry__lte=warning_end)
    if status == "valid":
        return has & Q(certificate_expiry__gt=warning_end)
    raise ValueError(f"Unknown certificate status {status!r}")


def rotation_due_q(today=None):
    """Officers posted to a township more than two years ago (Officer.rotation_due)."""
    cutoff = _today(today) - timedelta(days=ROTATION_AFTER_DAYS)
    return Q(township__isnull=False, posted_on__isnull=False, posted_on__lt=cutoff)


def officer_search_q(text):
    text = text.strip()
    return (Q(name__icontains=text) | Q(employee_number__icontains=text)
            | Q(certificate_number__icontains=text))


# ---------------------------------------------------------------------------------------------- townships


def with_staffing(queryset, today=None):
    """Annotate a Township queryset with its active staffing counts (one query, no N+1)."""
    today = _today(today)
    active = Q(officers__is_active=True)
    law = active & Q(officers__category=Officer.Category.LAW_ENFORCEMENT)
    zones = (Zone.objects.filter(township=OuterRef("pk")).order_by().values("township")
             .annotate(n=Count("pk")).values("n"))
    return queryset.annotate(
        officer_count=Count("officers", filter=active),
        law_enforcement_count=Count("officers", filter=law),
        certified_law_enforcement_count=Count(
            "officers",
            filter=law & Q(officers__certificate_number__isnull=False, officers__certificate_expiry__gte=today)
            & (Q(officers__certificate_suspended_on__isnull=True) | Q(officers__certificate_suspended_on__gt=today)),
        ),
        safety_count=Count("officers", filter=active & Q(officers__category=Officer.Category.SAFETY)),
        auxiliary_count=Count("officers", filter=active & Q(officers__category=Officer.Category.AUXILIARY)),
        zone_count=Coalesce(Subquery(zones, output_field=IntegerField()), Value(0)),
    )


def townships_visible_to(actor):
    return access.scope(Township.objects.select_related("hub"), actor)


def township_list(*, actor, today=None):
    """Townships the actor may see, each with staffing counts and the standard's verdict."""
    townships = list(with_staffing(townships_visible_to(actor), today).order_by("code"))
    for township in townships:
        township.staffing = StaffingCheck.from_counts(
            certified_law_enforcement=township.certified_law_enforcement_count,
            law_enforcement=township.law_enforcement_count,
            safety=township.safety_count,
            auxiliaries=township.auxiliary_count,
        )
    return townships


@dataclass
class StandardItem:
    key: str
    label: str
    actual: int
    required: int

    @property
    def passed(self):
        return self.actual >= self.required


@dataclass
class StaffingCheck:
    """The staffing standard: ≥ 6 certified law-enforcement officers, ≥ 6 safety officers, 1:3 auxiliaries.

    "Auxiliaries ≥ 3 per officer" counts active law-enforcement officers (执法人员), certified or not.
    """

    items: list[StandardItem]

    @classmethod
    def from_counts(cls, *, certified_law_enforcement, law_enforcement, safety, auxiliaries):
        return cls(items=[
            StandardItem("certified_law_enforcement", _("Certified law enforcement officers"),
                         certified_law_enforcement, MIN_CERTIFIED_LAW_ENFORCEMENT),
            StandardItem("safety", _("Safety supervision officers"), safety, MIN_SAFETY_OFFICERS),
            StandardItem("auxiliaries", _("Auxiliary staff (3 per law enforcement officer)"),
                         auxiliaries, AUXILIARIES_PER_OFFICER * law_enforcement),
        ])

    @property
    def passed(self):
        return all(item.passed for item in self.items)

    @property
    def failures(self):
        return [item for item in self.items if not item.passed]


@dataclass
class TownshipDetail:
    township: Township
    officers: list[Officer]
    zones: list[Zone]
    staffing: StaffingCheck
    expiring_certificates: list[Officer] = field(default_factory=list)
    expired_certificates: list[Officer] = field(default_factory=list)
    rotation_due: list[Officer] = field(default_factory=list)
    satellites: list[Township] = field(default_factory=list)
    qualifications: object = None  # qualification_selectors.QualificationSummary of the current year


def township_detail(*, actor, code, today=None):
    """One township the actor may see (else 404), with its officers, zones and the staffing check."""
    today = _today(today)
    township = get_object_or_404(townships_visible_to(actor), code=code)
    from .qualification_selectors import QualificationSummary, with_qualifications

    officers = list(with_qualifications(
        access.scope(Officer.objects.select_related("home_department"), actor).filter(township=township),
        today.year).order_by("category", "name", "employee_number"))
    zones = list(
        access.scope(Zone.objects.all(), actor).filter(township=township)
        .prefetch_related(Prefetch("officers", queryset=Officer.objects.order_by("name")))
        .order_by("code")
    )
    active = [officer for officer in officers if officer.is_active]
    law = [officer for officer in active if officer.category == Officer.Category.LAW_ENFORCEMENT]
    for officer in officers:
        officer.cert_status = officer.certificate_status(today)
    staffing = StaffingCheck.from_counts(
        certified_law_enforcement=sum(1 for officer in law if officer.has_valid_certificate(today)),
        law_enforcement=len(law),
        safety=sum(1 for officer in active if officer.category == Officer.Category.SAFETY),
        auxiliaries=sum(1 for officer in active if officer.category == Officer.Category.AUXILIARY),
    )
    return TownshipDetail(
        township=township,
        officers=officers,
        zones=zones,
        staffing=staffing,
        expiring_certificates=sorted((o for o in active if o.cert_status == "expiring"),
                                     key=lambda o: o.certificate_expiry),
        expired_certificates=sorted((o for o in active if o.cert_status == "expired"),
                                    key=lambda o: o.certificate_expiry),
        rotation_due=sorted((o for o in active if o.rotation_due(today)), key=lambda o: o.posted_on),
        satellites=list(townships_visible_to(actor).filter(hub=township).order_by("code")),
        qualifications=QualificationSummary.of(officers, today.year, today),
    )


# ---------------------------------------------------------------------------------------------- officers


def officers_visible_to(actor):
    return access.scope(Officer.objects.select_related("home_department", "township"), actor)


def departments_visible_to(actor):
    return access.scope(Department.objects.all(), actor)


def officer_list(*, actor, filters=None):
    """Officers the actor may see, filtered. `filters` is the data of an OfficerFilter (query parameters).

    Invalid filters (e.g. an unknown township code) raise django.core.exceptions.ValidationError.
    """
    from django.core.exceptions import ValidationError

    from .filters import OfficerFilter

    queryset = officers_visible_to(actor)
    if not filters:
        return queryset
    filterset = OfficerFilter(data=filters, queryset=queryset, actor=actor)
    if not filterset.is_valid():
        raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
    return filterset.qs


def officer_for_edit(*, actor, employee_number):
    return get_object_or_404(officers_visible_to(actor), employee_number=employee_number)


# ---------------------------------------------------------------------------------------------- zones


def zones_visible_to(actor):
    return access.scope(Zone.objects.select_related("township"), actor)


def filter_zones(queryset, params):
    """The zone register's filters (page and API): township code, text (code or name), status.

    `status` is active (default), retired or all; an unknown value reads as active (never a 500)."""
    township = str(params.get("township") or "").strip()
    if township:
        queryset = queryset.filter(township__code=township)
    text = str(params.get("q") or "").strip()[:50]
    if text:
        queryset = queryset.filter(Q(code__icontains=text) | Q(name__icontains=text))
    status = params.get("status") or "active"
    if status == "retired":
        queryset = queryset.filter(is_active=False)
    elif status != "all":
        queryset = queryset.filter(is_active=True)
    return queryset


def zone_list(*, actor, params=None):
    """Zones the actor may see, filtered, with officers (by name) and record counts left to the page."""
    officers = Prefetch("officers", queryset=Officer.objects.order_by("name"))
    return filter_zones(zones_visible_to(actor), params or {}).prefetch_related(officers).order_by(
        "township__code", "code")


def zone_for_edit(*, actor, code):
    return get_object_or_404(zones_visible_to(actor), code=code)


def zones_in_use(*, actor, township=None):
    """Zones a new record may name: in use, in the actor's scope, optionally of one township."""
    queryset = zones_visible_to(actor).filter(is_active=True).order_by("township__code", "code")
    if township is not None:
        queryset = queryset.filter(township=township)
    return queryset
