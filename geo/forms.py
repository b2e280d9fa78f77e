"""The map's filters (the lists' filters where they apply) and the boundary upload form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Status as CaseStatus
from intake.models import Source, State, Urgency
from planning.models import RiskLevel

from .coords import GCJ02, WGS84

DATE = forms.DateInput(attrs={"type": "date"})
LAYERS = [("clues", _("Clues by state")), ("cases", _("Cases by status")), ("subjects", _("Subjects by risk")),
          ("zones", _("Zones with their load")), ("heat", _("Heat by zone and month"))]
SYSTEM_CHOICES = [(WGS84, _("WGS-84 (GPS, 天地图)")), (GCJ02, _("GCJ-02 (Gaode, Tencent)"))]


class MapFilterForm(forms.Form):
    layer = forms.MultipleChoiceField(label=_("Layers"), required=False, choices=LAYERS,
                                      widget=forms.CheckboxSelectMultiple)
    township = forms.ChoiceField(label=_("Township"), required=False)
    state = forms.ChoiceField(label=_("Clue state"), required=False,
                              choices=[("", _("all")), ("open", _("open clues"))] + list(State.choices))
    source = forms.ChoiceField(label=_("Clue source"), required=False, choices=[("", _("all"))] + list(Source.choices))
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("all"))] + list(Urgency.choices))
    outside = forms.BooleanField(label=_("clues outside every zone only"), required=False)
    status = forms.ChoiceField(label=_("Case status"), required=False,
                               choices=[("", _("all")), ("open", _("open cases"))] + list(CaseStatus.choices))
    risk = forms.ChoiceField(label=_("Risk level"), required=False, choices=[("", _("all"))] + list(RiskLevel.choices))
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    month = forms.RegexField(label=_("Heat month"), required=False, regex=r"^\d{4}-(0[1-9]|1[0-2])$",
                             widget=forms.TextInput(attrs={"type": "month"}),
                             error_messages={"invalid": _("Enter a month as YYYY-MM.")})

    def __init__(self, *args, townships=None, **kwargs):
        super().__init__(*args, **kwargs)
        if townships is None:
            del self.fields["township"]
        else:
            self.fields["township"].choices = [("", _("all"))] + [(t.code, t.name) for t in townships]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class BoundaryUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Outlines of"), choices=[("zone", _("zones")), ("township", _("townships"))])
    coordinate_system = forms.ChoiceField(label=_("Coordinate system of the file"), choices=SYSTEM_CHOICES,
                                          initial=WGS84)
    file = forms.FileField(label=_("GeoJSON file"), help_text=_(
        "A FeatureCollection of Polygon/MultiPolygon features; properties.code names the zone or township."))


class PlaceForm(forms.Form):
    """A gazetteer entry (地名地址); the service validates and answers next to the field."""

    name = forms.CharField(label=_("Standard name"), max_length=200, help_text=_(
        "As it is written in addresses, e.g. 东城街道东风社区人民路 or 东城街道人民路8号."))
    aliases = forms.CharField(label=_("Aliases"), required=False, max_length=2000,
                              help_text=_("Other ways of writing it, separated by 、 or commas."))
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    township = forms.ChoiceField(label=_("Township"), choices=[])
    zone = forms.CharField(label=_("Zone code"), required=False, max_length=40)
    coordinate_system = forms.ChoiceField(label=_("Coordinate system of the point"), choices=SYSTEM_CHOICES,
                                          initial=WGS84)
    latitude = forms.CharField(label=_("Latitude"), max_length=20,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    longitude = forms.CharField(label=_("Longitude"), max_length=20,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    number_from = forms.CharField(label=_("First house number"), required=False, max_length=6,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                  help_text=_("A road only: the number at the point above."))
    number_to = forms.CharField(label=_("Last house number"), required=False, max_length=6,
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                help_text=_("A road only: the number at the end point below."))
    end_latitude = forms.CharField(label=_("End latitude"), required=False, max_length=20,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    end_longitude = forms.CharField(label=_("End longitude"), required=False, max_length=20,
                                    widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def __init__(self, *args, townships=(), **kwargs):
        from .models import PlaceKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PlaceKind.choices
        self.fields["township"].choices = [(t.code, t.name) for t in townships]


class PlaceImportForm(forms.Form):
    file = forms.FileField(label=_("Gazetteer file (.xlsx or .csv)"))
    coordinate_system = forms.ChoiceField(label=_("Coordinate system of the file"), choices=SYSTEM_CHOICES,
                                          initial=WGS84)


class GeocodeTryForm(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
