"""Chinese error pages in the site's layout (400, 403, 404, 500 and the CSRF failure), each with a way back.

Django's own handlers would show English ("403 Forbidden", "Not Found") and the 500 page has no request
context. A refusal's own message is shown only when it is a translated sentence of ours: Django and
third-party code raise English messages ("No Case matches the given query.") that a user must not read.
"""

import logging
import re
from urllib.parse import urlsplit

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _message(exception):
    """The exception's text if it is Chinese (ours, translated); otherwise nothing."""
    text = ""
    if exception is not None and exception.args:
        text = str(exception.args[0]) if not isinstance(exception.args[0], dict) else ""
    return text if CJK.search(text) else ""


def _back_url(request):
    """The page the user came from, when it is on this site (never an outside address)."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.get_host():
        return ""
    if parts.path == request.path:
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _render(request, status, title, explanation, exception=None):
    context = {"status": status, "title": title, "explanation": explanation, "detail": _message(exception),
               "back_url": _back_url(request)}
    return render(request, "errors/error.html", context, status=status)


def bad_request(request, exception=None):
    return _render(request, 400, _("The request could not be understood"),
                   _("Something in the address or the form was not valid. Go back and try again."), exception)


def permission_denied(request, exception=None):
    return _render(request, 403, _("You may not open this page"),
                   _("Your role does not give access to this page or action. If you need it for your work, "
                     "ask the system administrator."), exception)


def page_not_found(request, exception=None):
    return _render(request, 404, _("Page not found"),
                   _("The address may be mistyped, the record may have been removed, or it lies outside your "
                     "area of responsibility."), exception)


def server_error(request):
    """The 500 page: in the site's layout when the request can still be rendered, else a plain page."""
    try:
        return _render(request, 500, _("Something went wrong on our side"),
                       _("The error has been logged. Try again in a moment; if it happens again, tell the "
                         "system administrator the time and what you were doing."))
    except Exception:  # the layout itself failed (e.g. the database is down): no context at all
        logger.exception("The 500 page could not be rendered in the site layout")
        return HttpResponseServerError(loader.get_template("errors/500_plain.html").render())


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired or foreign form (403), explained in Chinese."""
    return _render(request, 403, _("This form has expired"),
                   _("For your security the form could not be accepted (it was open too long, or cookies are "
                     "blocked). Go back, reload the page and send it again."))
