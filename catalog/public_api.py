"""/api/v1/public/catalogue/: the published catalogue (三项制度 事前公开) for anyone, no login, throttled as
anonymous traffic. Items in force today with legal basis, special lists and the discretion benchmark;
`?township=` gives one township's empowered items. No personal data."""

from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError

from townships.models import Township

from . import selectors
from .models import Domain, ListTier, PowerType
from .serializers import DiscretionTierSerializer, ItemSerializer


class PublicItemSerializer(ItemSerializer):
    discretion_tiers = DiscretionTierSerializer(many=True, read_only=True)

    class Meta(ItemSerializer.Meta):
        fields = [f for f in ItemSerializer.Meta.fields if f not in ("status", "version")] + ["discretion_tiers"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("search", str), OpenApiParameter("domain", str, description="domain code"),
    OpenApiParameter("power_type", str, enum=PowerType.values), OpenApiParameter("tier", str, enum=ListTier.values),
    OpenApiParameter("special_list", str, enum=["no_penalty", "correction_first", "warning_only"]),
    OpenApiParameter("township", str, description="township code: its empowered items"),
]))
class PublicItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The public catalogue: no authentication; reference data only."""

    serializer_class = PublicItemSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    lookup_field = "code"

    def get_queryset(self):
        params = self.request.query_params
        filters = {"search": str(params.get("search") or "")[:100]}
        for name, choices in (("power_type", PowerType.values), ("tier", ListTier.values),
                              ("special_list", ("no_penalty", "correction_first", "warning_only"))):
            value = params.get(name) or ""
            if value and value not in choices:
                raise ValidationError({name: [_("“%(value)s” is not a valid choice.") % {"value": value[:40]}]})
            filters[name] = value
        if params.get("domain"):
            filters["domain"] = Domain.objects.filter(code=params["domain"]).first()
            if filters["domain"] is None:
                raise ValidationError({"domain": [_("Unknown domain.")]})
        if params.get("township"):
            filters["township"] = Township.objects.filter(code=params["township"]).first()
            if filters["township"] is None:
                raise ValidationError({"township": [_("Unknown township.")]})
        return selectors.public_items(filters).prefetch_related("discretion_tiers")


def register(router):
    router.register("public/catalogue", PublicItemViewSet, basename="public-catalogue")
