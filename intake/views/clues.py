"""Clue pages: list (keyset pages), intake form, detail with the actions open to the user, import, export."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core.forms import add_service_errors
from townships.models import Township

from .. import selectors, triage, workflow
from ..forms import ClueFilterForm, ClueForm, ImportForm, PhotoForm, ReplyForm, UnmaskForm, action_form
from ..services import (
    attachment_add,
    available_actions,
    clue_create,
    clue_reporter_unmask,
    clue_transition,
    default_reply_text,
    reply_record,
)
from ..services.attachments import WRITERS as PHOTO_WRITERS
from ..services.importing import import_work_orders

PER_PAGE = 30
EXPORT_CAP = 10_000
# The permissions of the workflow's steps: a role holding none of them may take no step.
ACTING_PERMISSIONS = frozenset(transition.permission for transition in workflow.TRANSITIONS.values())
FILTER_KEYS = ("state", "source", "urgency", "township", "overdue", "date_from", "date_to", "q")


def _townships(user):
    return access.scope(Township.objects.order_by("code"), user) if access.sees_all_townships(user) else None


def _filters(request):
    form = ClueFilterForm(request.GET or None, townships=_townships(request.user))
    filters = {}
    if form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value not in (None, "", False)}
    return form, filters


def _keyset_page(request, queryset):
    page = selectors.keyset_after(queryset, request.GET.get("after"))
    if page is None:
        raise Http404
    rows = list(page[:PER_PAGE + 1])
    more = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    query = request.GET.copy()
    query.pop("after", None)
    next_query = None
    if more:
        query["after"] = selectors.cursor_of(rows[-1])
        next_query = query.urlencode()
    return rows, next_query


def _without_after(request):
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


@never_cache
@login_required
def clue_list(request):
    access.require(request.user, "clue.view")
    form, filters = _filters(request)
    rows, next_query = _keyset_page(request, selectors.clue_list(actor=request.user, filters=filters))
    own = access.township_of(request.user)
    title = _("Clues of %(township)s") % {"township": own.name} if own else _("Clues")
    return render(request, "intake/list.html", {
        "title": title, "rows": rows, "form": form, "next_query": next_query,
        "first_page": not request.GET.get("after"),
        "now": timezone.now(), "can_create": access.can(request.user, "clue.create"),
        "can_import": access.can(request.user, "clue.import"), "can_export": access.can(request.user, "clue.export"),
        "export_query": _without_after(request), "first_query": _without_after(request),
    })


@login_required
def my_clues(request):
    access.require(request.user, "clue.respond")
    rows = list(selectors.clues_assigned_to(request.user)[:200])
    rechecks = list(selectors.rechecks_due(actor=request.user).filter(clue__in=[r.pk for r in rows]))
    return render(request, "intake/mine.html", {"rows": rows, "rechecks": rechecks, "now": timezone.now()})


@login_required
def clue_create_view(request):
    access.require(request.user, "clue.create")
    form = ClueForm(request.POST or None, request.FILES or None, townships=_townships(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        data = {key: value for key, value in data.items() if value not in (None, "")}
        try:
            clue = clue_create(actor=request.user, **data)
            if photo:
                attachment_add(clue=clue, actor=request.user, upload=photo)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Clue %(code)s registered.") % {"code": clue.code})
            return redirect("intake:detail", code=clue.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/create.html", {"form": form}, status=status)


def _scoped_clue(request, code):
    access.require(request.user, "clue.view")
    return get_object_or_404(
        selectors.clues_visible_to(request.user).select_related(
            "current_dispatch", "case", "merged_into", "transferred_to", "source_department", "created_by",
            "proposal__township", "proposal__zone", "warning", "reply"), code=code)


def _detail_context(request, clue, *, forms=None, unmasked=None, unmask_form=None, reply_form=None,
                    photo_form=None):
    forms = forms or {}
    actions = available_actions(clue, request.user)
    action_forms = [(name, workflow.ACTION_LABELS[name],
                     forms.get(name) or action_form(name, clue, actor=request.user)) for name in actions]
    reply = getattr(clue, "reply", None)
    can_reply = reply is not None and access.can(request.user, "clue.reply") and not (reply.replied_at
                                                                                       and reply.satisfaction)
    return {
        "clue": clue, "action_forms": action_forms, "open_action": next(iter(forms), None),
        "proposal": getattr(clue, "proposal", None), "warning": getattr(clue, "warning", None), "reply": reply,
        "events": selectors.clue_events(actor=request.user, clue=clue),
        "dispatches": selectors.clue_dispatches(actor=request.user, clue=clue),
        "attachments": selectors.clue_attachments(actor=request.user, clue=clue),
        "duplicates": clue.duplicates.only("code", "received_at", "source"),
        "unmask_form": unmask_form or (UnmaskForm() if access.can(request.user, "clue.unmask") else None),
        "unmasked": unmasked,
        "reply_form": reply_form or (ReplyForm(initial={"text": default_reply_text(clue)}) if can_reply else None),
        "photo_form": photo_form or (PhotoForm() if clue.is_open and access.can(request.user, "clue.view") and any(
            access.can(request.user, p) for p in ("clue.create", "clue.triage", "clue.respond")) else None),
        "position_note": triage.position_note(clue),
        "now": timezone.now(),
    }


@never_cache
@login_required
def clue_detail(request, code):
    clue = _scoped_clue(request, code)
    return render(request, "intake/detail.html", _detail_context(request, clue))


@login_required
@require_POST
def clue_action(request, code, action):
    access.require_any(request.user, ACTING_PERMISSIONS)
    clue = _scoped_clue(request, code)
    if action not in available_actions(clue, request.user):
        messages.error(request, _("This action is not available to you for this clue now."))
        return redirect("intake:detail", code=clue.code)
    form = action_form(action, clue, data=request.POST, actor=request.user)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        try:
            clue_transition(clue=clue, action=action, actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": workflow.ACTION_LABELS[action]})
            return redirect("intake:detail", code=clue.code)
    clue = _scoped_clue(request, code)
    return render(request, "intake/detail.html", _detail_context(request, clue, forms={action: form}), status=400)


@never_cache
@login_required
@require_POST
def unmask(request, code):
    access.require(request.user, "clue.unmask")
    clue = _scoped_clue(request, code)
    form = UnmaskForm(request.POST)
    unmasked = None
    if form.is_valid():
        try:
            unmasked = clue_reporter_unmask(clue=clue, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
    response = render(request, "intake/detail.html", _detail_context(request, clue, unmasked=unmasked,
                                                                     unmask_form=form),
                      status=200 if unmasked else 400)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def reply(request, code):
    access.require(request.user, "clue.reply")
    clue = _scoped_clue(request, code)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply_record(clue=clue, actor=request.user, method=form.cleaned_data["method"],
                         text_value=form.cleaned_data["text"], satisfaction=form.cleaned_data["satisfaction"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reply recorded."))
            return redirect("intake:detail", code=clue.code)
    return render(request, "intake/detail.html", _detail_context(request, clue, reply_form=form), status=400)


@login_required
@require_POST
def photo_upload(request, code):
    access.require_any(request.user, PHOTO_WRITERS)
    clue = _scoped_clue(request, code)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_add(clue=clue, actor=request.user, upload=form.cleaned_data["file"],
                           stage=form.cleaned_data["stage"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Photo added."))
            return redirect("intake:detail", code=clue.code)
    return render(request, "intake/detail.html", _detail_context(request, clue, photo_form=form), status=400)


@login_required
def photo_download(request, code, pk):
    clue = _scoped_clue(request, code)
    attachment = get_object_or_404(selectors.clue_attachments(actor=request.user, clue=clue), pk=pk)
    if not attachment.file:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type or "image/jpeg",
                            filename=attachment.original_name or f"{clue.code}-{pk}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def import_view(request):
    access.require(request.user, "clue.import")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_work_orders(actor=request.user, content=upload.read(), filename=upload.name)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not result.errors:
                messages.success(request, _("%(created)s clues imported, %(skipped)s work orders received before.")
                                 % {"created": len(result.created), "skipped": len(result.skipped)})
    status = 400 if request.method == "POST" and (form.errors or (result and result.errors)) else 200
    return render(request, "intake/import.html", {"form": form, "result": result}, status=status)


def _cell(value):
    """SECURITY §26: a cell that a spreadsheet would read as a formula is escaped."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def export_csv(request):
    access.require(request.user, "clue.export")
    _form, filters = _filters(request)
    queryset = selectors.clue_list(actor=request.user, filters=filters)[:EXPORT_CAP]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="clues.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Clue number"), _("Clue source"), _("Work-order number"), _("Received at"), _("Township"),
                     _("Zone"), _("Address"), _("What was reported"), _("Urgency"), _("State"), _("Handling result"),
                     _("Case")])
    count = 0
    for clue in queryset.select_related("case"):
        count += 1
        writer.writerow([_cell(v) for v in (
            clue.code, clue.get_source_display(), clue.external_number or "",
            timezone.localtime(clue.received_at).strftime("%Y-%m-%d %H:%M"),
            clue.township.name if clue.township else "", clue.zone.name if clue.zone else "", clue.address,
            clue.description, clue.get_urgency_display(), clue.get_state_display(), clue.get_outcome_display(),
            clue.case.code if clue.case else "")])
    audit.record("clue.export", actor=request.user, rows=count, filters={k: str(v) for k, v in filters.items()})
    return response

