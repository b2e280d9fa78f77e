from django.urls import reverse

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enforcement.core.api import PrebuiltFieldsMixin
from enforcement.core.formats import choice_labels, datetime_writer, money_text

from .inputs.registration import CaseCreateSerializer  # noqa: F401 - the API body of a registration
from .models import Case, CaseEvent, DocumentKind, Evidence, Procedure, Status

# The item's and the township's labels come from each process's copy of those tables (catalog.labels,
# townships.labels), not from joins: the list statement reads the cases table alone.
LIST_FIELDS = ("id", "code", "procedure", "status", "source", "party_type", "party_name", "party_id_masked", "filed_on",
               "deadline", "decided_on", "delivered_on", "delivered_late", "closed_on", "is_major", "fine_amount",
               "created_at", "item_id", "township_id")
ITEM, TOWNSHIP = LIST_FIELDS.index("item_id"), LIST_FIELDS.index("township_id")
NO_TOWNSHIP = (None, None)


class CaseListSerializer(serializers.ModelSerializer):
    """One row of the case list. Labels come from a per-request lookup table: Django's get_FOO_display()
    rebuilds the choices mapping on every call, which dominated the list's serialisation time."""

    status = serializers.CharField(read_only=True, help_text="cases.models.Status value")
    status_label = serializers.SerializerMethodField()
    procedure_label = serializers.SerializerMethodField()
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    domain = serializers.CharField(source="item.domain.code", read_only=True)
    township = serializers.CharField(source="township.code", read_only=True, default=None, allow_null=True,
                                     help_text="null for a bureau case")
    township_name = serializers.CharField(source="township.name", read_only=True, default=None, allow_null=True)
    party_id = serializers.CharField(source="party_id_masked", read_only=True)

    def _label(self, choices, value):
        return choice_labels(choices).get(value, value)

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_label(self, case):
        return self._label(Status, case.status)

    @extend_schema_field(OpenApiTypes.STR)
    def get_procedure_label(self, case):
        return self._label(Procedure, case.procedure)

    class Meta:
        model = Case
        fields = ["code", "procedure", "procedure_label", "status", "status_label", "source", "item_code",
                  "item_name", "domain", "township", "township_name", "party_type", "party_name", "party_id",
                  "filed_on", "deadline", "decided_on", "delivered_on", "delivered_late", "closed_on", "is_major",
                  "fine_amount", "created_at"]


def case_list_rows(rows):
    """The list endpoint's fast path: `CaseListSerializer`'s exact output, built from `.values_list(*LIST_FIELDS)`
    tuples without model instances or per-field serializer machinery (a test keeps the two identical)."""
    from catalog.labels import item_labels
    from townships.labels import township_labels

    statuses, procedures = choice_labels(Status), choice_labels(Procedure)
    stamp = datetime_writer()
    items = item_labels.get(row[ITEM] for row in rows)
    townships = township_labels.get(row[TOWNSHIP] for row in rows)
    listed = []
    append = listed.append
    # the columns unpacked and the dates written inline: a dict lookup or a helper's call per value was a
    # third of this loop
    for (_pk, code, procedure, status, source, party_type, party_name, party_id, filed, deadline, decided,
         delivered, delivered_late, closed, is_major, fine, created, item_id, township_id) in rows:
        item_code, item_name, domain, _domain_name = items[item_id]
        township_code, township_name = townships.get(township_id, NO_TOWNSHIP)
        append({
            "code": code, "procedure": procedure, "procedure_label": procedures.get(procedure),
            "status": status, "status_label": statuses.get(status), "source": source,
            "item_code": item_code, "item_name": item_name, "domain": domain,
            "township": township_code, "township_name": township_name, "party_type": party_type,
            "party_name": party_name, "party_id": party_id,
            "filed_on": filed.isoformat() if filed else None,
            "deadline": deadline.isoformat() if deadline else None,
            "decided_on": decided.isoformat() if decided else None,
            "delivered_on": delivered.isoformat() if delivered else None, "delivered_late": delivered_late,
            "closed_on": closed.isoformat() if closed else None, "is_major": is_major,
            "fine_amount": money_text(fine), "created_at": stamp(created),
        })
    return listed


class CaseOfficerSerializer(serializers.Serializer):
    employee_number = serializers.CharField()
    name = serializers.CharField()


class CaseDocumentLinkSerializer(serializers.Serializer):
    kind = serializers.CharField()
    number = serializers.CharField()
    version = serializers.IntegerField()
    url = serializers.CharField(help_text="the web page's download (session)")
    api_url = serializers.CharField(help_text="the same PDF for token clients")


class DepartmentTransferSerializer(serializers.Serializer):
    """部门移交: the transfer letter (移交函) the case came with."""

    department = serializers.CharField(source="case.transferred_from.code", read_only=True)
    department_name = serializers.CharField(source="case.transferred_from.name", read_only=True)
    liaison = serializers.CharField(source="liaison.username", read_only=True, default=None, allow_null=True)
    letter_number = serializers.CharField(read_only=True)
    letter_date = serializers.DateField(read_only=True, allow_null=True)
    materials = serializers.CharField(read_only=True)


class DepartmentReplySerializer(serializers.Serializer):
    """A reply sent back to the transferring department (办理进展 or 办理结果)."""

    kind = serializers.CharField(read_only=True, help_text="progress | result")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    text = serializers.CharField(read_only=True)
    sent_on = serializers.DateField(read_only=True)
    sent_by = serializers.CharField(source="sent_by.__str__", read_only=True, default="")


class CaseDetailSerializer(PrebuiltFieldsMixin, CaseListSerializer):
    proposed_procedure = serializers.CharField(read_only=True, help_text="simple | ordinary (繁简分流 triage)")
    officers = serializers.SerializerMethodField()
    party_phone = serializers.CharField(source="party_phone_masked", read_only=True)
    zone = serializers.CharField(source="zone.code", read_only=True, default=None)
    zone_name = serializers.CharField(source="zone.name", read_only=True, default=None)
    documents = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    provisional_deadlines = serializers.SerializerMethodField()
    transferred_from = serializers.CharField(source="transferred_from.code", read_only=True, default=None,
                                             allow_null=True, help_text="code of the transferring department")
    department_transfer = serializers.SerializerMethodField()
    department_replies = DepartmentReplySerializer(many=True, read_only=True)

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + [
            "party_phone", "zone", "zone_name", "location", "latitude", "longitude", "facts", "violation_date",
            "violation_ended_on",
            "safety_involved", "harmful_consequences", "discovered_on", "officers", "discretion_level",
            "mitigation_ground",
            "proposed_procedure", "proposed_penalty_kinds", "proposed_fine", "notice_date", "notice_penalty_kinds",
            "notice_fine", "notice_confiscation", "statement_deadline", "statement_outcome",
            "hearing_request_deadline", "hearing_requested_on", "hearing_waived_on", "hearing_date", "hearing_held",
            "correction_deadline", "correction_outcome",
            "major_reasons", "marked_complex", "decision_type", "penalty_kinds", "confiscation_amount",
            "no_penalty_grounds", "extension_days", "extension_count", "delivery_deadline", "payment_due",
            "paid_on", "paid_amount", "surcharge_amount", "transferred_to", "closing_reason", "documents", "actions",
            "provisional_deadlines", "delivery_method", "delivery_recipient", "delivery_note", "delivery_notice_on",
            "transferred_from", "department_transfer", "department_replies",
        ]

    @extend_schema_field(DepartmentTransferSerializer(allow_null=True))
    def get_department_transfer(self, case):
        """部门移交: the department's transfer letter, or null for a case not transferred by a department."""
        transfer = getattr(case, "department_transfer", None) if case.transferred_from_id else None
        return DepartmentTransferSerializer(transfer).data if transfer is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_provisional_deadlines(self, case):
        """Art. 85: the working-day deadlines (statement_deadline, hearing_request_deadline, delivery_deadline)
        that fall in a year without an official holiday calendar: counted Monday to Friday, provisional."""
        from .selectors import provisional_deadlines

        return sorted(provisional_deadlines(case))

    @extend_schema_field(CaseOfficerSerializer(many=True))
    def get_officers(self, case):
        return [{"employee_number": o.employee_number, "name": o.name} for o in case.officers.all()]

    @extend_schema_field(CaseDocumentLinkSerializer(many=True))
    def get_documents(self, case):
        """`url`: the web page's download (session); `api_url`: the same PDF for token clients."""
        return [{"kind": d.kind, "number": d.number, "version": d.version,
                 "url": f"{reverse('cases:document', args=[case.code, d.kind])}?version={d.version}",
                 "api_url": f"{reverse('api:case-document', args=[case.code, d.kind])}?version={d.version}"}
                for d in case.documents.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, case):
        from .services import available_actions

        request = self.context.get("request")
        return available_actions(case, request.user) if request else []


class CaseEventSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    actor = serializers.CharField(source="actor.__str__", read_only=True, default="")

    class Meta:
        model = CaseEvent
        fields = ["action", "from_status", "to_status", "actor", "note", "data", "created_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.__str__", read_only=True, default="")
    download = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "kind", "kind_label", "original_name", "content_type", "size", "sha256", "description",
                  "uploaded_by", "uploaded_at", "download"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_download(self, evidence):
        if not evidence.file:
            return None
        return reverse("api:case-evidence-file", args=[evidence.case.code, evidence.pk])


class CaseEvidenceUploadSerializer(serializers.Serializer):
    """One evidence file (photo, video, audio or PDF, at most 20 MB, type checked by content) or a note."""

    kind = serializers.ChoiceField(choices=Evidence.Kind.choices, default=Evidence.Kind.PHOTO)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    file = serializers.FileField(required=False, allow_empty_file=False)
    client_request_id = serializers.CharField(required=False, max_length=64,
                                              help_text="the same as the X-Client-Request-ID header")


class DocumentQuerySerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text="default: the latest version")


DOCUMENT_KINDS = "|".join(DocumentKind.values)


class UnpaidCaseSerializer(CaseListSerializer):
    """A row of the unpaid list: the fine, what is paid, and the amount owed today (art. 72 surcharge)."""

    payment_due = serializers.DateField(read_only=True)
    payment_next_due = serializers.DateField(read_only=True, help_text="the deadline or the next instalment due")
    days_overdue = serializers.IntegerField(read_only=True)
    paid_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    owed_surcharge = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    owed_total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    payment_plan_status = serializers.CharField(read_only=True)
    reminder_deadline = serializers.DateField(read_only=True)

    class Meta(CaseListSerializer.Meta):
        fields = [*CaseListSerializer.Meta.fields, "payment_due", "payment_next_due", "days_overdue", "paid_amount",
                  "owed_surcharge", "owed_total", "payment_plan_status", "reminder_deadline"]


class AppealTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="the task number complete_appeal_task takes")
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    due_on = serializers.DateField(read_only=True)
    done_on = serializers.DateField(read_only=True)
    note = serializers.CharField(read_only=True)


class AppealSerializer(serializers.Serializer):
    """A review (复议) or lawsuit (诉讼) against a case's decision, with its defence tasks."""

    id = serializers.IntegerField(read_only=True)
    case = serializers.CharField(source="case.code", read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    body = serializers.CharField(read_only=True)
    reference = serializers.CharField(read_only=True)
    filed_on = serializers.DateField(read_only=True)
    outcome = serializers.CharField(read_only=True, help_text="empty while pending")
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    decided_on = serializers.DateField(read_only=True)
    varied_fine = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    outcome_note = serializers.CharField(read_only=True)
    tasks = AppealTaskSerializer(many=True, read_only=True)


class CoerciveItemSerializer(serializers.Serializer):
    position = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    spec = serializers.CharField(read_only=True)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=3, read_only=True)
    unit = serializers.CharField(read_only=True)
    kept_at = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


class CoerciveOfficerSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    certificate_number = serializers.CharField(read_only=True)


class CoerciveMeasureSerializer(serializers.Serializer):
    """A seal-up, seizure (行政强制法 arts. 18–28) or 先行登记保存 (行政处罚法 art. 56) with its inventory and
    on-site record. `state` is `overdue` once in force past the deadline (whatever `status` says)."""

    id = serializers.IntegerField(read_only=True)
    case = serializers.CharField(source="case.code", read_only=True)
    number = serializers.IntegerField(read_only=True, help_text="the measure number the actions take")
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text="active | extended | released | decided")
    state = serializers.CharField(read_only=True, help_text="the status, or overdue (in force past the deadline)")
    state_label = serializers.CharField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    decided_on = serializers.DateField(read_only=True)
    approved_by = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    legal_basis = serializers.CharField(read_only=True)
    place = serializers.CharField(read_only=True)
    period_days = serializers.IntegerField(read_only=True, allow_null=True)
    deadline = serializers.DateField(read_only=True)
    record_time = serializers.TimeField(read_only=True)
    record_place = serializers.CharField(read_only=True)
    on_site_officers = CoerciveOfficerSerializer(many=True, read_only=True)
    party_present = serializers.BooleanField(read_only=True)
    party_refused_to_sign = serializers.BooleanField(read_only=True)
    witness = serializers.CharField(read_only=True)
    record_note = serializers.CharField(read_only=True)
    extended_on = serializers.DateField(read_only=True, allow_null=True)
    extension_days = serializers.IntegerField(read_only=True, allow_null=True)
    extension_reason = serializers.CharField(read_only=True)
    released_on = serializers.DateField(read_only=True, allow_null=True)
    release_reason = serializers.CharField(read_only=True)
    goods_returned = serializers.BooleanField(read_only=True)
    release_note = serializers.CharField(read_only=True)
    handled_on = serializers.DateField(read_only=True, allow_null=True)
    handling = serializers.CharField(read_only=True)
    handling_note = serializers.CharField(read_only=True)
    items = CoerciveItemSerializer(many=True, read_only=True)
