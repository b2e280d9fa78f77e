from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from enforcement.accounts import access

from . import exports, selectors, verification
from .checkpoints import recent_checkpoints
from .models import EVENT_LABELS

RECENT_CHECKPOINTS = 10


def _shown(checkpoint):
    """A checkpoint line for the page: its ISO time in local time to the second (as written when unreadable)."""
    shown = dict(checkpoint)
    try:
        shown["time"] = timezone.localtime(datetime.fromisoformat(str(checkpoint.get("time")))).strftime(
            "%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        shown["time"] = str(checkpoint.get("time", ""))[:40]
    return shown


@login_required
def audit_list(request):
    """The audit log, for the audit administrator only (三权分立)."""
    access.require(request.user, "audit.view")
    filters = selectors.audit_filters(request.GET)
    events = selectors.audit_event_list(actor=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    querystring = urlencode({key: value for key, value in filters.items() if value})
    return render(request, "audit/list.html", {
        "page": page,
        "filters": filters,
        "querystring": querystring,
        "event_labels": sorted(EVENT_LABELS.items()),
        "export_cap": exports.export_cap(),
        "export_capped": page.paginator.count > exports.export_cap(),
    })


@login_required
@require_GET
def audit_export(request):
    """The list with the same filters as xlsx (default) or CSV: capped, escaped, audited."""
    return exports.audit_export_response(actor=request.user, filters=selectors.audit_filters(request.GET),
                                         file_format=request.GET.get("file_format"))


@login_required
@require_http_methods(["GET", "POST"])
def audit_verify(request):
    """审计链校验: GET shows the last check and the recent checkpoints; POST runs the check (verification.py)."""
    access.require(request.user, "audit.view")
    if request.method == "POST":
        state, value = verification.chain_check_requested(actor=request.user)
        if state == "running":
            messages.warning(request, _("Another chain check is running; its result appears here when it is done."))
        elif state == "queued":
            messages.info(request, _("The audit log holds about %(n)s events, too many to check within one page "
                                     "request: the check was handed to the background worker and its result "
                                     "appears here when it is done.") % {"n": f"{value:,}"})
        elif value.outcome == value.Outcome.SUCCESS:
            messages.success(request, _("Audit chain intact: %(n)s events checked.") % {
                "n": f"{value.detail['events']:,}"})
        else:
            messages.error(request, _("The chain check found problems: see the result below."))
        return redirect("audit:verify")
    return render(request, "audit/verify.html", {
        "last": selectors.last_chain_check(),
        "checkpoints": [(_shown(body), valid) for body, valid in recent_checkpoints(RECENT_CHECKPOINTS)],
        "page_max_events": settings.AUDIT_VERIFY_PAGE_MAX_EVENTS,
    })
