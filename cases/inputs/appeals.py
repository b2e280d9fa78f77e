"""Inputs of administrative review and litigation against a decision (复议 / 诉讼) and the defence tasks."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import serializers

from ..models_appeals import AppealKind, AppealOutcome, AppealTaskKind
from .actions import action_input
from .base import MAX_SCHEDULE_DAYS, ActionInput, choice_field, day_field, line_field, money_field, text_field

OUTCOMES = [c for c in AppealOutcome.choices if c[0]]


@action_input("file_appeal")
class FileAppealInput(ActionInput):
    """The party's application for administrative review (60 days from delivery, 行政复议法 art. 20) or its
    lawsuit (six months, 行政诉讼法 art. 46), filed on `filed_on` with the named body."""

    date_field = "filed_on"
    not_before = ("delivered_on",)
    kind = choice_field(gettext_lazy("Kind"), AppealKind.choices)
    body = line_field(gettext_lazy("Review body or court"), required=True)
    reference = line_field(gettext_lazy("Case number at the body"), max_length=100)
    filed_on = day_field(gettext_lazy("Filed on"))


@action_input("record_appeal_outcome")
class RecordAppealOutcomeInput(ActionInput):
    """The review decision or the judgment on `decided_on`: 维持, 撤销 (the fine is not collected), 变更 (the
    new fine), 确认违法, 责令重作 (the case is reopened for a new decision by `redo_by`), 驳回."""

    date_field = "decided_on"
    scheduled = ("redo_by",)
    outcome = choice_field(gettext_lazy("Outcome"), OUTCOMES)
    decided_on = day_field(gettext_lazy("Decided on"))
    varied_fine = money_field(gettext_lazy("Varied fine (yuan)"), help_text="Required for the outcome varied.")
    redo_by = day_field(gettext_lazy("New decision due by"), help_text="Required for the outcome redo.")
    note = text_field(gettext_lazy("Outcome notes"), required=True)

    def check(self, attrs):
        appeal = getattr(self.case, "open_appeal", None) if self.case is not None else None
        if appeal is not None and attrs["decided_on"] < appeal.filed_on:
            return {"decided_on": _("The outcome cannot be before the review or lawsuit was filed (%(date)s).") % {
                "date": appeal.filed_on}}
        outcome = attrs["outcome"]
        if outcome == AppealOutcome.VARIED and attrs.get("varied_fine") is None:
            return {"varied_fine": _("Give the fine as varied by the body.")}
        if outcome != AppealOutcome.VARIED and attrs.get("varied_fine") is not None:
            return {"varied_fine": _("A varied fine is given only for the outcome varied.")}
        if outcome == AppealOutcome.REDO:
            redo_by = attrs.get("redo_by")
            if redo_by is None or redo_by <= attrs["decided_on"]:
                return {"redo_by": _("Give the day by which the new decision is due (after the outcome).")}
            if redo_by > attrs["decided_on"] + datetime.timedelta(days=MAX_SCHEDULE_DAYS):
                return {"redo_by": _("The new decision may be due at most a year after the outcome.")}
        elif attrs.get("redo_by") is not None:
            return {"redo_by": _("A due day for a new decision is given only for the outcome redo.")}
        return None


@action_input("add_appeal_task")
class AddAppealTaskInput(ActionInput):
    """A defence task of the legal staff (应诉: defence statement, hearing) with its deadline."""

    scheduled = ("due_on",)
    kind = choice_field(gettext_lazy("Task"), AppealTaskKind.choices)
    due_on = day_field(gettext_lazy("Due on"), required=True)
    note = text_field(gettext_lazy("Notes"))

    def check(self, attrs):
        if attrs["due_on"] > self.today + datetime.timedelta(days=MAX_SCHEDULE_DAYS):
            return {"due_on": _("The task may be due at most a year ahead.")}
        return None


@action_input("complete_appeal_task")
class CompleteAppealTaskInput(ActionInput):
    """A defence task done on `done_on`."""

    date_field = "done_on"
    task = serializers.IntegerField(label=gettext_lazy("Task number"), min_value=1)
    done_on = day_field(gettext_lazy("Done on"))
