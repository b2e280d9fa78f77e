"""Work lists: replies owed (pending / overdue / done) and early warnings (re-checks due)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from enforcement.accounts import access

from .. import selectors
from ..models import EarlyWarning

PER_PAGE = 30
REPLY_STATUSES = ("overdue", "pending", "done")


def _page(request, queryset):
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@never_cache
@login_required
def reply_list(request):
    access.require(request.user, "clue.view")
    status = request.GET.get("status") if request.GET.get("status") in REPLY_STATUSES else "overdue"
    today = timezone.localdate()
    page, querystring = _page(request, selectors.replies_list(actor=request.user, status=status, today=today))
    return render(request, "intake/replies.html", {"page": page, "querystring": querystring, "status": status,
                                                   "statuses": REPLY_STATUSES, "today": today})


@never_cache
@login_required
def warning_list(request):
    access.require(request.user, "clue.view")
    today = timezone.localdate()
    due = request.GET.get("due") == "1"
    outcome = request.GET.get("outcome") or ""
    queryset = (selectors.rechecks_due(actor=request.user, today=today) if due
                else selectors.warnings_list(actor=request.user, outcome=outcome))
    page, querystring = _page(request, queryset)
    return render(request, "intake/warnings.html", {"page": page, "querystring": querystring, "due": due,
                                                    "outcome": outcome, "outcomes": EarlyWarning.Outcome.choices,
                                                    "today": today})
