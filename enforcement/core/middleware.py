"""Request-wide context (request id, client IP, user) for the audit trail, and security headers."""

import contextvars
import re
import time
import uuid

from django.conf import settings

_request_context = contextvars.ContextVar("request_context", default=None)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_context():
    """The ambient request's id, IP and user, or empty values outside a request (tasks, commands).

    The user is read when asked for, not when the request started: DRF authenticates token requests
    inside the view and replaces `request.user` there.
    """
    request = _request_context.get()
    if request is None:
        return {"request_id": "", "ip": None, "user": None}
    return {"request_id": request.request_id, "ip": client_ip(request), "user": getattr(request, "user", None)}


def client_ip(request):
    """The client address. Only REMOTE_ADDR is trusted unless TRUSTED_PROXY_HOPS reverse proxies are
    declared; then the address that the outermost trusted proxy saw is taken from X-Forwarded-For."""
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Gives every request an id (kept from a well-formed X-Request-ID header) and exposes it to audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supplied = request.headers.get("X-Request-ID", "")
        request.request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex
        token = _request_context.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request_context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: CSP, Permissions-Policy, and `Cache-Control: no-store`
    on every answer to a signed-in user (pages, API, exports, documents, unmasked data: SECURITY §27) that does not
    set its own caching (static files and public pages are left to their defaults)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "geolocation=(self), camera=(self), microphone=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


class SessionRefreshMiddleware:
    """The idle timeout's sliding expiry, written at most once a minute instead of on every request.

    With SESSION_SAVE_EVERY_REQUEST every page view of a signed-in user rewrote its session row (an UPDATE and a
    commit per request, on the pages and the dashboard alike). Here a request marks the session modified only when
    its last refresh is SESSION_REFRESH_SECONDS old, so the session expires between SESSION_COOKIE_AGE minus that
    and SESSION_COOKIE_AGE after the last request: never later than the idle timeout (SECURITY §4), at most a
    minute earlier. Sits after SessionMiddleware, so its mark is seen when the response is saved."""

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            last = session.get(self.KEY)
            if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_SECONDS or last > now:
                session[self.KEY] = now
        return response


# django-auditlog's request context, with one receiver connected once (CoreConfig.ready) instead of a pre_save
# receiver connected and disconnected on every request: connecting walks the signal's ~120 receivers and empties
# its per-sender cache, which every save in the next request then rebuilds (~0.1 ms a request on a 2-CPU host).
AUDITLOG_SIGNAL_DUID = ("enforcement.core.middleware", "auditlog")


def connect_auditlog_receiver():
    from functools import partial

    from django.db.models.signals import pre_save

    from auditlog import get_logentry_model
    from auditlog.context import _set_extra_data

    pre_save.connect(partial(_set_extra_data, signal_duid=AUDITLOG_SIGNAL_DUID), sender=get_logentry_model(),
                     dispatch_uid=AUDITLOG_SIGNAL_DUID, weak=False)


class AuditlogMiddleware:
    """What `auditlog.middleware.AuditlogMiddleware` records on each row-history entry (correlation id, the
    session's actor, client address and port), with the receiver connected once. The request's context is
    reset when the response is made, so that nothing saved after it (in this thread) gets its actor."""

    def __init__(self, get_response):
        from auditlog.middleware import AuditlogMiddleware as Library

        self.get_response = get_response
        self.library = Library(get_response)

    def __call__(self, request):
        from auditlog.cid import set_cid
        from auditlog.context import auditlog_value

        set_cid(request)
        context = self.library.get_extra_data(request)
        context["signal_duid"] = AUDITLOG_SIGNAL_DUID
        token = auditlog_value.set(context)
        try:
            return self.get_response(request)
        finally:
            auditlog_value.reset(token)
