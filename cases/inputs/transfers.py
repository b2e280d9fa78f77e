"""Input of the reply to the department that transferred the case (部门移交 → 办理情况反馈).

Not a transition of the case workflow: the reply changes nothing about the case (a closed case stays as it is,
SECURITY §19); it is the agency's correspondence with the department, recorded and audited on the case.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import serializers

from ..models_transfers import ReplyKind
from .base import EARLIEST_DATE, MAX_TEXT


class DepartmentReplyInput(serializers.Serializer):
    """POST /api/v1/cases/{code}/department-replies/: the reply (办理情况反馈) sent on `sent_on` (default today) to
    the department that transferred the case, with its 移交案件办理情况反馈函 (PDF). `kind` progress (办理进展) at
    any time before archiving, result (办理结果) once the case is decided or its handling has ended.
    Context: `case` and `today`."""

    kind = serializers.ChoiceField(label=gettext_lazy("Kind of reply"), choices=ReplyKind.choices)
    text = serializers.CharField(label=gettext_lazy("Reply"), max_length=MAX_TEXT, style={"rows": 4})
    sent_on = serializers.DateField(label=gettext_lazy("Sent on"), required=False, help_text="Default: today.")

    def validate(self, attrs):
        today = self.context["today"]
        case = self.context.get("case")
        sent_on = attrs.setdefault("sent_on", today)
        if sent_on < EARLIEST_DATE:
            raise serializers.ValidationError({"sent_on": _("The date %(date)s is not plausible.") % {
                "date": sent_on}})
        if sent_on > today:
            raise serializers.ValidationError({"sent_on": _(
                "The date %(date)s is in the future; record only what has happened, on or before today "
                "(%(today)s).") % {"date": sent_on, "today": today}})
        if case is not None and case.discovered_on and sent_on < case.discovered_on:
            raise serializers.ValidationError({"sent_on": _(
                "The reply cannot be sent before the case was received (%(date)s).") % {
                "date": case.discovered_on}})
        return attrs
