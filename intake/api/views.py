"""/api/v1/clues/ and /api/v1/intake/…: scoped viewsets; every write goes through the services.

Each clue action has its own route (`POST /api/v1/clues/{code}/{action}/`) and input serializer, so the
OpenAPI schema documents every action's body.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from enforcement.accounts import access
from enforcement.core.api import ScopedQuerysetMixin
from enforcement.core.idempotency import idempotent, idempotent_responses
from enforcement.core.sanitize import SafeJSONParser
from townships.models import Township

from .. import selectors, workflow
from ..board import board_data, board_json
from ..figures import intake_figures
from ..models import Clue, DailyRollup
from ..services import (
    TransitionConflict,
    WorkOrderConflict,
    attachment_add,
    clue_create,
    clue_reporter_unmask,
    clue_transition,
    hotline_push,
    reply_record,
)
from ..services.importing import import_work_orders
from .lists import register as register_lists
from .serializers import (
    ACTION_INPUTS,
    LIST_FIELDS,
    BoardSerializer,
    ClueAttachmentInput,
    ClueCreateSerializer,
    ClueDetailSerializer,
    ClueEventSerializer,
    ClueListResponseSerializer,
    ClueReplyInput,
    ClueUnmaskInput,
    ClueUnmaskOutput,
    FiguresQuerySerializer,
    FiguresSerializer,
    HotlinePushSerializer,
    ImportSerializer,
    clue_rows,
)

MAX_PAGE = 200
DEFAULT_PAGE = 50
FILTER_KEYS = ("state", "source", "urgency", "township", "overdue", "date_from", "date_to", "q")
ACTION_PERMISSIONS = {action: {t.permission for (_s, a), t in workflow.TRANSITIONS.items() if a == action}
                      for action in ACTION_INPUTS}


class CluePermission(permissions.IsAuthenticated):
    """Reads need clue.view; each write the permission of its action (the service checks the exact move)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        needed = getattr(view, "required_permissions", {}).get(view.action)
        if needed is None:
            needed = {"clue.view"}
        return access.can(request.user, "clue.view") and any(access.can(request.user, p) for p in needed)


def _page_size(request):
    try:
        size = int(request.query_params.get("page_size") or DEFAULT_PAGE)
    except ValueError:
        raise ValidationError({"page_size": [_("Enter a whole number.")]}) from None
    return max(1, min(size, MAX_PAGE))


def _detail_queryset(user):
    return selectors.clues_visible_to(user).select_related(
        "current_dispatch__township", "current_dispatch__zone", "current_dispatch__dispatched_by", "case",
        "merged_into", "transferred_to", "source_department", "proposal__township", "proposal__zone", "warning",
        "reply").prefetch_related("current_dispatch__officers")


class ClueViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Clue.objects.all()
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9]+"
    permission_classes = [CluePermission]
    serializer_class = ClueDetailSerializer
    filter_backends = []
    pagination_class = None
    list_is_object = True  # a keyset page: {results, next_cursor, next} (core.schema)
    required_permissions = {
        "create": {"clue.create"}, "unmask": {"clue.unmask"}, "reply": {"clue.reply"},
        "photos": {"clue.create", "clue.triage", "clue.respond"},
        **{f"act_{name}": permissions for name, permissions in ACTION_PERMISSIONS.items()},
    }

    def base_queryset(self):
        return Clue.objects.select_related(*selectors.LIST_RELATED)

    def get_object(self):
        return get_object_or_404(_detail_queryset(self.request.user), code=self.kwargs["code"])

    def _detail(self, clue, code=status.HTTP_200_OK):
        clue = _detail_queryset(self.request.user).get(pk=clue.pk)
        return Response(ClueDetailSerializer(clue, context={"request": self.request}).data, status=code)

    @extend_schema(
        parameters=[OpenApiParameter("cursor", str, description="next_cursor of the previous page"),
                    OpenApiParameter("page_size", int, description=f"1–{MAX_PAGE}, default {DEFAULT_PAGE}"),
                    OpenApiParameter("state", str, description="a state, or `open`"),
                    *[OpenApiParameter(k, str) for k in FILTER_KEYS[1:]]],
        responses=ClueListResponseSerializer)
    def list(self, request, *args, **kwargs):
        """Newest first with keyset pagination (`cursor`): constant time at any depth of 1,000,000 clues."""
        filters = {key: request.query_params.get(key) for key in FILTER_KEYS}
        queryset = selectors.clue_list(actor=request.user, filters=filters, queryset=self.get_queryset())
        queryset = selectors.keyset_after(queryset, request.query_params.get("cursor"))
        if queryset is None:
            raise ValidationError({"cursor": [_("The cursor is not valid; start from the first page.")]})
        size = _page_size(request)
        rows = list(queryset.values(*LIST_FIELDS)[:size + 1])
        more = len(rows) > size
        rows = rows[:size]
        cursor = selectors.cursor_of(rows[-1]) if more and rows else None
        next_url = None
        if cursor:
            query = request.query_params.copy()
            query["cursor"] = cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return Response({"results": clue_rows(rows, timezone.now()), "next_cursor": cursor, "next": next_url})

    @extend_schema(request=ClueCreateSerializer, responses=idempotent_responses(ClueDetailSerializer))
    @idempotent("clue.create")
    def create(self, request, *args, **kwargs):
        """Register a clue from any source (pages, PDA). Triage proposals are computed at once."""
        serializer = ClueCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        clue = clue_create(actor=request.user, **serializer.validated_data)
        return self._detail(clue, status.HTTP_201_CREATED)

    @extend_schema(responses=ClueEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, code=None):
        clue = self.get_object()
        return Response(ClueEventSerializer(selectors.clue_events(actor=request.user, clue=clue)[:500],
                                            many=True).data)

    @extend_schema(responses=ClueListResponseSerializer)
    @action(detail=False, methods=["get"])
    def assigned(self, request):
        """The clues dispatched to the caller that still need them in the field (the officers' task home)."""
        rows = list(selectors.clues_assigned_to(request.user).values(*LIST_FIELDS)[:MAX_PAGE])
        return Response({"results": clue_rows(rows, timezone.now()), "next_cursor": None, "next": None})

    @extend_schema(request=ClueUnmaskInput, responses=ClueUnmaskOutput)
    @action(detail=True, methods=["post"])
    def unmask(self, request, code=None):
        """The reporter's name and phone in plain text (permission clue.unmask, reason, audited)."""
        clue = self.get_object()
        serializer = ClueUnmaskInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = clue_reporter_unmask(clue=clue, actor=request.user, reason=serializer.validated_data["reason"])
        response = Response(data)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=ClueReplyInput, responses=idempotent_responses(ClueDetailSerializer, 200))
    @idempotent("clue.reply")
    @action(detail=True, methods=["post"])
    def reply(self, request, code=None):
        """Record the reply to the complainant (and satisfaction); the text defaults to the outcome's."""
        clue = self.get_object()
        serializer = ClueReplyInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reply_record(clue=clue, actor=request.user, method=data["method"], text_value=data.get("text", ""),
                     satisfaction=data.get("satisfaction", ""), replied_at=data.get("replied_at"))
        return self._detail(clue)

    @extend_schema(request={"multipart/form-data": ClueAttachmentInput}, responses=idempotent_responses(
        ClueDetailSerializer))
    @idempotent("clue.photo")
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, code=None):
        clue = self.get_object()
        serializer = ClueAttachmentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment_add(clue=clue, actor=request.user, upload=serializer.validated_data["file"],
                       stage=serializer.validated_data["stage"])
        return self._detail(clue, status.HTTP_201_CREATED)

    def _act(self, request, name, input_class):
        clue = self.get_object()
        serializer = input_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            clue = clue_transition(clue=clue, action=name, actor=request.user, **serializer.validated_data)
        except TransitionConflict as exc:
            return Response({"detail": exc.messages}, status=status.HTTP_409_CONFLICT)
        return self._detail(clue)


def _action_view(name, input_class):
    def view(self, request, code=None):
        return self._act(request, name, input_class)

    view.__name__ = f"act_{name}"  # not the action's name: `dispatch` would replace APIView.dispatch
    view.__doc__ = (f"{workflow.ACTION_LABELS[name]} — from: "
                    + ", ".join(sorted(str(s) for (s, a) in workflow.TRANSITIONS if a == name)))
    view = action(detail=True, methods=["post"], url_path=name.replace("_", "-"),
                  url_name=name.replace("_", "-"))(idempotent(f"clue.{name}")(view))
    return extend_schema(request=input_class, responses=idempotent_responses(ClueDetailSerializer, 200),
                         operation_id=f"clues_{name}")(view)


for _name, _input in ACTION_INPUTS.items():
    setattr(ClueViewSet, f"act_{_name}", _action_view(_name, _input))


class HotlineViewSet(ScopedQuerysetMixin, viewsets.GenericViewSet):
    """POST /api/v1/intake/hotline/: the 12345 system pushes a work order (see HotlinePushSerializer)."""

    queryset = Clue.objects.all()
    permission_classes = [CluePermission]
    required_permissions = {"create": {"clue.create"}}
    serializer_class = HotlinePushSerializer
    parser_classes = [SafeJSONParser]

    @extend_schema(request=HotlinePushSerializer, responses={201: ClueDetailSerializer, 200: ClueDetailSerializer})
    def create(self, request):
        serializer = HotlinePushSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            clue, created = hotline_push(actor=request.user, **serializer.validated_data)
        except WorkOrderConflict as exc:
            return Response(exc.message_dict, status=status.HTTP_409_CONFLICT)
        clue = _detail_queryset(request.user).get(pk=clue.pk)
        return Response(ClueDetailSerializer(clue, context={"request": request}).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ImportViewSet(ScopedQuerysetMixin, viewsets.GenericViewSet):
    """POST /api/v1/intake/import/: a file of 12345 work orders; all rows or none."""

    queryset = Clue.objects.all()
    permission_classes = [CluePermission]
    required_permissions = {"create": {"clue.import"}}
    serializer_class = ImportSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": ImportSerializer})
    def create(self, request):
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        try:
            result = import_work_orders(actor=request.user, content=upload.read(), filename=upload.name)
        except DjangoValidationError as exc:
            return Response({"errors": [{"row": None, "column": None, "message": m} for m in exc.messages]},
                            status=status.HTTP_400_BAD_REQUEST)
        body = result.as_dict()
        return Response(body, status=status.HTTP_400_BAD_REQUEST if result.errors else status.HTTP_201_CREATED)


class BoardViewSet(ScopedQuerysetMixin, viewsets.GenericViewSet):
    """GET /api/v1/intake/board/: the command board's data (what the page polls), scoped to the caller."""

    queryset = Clue.objects.all()
    permission_classes = [CluePermission]
    required_permissions = {"list": {"board.view"}}
    serializer_class = BoardSerializer
    list_is_object = True  # one board (core.schema)

    @extend_schema(responses=BoardSerializer)
    def list(self, request):
        self.get_queryset()  # the board's reads go through access.scope (intake.board)
        return Response(board_json(board_data(actor=request.user)))


class FiguresViewSet(ScopedQuerysetMixin, viewsets.GenericViewSet):
    """GET /api/v1/intake/figures/?start=&end=&township=: the figures by township and month (daily rollup)."""

    queryset = DailyRollup.objects.all()
    permission_classes = [CluePermission]
    required_permissions = {"list": {"board.view", "dashboard.view"}}
    serializer_class = FiguresSerializer
    list_is_object = True  # one figures block (core.schema)

    @extend_schema(parameters=[OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE),
                               OpenApiParameter("township", str, description="township code")],
                   responses=FiguresSerializer)
    def list(self, request):
        serializer = FiguresQuerySerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        today = timezone.localdate()
        start = serializer.validated_data.get("start") or today.replace(day=1)
        end = serializer.validated_data.get("end") or today
        if end < start or (end - start).days > 800:
            raise ValidationError({"end": [_("Choose an end after the start, at most 800 days later.")]})
        township = None
        code = serializer.validated_data.get("township")
        if code:
            township = access.scope(Township.objects.all(), request.user).filter(code=code).first()
            if township is None:
                raise ValidationError({"township": [_("Unknown township.")]})
        figures = intake_figures(actor=request.user, start=start, end=end, township=township)
        figures["as_of"] = figures["as_of"].isoformat() if figures["as_of"] else None
        return Response(figures)


def register(router):
    router.register("clues", ClueViewSet, basename="clue")
    router.register("intake/hotline", HotlineViewSet, basename="intake-hotline")
    router.register("intake/import", ImportViewSet, basename="intake-import")
    router.register("intake/board", BoardViewSet, basename="intake-board")
    router.register("intake/figures", FiguresViewSet, basename="intake-figures")
    register_lists(router)
    return []
