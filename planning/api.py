"""/api/v1/planning/: subjects, plans, tasks, joint inspections, draws and inspections (PDA clients record
inspections here). Every viewset is scoped through `access.scope`; writes call the services."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from catalog.models import Item
from enforcement.accounts import access
from enforcement.core.api import SPREADSHEET_RESPONSES, FileDownloadRenderer, ScopedQuerysetMixin, ScopedReadOnlyViewSet
from enforcement.core.idempotency import idempotent, idempotent_responses, request_key
from enforcement.core.sanitize import SafeJSONParser
from townships.models import Department, Officer, Township

from . import services
from .models import (
    Checklist,
    CheckPoint,
    Industry,
    Inspection,
    JointInspection,
    MonthArrangement,
    OfficerConflict,
    RandomDraw,
    Subject,
    WeekTask,
    YearPlan,
)
from .serializers import (
    ConflictCreateSerializer,
    ConflictSerializer,
    DrawCreateSerializer,
    EvidenceUploadSerializer,
    InspectionCreateSerializer,
    InspectionSerializer,
    JointInspectionSerializer,
    MonthWriteSerializer,
    OpenCaseAnswerSerializer,
    OpenCaseSerializer,
    PlanWriteSerializer,
    RandomDrawSerializer,
    SubjectSerializer,
    TaskWriteSerializer,
    TransitionSerializer,
    WeekTaskSerializer,
    YearPlanSerializer,
)
from .subject_file import subject_file


def _need(user, permission):
    if not access.can(user, permission):
        raise PermissionDenied(_("Your role does not allow this action."))


def _required(values, keys, errors):
    for key in keys:
        if values.get(key) in (None, "", []):
            errors[key] = [_("This field is required.")]


def _by_codes(source, codes, errors, key, field="code"):
    """Objects of a model (or a scoped queryset) for the given codes, in order; unknown ones reported under `key`."""
    codes = list(dict.fromkeys(codes))
    queryset = source if isinstance(source, QuerySet) else source.objects.all()
    found = {getattr(obj, field): obj for obj in queryset.filter(**{f"{field}__in": codes})}
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors[key] = [_("Unknown codes: %(codes)s") % {"codes": ", ".join(unknown)}]
    return [found[code] for code in codes if code in found]


def _plan_related(values, errors):
    """items / industries / townships codes → objects (None where not given, so the service leaves them)."""
    related = {}
    for key, model in (("items", Item), ("industries", Industry), ("townships", Township)):
        if key in values:
            related[key] = _by_codes(model, values.pop(key), errors, key)
    return related


def _unchangeable(values, keys, errors):
    for key in keys:
        if key in values:
            errors[key] = [_("This field cannot be changed.")]


def _bad_request(errors):
    return Response(errors, status=status.HTTP_400_BAD_REQUEST)


class SubjectFileSerializer(serializers.Serializer):
    """The shape of GET /api/v1/planning/subjects/<uscc>/file/."""

    subject = SubjectSerializer()
    inspections = serializers.ListField(child=serializers.DictField())
    tasks = serializers.ListField(child=serializers.DictField())
    cases = serializers.ListField(child=serializers.DictField())
    decisions = serializers.ListField(child=serializers.DictField())
    warnings = serializers.ListField(child=serializers.DictField())
    risk_history = serializers.ListField(child=serializers.DictField())
    credit_repairs = serializers.ListField(child=serializers.DictField())


def _day(value):
    return value.isoformat() if value else None


def subject_file_data(file):
    return {
        "subject": SubjectSerializer(file.subject).data,
        "inspections": [{"code": i.code, "inspected_on": _day(i.inspected_on), "department": i.department.code,
                         "is_random": i.is_random, "has_problems": i.has_problems} for i in file.inspections],
        "tasks": [{"code": t.code, "date": _day(t.date), "department": t.department.code,
                   "checklist": t.checklist.code if t.checklist_id else None, "done": t.is_done} for t in file.tasks],
        "cases": [{"code": c.code, "item": c.item.code, "status": c.status, "filed_on": _day(c.filed_on),
                   "decided_on": _day(c.decided_on)} for c in file.cases],
        "decisions": [{"code": c.code, "decision_type": c.decision_type, "decided_on": _day(c.decided_on),
                       "fine_amount": str(c.fine_amount) if c.fine_amount is not None else None,
                       "publication": c.published.pk if getattr(c, "published", None) else None,
                       "credit_repaired_on": _day(c.published.repaired_on) if getattr(c, "published", None)
                       else None}
                      for c in file.decisions],
        "warnings": [{"notice_number": w.notice_number, "clue": w.clue.code, "issued_on": _day(w.issued_at.date()),
                      "rectification_deadline": _day(w.rectification_deadline), "outcome": w.outcome}
                     for w in file.warnings],
        "risk_history": [{"changed_at": r.changed_at.isoformat(), "from_level": r.from_level or None,
                          "to_level": r.to_level, "source": r.source} for r in file.risk_history],
        "credit_repairs": [{"code": r.code, "case": r.case.code, "decision_number": r.publication.decision_number,
                            "state": r.state, "applied_on": _day(r.applied_on), "decided_on": _day(r.decided_on),
                            "effect": r.effect or None} for r in file.credit_repairs],
    }


class PlanViewMixin:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _need(request.user, "plan.view")


class SubjectViewSet(PlanViewMixin, ScopedReadOnlyViewSet):
    queryset = Subject.objects.select_related("industry", "township", "zone")
    serializer_class = SubjectSerializer
    lookup_field = "uscc"

    def base_queryset(self):
        qs = self.queryset.order_by("uscc")
        params = self.request.query_params
        if params.get("township"):
            qs = qs.filter(township__code=params["township"])
        if params.get("industry"):
            qs = qs.filter(industry__code=params["industry"])
        return qs

    @extend_schema(parameters=[OpenApiParameter("file_format", str, enum=["xlsx", "csv"])],
                   responses=SPREADSHEET_RESPONSES)
    @action(detail=False, methods=["get"], renderer_classes=[FileDownloadRenderer])
    def export(self, request):
        """The filtered subjects in the import's format (xlsx or CSV), capped and audited."""
        from .services.subjects import subjects_export_response

        return subjects_export_response(actor=request.user, queryset=self.get_queryset(),
                                        file_format=request.query_params.get("file_format", "xlsx"))

    @extend_schema(responses={200: SubjectFileSerializer})
    @action(detail=True, methods=["get"])
    def file(self, request, uscc=None):
        """一店一档: the subject's inspections, plan tasks, cases, decisions, early warnings and risk level history
        (each part scoped like its own list; a part the role may not read is empty)."""
        self.get_object()  # 404 outside the caller's scope
        return Response(subject_file_data(subject_file(actor=request.user, uscc=uscc)))


class YearPlanViewSet(PlanViewMixin, ScopedReadOnlyViewSet):
    """Year plans. plan.edit roles create and edit them (liaisons for their own department only; another
    department's plan is 404), set month arrangements, and move them through the workflow."""

    queryset = YearPlan.objects.select_related("department").prefetch_related("items", "months")
    serializer_class = YearPlanSerializer
    lookup_field = "code"

    def _respond(self, plan, status_code=status.HTTP_200_OK):
        return Response(YearPlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status_code)

    @extend_schema(request=PlanWriteSerializer, responses={201: YearPlanSerializer})
    def create(self, request):
        _need(request.user, "plan.edit")
        data = PlanWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values, errors = dict(data.validated_data), {}
        _required(values, ("department", "year", "title"), errors)
        department = None
        if values.get("department"):
            department = Department.objects.filter(code=values.pop("department")).first()
            if department is None:
                errors["department"] = [_("Unknown department.")]
        related = _plan_related(values, errors)
        if errors:
            return _bad_request(errors)
        plan = services.plan_create(actor=request.user, department=department, **values, **related)
        return self._respond(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanWriteSerializer, responses=YearPlanSerializer)
    def partial_update(self, request, code=None):
        _need(request.user, "plan.edit")
        plan = self.get_object()
        data = PlanWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values, errors = dict(data.validated_data), {}
        _unchangeable(values, ("department", "year"), errors)
        related = _plan_related(values, errors)
        if errors:
            return _bad_request(errors)
        plan = services.plan_update(actor=request.user, plan=plan, **related, **values)
        return self._respond(plan)

    @extend_schema(request=MonthWriteSerializer, responses=YearPlanSerializer)
    @action(detail=True, methods=["post"])
    def months(self, request, code=None):
        """Create or change one month's arrangement (月安排)."""
        _need(request.user, "plan.edit")
        plan = self.get_object()
        data = MonthWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.month_set(actor=request.user, plan=plan, **data.validated_data)
        return self._respond(plan)

    def base_queryset(self):
        qs = self.queryset.order_by("-year", "department__code")
        if self.request.query_params.get("year", "").isdigit():
            qs = qs.filter(year=int(self.request.query_params["year"]))
        return qs

    @extend_schema(request=TransitionSerializer, responses=YearPlanSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, code=None):
        if not (access.can(request.user, "plan.edit") or access.can(request.user, "plan.approve")):
            raise PermissionDenied(_("Your role does not allow this action."))
        plan = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_transition(actor=request.user, plan=plan, **data.validated_data)
        return Response(YearPlanSerializer(plan).data)


class WeekTaskViewSet(PlanViewMixin, ScopedReadOnlyViewSet):
    queryset = WeekTask.objects.select_related("arrangement__plan", "department", "township", "checklist", "draw")
    serializer_class = WeekTaskSerializer
    lookup_field = "code"

    def base_queryset(self):
        qs = self.queryset.prefetch_related("subjects", "officers").order_by("date", "code")
        params = self.request.query_params
        for key, lookup in (("from", "date__gte"), ("to", "date__lte")):
            if params.get(key):
                qs = qs.filter(**{lookup: params[key]})
        if params.get("open") == "1":
            qs = qs.filter(done_at__isnull=True)
        return qs

    def _respond(self, task, status_code=status.HTTP_200_OK):
        return Response(WeekTaskSerializer(self.get_queryset().get(pk=task.pk)).data, status=status_code)

    def _officers_checklist(self, values, errors):
        extra = {}
        if "officers" in values:
            extra["officers"] = _by_codes(Officer, values.pop("officers"), errors, "officers", "employee_number")
        if "checklist" in values:
            code = values.pop("checklist")
            extra["checklist"] = Checklist.objects.filter(code=code, is_active=True).first() if code else None
            if code and extra["checklist"] is None:
                errors["checklist"] = [_("Unknown code “%(code)s”.") % {"code": code}]
        return extra

    @extend_schema(request=TaskWriteSerializer, responses={201: WeekTaskSerializer})
    def create(self, request):
        """A week task (周执行) in a month of a plan: plan, month, date and subjects are required."""
        _need(request.user, "plan.edit")
        data = TaskWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values, errors = dict(data.validated_data), {}
        _required(values, ("plan", "month", "date", "subjects"), errors)
        if errors:
            return _bad_request(errors)
        plan = get_object_or_404(access.scope(YearPlan.objects.all(), request.user), code=values.pop("plan"))
        month = values.pop("month")
        arrangement = MonthArrangement.objects.filter(plan=plan, month=month).first()
        if arrangement is None:
            errors["month"] = [_("The plan has no arrangement for month %(month)s yet.") % {"month": month}]
        subjects = _by_codes(access.scope(Subject.objects.all(), request.user),
                             [c.strip().upper() for c in values.pop("subjects")], errors, "subjects", "uscc")
        extra = self._officers_checklist(values, errors)
        if errors:
            return _bad_request(errors)
        task = services.week_task_create(actor=request.user, arrangement=arrangement, subjects=subjects, **extra,
                                         **values)
        return self._respond(task, status.HTTP_201_CREATED)

    @extend_schema(request=TaskWriteSerializer, responses=WeekTaskSerializer)
    def partial_update(self, request, code=None):
        """Change an open task's date, officers, checklist, type or note."""
        _need(request.user, "plan.edit")
        task = self.get_object()
        data = TaskWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values, errors = dict(data.validated_data), {}
        _unchangeable(values, ("plan", "month", "subjects"), errors)
        extra = self._officers_checklist(values, errors)
        if errors:
            return _bad_request(errors)
        task = services.week_task_update(actor=request.user, task=task, **extra, **values)
        return self._respond(task)


class JointInspectionViewSet(PlanViewMixin, ScopedReadOnlyViewSet):
    queryset = JointInspection.objects.select_related("subject", "township")
    serializer_class = JointInspectionSerializer
    lookup_field = "code"

    def base_queryset(self):
        return self.queryset.prefetch_related("tasks", "departments", "officers", "checklists").order_by("-date")


class RandomDrawViewSet(PlanViewMixin, ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    queryset = RandomDraw.objects.select_related("department")
    serializer_class = RandomDrawSerializer
    lookup_field = "code"

    def base_queryset(self):
        return self.queryset.prefetch_related("departments").order_by("-draw_date", "code")

    @extend_schema(request=DrawCreateSerializer, responses=RandomDrawSerializer)
    def create(self, request):
        _need(request.user, "draw.run")
        data = DrawCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        errors = {}
        department = Department.objects.filter(code=values.pop("department")).first()
        if department is None:
            errors["department"] = [_("Unknown department.")]
        codes = values.pop("departments")
        departments = list(Department.objects.filter(code__in=codes))
        if len(departments) != len(set(codes)):
            errors["departments"] = [_("Unknown department.")]
        lookups = {}
        for key, model in (("industry", Industry), ("township", Township)):
            code = values.pop(key)
            lookups[key] = model.objects.filter(code=code).first() if code else None
            if code and lookups[key] is None:
                errors[key] = [_("Unknown code “%(code)s”.") % {"code": code}]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        draw = services.draw_run(actor=request.user, department=department, departments=departments, **lookups,
                                 **values)
        return Response(RandomDrawSerializer(draw).data, status=status.HTTP_201_CREATED)


class InspectionViewSet(PlanViewMixin, ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    queryset = Inspection.objects.select_related("task", "joint", "subject", "department", "township", "zone")
    serializer_class = InspectionSerializer
    lookup_field = "code"

    def base_queryset(self):
        return self.queryset.prefetch_related("officers", "results__point__item").order_by("-inspected_on", "-id")

    @extend_schema(request=InspectionCreateSerializer, responses=idempotent_responses(InspectionSerializer))
    @idempotent("inspection.create")
    def create(self, request):
        """Record an inspection (PDA). Idempotent on client_request_id. No task or joint code → 400."""
        _need(request.user, "inspection.record")
        data = InspectionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        task = joint = subject = None
        if values["task"]:
            task = get_object_or_404(access.scope(WeekTask.objects.all(), request.user), code=values["task"])
        if values["joint"]:
            joint = get_object_or_404(access.scope(JointInspection.objects.all(), request.user), code=values["joint"])
        if values["subject"]:
            subject = Subject.objects.filter(uscc=values["subject"].upper()).first()
            if subject is None:
                raise ValidationError({"subject": _("Unknown subject.")})
        officers = list(Officer.objects.filter(employee_number__in=values["officers"]))
        if len(officers) != len(set(values["officers"])):
            raise ValidationError({"officers": _("Unknown officers.")})
        points = {p.code: p for p in CheckPoint.objects.filter(code__in=[r["point"] for r in values["results"]])}
        unknown = [r["point"] for r in values["results"] if r["point"] not in points]
        if unknown:
            raise ValidationError({"results": _("Unknown check points: %(codes)s") % {"codes": ", ".join(unknown)}})
        results = [{**r, "point": points[r["point"]]} for r in values["results"]]
        inspection = services.inspection_record(
            actor=request.user, task=task, joint=joint, subject=subject, inspected_on=values.get("inspected_on"),
            officers=officers, results=results, note=values["note"], client_request_id=request_key(request),
            officer_exception_reason=values["officer_exception_reason"], latitude=values.get("latitude"),
            longitude=values.get("longitude"))
        inspection = self.base_queryset().get(pk=inspection.pk)
        return Response(InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer},
                   responses=idempotent_responses(InspectionSerializer))
    @idempotent("inspection.evidence")
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, SafeJSONParser])
    def evidence(self, request, code=None):
        """Attach an evidence file (JPG, PNG or PDF, at most 10 MB) to one check point's result."""
        _need(request.user, "inspection.record")
        inspection = self.get_object()
        data = EvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = inspection.results.filter(point__code=data.validated_data["point"]).first()
        if result is None:
            return _bad_request({"point": [_("Inspection %(code)s has no result for check point %(point)s.") % {
                "code": inspection.code, "point": data.validated_data["point"]}]})
        services.result_attach_evidence(actor=request.user, result=result, upload=data.validated_data["file"])
        inspection = self.get_queryset().get(pk=inspection.pk)
        return Response(InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)


    @extend_schema(request=OpenCaseSerializer, responses=idempotent_responses(OpenCaseAnswerSerializer, 200))
    @idempotent("inspection.open_case")
    @action(detail=True, methods=["post"], url_path="open-case", url_name="open-case")
    def open_case(self, request, code=None):
        """A failed check point becomes a case (source 检查发现), registered through the cases service; a second
        call for the same point answers the same case."""
        _need(request.user, "inspection.record")
        inspection = self.get_object()
        data = OpenCaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        point = data.validated_data["point"]
        result = inspection.results.filter(point__code=point).first()
        if result is None:
            return _bad_request({"point": [_("Inspection %(code)s has no result for check point %(point)s.") % {
                "code": inspection.code, "point": point}]})
        case_code = services.result_link_case(actor=request.user, result=result)
        return Response({"inspection": inspection.code, "point": point, "case": case_code})


class ConflictViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """回避: officer × subject conflicts. Staff and liaisons (their own department's officers) list and record."""

    queryset = OfficerConflict.objects.select_related("officer", "subject")
    serializer_class = ConflictSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _need(request.user, "draw.run")

    def base_queryset(self):
        qs = self.queryset.order_by("-recorded_at", "-id")
        params = self.request.query_params
        if params.get("officer"):
            qs = qs.filter(officer__employee_number=params["officer"])
        if params.get("subject"):
            qs = qs.filter(subject__uscc=params["subject"].upper())
        return qs

    @extend_schema(request=ConflictCreateSerializer, responses=ConflictSerializer)
    def create(self, request):
        data = ConflictCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        errors = {}
        officer = access.scope(Officer.objects.active(), request.user).filter(
            employee_number=values["officer"].strip()).first()
        if officer is None:
            errors["officer"] = [_("No officer with employee number %(number)s in your area.") % {
                "number": values["officer"]}]
        subject = access.scope(Subject.objects.all(), request.user).filter(
            uscc=values["subject"].strip().upper()).first()
        if subject is None:
            errors["subject"] = [_("No subject with credit code %(code)s in your area.") % {"code": values["subject"]}]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        conflict = services.conflict_record(actor=request.user, officer=officer, subject=subject,
                                            reason=values["reason"])
        return Response(ConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)


def register(router):
    """Register this app's viewsets on the shared /api/v1/ router; return extra url patterns."""
    router.register("planning/subjects", SubjectViewSet, basename="planning-subject")
    from . import checklist_api

    checklist_api.register(router)
    router.register("planning/plans", YearPlanViewSet, basename="planning-plan")
    router.register("planning/tasks", WeekTaskViewSet, basename="planning-task")
    router.register("planning/joint-inspections", JointInspectionViewSet, basename="planning-joint")
    router.register("planning/draws", RandomDrawViewSet, basename="planning-draw")
    router.register("planning/inspections", InspectionViewSet, basename="planning-inspection")
    router.register("planning/conflicts", ConflictViewSet, basename="planning-conflict")
    return []
