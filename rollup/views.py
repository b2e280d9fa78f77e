"""Roll-up pages: the county's own signed forms to download, and (in a city or province deployment) registered
counties, uploading their files, and a month's forms with each county's column and the total."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement.accounts import access
from enforcement.core.forms import add_service_errors
from enforcement.reports.periods import Period

from . import forms as form_lines
from . import services
from .models import CountyKey, Submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): each is cleaned like a single file."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        if len(files) > MAX_FILES:
            raise ValidationError(_("At most %(n)s files at a time.") % {"n": MAX_FILES})
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class UploadForm(forms.Form):
    files = MultipleFileField(label=gettext_lazy("County files (JSON)"), error_messages={
        "required": gettext_lazy("Choose at least one file.")},
        widget=MultipleFileInput(attrs={"multiple": True, "accept": ".json,application/json"}))


class CountyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("County code"), max_length=12)
    name = forms.CharField(label=gettext_lazy("County"), max_length=60)
    public_key_pem = forms.CharField(label=gettext_lazy("Public key (PEM)"), max_length=2000,
                                     widget=forms.Textarea(attrs={"rows": 4}))


def _month(text):
    try:
        period = Period.parse(text or "", field="month")
    except ValidationError:
        return None
    return period if period.kind == "month" else None


@login_required
def index(request):
    if not (access.can(request.user, "rollup.export") or access.can(request.user, "rollup.view")):
        access.require(request.user, "rollup.view")
    upload = UploadForm() if access.can(request.user, "rollup.import") else None
    months = (Submission.objects.values("month").annotate(n=Count("pk")).order_by("-month")[:36]
              if access.can(request.user, "rollup.view") else [])
    return render(request, "rollup/index.html", {
        "last_month": Period.previous_month(), "upload": upload, "months": months,
        "counties": CountyKey.objects.all() if access.can(request.user, "rollup.view") else [],
        "can_export": access.can(request.user, "rollup.export"),
        "can_import": access.can(request.user, "rollup.import"),
        "county_form": CountyForm() if access.can(request.user, "rollup.import") else None,
    })


@login_required
def export(request, month, fmt):
    access.require(request.user, "rollup.export")
    if fmt not in ("json", "xlsx"):
        raise Http404
    period = _month(month)
    if period is None:
        messages.error(request, _("Write the month as YYYY-MM, for example 2026-10, and not a future month."))
        return redirect("rollup:index")
    try:
        envelope = services.county_export(actor=request.user, period=period)
    except ImproperlyConfigured as error:
        messages.error(request, str(error))
        return redirect("rollup:index")
    if fmt == "xlsx":
        forms_ = envelope["payload"]["forms"]
        content = services.forms_xlsx([(envelope["payload"]["county"]["name"], forms_)], forms_, period.key)
        response = HttpResponse(content, content_type=XLSX)
    else:
        response = HttpResponse(services.envelope_bytes(envelope), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="county-forms-{services.county_code()}-{period.key}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def upload(request):
    access.require(request.user, "rollup.import")
    if request.method != "POST":
        return redirect("rollup:index")
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        imported, refused = [], []
        for upload_file in form.cleaned_data["files"]:
            try:
                submission = services.submission_import(actor=request.user, content=upload_file.read(
                    services.MAX_FILE_BYTES + 1), name=upload_file.name)
            except ValidationError as error:
                refused.append(f"{upload_file.name}: {' '.join(error.messages)}")
            else:
                imported.append(f"{submission.county.name} {submission.month}")
        if imported:
            messages.success(request, _("Imported: %(list)s") % {"list": "、".join(imported)})
        for line in refused:
            messages.error(request, _("Refused: %(line)s") % {"line": line})
        return redirect("rollup:index")
    for error in form.errors.get("files", []):
        messages.error(request, error)
    return redirect("rollup:index")


@login_required
def county_new(request):
    access.require(request.user, "rollup.import")
    form = CountyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            county = services.county_register(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(county)s registered with key %(key)s.") % {
                "county": county.name, "key": county.key_id})
            return redirect("rollup:index")
    return render(request, "rollup/county_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def month(request, month):
    access.require(request.user, "rollup.view")
    if _month(month) is None:
        messages.error(request, _("Write the month as YYYY-MM, for example 2026-10, and not a future month."))
        return redirect("rollup:index")
    rows, total, rates = services.month_rollup(actor=request.user, month=month)
    if request.GET.get("format") == "xlsx":
        content = services.forms_xlsx([(county.name, forms_) for county, forms_ in rows], total, month)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="rollup-{month}.xlsx"'
        return response
    lines = [(section, line, label, [forms_[section][line] for _county, forms_ in rows], total[section][line])
             for section, section_lines in form_lines.LINES.items() for line, label in section_lines]
    return render(request, "rollup/month.html", {
        "month": month, "counties": [county for county, _forms in rows], "lines": lines, "rates": rates,
        "domains": total["by_domain"][:30],
    })
