"""Forms of the intake pages: the clue form, one form per clue action, reply, unmask, photo, import, patrols."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import PartyType, Procedure
from townships.models import Department, Township

from .models import Attachment, Dispatch, Frequency, Reply, Source, State, Urgency

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ClueForm(forms.Form):
    source = forms.ChoiceField(label=_("Clue source"), choices=Source.choices)
    external_number = forms.CharField(label=_("Work-order / reference number"), max_length=64, required=False)
    description = forms.CharField(label=_("What was reported"), widget=TEXTAREA, max_length=4000)
    address = forms.CharField(label=_("Address"), max_length=200)
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False,
                                   min_value=-180, max_value=180)
    subject_name = forms.CharField(label=_("Suspected party (if known)"), max_length=200, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    occurred_at = forms.DateTimeField(label=_("When it happened"), required=False, widget=DATETIME)
    anonymous = forms.BooleanField(label=_("Anonymous report"), required=False)
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=50, required=False)
    reporter_phone = forms.CharField(label=_("Reporter's phone"), max_length=20, required=False)
    township = forms.ModelChoiceField(label=_("Township"), queryset=Township.objects.none(), required=False,
                                      to_field_name="code", empty_label=_("— let triage propose —"))
    source_department = forms.ModelChoiceField(label=_("Transferring department"), queryset=Department.objects.all(),
                                               required=False, to_field_name="code")
    photo = forms.ImageField(label=_("Photo"), required=False)

    def __init__(self, *args, townships=None, **kwargs):
        super().__init__(*args, **kwargs)
        if townships is None:
            del self.fields["township"]
        else:
            self.fields["township"].queryset = townships


class _ActionForm(forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)


class TriageForm(_ActionForm):
    item = forms.CharField(label=_("Enforcement item (code)"), max_length=40, required=False)
    township = forms.ChoiceField(label=_("Township"), required=False)
    zone = forms.ChoiceField(label=_("Zone"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)


class MergeForm(_ActionForm):
    into = forms.CharField(label=_("Merge into clue number"), max_length=20)


class ReasonForm(_ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA, max_length=4000)


class DispatchForm(_ActionForm):
    target = forms.ChoiceField(label=_("Dispatch to"), choices=Dispatch.Target.choices)
    zone = forms.ChoiceField(label=_("Zone"), required=False)
    officers = forms.MultipleChoiceField(label=_("Officers (a zone's responsible officers by default)"),
                                         required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    unit_name = forms.CharField(label=_("Bureau unit"), max_length=100, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    note = forms.CharField(label=_("Instructions"), widget=TEXTAREA, max_length=4000, required=False)


class NoteForm(_ActionForm):
    note = forms.CharField(label=_("Notes"), widget=TEXTAREA, max_length=4000, required=False)


class ResultForm(_ActionForm):
    note = forms.CharField(label=_("What was found and done"), widget=TEXTAREA, max_length=4000)


class ArriveForm(_ActionForm):
    arrived_at = forms.DateTimeField(label=_("Arrived at (empty: now)"), required=False, widget=DATETIME)
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False,
                                   min_value=-180, max_value=180)


class WarningForm(_ActionForm):
    rectification_deadline = forms.DateField(label=_("Rectify by"), widget=DATE)
    requirement = forms.CharField(label=_("What must be rectified"), widget=TEXTAREA, max_length=4000)
    note = forms.CharField(label=_("Notes"), widget=TEXTAREA, max_length=4000, required=False)


class FileCaseForm(_ActionForm):
    case_code = forms.CharField(label=_("Existing case number (to link instead of filing)"), max_length=40,
                                required=False)
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices, initial=Procedure.ORDINARY)
    item = forms.CharField(label=_("Enforcement item (code; empty: the clue's)"), max_length=40, required=False)
    party_type = forms.ChoiceField(label=_("Party type"), choices=PartyType.choices)
    party_name = forms.CharField(label=_("Party name"), max_length=200, required=False)
    party_id_number = forms.CharField(label=_("ID / USCC number"), max_length=30, required=False)
    officers = forms.CharField(label=_("Handling officers (employee numbers; empty: the dispatched ones)"),
                               max_length=400, required=False)
    penalty_kinds = forms.MultipleChoiceField(label=_("Intended penalty"), required=False,
                                              choices=[("warning", _("warning")), ("fine", _("fine"))],
                                              widget=forms.CheckboxSelectMultiple)
    fine = forms.DecimalField(label=_("Intended fine (yuan)"), max_digits=14, decimal_places=2, required=False,
                              min_value=0)

    def clean_officers(self):
        return [n.strip() for n in self.cleaned_data["officers"].replace("，", ",").split(",") if n.strip()]


class TransferForm(_ActionForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(),
                                        to_field_name="code")
    receipt = forms.CharField(label=_("Receipt number"), max_length=100)
    note = forms.CharField(label=_("Notes"), widget=TEXTAREA, max_length=4000, required=False)

    def clean_department(self):
        return self.cleaned_data["department"].code


ACTION_FORMS = {
    "triage": TriageForm, "merge": MergeForm, "dismiss": ReasonForm, "escalate": ReasonForm, "refuse": ReasonForm,
    "dispatch": DispatchForm, "acknowledge": NoteForm, "arrive": ArriveForm, "report_no_violation": ResultForm,
    "report_handled": ResultForm, "issue_warning": WarningForm, "recheck_rectified": ResultForm,
    "recheck_unrectified": ResultForm, "file_case": FileCaseForm, "transfer": TransferForm,
}


def _choices(actor, clue, action):
    """Pickers instead of codes: the townships and zones the user may choose, the officers of the clue's area."""
    from enforcement.accounts import access
    from townships.models import Officer, Zone

    zones = access.scope(Zone.objects.select_related("township").order_by("township__code", "code"), actor)
    if action == "dispatch":
        zones = zones.filter(township_id=clue.township_id)
        officers = Officer.objects.active().filter(township_id=clue.township_id).order_by("employee_number")
        return {"zone": [("", _("— none —"))] + [(z.code, z.name) for z in zones],
                "officers": [(o.employee_number, f"{o.name} ({o.employee_number})") for o in officers[:300]]}
    townships = access.scope(Township.objects.order_by("code"), actor)
    return {"township": ([] if access.township_of(actor) else [("", _("— county level —"))])
            + [(t.code, t.name) for t in townships],
            "zone": [("", _("— none —"))] + [(z.code, f"{z.township.name} · {z.name}") for z in zones]}


def action_form(action, clue, data=None, actor=None):
    """The form of `action`, pre-filled from the clue and its triage proposal."""
    initial = {"expected_state": clue.state, "urgency": clue.urgency}
    proposal = getattr(clue, "proposal", None)
    if action == "triage":
        first = proposal.items[0]["code"] if proposal and proposal.items else ""
        initial.update(item=clue.item.code if clue.item_id else first,
                       township=clue.township.code if clue.township_id else (
                           proposal.township.code if proposal and proposal.township_id else ""),
                       zone=clue.zone.code if clue.zone_id else (
                           proposal.zone.code if proposal and proposal.zone_id else ""))
    elif action == "merge" and proposal and proposal.duplicates:
        initial["into"] = proposal.duplicates[0]["code"]
    elif action == "dispatch":
        initial.update(target=Dispatch.Target.ZONE if clue.zone_id else Dispatch.Target.TOWNSHIP,
                       zone=clue.zone.code if clue.zone_id else "")
    elif action == "file_case":
        initial.update(party_name=clue.subject_name, item=clue.item.code if clue.item_id else "")
    form = ACTION_FORMS[action](data, initial=initial, prefix=action)
    if action in ("triage", "dispatch") and actor is not None:
        for name, choices in _choices(actor, clue, action).items():
            form.fields[name].choices = choices
    return form


class ReplyForm(forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=Reply.Method.choices)
    text = forms.CharField(label=_("Reply"), widget=TEXTAREA, max_length=4000, required=False,
                           help_text=_("Empty: written from the outcome."))
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Reply.Satisfaction.choices, required=False)


class UnmaskForm(forms.Form):
    reason = forms.CharField(label=_("Reason for viewing the personal data"), max_length=500)


class PhotoForm(forms.Form):
    file = forms.ImageField(label=_("Photo"))
    stage = forms.ChoiceField(label=_("Stage"), choices=Attachment.Stage.choices)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Work-order file (.xlsx or .csv)"))


class ClueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search (number, work order, phone, address, party)"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("all")), ("open", _("open clues"))] + list(State.choices))
    source = forms.ChoiceField(label=_("Clue source"), required=False, choices=[("", _("all"))] + list(Source.choices))
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("all"))] + list(Urgency.choices))
    township = forms.ChoiceField(label=_("Township"), required=False)
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, townships=None, **kwargs):
        super().__init__(*args, **kwargs)
        if townships is None:
            del self.fields["township"]
        else:
            self.fields["township"].choices = [("", _("all"))] + [(t.code, t.name) for t in townships]


class PatrolPlanForm(forms.Form):
    zone = forms.ChoiceField(label=_("Zone"))
    name = forms.CharField(label=_("Name"), max_length=100)
    content = forms.CharField(label=_("What to check"), widget=TEXTAREA, max_length=4000)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    officers = forms.CharField(label=_("Officers (employee numbers, comma-separated)"), max_length=400)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE, required=False)

    def __init__(self, *args, zones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [(z.code, str(z)) for z in zones]

    def clean_officers(self):
        return [n.strip() for n in self.cleaned_data["officers"].replace("，", ",").split(",") if n.strip()]


class PatrolForm(forms.Form):
    started_at = forms.DateTimeField(label=_("Started at"), widget=DATETIME)
    ended_at = forms.DateTimeField(label=_("Ended at"), widget=DATETIME, required=False)
    officers = forms.CharField(label=_("Officers (employee numbers; empty: you)"), max_length=400, required=False)
    note = forms.CharField(label=_("What was checked"), widget=TEXTAREA, max_length=4000, required=False)
    finding = forms.CharField(label=_("Problem found (becomes a clue)"), widget=TEXTAREA, max_length=4000,
                              required=False)
    finding_address = forms.CharField(label=_("Address of the problem"), max_length=200, required=False)

    def clean_officers(self):
        return [n.strip() for n in self.cleaned_data["officers"].replace("，", ",").split(",") if n.strip()]

    def clean(self):
        data = super().clean()
        if data.get("finding") and not data.get("finding_address"):
            self.add_error("finding_address", _("Give the address of the problem found."))
        return data
