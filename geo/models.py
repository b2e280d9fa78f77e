"""The bureau's gazetteer (地名地址库) and where each geocoded record's coordinates came from (ADR 0019).

`Place` is a standard address or place name of a township: a house (门牌), a road (道路), an area such as a
community or zone (片区) or the township itself (乡镇), with aliases and a point in the project's system
(WGS-84, ADR 0012). A road may carry a house-number range from its start point to its end point, so a number
on it is placed by interpolation. `Geocoding` records, for a clue, case or subject whose coordinates were
found from its address, the source and the precision (the clue page shows “坐标来源: 地名地址库 (道路级)”).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.accounts.scoping import ScopeRule


class Precision(models.TextChoices):
    HOUSE = "house", _("house-number level")
    INTERPOLATED = "interpolated", _("house-number level (interpolated)")
    ROAD = "road", _("road level")
    AREA = "area", _("area level")
    TOWNSHIP = "township", _("township level")


# Better first: a more precise answer beats a longer name match.
PRECISION_RANK = {Precision.HOUSE: 5, Precision.INTERPOLATED: 4, Precision.ROAD: 3, Precision.AREA: 2,
                  Precision.TOWNSHIP: 1}


class PlaceKind(models.TextChoices):
    HOUSE = "house", _("house number (门牌)")
    ROAD = "road", _("road (道路)")
    AREA = "area", _("area (片区)")
    TOWNSHIP = "township", _("township (乡镇)")


KIND_PRECISION = {PlaceKind.HOUSE: Precision.HOUSE, PlaceKind.ROAD: Precision.ROAD, PlaceKind.AREA: Precision.AREA,
                  PlaceKind.TOWNSHIP: Precision.TOWNSHIP}


class GeocodeSource(models.TextChoices):
    GAZETTEER = "gazetteer", _("the bureau's gazetteer")
    ONLINE = "online", _("online geocoder (天地图)")


class Place(models.Model):
    """One entry of the gazetteer (地名地址): a name, its aliases and a point."""

    name = models.CharField(_("standard name"), max_length=200)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    township = models.ForeignKey("townships.Township", verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="places")
    zone = models.ForeignKey("townships.Zone", verbose_name=_("zone"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="places")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    # A road's numbered stretch: number_from at the point above, number_to at the end point.
    number_from = models.PositiveIntegerField(_("first house number"), null=True, blank=True)
    number_to = models.PositiveIntegerField(_("last house number"), null=True, blank=True)
    end_latitude = models.DecimalField(_("end latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    end_longitude = models.DecimalField(_("end longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    SCOPE = ScopeRule(township="township")

    class Meta:
        ordering = ["township__code", "name", "id"]
        verbose_name = _("gazetteer entry")
        verbose_name_plural = _("gazetteer entries")
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="place_township_name_unique"),
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180,
                                                                                      longitude__lte=180),
                                   name="place_position_range"),
        ]
        indexes = [models.Index(fields=["township", "kind"], name="place_township_kind")]

    def __str__(self):
        return self.name

    @property
    def has_numbers(self):
        return None not in (self.number_from, self.number_to, self.end_latitude, self.end_longitude)

    def clean(self):
        numbered = [self.number_from, self.number_to, self.end_latitude, self.end_longitude]
        if any(v is not None for v in numbered):
            if self.kind != PlaceKind.ROAD:
                raise ValidationError({"number_from": _("Only a road has a house-number range.")})
            if any(v is None for v in numbered):
                raise ValidationError({"number_from": _(
                    "A house-number range needs the first and last number and the end point.")})
            if self.number_to <= self.number_from:
                raise ValidationError({"number_to": _("The last house number must be greater than the first.")})
        if self.zone_id and self.township_id and self.zone.township_id != self.township_id:
            raise ValidationError({"zone": _("The zone belongs to another township.")})


class Geocoding(models.Model):
    """Where a record's coordinates came from when they were found from its address (one row per record)."""

    class Record(models.TextChoices):
        CLUE = "clue", _("clue")
        CASE = "case", _("case")
        SUBJECT = "subject", _("inspection subject")

    record = models.CharField(_("record kind"), max_length=10, choices=Record.choices)
    record_id = models.PositiveBigIntegerField(_("record id"))
    address = models.CharField(_("address geocoded"), max_length=300)
    source = models.CharField(_("coordinate source"), max_length=10, choices=GeocodeSource.choices)
    precision = models.CharField(_("precision"), max_length=12, choices=Precision.choices)
    matched = models.CharField(_("matched name"), max_length=300, blank=True)
    place = models.ForeignKey(Place, verbose_name=_("gazetteer entry"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    geocoded_at = models.DateTimeField(_("geocoded at"), default=timezone.now)
    online_pending = models.BooleanField(_("online geocoder asked"), default=False)

    class Meta:
        verbose_name = _("geocoding")
        verbose_name_plural = _("geocodings")
        constraints = [models.UniqueConstraint(fields=["record", "record_id"], name="geocoding_record_unique")]

    def __str__(self):
        return f"{self.record} {self.record_id}: {self.get_source_display()} ({self.get_precision_display()})"

    @property
    def label(self):
        """“地名地址库 (道路级)”"""
        return f"{self.get_source_display()} ({self.get_precision_display()})"


