"""One input-sanitising layer for the whole site (SECURITY §24: no request gives a 500).

Two places see every input before any view does:

- `InputSanitizingMiddleware` refuses, with a Chinese 400, a path, a query value or a form field (urlencoded or
  multipart; files are not text) that holds a NUL byte, another control character or an unpaired surrogate.
  PostgreSQL cannot store a NUL in a text column, and control characters stored in a name break every export
  that later contains it (an xlsx cell refuses them).
- `SafeJSONParser` (DRF's parser for every API body) reads at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes, refuses
  nesting deeper than JSON_MAX_DEPTH (a 1,000-level array used to raise RecursionError in the decoder), the
  NaN/Infinity literals, integers outside 64 bits and non-finite numbers, and the same characters in any key
  or string value, naming the field.

Tab, line feed and carriage return are ordinary text (a textarea sends them); exports escape a leading tab
(`enforcement.core.spreadsheets`).
"""

import json
import math
import re

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from rest_framework import exceptions
from rest_framework.parsers import JSONParser

# C0 controls except tab, LF and CR; DEL; C1 controls; UTF-16 surrogates (only reachable through JSON escapes).
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
JSON_MAX_DEPTH = 32
INT_LIMIT = 2**63 - 1
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def forbidden_character(text):
    """A Chinese description of the first forbidden character in `text`, or None when it is clean."""
    match = FORBIDDEN.search(text)
    if match is None:
        return None
    char = match.group()
    if char == "\x00":
        return _("contains a NUL byte (\\x00)")
    if "\ud800" <= char <= "\udfff":
        return _("contains an unpaired UTF-16 surrogate (U+%(code)04X)") % {"code": ord(char)}
    return _("contains the control character U+%(code)04X") % {"code": ord(char)}


def _refusal(request, message):
    from .errors import bad_request

    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "invalid_input"}, status=400,
                            json_dumps_params={"ensure_ascii": False})
    return bad_request(request, _Message(message))


class _Message(Exception):
    """Carries our (translated) sentence to the 400 page, which shows Chinese messages only."""


class InputSanitizingMiddleware:
    """Refuses NUL bytes and control characters in the path, the query and form fields (400, in Chinese)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        message = self.problem(request)
        if message:
            return _refusal(request, message)
        return self.get_response(request)

    @staticmethod
    def problem(request):
        found = forbidden_character(request.path_info)
        if found:
            return _("The address %(what)s and cannot be opened.") % {"what": found}
        for key, values in request.GET.lists():
            for text in [key, *values]:
                found = forbidden_character(text)
                if found:
                    return _("The query parameter “%(name)s” %(what)s; remove it and try again.") % {
                        "name": FORBIDDEN.sub("?", key)[:60], "what": found}
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(FORM_TYPES):
            for key, values in request.POST.lists():
                for text in [key, *values]:
                    found = forbidden_character(text)
                    if found:
                        return _("The field “%(name)s” %(what)s; remove it (it often comes from pasted text) "
                                 "and send the form again.") % {"name": FORBIDDEN.sub("?", key)[:60], "what": found}
        return None


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _field_name(path):
    return ".".join(str(part) for part in path) or "detail"


def check_json(data):
    """Walk a decoded JSON value without recursion; raise ParseError / ValidationError on what we refuse."""
    stack = [(data, 1, ())]
    while stack:
        value, depth, path = stack.pop()
        if depth > JSON_MAX_DEPTH:
            raise exceptions.ParseError(_("The JSON body is nested more than %(depth)d levels deep.") % {
                "depth": JSON_MAX_DEPTH})
        if isinstance(value, dict):
            for key, item in value.items():
                found = forbidden_character(key)
                if found:
                    raise exceptions.ValidationError({_field_name(path) if path else "detail": [
                        _("A field name %(what)s.") % {"what": found}]})
                stack.append((item, depth + 1, (*path, key)))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                stack.append((item, depth + 1, (*path, index)))
        elif isinstance(value, str):
            found = forbidden_character(value)
            if found:
                raise exceptions.ValidationError({_field_name(path): [
                    _("This text %(what)s; remove it (it often comes from pasted text).") % {"what": found}]})
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) > INT_LIMIT:
                raise exceptions.ValidationError({_field_name(path): [_("This number is far too large.")]})
        elif isinstance(value, float) and not math.isfinite(value):
            raise exceptions.ValidationError({_field_name(path): [_("This number is not finite.")]})


class SafeJSONParser(JSONParser):
    """DRF's JSON parser with a size cap, a depth limit and the character and number checks above."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise exceptions.ParseError(_("The request body is larger than %(size)d MB.") % {
                "size": limit // (1024 * 1024)})
        try:
            text = raw.decode(encoding)
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON body is nested more than %(depth)d levels deep.") % {
                "depth": JSON_MAX_DEPTH}) from None
        except (ValueError, LookupError) as exc:  # UnicodeDecodeError is a ValueError
            raise exceptions.ParseError(_("The request body is not valid JSON (%(error)s).") % {
                "error": FORBIDDEN.sub("?", str(exc))[:200]}) from None
        check_json(data)
        return data
