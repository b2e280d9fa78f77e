"""Serializers of the intake API: explicit fields; one input serializer per clue action (OpenAPI documents each)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import PartyType, Procedure
from catalog.models import PenaltyKind
from enforcement.core.formats import choice_labels, datetime_writer

from ..models import Dispatch, Reply, Source, State, Urgency

LIST_FIELDS = ("id", "code", "source", "external_number", "state", "urgency", "level", "address", "description",
               "subject_name", "reporter_anonymous", "reporter_name_masked", "reporter_phone_masked", "received_at",
               "dispatched_at", "response_deadline", "arrived_at", "outcome", "township_id", "zone_id", "item_id",
               "case__code")  # the labels of township, zone and item from each process's copies (ADR 0025)
NO_LABELS = (None, None, None)
_DATETIME = serializers.DateTimeField()


def clue_rows(rows, now):
    """The list endpoint's rows from `.values(*LIST_FIELDS)`: no model instances (1,000,000 clues)."""
    from catalog.labels import item_labels
    from townships.labels import township_labels, zone_labels

    states, sources, urgencies = choice_labels(State), choice_labels(Source), choice_labels(Urgency)
    stamp = datetime_writer()
    rows = list(rows)
    townships = township_labels.get(r["township_id"] for r in rows)
    zones = zone_labels.get(r["zone_id"] for r in rows)
    items = item_labels.get(r["item_id"] for r in rows)
    return [_clue_row(r, now, states, sources, urgencies, stamp, townships.get(r["township_id"], NO_LABELS),
                      zones.get(r["zone_id"], NO_LABELS), items.get(r["item_id"], NO_LABELS)) for r in rows]


def _clue_row(r, now, states, sources, urgencies, stamp, township, zone, item):
    return {
        "code": r["code"], "source": r["source"], "source_label": sources.get(r["source"]),
        "external_number": r["external_number"], "state": r["state"], "state_label": states.get(r["state"]),
        "urgency": r["urgency"], "urgency_label": urgencies.get(r["urgency"]), "level": r["level"],
        "township": township[0], "township_name": township[1], "zone": zone[0],
        "zone_name": zone[1], "item": item[0], "item_name": item[1],
        "address": r["address"], "summary": r["description"][:80], "subject_name": r["subject_name"],
        "reporter": "" if r["reporter_anonymous"] else r["reporter_name_masked"],
        "reporter_phone": r["reporter_phone_masked"], "received_at": stamp(r["received_at"]),
        "dispatched_at": stamp(r["dispatched_at"]), "response_deadline": stamp(r["response_deadline"]),
        "arrived_at": stamp(r["arrived_at"]),
        "overdue": bool(r["state"] in ("dispatched", "acknowledged") and r["response_deadline"]
                        and r["response_deadline"] < now),
        "outcome": r["outcome"], "case": r["case__code"],
    }


class ClueRowSerializer(serializers.Serializer):
    """One row of the clue list (documentation of `clue_rows`)."""

    code = serializers.CharField()
    source = serializers.ChoiceField(choices=Source.choices)
    source_label = serializers.CharField()
    external_number = serializers.CharField(allow_null=True)
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    urgency_label = serializers.CharField()
    level = serializers.CharField()
    township = serializers.CharField(allow_null=True)
    township_name = serializers.CharField(allow_null=True)
    zone = serializers.CharField(allow_null=True)
    zone_name = serializers.CharField(allow_null=True)
    item = serializers.CharField(allow_null=True)
    item_name = serializers.CharField(allow_null=True)
    address = serializers.CharField()
    summary = serializers.CharField()
    subject_name = serializers.CharField()
    reporter = serializers.CharField(help_text="masked")
    reporter_phone = serializers.CharField(help_text="masked")
    received_at = serializers.DateTimeField()
    dispatched_at = serializers.DateTimeField(allow_null=True)
    response_deadline = serializers.DateTimeField(allow_null=True)
    arrived_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    outcome = serializers.CharField()
    case = serializers.CharField(allow_null=True)


class ClueListResponseSerializer(serializers.Serializer):
    results = ClueRowSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True, help_text="pass as ?cursor= for the next page")
    next = serializers.CharField(allow_null=True)


class DispatchSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township.code", default=None, read_only=True)
    zone = serializers.CharField(source="zone.code", default=None, read_only=True)
    officers = serializers.SerializerMethodField()
    dispatched_by = serializers.CharField(source="dispatched_by.__str__", read_only=True)

    class Meta:
        model = Dispatch
        fields = ["target", "township", "zone", "unit_name", "officers", "urgency", "note", "dispatched_by",
                  "dispatched_at", "response_deadline", "status", "acknowledged_at", "arrived_at", "arrival_latitude",
                  "arrival_longitude", "refused_at", "refusal_reason"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_officers(self, dispatch):
        return [{"employee_number": o.employee_number, "name": o.name} for o in dispatch.officers.all()]


# A block that is absent (null) until the step that fills it happened.
NULLABLE_OBJECT = {"type": "object", "nullable": True, "additionalProperties": True}


class ClueDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    source = serializers.CharField()
    source_label = serializers.CharField(source="get_source_display")
    external_number = serializers.CharField(allow_null=True)
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    urgency = serializers.CharField()
    level = serializers.CharField()
    township = serializers.CharField(source="township.code", default=None)
    zone = serializers.CharField(source="zone.code", default=None)
    item = serializers.CharField(source="item.code", default=None)
    source_department = serializers.CharField(source="source_department.code", default=None)
    description = serializers.CharField()
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    coordinate_source = serializers.SerializerMethodField(
        help_text="where the coordinates came from when they were geocoded from the address, e.g. "
                  "地名地址库 (道路级); null when given with the clue or absent (ADR 0019)")
    subject_name = serializers.CharField()
    reporter_anonymous = serializers.BooleanField()
    reporter = serializers.CharField(source="reporter_name_masked", help_text="masked; POST …/unmask/ for plaintext")
    reporter_phone = serializers.CharField(source="reporter_phone_masked", help_text="masked")
    occurred_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField()
    dispatched_at = serializers.DateTimeField(allow_null=True)
    response_deadline = serializers.DateTimeField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    arrived_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    outcome_note = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    merged_into = serializers.CharField(source="merged_into.code", default=None)
    case = serializers.CharField(source="case.code", default=None)
    transferred_to = serializers.CharField(source="transferred_to.code", default=None)
    transfer_receipt = serializers.CharField()
    dispatch = DispatchSerializer(source="current_dispatch", allow_null=True)
    proposal = serializers.SerializerMethodField()
    warning = serializers.SerializerMethodField()
    reply = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_coordinate_source(self, clue):
        from .. import triage

        note = triage.position_note(clue)
        return str(note) if note else None

    @extend_schema_field(NULLABLE_OBJECT)
    def get_proposal(self, clue):
        proposal = getattr(clue, "proposal", None)
        if proposal is None:
            return None
        return {"items": proposal.items, "township": proposal.township.code if proposal.township else None,
                "zone": proposal.zone.code if proposal.zone else None, "place_method": proposal.place_method,
                "place_score": proposal.place_score, "duplicates": proposal.duplicates,
                "officers": proposal.officers, "outside_zones": proposal.outside_zones}

    @extend_schema_field(NULLABLE_OBJECT)
    def get_warning(self, clue):
        warning = getattr(clue, "warning", None)
        if warning is None:
            return None
        return {"notice_number": warning.notice_number, "requirement": warning.requirement,
                "rectification_deadline": warning.rectification_deadline.isoformat(), "outcome": warning.outcome,
                "rechecked_at": _DATETIME.to_representation(warning.rechecked_at) if warning.rechecked_at else None}

    @extend_schema_field(NULLABLE_OBJECT)
    def get_reply(self, clue):
        reply = getattr(clue, "reply", None)
        if reply is None:
            return None
        return {"due_on": reply.due_on.isoformat(), "replied_at": _DATETIME.to_representation(reply.replied_at)
                if reply.replied_at else None, "method": reply.method, "text": reply.text,
                "satisfaction": reply.satisfaction, "on_time": reply.on_time}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, clue):
        from ..services import available_actions

        request = self.context.get("request")
        return available_actions(clue, request.user) if request else []


class ClueEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.CharField(source="actor.__str__", default="")
    note = serializers.CharField()
    data = serializers.DictField()
    created_at = serializers.DateTimeField()


# ---- inputs ---------------------------------------------------------------------------------------------

class _Reporter(serializers.Serializer):
    description = serializers.CharField(max_length=4000, help_text="what was reported")
    address = serializers.CharField(max_length=200)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    reporter_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    reporter_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    anonymous = serializers.BooleanField(default=False)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        min_value=-90, max_value=90)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                         min_value=-180, max_value=180)
    subject_name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                         help_text="the suspected party, if known")
    occurred_at = serializers.DateTimeField(required=False, allow_null=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True)


class ClueCreateSerializer(_Reporter):
    source = serializers.ChoiceField(choices=Source.choices)
    external_number = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                            help_text="12345 work-order number or the sender's reference")
    township = serializers.CharField(max_length=32, required=False, allow_blank=True, help_text="township code")
    zone = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="zone code")
    source_department = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                              help_text="department code (source department)")


class HotlinePushSerializer(_Reporter):
    """A 12345 work order pushed by the hotline system. Idempotent by `work_order_number`: the same number
    again answers 200 with the first clue; the same number with different contents answers 409."""

    work_order_number = serializers.CharField(max_length=64)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="xlsx or CSV (UTF-8 / GBK) with the columns of the import template")


class _Action(serializers.Serializer):
    expected_state = serializers.ChoiceField(choices=State.choices, required=False,
                                             help_text="the state the user saw; refused if it changed meanwhile")


class ClueTriageInput(_Action):
    item = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="catalogue item code")
    township = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                     help_text="township code; empty: county level")
    zone = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="zone code")
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)


class ClueMergeInput(_Action):
    into = serializers.CharField(max_length=20, help_text="number of the clue this one duplicates")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ClueDismissInput(_Action):
    reason = serializers.CharField(max_length=4000, help_text="why the clue is not an enforcement matter")


class ClueEscalateInput(_Action):
    reason = serializers.CharField(max_length=4000, help_text="why the county centre must coordinate")


class ClueRefuseInput(_Action):
    reason = serializers.CharField(max_length=4000, help_text="why the dispatch is refused")


class ClueDispatchInput(_Action):
    target = serializers.ChoiceField(choices=Dispatch.Target.choices)
    zone = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="zone code (target zone)")
    officers = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=20,
                                     help_text="employee numbers; a zone's responsible officers by default")
    unit_name = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                      help_text="bureau unit (target bureau)")
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ClueAcknowledgeInput(_Action):
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ClueArriveInput(_Action):
    arrived_at = serializers.DateTimeField(required=False, help_text="default: now")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        min_value=-90, max_value=90)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                         min_value=-180, max_value=180)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ClueReportNoViolationInput(_Action):
    note = serializers.CharField(max_length=4000, help_text="what was checked and found")


class ClueReportHandledInput(_Action):
    note = serializers.CharField(max_length=4000, help_text="what was done on the spot")


class ClueIssueWarningInput(_Action):
    rectification_deadline = serializers.DateField()
    requirement = serializers.CharField(max_length=4000, help_text="what the party must rectify")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ClueRecheckRectifiedInput(_Action):
    note = serializers.CharField(max_length=4000, help_text="what the re-check found")


class ClueRecheckUnrectifiedInput(_Action):
    note = serializers.CharField(max_length=4000, help_text="what the re-check found")


class ClueFileCaseInput(_Action):
    """Either `case_code` (link to an existing case of the township) or the new case's data."""

    case_code = serializers.CharField(max_length=40, required=False, allow_blank=True)
    procedure = serializers.ChoiceField(choices=Procedure.choices, required=False)
    item = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="default: the clue's")
    party_type = serializers.ChoiceField(choices=PartyType.choices, required=False)
    party_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    party_id_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    party_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    party_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    facts = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    violation_date = serializers.DateField(required=False)
    officers = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=20)
    penalty_kinds = serializers.ListField(child=serializers.ChoiceField(choices=PenaltyKind.choices), required=False)
    fine = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0)
    file_now = serializers.BooleanField(default=True, help_text="file (立案) the ordinary case at once")


class ClueTransferInput(_Action):
    department = serializers.CharField(max_length=32, help_text="department code")
    receipt = serializers.CharField(max_length=100, help_text="the receiving department's receipt number")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


ACTION_INPUTS = {
    "triage": ClueTriageInput, "merge": ClueMergeInput, "dismiss": ClueDismissInput, "escalate": ClueEscalateInput,
    "dispatch": ClueDispatchInput, "acknowledge": ClueAcknowledgeInput, "refuse": ClueRefuseInput,
    "arrive": ClueArriveInput,
    "report_no_violation": ClueReportNoViolationInput, "report_handled": ClueReportHandledInput,
    "issue_warning": ClueIssueWarningInput, "recheck_rectified": ClueRecheckRectifiedInput,
    "recheck_unrectified": ClueRecheckUnrectifiedInput, "file_case": ClueFileCaseInput, "transfer": ClueTransferInput,
}


class ClueUnmaskInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="why the plaintext is needed (audited)")


class ClueUnmaskOutput(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()


class ClueReplyInput(serializers.Serializer):
    text = serializers.CharField(max_length=4000, required=False, allow_blank=True,
                                 help_text="default: written from the clue's outcome")
    method = serializers.ChoiceField(choices=Reply.Method.choices)
    satisfaction = serializers.ChoiceField(choices=Reply.Satisfaction.choices, required=False, allow_blank=True)
    replied_at = serializers.DateTimeField(required=False, help_text="default: now")


class ClueAttachmentInput(serializers.Serializer):
    file = serializers.FileField(help_text="a photo (JPEG, PNG, WebP, GIF), at most 20 MB")
    stage = serializers.ChoiceField(choices=[("intake", "intake"), ("arrival", "arrival"), ("result", "result"),
                                             ("recheck", "recheck")], default="intake")


class BoardSerializer(serializers.Serializer):
    """The command board (intake.board.board_json)."""

    generated_at = serializers.DateTimeField()
    open_total = serializers.IntegerField()
    urgent_open = serializers.IntegerField()
    states = serializers.ListField(child=serializers.DictField(), help_text="state, label, urgent, normal, total")
    overdue_count = serializers.IntegerField()
    overdue = serializers.ListField(child=serializers.DictField(), help_text="the 10 most overdue responses")
    townships = serializers.ListField(child=serializers.DictField(), help_text="code, name, open, waiting, in_field")
    dispatched_today = serializers.IntegerField()
    latest_dispatches = serializers.ListField(child=serializers.DictField())
    rechecks_due = serializers.IntegerField()
    replies_overdue = serializers.IntegerField()


class FiguresQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    township = serializers.CharField(max_length=32, required=False, allow_blank=True)


class FiguresSerializer(serializers.Serializer):
    """intake.figures.intake_figures: `total`, `townships` and `months`, each with the counts and rates."""

    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.DictField()
    townships = serializers.ListField(child=serializers.DictField())
    months = serializers.ListField(child=serializers.DictField())
    as_of = serializers.DateTimeField(allow_null=True)
