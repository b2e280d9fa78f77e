"""Inputs of the transfer to the police or procuratorate (两法衔接)."""

from django.utils.translation import gettext_lazy

from ..models_criminal import CriminalDecision
from .actions import action_input
from .base import ActionInput, choice_field, day_field, line_field, text_field

DECISIONS = [c for c in CriminalDecision.choices if c[0]]


@action_input("transfer_to_police")
class TransferToPoliceInput(ActionInput):
    """移送涉嫌犯罪案件 (《行政执法机关移送涉嫌犯罪案件的规定》 arts. 3, 6): the 移送书 with the suspected crime and
    the evidence list, sent on `sent_on` to the police or procuratorate."""

    date_field = "sent_on"
    not_before = ("discovered_on",)
    body = line_field(gettext_lazy("Receiving body (police or procuratorate)"), required=True)
    suspected_crime = line_field(gettext_lazy("Suspected crime"), required=True)
    evidence_list = text_field(gettext_lazy("Evidence list"), required=True, rows=4)
    sent_on = day_field(gettext_lazy("Sent on"))


@action_input("record_police_receipt")
class RecordPoliceReceiptInput(ActionInput):
    """The body's receipt of the transfer (回执), on `received_on`."""

    date_field = "received_on"
    received_on = day_field(gettext_lazy("Receipt date"))


@action_input("record_police_decision")
class RecordPoliceDecisionInput(ActionInput):
    """The body's decision on `decided_on` and its feedback: 立案 ends the case administratively; 不予立案 or 退回
    returns it to the administrative procedure (规定 arts. 8, 9)."""

    date_field = "decided_on"
    decision = choice_field(gettext_lazy("Decision of the body"), DECISIONS)
    decided_on = day_field(gettext_lazy("Decided on"))
    feedback = text_field(gettext_lazy("Feedback"), required=True)
