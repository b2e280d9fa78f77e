"""Admin: the same writes as the bureau's page (validated, audited, new revision for the working-day memo)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from . import services
from .models import CalendarDay, CalendarYear


class CalendarDayAdminForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name", "note"]

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("kind"):
            try:
                services.check_day(date=data["date"], kind=data["kind"], name=data.get("name") or "")
            except ValidationError as error:
                raise ValidationError(error.message_dict) from error
        return data


class CalendarYearAdminForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "notice"]

    def clean(self):
        data = super().clean()
        if data.get("year"):
            try:
                services.check_confirmable(data["year"])
            except ValidationError as error:
                raise ValidationError(error.message_dict) from error
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayAdminForm
    list_display = ["date", "kind", "name", "source", "updated_at", "updated_by"]
    list_filter = ["year", "kind", "source"]
    search_fields = ["name", "date"]
    date_hierarchy = "date"
    fields = ["date", "kind", "name", "note"]

    def save_model(self, request, obj, form, change):
        saved = services.day_save(actor=request.user, day=CalendarDay.objects.get(pk=obj.pk) if change else None,
                                  date=obj.date, kind=obj.kind, name=obj.name, note=obj.note)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.day_delete(actor=request.user, day=obj)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            services.day_delete(actor=request.user, day=day)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearAdminForm
    list_display = ["year", "source", "notice", "confirmed_at", "confirmed_by"]
    fields = ["year", "notice"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.year_confirm(actor=request.user, year=obj.year, notice=obj.notice)
        obj.pk = saved.pk
