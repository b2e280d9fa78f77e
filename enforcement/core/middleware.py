"""Request-wide context (request id, client IP, user) for the audit trail, and security headers."""

import contextvars
import uuid

from django.conf import settings

_request_context = contextvars.ContextVar("request_context", default=None)


def current_request_context():
    """The ambient request's id, IP and user, or empty values outside a request (tasks, commands)."""
    return _request_context.get() or {"request_id": "", "ip": None, "user": None}


def client_ip(request):
    # Behind the reverse proxy only REMOTE_ADDR is trustworthy unless the proxy is configured to set it.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request.request_id = request_id
        token = _request_context.set({"request_id": request_id, "ip": client_ip(request), "user": request.user})
        try:
            response = self.get_response(request)
        finally:
            _request_context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: CSP and Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY and not request.path.startswith("/api/docs"):
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "geolocation=(self), camera=(self), microphone=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
