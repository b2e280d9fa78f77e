"""/api/v1/catalog/…: domains, items (filters, as_of), adjustments. Reads for every business role;
writes (add, amend, retire) only with catalog.manage."""

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from enforcement.accounts import access
from enforcement.core.api import ScopedQuerysetMixin, ScopedReadOnlyViewSet
from enforcement.core.pagination import StandardPagination

from . import selectors
from .forms import ItemFilterForm
from .models import Adjustment, Domain, Item
from .serializers import (
    AdjustmentInputSerializer,
    AdjustmentSerializer,
    DomainSerializer,
    ItemDetailSerializer,
    ItemListSerializer,
    ItemSerializer,
    ItemWriteSerializer,
)
from .services import item_amend, item_create, item_retire


class ItemPagination(StandardPagination):
    """The standard pages; the total is counted once per catalogue state (selectors.cached_count)."""

    django_paginator_class = selectors.CachedCountPaginator


class CatalogPermission(permissions.BasePermission):
    """Reading needs catalog.view; any write needs catalog.manage (admin, bureau staff)."""

    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        needed = "catalog.view" if request.method in permissions.SAFE_METHODS else "catalog.manage"
        return access.can(request.user, needed)


class DomainViewSet(ScopedReadOnlyViewSet):
    queryset = Domain.objects.all()
    serializer_class = DomainSerializer
    permission_classes = [permissions.IsAuthenticated, CatalogPermission]
    lookup_field = "code"
    filter_backends = []

    def base_queryset(self):
        return Domain.objects.annotate(item_count=Count("items", filter=selectors.in_force_today("items__"))).order_by(
            "sort_order", "code")


ITEM_FILTERS = [
    OpenApiParameter("search", str, description="code, name substring, pinyin initials (zydl) or legal basis"),
    OpenApiParameter("domain", str, description="domain code"),
    OpenApiParameter("power_type", str, enum=["penalty", "inspection", "coercion", "order", "other"]),
    OpenApiParameter("tier", str, enum=["comprehensive", "professional", "township"]),
    OpenApiParameter("special_list", str, enum=["no_penalty", "correction_first", "warning_only"]),
    OpenApiParameter("status", str, enum=["retired", "all"], description="default: the items in force today"),
    OpenApiParameter("empowered_to", str, description="township code: items empowered to it on the date"),
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="the catalogue as it stood on this date"),
]


@extend_schema_view(list=extend_schema(parameters=ITEM_FILTERS),
                    retrieve=extend_schema(parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE)]))
class ItemViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Items never disappear: DELETE is not offered; retire with POST …/{code}/retire/."""

    queryset = Item.objects.all()
    serializer_class = ItemSerializer
    permission_classes = [permissions.IsAuthenticated, CatalogPermission]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filter_backends = []

    def base_queryset(self):
        return Item.objects.select_related("domain")

    pagination_class = ItemPagination

    def _filters(self):
        if getattr(self, "_cleaned_filters", None) is None:  # validated once per request
            form = ItemFilterForm(self.request.query_params, user=self.request.user)
            if not form.is_valid():
                raise ValidationError(form.errors)
            self._cleaned_filters = form.cleaned_data
        return self._cleaned_filters

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "list":
            filters = self._filters()
            qs = selectors.item_list(actor=self.request.user, filters=filters).only(*selectors.LIST_COLUMNS)
        elif self.action == "retrieve":
            qs = qs.prefetch_related("discretion_tiers")
        return qs

    def get_serializer_class(self):
        if self.action == "list":
            return ItemListSerializer
        if self.action == "retrieve":
            return ItemDetailSerializer
        if self.action in {"create", "update", "partial_update"}:
            return ItemWriteSerializer
        return ItemSerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        as_of = self._filters().get("as_of")
        return selectors.overlay_as_of(page, as_of) if as_of and page is not None else page

    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        as_of = selectors.parse_as_of(request.query_params.get("as_of"))
        if as_of:
            if not item.is_valid_on(as_of):
                return Response({"detail": _("This item was not in the catalogue on %(date)s.") % {
                    "date": as_of.isoformat()}}, status=status.HTTP_404_NOT_FOUND)
            item = selectors.overlay_as_of([item], as_of)[0]
        return Response(self.get_serializer(item).data)

    def _adjustment_input(self):
        data = AdjustmentInputSerializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meta = self._adjustment_input()
        data = {k: v for k, v in serializer.validated_data.items() if k not in ItemWriteSerializer.ADJUSTMENT_FIELDS}
        tiers = [dict(t) for t in data.pop("discretion_tiers", [])]
        item = item_create(actor=request.user, data=data, discretion_tiers=tiers, **meta)
        return Response(ItemDetailSerializer(item).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        item = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(item, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        meta = self._adjustment_input()
        changes = {k: v for k, v in serializer.validated_data.items()
                   if k != "code" and k not in ItemWriteSerializer.ADJUSTMENT_FIELDS}
        if "discretion_tiers" in changes:
            changes["discretion_tiers"] = [dict(t) for t in changes["discretion_tiers"]]
        if "code" in serializer.validated_data and serializer.validated_data["code"] != item.code:
            raise serializers.ValidationError({"code": [_("An item's code cannot be changed.")]})
        item_amend(actor=request.user, item=item, changes=changes, **meta)
        item = self.get_queryset().get(pk=item.pk)
        return Response(ItemDetailSerializer(item).data)

    @extend_schema(request=AdjustmentInputSerializer, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request, code=None):
        item = self.get_object()
        meta = self._adjustment_input()
        item_retire(actor=request.user, item=item, **meta)
        item.refresh_from_db()
        return Response(ItemSerializer(item).data)

    @extend_schema(responses=AdjustmentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, code=None):
        item = self.get_object()
        page = self.paginate_queryset_plain(selectors.item_history(item))
        return self.get_paginated_response(AdjustmentSerializer(page, many=True).data)

    def paginate_queryset_plain(self, queryset):
        return super().paginate_queryset(queryset)


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("item", str, description="item code"),
    OpenApiParameter("kind", str, enum=["add", "amend", "retire"]),
    OpenApiParameter("since", OpenApiTypes.DATE, description="effective on or after"),
]))
class AdjustmentViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The adjustment log, newest first; filters `item` (code), `kind`, `since` (date). List only: an
    adjustment is shown through its item's code, never by a database id."""

    queryset = Adjustment.objects.all()
    serializer_class = AdjustmentSerializer
    permission_classes = [permissions.IsAuthenticated, CatalogPermission]
    filter_backends = []

    def base_queryset(self):
        qs = Adjustment.objects.select_related("item", "actor").order_by("-effective_date", "-id")
        params = self.request.query_params
        if params.get("item"):
            qs = qs.filter(item__code=params["item"])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        since = selectors.parse_as_of(params.get("since"))
        if since:
            qs = qs.filter(effective_date__gte=since)
        return qs


def register(router):
    """Register this app's viewsets on the shared /api/v1/ router; return extra url patterns."""
    router.register("catalog/domains", DomainViewSet, basename="catalog-domain")
    router.register("catalog/items", ItemViewSet, basename="catalog-item")
    router.register("catalog/adjustments", AdjustmentViewSet, basename="catalog-adjustment")
    from . import public_api

    public_api.register(router)
    return []

