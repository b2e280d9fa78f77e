from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode

from enforcement.accounts import access

from .models import EVENT_LABELS, AuditEvent


@login_required
def audit_list(request):
    """The audit log, for the audit administrator only (三权分立)."""
    access.require(request.user, "audit.view")
    events = access.scope(AuditEvent.objects.all(), request.user)
    filters = {
        "event_type": request.GET.get("event_type", "").strip()[:64],
        "username": request.GET.get("username", "").strip()[:150],
        "object_id": request.GET.get("object_id", "").strip()[:64],
    }
    for field, value in filters.items():
        if value:
            events = events.filter(**{f"{field}__startswith": value})
    page = Paginator(events.order_by("-id"), 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {
        "page": page,
        "filters": filters,
        "querystring": urlencode({key: value for key, value in filters.items() if value}),
        "event_labels": sorted(EVENT_LABELS.items()),
    })
