"""/api/v1/credit-repairs/: credit repair applications (信用修复), scoped like cases; POST the list to record an
application, one route and one input serializer per move of the table (credit/workflow.py)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from enforcement.accounts import access
from enforcement.core.api import ScopedQuerysetMixin
from enforcement.core.pagination import StandardPagination

from . import inputs, selectors, services, workflow
from .models import CreditRepair, State


def _drf(error):
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


class CreditRepairSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.code")
    township = serializers.CharField(source="case.township.code", allow_null=True, default=None)
    decision_number = serializers.CharField(source="publication.decision_number")
    publication = serializers.IntegerField(source="publication_id")
    publication_repaired_on = serializers.DateField(source="publication.repaired_on", allow_null=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = CreditRepair
        fields = ["id", "code", "state", "publication", "decision_number", "case", "township", "applicant",
                  "applied_on", "request", "accepted_on", "corrected", "correction_note", "commitment_on",
                  "decided_on", "effect", "reason", "withdrawn_on", "publication_repaired_on", "created_at",
                  "actions"]

    def get_actions(self, obj) -> list[str]:
        return services.actions_for(self.context["request"].user, obj)


class Needs(permissions.BasePermission):
    """Reading needs credit.view; recording an application credit.record; each move the permission of its
    table entry (checked before the body is read; the service checks scope and the guards)."""

    message = _("Your role does not allow this action.")

    def has_permission(self, request, view):
        if view.action == "create":
            needed = workflow.lookup("", "apply").permission
        else:
            needed = workflow.ACTION_PERMISSIONS.get(view.action, "credit.view")
        return access.can(request.user, needed)


@extend_schema(parameters=[OpenApiParameter("state", str, enum=[s.value for s in State])])
class CreditRepairViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Credit repair applications for published penalty decisions (《失信行为纠正后的信用信息修复管理办法（试行）》):
    applied → accepted → approved (the publication ended or marked 已信用修复) or refused; withdrawn by the
    applicant. `?state=` filters."""

    queryset = CreditRepair.objects.all()
    serializer_class = CreditRepairSerializer
    permission_classes = [permissions.IsAuthenticated, Needs]
    pagination_class = StandardPagination

    def base_queryset(self):
        rows = CreditRepair.objects.select_related("publication", "case__township").order_by("-applied_on", "-id")
        state = self.request.query_params.get("state", "")
        if self.action == "list" and state in State.values:
            rows = rows.filter(state=state)
        return rows

    @extend_schema(request=inputs.ApplyInput, responses={201: CreditRepairSerializer})
    def create(self, request, *args, **kwargs):
        data = inputs.ApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        publication = selectors.publication_for(actor=request.user, pk=values.pop("publication"))
        if publication is None:
            raise ValidationError({"publication": [_("No published decision with this id in your area.")]})
        try:
            repair = services.repair_apply(actor=request.user, publication=publication, **values)
        except DjangoValidationError as error:
            raise _drf(error) from None
        except DjangoPermissionDenied:
            raise NotFound() from None
        return Response(self.get_serializer(repair).data, status=status.HTTP_201_CREATED)

    def _move(self, request, name):
        repair = self.get_object()
        data = inputs.INPUTS[name](data=request.data)
        data.is_valid(raise_exception=True)
        try:
            repair = services.repair_transition(actor=request.user, repair=repair, action=name,
                                                data=inputs.service_data(name, data.validated_data))
        except DjangoValidationError as error:
            raise _drf(error) from None
        return Response(self.get_serializer(repair).data, status=status.HTTP_200_OK)

    @extend_schema(request=inputs.AcceptInput, responses={200: CreditRepairSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._move(request, "accept")

    @extend_schema(request=inputs.RectificationInput, responses={200: CreditRepairSerializer})
    @action(detail=True, methods=["post"], url_path="record-rectification")
    def record_rectification(self, request, pk=None):
        return self._move(request, "record_rectification")

    @extend_schema(request=inputs.ApproveInput, responses={200: CreditRepairSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._move(request, "approve")

    @extend_schema(request=inputs.RefuseInput, responses={200: CreditRepairSerializer})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._move(request, "refuse")

    @extend_schema(request=inputs.WithdrawInput, responses={200: CreditRepairSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._move(request, "withdraw")


def register(router):
    router.register("credit-repairs", CreditRepairViewSet, basename="credit-repair")
    return []
