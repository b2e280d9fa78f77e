"""The admin's zone and township pages gain the outline: a GeoJSON geometry (WGS-84) validated like an
upload (geo.geojson), and a column saying which rows have one. The townships app keeps its own admin; geo
extends it here so that townships never imports geo (dependencies point one way)."""

import json

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from enforcement.audit import services as audit
from townships.admin import TownshipAdmin, ZoneAdmin
from townships.models import Township, Zone

from . import zones
from .geojson import _Bad, clean_geometry


class BoundaryForm(forms.ModelForm):
    boundary_geojson = forms.CharField(
        label=_("Outline (GeoJSON geometry, WGS-84)"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A Polygon or MultiPolygon geometry object, [longitude, latitude]; empty removes the outline."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.boundary:
            self.initial["boundary_geojson"] = json.dumps(self.instance.boundary, ensure_ascii=False)

    def clean_boundary_geojson(self):
        raw = (self.cleaned_data.get("boundary_geojson") or "").strip()
        if not raw:
            return None
        try:
            return clean_geometry(json.loads(raw))
        except ValueError:
            raise forms.ValidationError(_("The text is not JSON.")) from None
        except _Bad as bad:
            raise forms.ValidationError(str(bad)) from None

    def save(self, commit=True):
        self.instance.boundary = self.cleaned_data.get("boundary_geojson")
        return super().save(commit)


class OutlineMixin:
    form = BoundaryForm

    @admin.display(boolean=True, description=_("outline"))
    def has_outline(self, obj):
        return bool(obj.boundary)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "boundary_geojson" in form.changed_data:
            zones.invalidate()
            audit.record("geo.boundary_admin", actor=request.user, obj=obj, code=obj.code)


class ZoneOutlineAdmin(OutlineMixin, ZoneAdmin):
    list_display = [*ZoneAdmin.list_display, "has_outline"]


class TownshipOutlineAdmin(OutlineMixin, TownshipAdmin):
    list_display = [*TownshipAdmin.list_display, "has_outline"]


for model, model_admin in ((Zone, ZoneOutlineAdmin), (Township, TownshipOutlineAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
