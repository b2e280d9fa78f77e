"""/api/v1/mobile/: the officer's working data in one call, and favourite items. The phone's writes go to the
apps' own endpoints (cases, evidence, inspections, clues), each idempotent on the client request id."""

import hashlib

from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.selectors import cases_visible_to, party_history
from enforcement.accounts import access
from enforcement.core import crypto, qr
from enforcement.core.validators import is_valid_id_number, is_valid_uscc

from . import selectors, services
from .serializers import (
    CaseQrSerializer,
    FavouriteSerializer,
    PartyHistorySerializer,
    PartyQuerySerializer,
    WorkingDataSerializer,
)


class UsesMobile(permissions.IsAuthenticated):
    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and access.can(request.user, "mobile.use")


class WorkingDataView(APIView):
    """The officer's working data for the day: catalogue (empowered items with special lists and discretion
    bands; the others marked not empowered), colleagues and the usual partner, open week tasks with their
    checklists, open cases with their next legal deadline, zones. Send `If-None-Match` with the last ETag:
    an unchanged answer is a 304 without a body."""

    permission_classes = [UsesMobile]

    @extend_schema(responses={200: WorkingDataSerializer, 304: OpenApiResponse(description="unchanged")})
    def get(self, request):
        data = selectors.working_data(actor=request.user)
        content = JSONRenderer().render(dict(data, generated_at=None))  # the time alone does not make it new
        etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag, "Cache-Control": "no-store"})


class FavouriteView(APIView):
    """PUT: pin the item to the top of the phone's item search (常用); DELETE: unpin it."""

    permission_classes = [UsesMobile]

    def _answer(self, request):
        return Response({"favourite_items": selectors.favourite_item_codes(actor=request.user)})

    @extend_schema(request=None, responses=FavouriteSerializer)
    def put(self, request, code):
        services.favourite_add(actor=request.user, code=code)
        return self._answer(request)

    @extend_schema(request=None, responses=FavouriteSerializer)
    def delete(self, request, code):
        services.favourite_remove(actor=request.user, code=code)
        return self._answer(request)


class PartyHistoryView(APIView):
    """The party's earlier cases in the county (首违, 行政处罚法 art. 33), by ID number or USCC. POST, so that the
    number never appears in a URL or an access log. Another township's cases show no code and no personal data."""

    permission_classes = [UsesMobile]

    @extend_schema(request=PartyQuerySerializer, responses=PartyHistorySerializer)
    def post(self, request):
        query = PartyQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        number = crypto.normalise(query.validated_data["id_number"])
        kind = "organisation" if len(number) == 18 and not number[:17].isdigit() else "citizen"
        valid = is_valid_uscc(number) if kind == "organisation" else is_valid_id_number(number)
        if not valid:
            return Response({"valid": False, "kind": kind, "cases": []})
        rows = party_history(actor=request.user, id_number=number)
        return Response(PartyHistorySerializer({"valid": True, "kind": kind, "cases": rows}).data)


class CaseQrView(APIView):
    """The 行政行为码 of a case as a QR code (SVG data URI) for the party to scan: it opens the public verify
    page. Scoped like the case (another township's is 404)."""

    permission_classes = [UsesMobile]

    @extend_schema(responses=CaseQrSerializer)
    def get(self, request, code):
        case = cases_visible_to(request.user).filter(code=code).first()
        if case is None:
            raise Http404
        url = qr.verify_url(case.code)
        return Response({"code": case.code, "verify_url": url, "qr": qr.svg_data_uri(url)})


def register(router):
    from django.urls import path

    return [
        path("mobile/working-data/", WorkingDataView.as_view(), name="mobile-working-data"),
        path("mobile/favourites/<str:code>/", FavouriteView.as_view(), name="mobile-favourite"),
        path("mobile/party-history/", PartyHistoryView.as_view(), name="mobile-party-history"),
        path("mobile/cases/<str:code>/qr/", CaseQrView.as_view(), name="mobile-case-qr"),
    ]
