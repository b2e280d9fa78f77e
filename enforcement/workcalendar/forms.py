from django import forms
from django.utils.translation import gettext_lazy as _

from . import importer
from .models import DayKind


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class DayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    name = forms.CharField(label=_("Holiday name"), max_length=50, help_text=_("e.g. 春节, 国庆节"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ConfirmYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, widget=forms.HiddenInput)
    notice = forms.CharField(label=_("Notice document number"), max_length=100, required=False,
                             help_text=_("e.g. 国办发明电〔2026〕7号"))


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    notice = forms.CharField(label=_("Notice document number"), max_length=100, required=False,
                             help_text=_("e.g. 国办发明电〔2026〕7号"))
    file = forms.FileField(label=_("Notice file (CSV, UTF-8)"), required=False,
                           help_text=_("One line per day: date,kind,name, e.g. 2027-01-01,holiday,元旦"))
    text = forms.CharField(label=_("…or paste the lines"), required=False,
                           widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}))

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError(_("Upload a file or paste the lines, not both."))
        if upload:
            if upload.size > importer.MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than %(kb)s KB.")
                                            % {"kb": importer.MAX_BYTES // 1024})
            text = importer.decode(upload.read())
            if text is None:
                self.add_error("file", _("The file is not UTF-8 text: save it as CSV UTF-8."))
                return data
        if not text and not self.errors:
            raise forms.ValidationError(_("Upload the notice file or paste its lines."))
        data["content"] = text
        return data
