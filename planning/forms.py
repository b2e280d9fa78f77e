"""Thin forms: parse input, then views call services."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Item
from townships.models import Department, Officer, Township, Zone

from .models import Checklist, Frequency, Industry, InspectionType, RiskLevel, Subject, TownshipNeed, YearPlan
from .services.evidence import evidence_check


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CodeChoiceField(forms.ModelChoiceField):
    """Choices keyed by code, never by database id."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="code", **kwargs)


class CodeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, to_field_name="code", **kwargs):
        super().__init__(queryset, to_field_name=to_field_name, **kwargs)


class PlanForm(forms.ModelForm):
    department = CodeChoiceField(Department.objects.all(), label=_("department"))
    items = CodeMultipleChoiceField(Item.objects.filter(status="active"), label=_("inspection items"),
                                    required=False, widget=forms.TextInput,
                                    help_text=_("Item codes separated by spaces or commas."))
    industries = CodeMultipleChoiceField(Industry.objects.all(), label=_("industries in scope"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    townships = CodeMultipleChoiceField(Township.objects.all(), label=_("townships in scope"), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = YearPlan
        fields = ["department", "year", "title", "items", "industries", "townships", "subject_scope", "frequency",
                  "planned_count"]
        widgets = {"subject_scope": forms.Textarea(attrs={"rows": 3}), "frequency": forms.Select(
            choices=Frequency.choices)}

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("department")
            self.fields.pop("year")
            self.initial["items"] = " ".join(self.instance.items.values_list("code", flat=True))
        elif actor is not None and actor.department_id and not _county_wide(actor):
            self.fields["department"].queryset = Department.objects.filter(pk=actor.department_id)
            self.fields["department"].initial = actor.department.code

    def clean_items(self):
        raw = self.data.get(self.add_prefix("items"), "")
        codes = [c for c in raw.replace(",", " ").replace(",", " ").split() if c]
        items = list(Item.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {i.code for i in items})
        if unknown:
            raise forms.ValidationError(_("Unknown item codes: %(codes)s") % {"codes": " ".join(unknown)})
        return items

    def _post_clean(self):  # the service validates and saves; skip ModelForm's instance validation
        pass


def _county_wide(actor):
    from enforcement.accounts import access

    return access.sees_all_townships(actor)


class MonthForm(forms.Form):
    month = forms.TypedChoiceField(label=_("month"), coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)])
    planned_count = forms.IntegerField(label=_("planned inspections"), min_value=0)
    focus = forms.CharField(label=_("focus"), max_length=300, required=False)


class WeekTaskForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput)
    subjects = forms.CharField(label=_("subjects"), widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Unified social credit codes, one per line."))
    officers = forms.CharField(label=_("officers"), required=False,
                               help_text=_("Employee numbers separated by spaces."))
    checklist = CodeChoiceField(Checklist.objects.filter(is_active=True), label=_("checklist"), required=False)
    inspection_type = forms.ChoiceField(label=_("inspection type"), choices=InspectionType.choices)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, subject_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject_queryset = subject_queryset if subject_queryset is not None else Subject.objects.all()

    def clean_subjects(self):
        codes = [c.strip().upper() for c in self.cleaned_data["subjects"].split() if c.strip()]
        found = {s.uscc: s for s in self.subject_queryset.filter(uscc__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(_("Unknown or not visible subjects: %(codes)s") % {"codes": " ".join(missing)})
        if not codes:
            raise forms.ValidationError(_("Choose at least one subject."))
        return [found[c] for c in dict.fromkeys(codes)]

    def clean_officers(self):
        return _officers(self.cleaned_data.get("officers", ""))


def _officers(raw):
    numbers = [n for n in raw.replace(",", " ").split() if n]
    found = {o.employee_number: o for o in Officer.objects.filter(employee_number__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise forms.ValidationError(_("Unknown officers: %(numbers)s") % {"numbers": " ".join(missing)})
    return [found[n] for n in dict.fromkeys(numbers)]


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DrawForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    department = CodeChoiceField(Department.objects.all(), label=_("organising department"))
    departments = CodeMultipleChoiceField(Department.objects.all(), label=_("participating departments"),
                                          required=False, widget=forms.CheckboxSelectMultiple)
    inspection_type = forms.CharField(label=_("inspection type"), max_length=100,
                                      help_text=_("Shown on the public page, e.g. 餐饮食品安全检查."))
    draw_date = forms.DateField(label=_("draw date"), widget=DateInput, initial=timezone.localdate)
    industry = CodeChoiceField(Industry.objects.all(), label=_("industry"), required=False)
    township = CodeChoiceField(Township.objects.all(), label=_("township"), required=False)
    risk_level = forms.ChoiceField(label=_("risk level"), choices=[("", "---------"), *RiskLevel.choices],
                                   required=False)
    subject_count = forms.IntegerField(label=_("subjects to draw"), min_value=1)
    officers_per_subject = forms.IntegerField(label=_("officers per subject"), min_value=2, initial=2)
    seed = forms.CharField(label=_("seed"), max_length=64, required=False,
                           help_text=_("Leave empty for a random seed; it is stored so anyone can re-run the draw."))
    month = forms.TypedChoiceField(label=_("create tasks in month"), coerce=int, required=False, empty_value=None,
                                   choices=[("", "---------")] + [(m, f"{m}月") for m in range(1, 13)],
                                   help_text=_("Optional: one random week task per drawn subject in the "
                                               "organising department's plan."))

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actor is not None and actor.department_id and not _county_wide(actor):
            self.fields["department"].queryset = Department.objects.filter(pk=actor.department_id)
            self.fields["department"].initial = actor.department.code


class ResultForm(forms.Form):
    """One check point of the inspection form (prefix = point code)."""

    passed = forms.TypedChoiceField(label=_("result"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                    choices=[("1", _("pass")), ("0", _("fail"))])
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    evidence = forms.FileField(label=_("evidence"), required=False)
    rectify_by = forms.DateField(label=_("rectify by"), required=False, widget=DateInput)

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            try:
                evidence_check(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict["evidence"]) from error
        return upload


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label=_("inspection date"), widget=DateInput, initial=timezone.localdate)
    officers = forms.ModelMultipleChoiceField(Officer.objects.none(), label=_("officers"),
                                              to_field_name="employee_number", widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    officer_exception_reason = forms.CharField(
        label=_("reason officers differ from the draw"), required=False, max_length=500,
        help_text=_("Required when the officers differ from those drawn for the subject (双随机一公开)."))

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["officers"].queryset = officers


class RectifyForm(forms.Form):
    rectified_on = forms.DateField(label=_("rectified on"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("rectification note"), max_length=500, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("Excel (.xlsx) or CSV (UTF-8 or GBK)."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file may be at most 10 MB."))
        return upload


class NeedForm(forms.ModelForm):
    department = CodeChoiceField(Department.objects.all(), label=_("department"))
    industry = CodeChoiceField(Industry.objects.all(), label=_("industry"), required=False)

    class Meta:
        model = TownshipNeed
        fields = ["department", "year", "industry", "description", "expected_count"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass


class SubjectForm(forms.Form):
    """One subject (检查对象). The credit code is entered once, at creation; it is the subject's identity."""

    uscc = forms.CharField(label=_("unified social credit code"), max_length=18, min_length=18,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}))
    name = forms.CharField(label=_("name"), max_length=200)
    industry = CodeChoiceField(Industry.objects.all(), label=_("industry"))
    township = CodeChoiceField(Township.objects.all(), label=_("township"))
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    zone = CodeChoiceField(Zone.objects.none(), label=_("zone"), required=False, empty_label=_("Not specified"),
                           help_text=_("A zone in use of the subject's township."))
    risk_level = forms.ChoiceField(label=_("risk level"), choices=RiskLevel.choices, initial=RiskLevel.LOW)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True,
                                   help_text=_("Inactive subjects are left out of random draws."))

    def __init__(self, *args, subject=None, **kwargs):
        if subject is not None:
            kwargs.setdefault("initial", {
                "name": subject.name, "industry": subject.industry.code, "township": subject.township.code,
                "address": subject.address, "risk_level": subject.risk_level, "is_active": subject.is_active,
                "zone": subject.zone.code if subject.zone_id else ""})
        super().__init__(*args, **kwargs)
        zones = Zone.objects.filter(is_active=True).select_related("township").order_by("township__code", "code")
        if subject is not None and subject.zone_id:
            zones = Zone.objects.filter(Q(is_active=True) | Q(pk=subject.zone_id)).select_related(
                "township").order_by("township__code", "code")
        self.fields["zone"].queryset = zones
        if subject is None:
            self.fields.pop("is_active")
        else:
            self.fields.pop("uscc")

    def clean_uscc(self):
        return self.cleaned_data["uscc"].strip().upper()


class ConflictForm(forms.Form):
    """Record a conflict of interest (回避) between an officer and a subject."""

    officer = forms.CharField(label=_("officer"), max_length=32, help_text=_("Employee number."))
    subject = forms.CharField(label=_("subject"), max_length=18, help_text=_("Unified social credit code."))
    reason = forms.CharField(label=_("reason"), max_length=200,
                             help_text=_("e.g. a close relative works there, formerly employed there, "
                                         "business dealings."))

    def __init__(self, *args, officers, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.officers, self.subjects = officers, subjects

    def clean_officer(self):
        number = self.cleaned_data["officer"].strip()
        officer = self.officers.filter(employee_number=number).first()
        if officer is None:
            raise forms.ValidationError(_("No officer with employee number %(number)s in your area.") % {
                "number": number})
        return officer

    def clean_subject(self):
        code = self.cleaned_data["subject"].strip().upper()
        subject = self.subjects.filter(uscc=code).first()
        if subject is None:
            raise forms.ValidationError(_("No subject with credit code %(code)s in your area.") % {"code": code})
        return subject


POINTS_HELP = _("One check point per line: the catalogue item code, then “|”, then the check point, e.g. "
                "“330299000001 | 门前三包责任落实”. The order of the lines is the order of the points.")


class ChecklistForm(forms.Form):
    """A new checklist (version 1) with its points."""

    code = forms.RegexField(label=_("checklist code"), max_length=34, regex=r"^[-a-zA-Z0-9_]+$",
                            error_messages={"invalid": _("Letters, digits, hyphens or underscores only.")})
    name = forms.CharField(label=_("name"), max_length=200)
    industry = CodeChoiceField(Industry.objects.order_by("code"), label=_("industry"))
    points = forms.CharField(label=_("check points"), widget=forms.Textarea(attrs={"rows": 10}), help_text=POINTS_HELP)
    note = forms.CharField(label=_("change note"), max_length=300, required=False)


class ChecklistChangeForm(forms.Form):
    """A change of the current version: in place while unused, else saved as the next version."""

    name = forms.CharField(label=_("name"), max_length=200)
    points = forms.CharField(label=_("check points"), widget=forms.Textarea(attrs={"rows": 10}), help_text=POINTS_HELP)
    note = forms.CharField(label=_("change note"), max_length=300, required=False)


class IndustryForm(forms.Form):
    code = forms.RegexField(label=_("industry code"), max_length=32, regex=r"^[-a-zA-Z0-9_]+$",
                            error_messages={"invalid": _("Letters, digits, hyphens or underscores only.")})
    name = forms.CharField(label=_("name"), max_length=100)
    departments = CodeMultipleChoiceField(Department.objects.order_by("code"), label=_("supervising departments"),
                                          required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, industry=None, **kwargs):
        if industry is not None:
            kwargs.setdefault("initial", {"code": industry.code, "name": industry.name,
                                          "departments": [d.code for d in industry.departments.all()]})
        super().__init__(*args, **kwargs)
        if industry is not None:
            self.fields.pop("code")


class ChecklistImportForm(forms.Form):
    file = forms.FileField(label=_("Checklist file (.xlsx or .csv)"))
