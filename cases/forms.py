"""Thin forms: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import PenaltyKind

from .models import (
    CorrectionOutcome,
    Evidence,
    NoPenaltyGround,
    PartyType,
    Procedure,
    Source,
    StatementOutcome,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=DATE)


def _money(label, required=False):
    return forms.DecimalField(label=label, required=required, min_value=0, max_digits=14, decimal_places=2)


def _text(label, required=True, rows=3):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


def penalty_kind_choices(item):
    kinds = list(item.penalty_kinds or []) or list(PenaltyKind.values)
    if item.warning_only and "warning" not in kinds:
        kinds.insert(0, "warning")
    return [(k, PenaltyKind(k).label) for k in kinds if k in PenaltyKind.values]


def _kinds(item):
    return forms.MultipleChoiceField(label=_("Penalty"), choices=penalty_kind_choices(item),
                                     widget=forms.CheckboxSelectMultiple, required=False)


def action_fields(action, case):
    """The input each action needs (see cases.services.transition._apply)."""
    item = case.item
    return {
        "amend": lambda: {"facts": _text(_("Facts"), rows=4),
                          "location": forms.CharField(label=_("Place"), max_length=200),
                          "marked_complex": forms.BooleanField(label=_("Marked complex (疑难复杂)"), required=False)},
        "decline": lambda: {"reason": _text(_("Reason"))},
        "revoke": lambda: {"reason": _text(_("Reason"))},
        "reopen": lambda: {"reason": _text(_("Reason for reopening"))},
        "transfer": lambda: {"transferred_to": forms.CharField(label=_("Transferred to agency"), max_length=200),
                             "reason": _text(_("Reason"))},
        "issue_correction_order": lambda: {"correction_deadline": _date(_("Correction deadline"))},
        "record_correction": lambda: {"outcome": forms.ChoiceField(
            label=_("Correction outcome"), choices=[c for c in CorrectionOutcome.choices if c[0]])},
        "extend_deadline": lambda: {"days": forms.IntegerField(label=_("Extension (days)"), min_value=1, max_value=60),
                                    "reason": _text(_("Reason"))},
        "notify": lambda: {"penalty_kinds": _kinds(item), "fine": _money(_("Fine (yuan)"))},
        "record_statement": lambda: {"outcome": forms.ChoiceField(
            label=_("Statement and defence"), choices=[c for c in StatementOutcome.choices if c[0]]),
            "note": _text(_("Notes"), required=False)},
        "request_hearing": lambda: {"requested_on": _date(_("Hearing requested on"))},
        "schedule_hearing": lambda: {"hearing_date": _date(_("Hearing date")),
                                     "hearing_notice_date": _date(_("Hearing notice date"))},
        "record_hearing": lambda: {"note": _text(_("Hearing record"))},
        "submit_review": lambda: {"note": _text(_("Notes"), required=False)},
        "approve_review": lambda: {"opinion": _text(_("Review opinion"))},
        "return_review": lambda: {"opinion": _text(_("Review opinion"))},
        "record_discussion": lambda: {"discussion_on": _date(_("Discussion date")),
                                      "note": _text(_("Collective discussion record"))},
        "decide": lambda: {"penalty_kinds": _kinds(item), "fine": _money(_("Fine (yuan)")),
                           "confiscation_amount": _money(_("Confiscation (yuan)")),
                           "discretion_reason": _text(_("Reason for a fine outside the discretion band"),
                                                      required=False, rows=2),
                           "decision_text": _text(_("Decision reasoning"), required=False)},
        "decide_no_penalty": lambda: {"grounds": forms.ChoiceField(label=_("No-penalty grounds"),
                                                                   choices=NoPenaltyGround.choices),
                                      "decision_text": _text(_("Decision reasoning"))},
        "deliver": lambda: {"delivered_on": _date(_("Date delivered"))},
        "record_payment": lambda: {"bank_receipt_number": forms.CharField(label=_("Bank receipt number"),
                                                                          max_length=64),
                                   "paid_on": _date(_("Paid on")), "paid_amount": _money(_("Amount paid (yuan)"),
                                                                                         required=True)},
        "record_execution": lambda: {"note": _text(_("Execution record"))},
    }.get(action, dict)()


def action_initial(action, case):
    from django.utils import timezone

    today = timezone.localdate()
    if action == "amend":
        return {"facts": case.facts, "location": case.location, "marked_complex": case.marked_complex}
    if action == "notify":
        return {"penalty_kinds": case.proposed_penalty_kinds, "fine": case.proposed_fine}
    if action == "decide":
        return {"penalty_kinds": case.notice_penalty_kinds, "fine": case.notice_fine}
    if action == "record_payment":
        return {"paid_on": today}
    return {key: today for key in ("requested_on", "hearing_notice_date", "discussion_on", "delivered_on")}


def action_form(action, case, data=None):
    initial = {**action_initial(action, case), "expected_status": case.status}
    form = forms.Form(data=data, initial=initial, prefix=action)
    form.fields.update(action_fields(action, case))
    form.fields["expected_status"] = forms.CharField(widget=forms.HiddenInput, required=False)
    return form


class ItemSearchForm(forms.Form):
    q = forms.CharField(label=_("Item (pinyin initials, code or name)"), max_length=100, required=False)


class CaseFilingForm(forms.Form):
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    township = forms.ChoiceField(label=_("Township"), required=False)
    party_type = forms.ChoiceField(label=_("Party type"), choices=PartyType.choices)
    party_name = forms.CharField(label=_("Party name"), max_length=200)
    party_id_number = forms.CharField(label=_("ID / USCC number"), max_length=30, required=False)
    party_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    party_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    location = forms.CharField(label=_("Place of the violation"), max_length=200)
    violation_date = _date(_("Date of the violation"))
    discovered_on = _date(_("Date discovered"))
    facts = _text(_("Facts"), rows=4)
    officers = forms.MultipleChoiceField(label=_("Handling officers (at least two)"),
                                         widget=forms.CheckboxSelectMultiple)
    penalty_kinds = forms.MultipleChoiceField(label=_("Intended penalty"), widget=forms.CheckboxSelectMultiple,
                                              required=False)
    fine = _money(_("Intended fine (yuan)"))
    marked_complex = forms.BooleanField(label=_("Marked complex (疑难复杂)"), required=False)
    file_now = forms.BooleanField(label=_("File the case now (立案)"), required=False, initial=True)
    decision_text = _text(_("Decision reasoning (simple procedure)"), required=False, rows=2)

    def __init__(self, *args, item, officers, townships=None, bureau_option=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [
            (o.employee_number, f"{o.name}({o.certificate_number or _('no certificate')})") for o in officers]
        self.fields["penalty_kinds"].choices = penalty_kind_choices(item)
        if townships is None:
            del self.fields["township"]
        else:
            # Chosen beforehand (the officers offered depend on it); carried as a hidden field.
            self.fields["township"].choices = ([("", _("Bureau (no township)"))] if bureau_option else []) + [
                (t.code, t.name) for t in townships]
            self.fields["township"].widget = forms.HiddenInput()


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Evidence.Kind.choices)
    file = forms.FileField(label=_("File (photo, video, audio or PDF, at most 20 MB)"), required=False)
    description = _text(_("Description"), required=False, rows=2)


class UnmaskForm(forms.Form):
    reason = forms.CharField(label=_("Reason for viewing the personal data"), max_length=200)
