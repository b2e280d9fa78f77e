"""Thin forms: they parse the widgets' text; the action serializers (cases.inputs) and services decide."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from catalog.models import DiscretionLevel, PenaltyKind

from . import rules
from .inputs import INPUTS
from .models import Evidence, MitigationGround, NoPenaltyGround, PartyType, Procedure, Source
from .models_transfers import ReplyKind

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


# Inputs that pages do not show: the concurrency token is a hidden field, officers are chosen at filing.
NOT_ON_PAGES = {"action", "expected_status", "officers"}


def _form_field(field, case):
    """A page widget for one field of an action's input serializer (cases.inputs): same name, label and
    requiredness. The form only parses the widget's text; the serializer validates (one place)."""
    label, required = field.label, field.required
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(label=label, required=False)
    if isinstance(field, serializers.DateField):
        return forms.DateField(label=label, required=required, widget=DATE)
    if isinstance(field, serializers.DecimalField):
        return forms.DecimalField(label=label, required=required, max_digits=field.max_digits,
                                  decimal_places=field.decimal_places)
    if isinstance(field, serializers.IntegerField):
        return forms.IntegerField(label=label, required=required)
    if isinstance(field, serializers.ListField):
        return forms.MultipleChoiceField(label=label, required=False, choices=penalty_kind_choices(case.item),
                                         widget=forms.CheckboxSelectMultiple)
    if isinstance(field, serializers.ChoiceField):
        choices = list(field.choices.items())
        return forms.ChoiceField(label=label, required=required,
                                 choices=choices if required else [("", "---------"), *choices])
    rows = field.style.get("rows")
    return forms.CharField(label=label, required=required, max_length=getattr(field, "max_length", None),
                           widget=forms.Textarea(attrs={"rows": rows}) if rows else None)


class InventoryField(forms.CharField):
    """The inventory (清单) of a coercive measure on a page: one line per item, its parts separated by “|”:
    name | specification | quantity | unit | kept at | notes. Parsed into the list the serializer checks."""

    PARTS = ("name", "spec", "quantity", "unit", "kept_at", "note")

    def __init__(self, **kwargs):
        super().__init__(widget=forms.Textarea(attrs={"rows": 4}), help_text=_(
            "One line per item: name | specification | quantity | unit | kept at | notes (e.g. 电动三轮车 | 蓝色 | "
            "1 | 辆 | 执法大队暂扣物品仓库 | 车况完好)."), **kwargs)

    def clean(self, value):
        text = super().clean(value)
        rows = []
        for line in (text or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) > len(self.PARTS):
                raise forms.ValidationError(_("Line “%(line)s” has more than six parts.") % {"line": line[:60]})
            parts += [""] * (len(self.PARTS) - len(parts))
            rows.append(dict(zip(self.PARTS, parts, strict=True)))
        if not rows:
            raise forms.ValidationError(_("List at least one item."))
        return rows


def _coercive_fields(fields, case):
    """Coercive measures on the page: the officers to tick, the measure to choose, the inventory as lines."""
    if "items" in fields:
        fields["items"] = InventoryField(label=_("Inventory"))
    if "on_site_officers" in fields:
        from townships.models import Officer
        from townships.services import serving_township_ids

        towns = serving_township_ids(case.township) if case.township_id else {None}
        where = models.Q(township_id__in=[t for t in towns if t])
        if None in towns:
            where |= models.Q(township__isnull=True)
        officers = Officer.objects.filter(where, is_active=True).order_by("name")[:200]
        fields["on_site_officers"] = forms.MultipleChoiceField(
            label=_("Officers on site (at least two)"), widget=forms.CheckboxSelectMultiple,
            choices=[(o.employee_number, f"{o.name}({o.certificate_number or _('no certificate')})")
                     for o in officers])
    if "party_present" in fields:
        fields["party_present"].initial = True  # the usual case (art. 18 (四)); untick and name the witness
    if "record_time" in fields:
        fields["record_time"] = forms.TimeField(label=fields["record_time"].label,
                                                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    if "measure" in fields:
        from .models_coercive import IN_FORCE

        measures = case.coercive_measures.filter(status__in=IN_FORCE).order_by("number")
        fields["measure"] = forms.TypedChoiceField(
            label=_("Measure"), coerce=int,
            choices=[(m.number, f"{m.number}. {m.get_kind_display()} · {m.place} · {m.deadline}") for m in measures])
    return fields


def action_fields(action, case):
    """The page fields of `action`, built from its input serializer."""
    serializer = INPUTS[action]()
    fields = {name: _form_field(field, case) for name, field in serializer.fields.items()
              if name not in NOT_ON_PAGES and name not in ("items",)}
    if "items" in serializer.fields:
        fields["items"] = None
    fields = _coercive_fields(fields, case)
    if "discretion_level" in fields:  # only the tiers the item's discretion benchmark has
        levels = {tier.level for tier in case.item.discretion_tiers.all()}
        fields["discretion_level"].choices = [("", "---------")] + [
            (value, label) for value, label in DiscretionLevel.choices if value in levels]
    return fields


def action_initial(action, case):
    today = timezone.localdate()
    initial = {}
    date_field = INPUTS[action].date_field
    if date_field:
        initial[date_field] = today
    if action == "amend":
        initial.update(facts=case.facts, location=case.location, marked_complex=case.marked_complex)
    elif action == "notify":
        initial.update(penalty_kinds=case.proposed_penalty_kinds, fine=case.proposed_fine)
    elif action == "decide":
        initial.update(penalty_kinds=case.notice_penalty_kinds, fine=case.notice_fine)
    return initial


# The order of the next actions on the case page (issue 13): the step forward first, then corrections and side
# steps, and last the actions that end the handling without a decision, each confirmed by a tick.
FORWARD_ACTIONS = ("decide_on_spot", "register", "approve_review", "notify", "record_statement", "submit_review",
                   "record_discussion", "decide", "decide_no_penalty", "deliver", "record_payment", "record_execution",
                   "close", "archive")
DESTRUCTIVE_ACTIONS = ("decline", "revoke", "transfer")


def action_groups(actions):
    """(forward, other, destructive): the actions open to the user in page order. The first forward one is the
    primary action."""
    forward = [a for a in FORWARD_ACTIONS if a in actions]
    destructive = [a for a in DESTRUCTIVE_ACTIONS if a in actions]
    other = [a for a in actions if a not in forward and a not in destructive]
    return forward, other, destructive


def action_form(action, case, data=None):
    initial = {**action_initial(action, case), "expected_status": case.status}
    form = forms.Form(data=data, initial=initial, prefix=action)
    form.fields.update(action_fields(action, case))
    form.fields["expected_status"] = forms.CharField(widget=forms.HiddenInput, required=False)
    if action in DESTRUCTIVE_ACTIONS:
        form.fields["confirm"] = forms.BooleanField(
            label=_("I confirm: the case will not be handled further here, and this is recorded in its timeline."),
            error_messages={"required": _("Tick the box to confirm.")})
    return form


def action_values(form):
    """What the page sends to the service: the fields the user filled in (booleans always), without the page's
    own confirmation tick."""
    return {key: value for key, value in form.cleaned_data.items()
            if value not in (None, "", []) and key != "confirm"}


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
    zone = forms.ChoiceField(label=_("Responsibility zone"), required=False)
    violation_date = _date(_("Date of the violation"))
    violation_ended_on = _date(_("Violation ended on (continuing or repeated act, art. 36)"), required=False)
    safety_involved = forms.BooleanField(label=_("Involves life, health or financial safety (art. 36)"),
                                         required=False)
    harmful_consequences = forms.BooleanField(label=_("Harmful consequences (art. 36)"), required=False,
                                              help_text=_("With safety involved: the limitation period is five years "
                                                          "instead of two."))
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
    discretion_level = forms.ChoiceField(label=_("Circumstances (discretion tier, simple procedure)"), required=False,
                                         choices=[("", "---------"), *DiscretionLevel.choices])
    mitigation_ground = forms.ChoiceField(
        label=_("Ground for a lighter or reduced penalty (art. 30–32, simple procedure)"), required=False,
        choices=[("", "---------"), *MitigationGround.choices])
    discretion_reason = _text(_("Reason for a fine outside the discretion band (simple procedure)"), required=False,
                              rows=2)
    no_penalty_grounds = forms.ChoiceField(
        label=_("No penalty on the spot: grounds (simple procedure, no-penalty list, art. 33)"), required=False,
        choices=[("", "---------"), *NoPenaltyGround.choices],
        help_text=_("Decides not to penalise and issues the 不予处罚决定书 at once; leave the penalty empty and give "
                    "the reasoning."))
    # 部门移交: a case transferred by a department (source "transferred by a department").
    transferred_from = forms.ChoiceField(label=_("Transferring department"), required=False,
                                         help_text=_("Only for the source “transferred by a department”."))
    transfer_liaison = forms.ChoiceField(label=_("Liaison of the department"), required=False)
    transfer_letter_number = forms.CharField(label=_("Transfer letter number (移交函)"), max_length=60,
                                             required=False)
    transfer_letter_date = _date(_("Transfer letter date"), required=False)
    transfer_materials = _text(_("Materials received"), required=False, rows=2)

    # The simple procedure (arts. 51-52: a warning or a small fine decided on the spot) asks only what its numbered
    # decision form needs; the ordinary procedure asks for the filing (立案) as well.
    SIMPLE_ONLY = ("decision_text", "discretion_level", "mitigation_ground", "discretion_reason", "no_penalty_grounds")
    TRANSFER_FIELDS = ("transferred_from", "transfer_liaison", "transfer_letter_number", "transfer_letter_date",
                       "transfer_materials")
    ORDINARY_ONLY = ("source", "discovered_on", "party_address", "marked_complex", "file_now", *TRANSFER_FIELDS)

    def __init__(self, *args, item, officers, procedure=Procedure.ORDINARY, townships=None, bureau_option=True,
                 zones=(), departments=(), liaisons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transferred_from"].choices = [("", "---------")] + [(d.code, d.name) for d in departments]
        self.fields["transfer_liaison"].choices = [("", _("Not specified"))] + [
            (u.username, f"{u}({u.department.name})") for u in liaisons]
        if zones:
            self.fields["zone"].choices = [("", _("Not specified"))] + [(z.code, z.name) for z in zones]
        else:
            del self.fields["zone"]
        self.fields["officers"].choices = [
            (o.employee_number, f"{o.name}({o.certificate_number or _('no certificate')})") for o in officers]
        self.fields["penalty_kinds"].choices = penalty_kind_choices(item)
        self.fields["safety_involved"].initial = item.concerns_life_health_safety
        if not item.no_penalty:  # on the spot only for items on the no-penalty list (art. 33)
            del self.fields["no_penalty_grounds"]
        levels = {tier.level for tier in item.discretion_tiers.all()}
        self.fields["discretion_level"].choices = [("", "---------")] + [
            (value, label) for value, label in DiscretionLevel.choices if value in levels]
        self.procedure = procedure
        self.fields["procedure"].widget = forms.HiddenInput()
        self.fields["procedure"].initial = procedure
        for name in (self.ORDINARY_ONLY if procedure == Procedure.SIMPLE else self.SIMPLE_ONLY):
            self.fields.pop(name, None)
        if procedure == Procedure.SIMPLE:
            choices = self.fields["penalty_kinds"].choices
            self.fields["penalty_kinds"].choices = [(k, text)
                                                    for k, text in choices if k in rules.SIMPLE_PENALTY_KINDS]
            self.fields["decision_text"].label = _("Decision reasoning")
        if townships is None:
            del self.fields["township"]
        else:
            # Chosen beforehand (the officers offered depend on it); carried as a hidden field.
            self.fields["township"].choices = ([("", _("Bureau (no township)"))] if bureau_option else []) + [
                (t.code, t.name) for t in townships]
            self.fields["township"].widget = forms.HiddenInput()


    @property
    def transfer_fields(self):
        return [self[name] for name in self.TRANSFER_FIELDS if name in self.fields]


class DepartmentReplyForm(forms.Form):
    """The reply to the transferring department; `cases.inputs.transfers.DepartmentReplyInput` validates."""

    kind = forms.ChoiceField(label=_("Kind of reply"), choices=ReplyKind.choices)
    text = _text(_("Reply"), rows=4)
    sent_on = _date(_("Sent on"))


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Evidence.Kind.choices)
    file = forms.FileField(label=_("File (photo, video, audio or PDF, at most 20 MB)"), required=False)
    description = _text(_("Description"), required=False, rows=2)


class UnmaskForm(forms.Form):
    reason = forms.CharField(label=_("Reason for viewing the personal data"), max_length=200)
