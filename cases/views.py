"""Case pages: thin views over the selectors (reads) and services (writes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Domain, Item, ListTier, PowerType
from enforcement.accounts import access
from enforcement.accounts.models import Role, User
from enforcement.core import qr
from enforcement.core.forms import add_service_errors
from enforcement.core.models import ActionCode
from enforcement.core.pagination import COUNT_CAP, InvalidCursor, KeysetPaginator
from townships.models import Department, Officer, Township, Zone
from townships.services import serving_township_ids

from . import hooks, rules, selectors, workflow
from .exports import case_export_response, export_cap
from .forms import (
    CaseFilingForm,
    DepartmentReplyForm,
    EvidenceForm,
    ItemSearchForm,
    UnmaskForm,
    action_form,
    action_groups,
    action_values,
    penalty_kind_choices,
)
from .guards_transfers import reply_refusal
from .inputs import INPUTS
from .models import UNDECIDED_STATES, DocumentKind, Procedure, Source, Status
from .models_transfers import ReplyKind
from .services import (
    TransitionConflict,
    available_actions,
    case_party_unmask,
    case_register,
    case_transition,
    conflict_message,
    department_reply_record,
    evidence_add,
)
from .services.documents import demo_document_on_open, documents_due

PER_PAGE = 25
# The permissions of the workflow's steps: a role holding none of them may take no step (the API refuses it too).
ACTING_PERMISSIONS = frozenset(transition.permission for transition in workflow.TRANSITIONS.values())
FILTER_KEYS = ("status", "procedure", "township", "item", "domain", "date_from", "date_to", "case_date_from",
               "case_date_to", "overdue", "overdue_on", "major", "late_delivery", "q")


def _page(request, qs):
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return page, querystring.urlencode()


def _keyset_page(request, qs):
    """A page of a list that may hold a million cases: keyset cursors, a count capped at COUNT_CAP."""
    paginator = KeysetPaginator(qs, per_page=PER_PAGE)
    try:
        page = paginator.page(request.GET.get("cursor"))
    except InvalidCursor as exc:
        messages.warning(request, str(exc))
        page = paginator.page()
    count = paginator.count()
    page.count, page.count_exact = min(count, COUNT_CAP), count <= COUNT_CAP
    querystring = request.GET.copy()
    for key in ("cursor", "page"):
        querystring.pop(key, None)
    return page, querystring.urlencode()


def _list(request, *, title, mine=False):
    access.require(request.user, "case.view")
    filters = {key: request.GET.get(key, "") for key in FILTER_KEYS}
    filters["mine"] = mine
    page, querystring = _keyset_page(request, selectors.case_list(actor=request.user, filters=filters))
    return render(request, "cases/list.html", {
        "title": title, "page": page, "querystring": querystring, "filters": filters, "mine": mine,
        "pagination_template": "includes/keyset_pagination.html",
        "statuses": Status.choices, "procedures": Procedure.choices,
        "townships": access.scope(Township.objects.all(), request.user) if access.sees_all_townships(request.user)
        else [],
        "domains": Domain.objects.all(), "can_file": access.can(request.user, "case.file"),
        "can_export": access.can(request.user, "case.export"), "export_cap": export_cap(),
        "export_query": request.GET.copy().urlencode() + ("&mine=1" if mine else ""),
        "today": timezone.localdate(),
    })


@login_required
def case_list(request):
    own = access.township_of(request.user)
    title = _("Cases of %(township)s") % {"township": own.name} if own else _("Cases")
    return _list(request, title=title)


@login_required
def export(request):
    """The case list with the page's filters as xlsx or CSV (masked, capped, audited)."""
    filters = {key: request.GET.get(key, "") for key in FILTER_KEYS}
    filters["mine"] = request.GET.get("mine", "")
    return case_export_response(actor=request.user, filters=filters, file_format=request.GET.get("file_format"))


@login_required
def my_cases(request):
    return _list(request, title=_("My cases"), mine=True)


@login_required
def overdue(request):
    access.require(request.user, "case.overdue_list")
    today = timezone.localdate()
    page, querystring = _page(request, selectors.deadline_watch(actor=request.user, today=today))
    for case in page.object_list:
        case.risk_level = rules.at_risk_level(case.filed_on, today)
        case.is_overdue = bool(case.deadline and case.deadline < today)
    from .selectors_coercive import due_measures

    return render(request, "cases/overdue.html", {"page": page, "querystring": querystring, "today": today,
                                                  "measures": list(due_measures(actor=request.user,
                                                                                today=today)[:50])})


@login_required
def unpaid(request):
    """Fines past their due day and unpaid, with the amount owed today (行政强制法 art. 54, art. 72)."""
    access.require(request.user, "case.overdue_list")
    today = timezone.localdate()
    page, querystring = _page(request, selectors.unpaid_cases(actor=request.user, today=today))
    return render(request, "cases/unpaid.html", {"page": page, "querystring": querystring, "today": today})


def may_see_appeals(user):
    return access.can(user, "case.appeal") or access.can(user, "case.overdue_list")


@login_required
def appeals(request):
    """Pending reviews and lawsuits and the open defence tasks (应诉) by deadline."""
    from .selectors_appeals import open_appeal_tasks, open_appeals

    if not may_see_appeals(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    page, querystring = _page(request, open_appeals(actor=request.user))
    return render(request, "cases/appeals.html", {"page": page, "querystring": querystring, "today": today,
                                                  "tasks": open_appeal_tasks(actor=request.user, today=today)})


@login_required
def coercive_measures(request):
    """查封 / 扣押 / 先行登记保存 in the user's scope, the overdue and soonest deadlines first; `?overdue=1` only
    those in force past their deadline (行政强制法 art. 25, 行政处罚法 art. 56)."""
    from .models_coercive import CoerciveKind
    from .selectors_coercive import measures

    access.require(request.user, "case.overdue_list")
    today = timezone.localdate()
    filters = {key: request.GET.get(key, "") for key in ("overdue", "in_force", "kind")}
    page, querystring = _page(request, measures(actor=request.user, filters=filters, today=today))
    return render(request, "cases/coercive_measures.html", {
        "page": page, "querystring": querystring, "today": today, "filters": filters,
        "kinds": CoerciveKind.choices})


@login_required
def transfers(request):
    """Open transfers, out to the police or procuratorate (awaiting the body's decision) or in from a department
    (the result not yet replied), scoped and paginated."""
    from .selectors_transfers import open_criminal_transfers, open_department_transfers

    access.require(request.user, "case.overdue_list")
    direction = "in" if request.GET.get("direction") == "in" else "out"
    rows = (open_department_transfers(actor=request.user) if direction == "in"
            else open_criminal_transfers(actor=request.user))
    page, querystring = _page(request, rows)
    return render(request, "cases/transfers.html", {"page": page, "querystring": querystring,
                                                    "direction": direction})


@login_required
def review_queue(request):
    access.require(request.user, "case.review")
    page, querystring = _page(request, selectors.review_queue(actor=request.user))
    return render(request, "cases/review_queue.html", {"page": page, "querystring": querystring})


def _scoped_case(request, code):
    access.require(request.user, "case.view")
    return get_object_or_404(selectors.cases_visible_to(request.user).prefetch_related("officers"), code=code)


def _demo_documents(case, documents):
    """A demo case's documents that its steps issued but the seed did not render: (kind, label) to open."""
    if not case.is_demo:
        return []
    have = {d.kind for d in documents}
    labels = dict(DocumentKind.choices)
    return [(kind, labels[kind]) for kind in documents_due(case) if kind not in have]


def _detail_context(request, case, *, forms=None, unmasked=None, evidence_form=None, unmask_form=None):
    documents = list(selectors.case_documents(actor=request.user, case=case))
    actions = available_actions(case, request.user)
    forms = forms or {}
    forward, other, destructive = action_groups(actions)

    def entries(names):
        return [(action, workflow.ACTION_LABELS.get(action, action), forms.get(action) or action_form(action, case))
                for action in names]

    action_forms = entries(forward) + entries(other)
    destructive_forms = entries(destructive)
    today = timezone.localdate()
    can_handle = access.can(request.user, "case.handle") and not case.is_final
    return {
        "case": case,
        "action_forms": action_forms,
        "primary_action": forward[0] if forward else None,
        "destructive_forms": destructive_forms,
        "open_action": next(iter(forms), None),
        "events": selectors.case_events(actor=request.user, case=case),
        "documents": documents,
        "demo_documents": _demo_documents(case, documents),
        "evidence": selectors.case_evidence(actor=request.user, case=case),
        "reviews": case.reviews.select_related("reviewer"),
        "evidence_form": evidence_form or (EvidenceForm() if can_handle else None),
        "unmask_form": unmask_form or (UnmaskForm() if access.can(request.user, "case.unmask") else None),
        "unmasked": unmasked,
        "qr": qr.svg_data_uri(qr.verify_url(case.code)),
        # the public register's page exists once the code is issued (every case filed through the services)
        "verifiable": ActionCode.objects.filter(code=case.code).exists(),
        "risk_level": rules.at_risk_level(case.filed_on, today) if case.status in UNDECIDED_STATES else 0,
        "is_overdue": case.status in UNDECIDED_STATES and bool(case.deadline and case.deadline < today),
        "today": today,
        "panels": hooks.detail_panels(case, request.user),
        # Art. 85: working-day deadlines in a year without an official holiday calendar are provisional
        "provisional": selectors.provisional_deadlines(case),
    }




@login_required
def case_detail(request, code):
    case = _scoped_case(request, code)
    return render(request, "cases/detail.html", _detail_context(request, case))


@login_required
@require_POST
def case_action(request, code, action):
    access.require_any(request.user, ACTING_PERMISSIONS)
    case = _scoped_case(request, code)
    if action not in INPUTS:
        raise Http404
    if action not in available_actions(case, request.user):
        expected = request.POST.get(f"{action}-expected_status")
        if expected and expected != case.status:  # someone else moved the case since this page was loaded
            messages.error(request, conflict_message(case, action))
            return render(request, "cases/detail.html", _detail_context(request, case), status=409)
        messages.error(request, _("This action is not available to you for this case now."))
        return redirect("cases:detail", code=case.code)
    form = action_form(action, case, data=request.POST)
    status = 400
    if form.is_valid():
        try:
            case_transition(case=case, action=action, actor=request.user, data=action_values(form))
        except TransitionConflict as exc:
            messages.error(request, " ".join(exc.messages))
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": workflow.ACTION_LABELS.get(action, action)})
            return redirect("cases:detail", code=case.code)
    case.refresh_from_db()
    forms = {} if status == 409 else {action: form}
    return render(request, "cases/detail.html", _detail_context(request, case, forms=forms), status=status)


@login_required
def document_download(request, code, kind):
    case = _scoped_case(request, code)
    """The latest version of a document kind, or `?version=N` for an earlier one (scoped like the case)."""
    version = request.GET.get("version", "")
    if version and not version.isdigit():
        raise Http404
    document = selectors.case_document(actor=request.user, case=case, kind=kind,
                                       version=int(version) if version else None)
    if document is None and version in ("", "1"):
        document = demo_document_on_open(case=case, kind=kind, actor=request.user)
    if document is None:
        raise Http404
    suffix = f"-v{document.version}" if document.version > 1 else ""
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=f"{case.code}-{kind}{suffix}.pdf",
                        content_type="application/pdf")


@login_required
def case_file_download(request, code):
    """The archived case file (卷宗), scoped like the case; 404 until it has been made."""
    from .models_archive import CaseFile

    case = _scoped_case(request, code)
    case_file = CaseFile.objects.filter(case=case).first()
    if case_file is None or not case_file.file:
        raise Http404
    return FileResponse(case_file.file.open("rb"), as_attachment=True, filename=f"{case.code}-卷宗.pdf",
                        content_type="application/pdf")


@login_required
def evidence_download(request, code, pk):
    case = _scoped_case(request, code)
    evidence = get_object_or_404(selectors.case_evidence(actor=request.user, case=case), pk=pk)
    if not evidence.file:
        raise Http404
    response = FileResponse(evidence.file.open("rb"), as_attachment=True,
                            filename=evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
                            content_type=evidence.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_upload(request, code):
    access.require(request.user, "case.handle")  # as the API: before the form, not only in the service
    case = _scoped_case(request, code)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence_add(case=case, actor=request.user, kind=form.cleaned_data["kind"],
                         description=form.cleaned_data["description"], upload=form.cleaned_data.get("file"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evidence added."))
            return redirect("cases:detail", code=case.code)
    return render(request, "cases/detail.html", _detail_context(request, case, evidence_form=form), status=400)


@login_required
def department_reply(request, code):
    """部门移交: the reply (办理情况反馈) to the department that transferred the case."""
    case = _scoped_case(request, code)
    access.require(request.user, "case.handle")
    if not case.transferred_from_id:
        raise Http404
    result_possible = reply_refusal(case, ReplyKind.RESULT) is None
    form = DepartmentReplyForm(request.POST or None, initial={
        "sent_on": timezone.localdate(), "kind": ReplyKind.RESULT if result_possible else ReplyKind.PROGRESS})
    if request.method == "POST" and form.is_valid():
        try:
            department_reply_record(case=case, actor=request.user,
                                    data={**form.cleaned_data, "sent_on": form.cleaned_data["sent_on"].isoformat()})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reply to %(department)s recorded.") % {"department": case.transferred_from})
            return redirect("cases:detail", code=case.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/department_reply.html", {
        "case": case, "form": form, "refusal": reply_refusal(case, ReplyKind.PROGRESS),
        "replies": case.department_replies.select_related("sent_by")}, status=status)


@login_required
@require_POST
def unmask(request, code):
    access.require(request.user, "case.unmask")
    case = _scoped_case(request, code)
    form = UnmaskForm(request.POST)
    unmasked = None
    if form.is_valid():
        try:
            unmasked = case_party_unmask(case=case, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
    status = 200 if unmasked else 400
    return render(request, "cases/detail.html", _detail_context(request, case, unmasked=unmasked, unmask_form=form),
                  status=status)


def _item_search(request, q):
    # Only what comprehensive enforcement may file a penalty case on (art. 2; the "1+3" lists, art. 18).
    items = (Item.objects.filter(status="active", power_type=PowerType.PENALTY).select_related("domain")
             .exclude(tier=ListTier.PROFESSIONAL, also_comprehensive=False))
    if q:
        items = items.filter(Q(pinyin_initials__icontains=q.lower()) | Q(code__icontains=q) | Q(name__icontains=q))
    served = access.served_township_ids(request.user)
    if served:
        today = timezone.localdate()
        items = items.filter(empowerments__township__in=served, empowerments__valid_from__lte=today).filter(
            Q(empowerments__valid_to__isnull=True) | Q(empowerments__valid_to__gte=today)).distinct()
    return items.order_by("code")[:30]


@login_required
def case_create(request):
    """Filing wizard: 1. find the item (pinyin initials, code or name); 2. the party, facts and officers."""
    access.require(request.user, "case.file")
    item_code = request.GET.get("item") or request.POST.get("item")
    if not item_code:
        search = ItemSearchForm(request.GET or None)
        q = search.data.get("q", "").strip() if search.is_bound else ""
        procedure = request.GET.get("procedure", "")
        return render(request, "cases/create.html", {
            "step": 1, "search": search, "items": _item_search(request, q) if q else [], "q": q,
            "procedure": procedure if procedure in Procedure.values else ""})
    item = get_object_or_404(Item.objects.select_related("domain"), code=item_code)
    own = access.township_of(request.user)
    served = access.served_township_ids(request.user)
    if own is None:
        townships = list(Township.objects.order_by("code"))
    elif len(served) > 1:  # a 1+X hub: its own township or a satellite it serves
        townships = list(Township.objects.filter(pk__in=served).order_by("code"))
    else:
        townships = None
    if townships is None:
        chosen = own  # township users file for their own township only
    else:
        # Bureau staff (and 1+X hubs) choose the township first; its officers are offered (bureau staff
        # choosing none: the bureau's).
        township_code = (request.POST.get("township") or request.GET.get("township") or "").strip()
        chosen = next((t for t in townships if t.code == township_code), None)
        if township_code and chosen is None:
            raise Http404
        if chosen is None and own is not None:
            chosen = own
    officers = Officer.objects.active().with_valid_certificate().order_by("employee_number")
    officers = (officers.filter(township__in=serving_township_ids(chosen)) if chosen
                else officers.filter(township__isnull=True))
    officers = list(officers[:200])
    # 繁简分流: the procedure proposed from the item (its lightest lawful penalty, art. 51); the officer may switch.
    kinds = [kind for kind, _label in penalty_kind_choices(item)]
    proposed = rules.propose_procedure_for_item(kinds, item.fine_min, item.warning_only)
    simple_possible = rules.propose_procedure_for_item(kinds, item.fine_min, item.warning_only,
                                                       party_type="organisation") == Procedure.SIMPLE
    procedure = (request.POST.get("procedure") or request.GET.get("procedure") or proposed).strip()
    if procedure not in Procedure.values or (procedure == Procedure.SIMPLE and not simple_possible):
        procedure = Procedure.ORDINARY
    mine = Officer.objects.filter(user=request.user).values_list("employee_number", flat=True).first()
    source = request.GET.get("source")
    zones = list(Zone.objects.filter(township=chosen, is_active=True).order_by("code")) if chosen else []
    departments = list(Department.objects.order_by("code")) if procedure == Procedure.ORDINARY else []
    liaisons = list(User.objects.filter(role=Role.LIAISON, is_active=True, department__isnull=False)
                    .select_related("department").order_by("department__code", "username")[:200]) if departments else []
    form = CaseFilingForm(request.POST or None, item=item, officers=officers, townships=townships,
                          procedure=procedure, bureau_option=own is None, zones=zones, departments=departments,
                          liaisons=liaisons,
                          initial={"violation_date": timezone.localdate(), "discovered_on": timezone.localdate(),
                                   "source": source if source in Source.values else Source.PATROL,
                                   "officers": [mine] if mine and any(o.employee_number == mine for o in officers)
                                   else [],
                                   "township": chosen.code if chosen else ""})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("township", None)
        try:
            case = case_register(actor=request.user, item=item, township=chosen, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Case %(code)s registered.") % {"code": case.code})
            return redirect("cases:detail", code=case.code)
    return render(request, "cases/create.html", {
        "step": 2, "form": form, "item": item, "townships": townships, "chosen": chosen, "bureau_option": own is None,
        "procedure": procedure, "proposed": proposed, "simple_possible": simple_possible,
        "officer_count": len(officers),
        "simple_limit_citizen": rules.simple_procedure_limit("citizen"),
        "simple_limit_org": rules.simple_procedure_limit("organisation"),
        "status": 400 if request.method == "POST" else 200,
    }, status=400 if request.method == "POST" else 200)
