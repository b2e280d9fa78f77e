"""The installable app under /m/: the shell page, its service worker (scope /m/) and its manifest.

None of them carries data: the shell is the same for everybody and the app signs in with a device token
(POST /api/v1/auth/token/, so that a lost phone is revoked from 我的设备), then reads and writes through the
API. The service worker is served by this view, not from /static/, because a script under /static/ may not
control /m/ (its scope would be /static/...).
"""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# The app's files, cached at install. ES modules import each other by their plain (unhashed) names, so the
# service worker caches those as well as the hashed entry point the page asks for.
ENTRY_SCRIPT = "mobile/js/app.js"
MODULES = ["mobile/js/app.js", "mobile/js/api.js", "mobile/js/db.js", "mobile/js/outbox.js", "mobile/js/position.js",
           "mobile/js/rules.js",
           "mobile/js/ui.js", "mobile/js/screens/home.js", "mobile/js/screens/clue.js", "mobile/js/screens/spot.js",
           "mobile/js/screens/inspect.js", "mobile/js/screens/outbox.js", "mobile/js/screens/me.js",
           "vendor/idb-8.0.4/index.js"]
ASSETS = ["mobile/app.css", "mobile/icons/icon-192.png", "mobile/icons/icon-512.png"]
# The app's own Content-Security-Policy: the site's, plus blob: images (camera previews before upload).
CSP = settings.CONTENT_SECURITY_POLICY.replace("img-src 'self' data:", "img-src 'self' data: blob:")


def _module_urls():
    return [settings.STATIC_URL + path for path in MODULES]


@lru_cache(maxsize=1)
def _files_digest():
    digest = hashlib.sha256()
    for path in MODULES + ASSETS:
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


def shell_urls():
    urls = [reverse("mobile:app"), reverse("mobile:jsi18n"), reverse("mobile:manifest"), static(ENTRY_SCRIPT)]
    urls += [static(path) for path in ASSETS] + _module_urls()
    return list(dict.fromkeys(urls))


def shell_version(request):
    shell = render_to_string("mobile/app.html", {"entry": static(ENTRY_SCRIPT)}, request=None)
    source = shell + "".join(shell_urls()) + ("" if settings.DEBUG else _files_digest())
    return hashlib.sha256(source.encode()).hexdigest()[:12]


@require_GET
def app(request):
    response = render(request, "mobile/app.html", {"entry": static(ENTRY_SCRIPT)})
    response["Content-Security-Policy"] = CSP
    return response


@require_GET
def service_worker(request):
    # JSON of our own URLs (static() and reverse() output): a valid JavaScript literal.
    scope = reverse("mobile:app")
    body = render_to_string("mobile/sw.js", {"version": shell_version(request), "shell_json": json.dumps(shell_urls()),
                                             "scope": scope, "scope_json": json.dumps(scope)})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("mobile:app")
    return response


@require_GET
def manifest(request):
    start = reverse("mobile:app")
    data = {
        "name": _("Mobile enforcement"), "short_name": _("Mobile enforcement"),
        "description": _("The officers' app: tasks, on-the-spot cases and inspections, also without signal."),
        "lang": "zh-CN", "start_url": start, "scope": start, "display": "standalone",
        "orientation": "portrait", "background_color": "#ffffff", "theme_color": "#1f4e79",
        "icons": [{"src": static(f"mobile/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any maskable"} for size in (192, 512)],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
