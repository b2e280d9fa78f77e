"""The officer filters, shared by the officer list page and /api/v1/officers/."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import django_filters

from . import selectors
from .models import Officer

CERTIFICATE_STATUS_CHOICES = [
    ("valid", _("valid")),
    ("expiring", _("expiring within 60 days")),
    ("suspended", _("suspended (failed annual review)")),
    ("expired", _("expired")),
    ("none", _("no certificate")),
]
YES_NO = [("true", _("yes")), ("false", _("no"))]


class OfficerFilter(django_filters.FilterSet):
    """Township and department are chosen by code; the township choices are the actor's own scope,
    so a township user cannot even name another township (unknown code → a field error, i.e. 400)."""

    township = django_filters.ModelChoiceFilter(
        label=_("Township"),
        field_name="township",
        to_field_name="code",
        queryset=selectors.Township.objects.none(),
        empty_label=_("All townships"),
        error_messages={"invalid_choice": _("Unknown township code: %(value)s.")},
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Home department"),
        field_name="home_department",
        to_field_name="code",
        queryset=selectors.Department.objects.none(),
        empty_label=_("All departments"),
        error_messages={"invalid_choice": _("Unknown department code: %(value)s.")},
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Officer.Category.choices,
                                           empty_label=_("All categories"))
    certificate_status = django_filters.ChoiceFilter(label=_("Certificate"), choices=CERTIFICATE_STATUS_CHOICES,
                                                     method="filter_certificate_status", empty_label=_("Any"))
    rotation_due = django_filters.ChoiceFilter(label=_("Rotation due"), choices=YES_NO, method="filter_rotation_due",
                                               empty_label=_("Any"))
    active = django_filters.ChoiceFilter(label=_("Active"), choices=YES_NO, method="filter_active",
                                         empty_label=_("Any"))
    search = django_filters.CharFilter(label=pgettext_lazy("filter", "Search"), method="filter_search", max_length=50,
                                       help_text=_("Name, employee number or certificate number"))

    class Meta:
        model = Officer
        fields = ["township", "department", "category", "certificate_status", "rotation_due", "active", "search"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, actor=None):
        super().__init__(data=data, queryset=queryset, request=request, prefix=prefix)
        actor = actor or getattr(request, "user", None)
        self.filters["township"].queryset = selectors.townships_visible_to(actor).order_by("code")
        self.filters["department"].queryset = selectors.departments_visible_to(actor).order_by("code")

    def filter_certificate_status(self, queryset, name, value):
        return queryset.filter(selectors.certificate_status_q(value)) if value else queryset

    def filter_rotation_due(self, queryset, name, value):
        if value == "true":
            return queryset.filter(selectors.rotation_due_q())
        return queryset.exclude(selectors.rotation_due_q()) if value == "false" else queryset

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "true") if value in ("true", "false") else queryset

    def filter_search(self, queryset, name, value):
        return queryset.filter(selectors.officer_search_q(value)) if value.strip() else queryset
