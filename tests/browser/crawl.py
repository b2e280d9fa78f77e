"""A generic crawler for the acceptance test of issue 13: every page a role reaches from its home page.

It walks the links of each page (same origin, GET only, breadth first), and on every HTML page it reaches checks:
- axe-core finds no serious or critical violation, at desk width (1366 px) and phone width (390 px);
- at 390 px the page is not wider than the viewport;
- no English word a user would read (text, titles, placeholders, labels, button values);
- every link on the page opens for this role (no 4xx/5xx, no bounce to the login page).

It knows nothing about the apps: pages added later are covered as soon as some page links them. It is bounded
by URL *shape* (the route plus the names of the query parameters): each shape is opened in the browser once
(`VISITS_PER_SHAPE`) and a few more links of that shape are only fetched for their status (`CHECKS_PER_SHAPE`).
Each page is rendered once by the server; the phone-width browser is handed the same response.
"""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from playwright.sync_api import Error as PlaywrightError

HERE = Path(__file__).resolve().parent
# axe-core (vendored from npm, tests/vendor/README.md) and our own checks, evaluated in every page: the site's CSP
# (script-src 'self') refuses injected <script> tags, not page.evaluate.
CHECKS = ((HERE.parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
          + (HERE / "crawl_checks.js").read_text(encoding="utf-8"))
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VISITS_PER_SHAPE = 1
CHECKS_PER_SHAPE = 2
MAX_PAGES = 150

# Not pages for a person: the JSON API and its schema, files served as they are.
SKIP_PREFIXES = ("/api/", "/static/", "/media/")
# Latin words a Chinese user reads as part of the language of the job (file types, device names, units).
# Latin words a Chinese user reads as part of the language of the job (file types and encodings, devices, units,
# common loan words such as KTV in business names).
ALLOWED_WORDS = {"PDF", "Excel", "xlsx", "XLSX", "csv", "CSV", "UTF", "GBK", "API", "ID", "QR", "PDA", "App", "APP",
                 "Token", "TOTP", "Cookie", "GB", "KB", "MB", "km", "USCC", "JSON", "AI", "GPS", "IP", "URL", "KTV",
                 "SUV", "LED", "WiFi", "WIFI"}
# A word of two or more Latin letters that is not part of an identifier (codes, user names, file names, URLs).
WORD = re.compile(r"(?<![A-Za-z0-9_@./:-])[A-Za-z][A-Za-z']*[A-Za-z](?![A-Za-z0-9_@/:-])")

def english_words(texts):
    """Latin words a user would read, outside identifiers (codes, user names, file names) and the allowed list."""
    found = set()
    for text in texts:
        for word in WORD.findall(text or ""):
            if word not in ALLOWED_WORDS:
                found.add(word)
    return found


def shape(url):
    """The view a URL resolves to: links of one shape show one template (query strings only filter or page it)."""
    path = urlsplit(url).path
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def login(context, base_url, user):
    """Sign the browser context in as `user` with a real session (the login form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


@dataclass
class CrawlResult:
    role: str
    pages: list = field(default_factory=list)       # URLs opened in the browser
    checked: int = 0                                # links fetched for their status only
    problems: list = field(default_factory=list)    # (url, problem)

    def add(self, url, problem):
        self.problems.append((url, problem))


class Crawler:
    def __init__(self, browser, base_url, user, *, role_label):
        self.base_url = base_url.rstrip("/")
        self.origin = urlsplit(self.base_url).netloc
        self.result = CrawlResult(role=role_label)
        self.desk_context = browser.new_context(viewport=DESK, locale="zh-CN", timezone_id="Asia/Shanghai")
        self.phone_context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai",
                                                 is_mobile=True, has_touch=True)
        for context in (self.desk_context, self.phone_context):
            login(context, self.base_url, user)
        self.desk = self.desk_context.new_page()
        self.phone = self.phone_context.new_page()

    def close(self):
        self.desk_context.close()
        self.phone_context.close()

    # ------------------------------------------------------------------ single checks
    def refusal(self, status, final_url):
        """Why a link does not open for this role (None: it opens)."""
        if status >= 400:
            return f"HTTP {status}"
        if urlsplit(final_url).path == reverse(settings.LOGIN_URL):
            return "a redirect to the login page"
        return None

    def fetch_status(self, url):
        """Status and final URL of a GET without the browser (links that are only checked, downloads)."""
        response = self.desk_context.request.get(url, max_redirects=5, fail_on_status_code=False)
        try:
            return response.status, response.url, response.headers.get("content-type", "")
        finally:
            response.dispose()

    def check_page(self, url, *, expect_error=False):
        """Open a page at both widths (rendered once by the server) and run every check.

        Returns (refusal or None, the page's links); a download is not a page: (refusal, [])."""
        try:
            response = self.desk.goto(url, wait_until="load")
        except PlaywrightError as exc:
            if "Download is starting" not in str(exc):
                raise
            status, final, _type = self.fetch_status(url)
            return self.refusal(status, final), []
        refused = self.refusal(response.status, response.url)
        if refused and not expect_error:
            return refused, []
        if "text/html" not in response.headers.get("content-type", ""):
            return None, []
        self.desk.evaluate(CHECKS)
        for violation in self.desk.evaluate("crawlChecks.axe()"):
            self.result.add(url, f"axe at 1366 px: {violation}")
        english = english_words(self.desk.evaluate("crawlChecks.texts()"))
        if english:
            self.result.add(url, f"English text: {', '.join(sorted(english))}")
        links = self.desk.evaluate("crawlChecks.links()")

        # The phone sees the same response (one server render per page), laid out at 390 px.
        final, status, headers, body = response.url, response.status, response.headers, response.body()
        self.phone.route(lambda target: target == final,
                         lambda route: route.fulfill(status=status, headers=headers, body=body))
        try:
            self.phone.goto(final, wait_until="load")
        finally:
            self.phone.unroute_all()
        self.phone.evaluate(CHECKS)
        wide = self.phone.evaluate("crawlChecks.tooWide()")
        if wide:
            self.result.add(url, f"wider than 390 px ({wide['scrollWidth']} px): {', '.join(wide['elements'])}")
        for violation in self.phone.evaluate("crawlChecks.axe()"):
            self.result.add(url, f"axe at 390 px: {violation}")
        self.result.pages.append(url)
        return None, links

    # ------------------------------------------------------------------ the walk
    def _ours(self, url):
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc == self.origin

    def crawl(self, start="/"):
        """Breadth first from `start`: one page per shape in the browser, a few more links per shape by status."""
        queue = deque([(self.base_url + start, None)])
        seen, visited_shapes, checked_shapes = {self.base_url + start}, Counter(), Counter()
        while queue and len(self.result.pages) < MAX_PAGES:
            url, linked_from = queue.popleft()
            refused, links = self.check_page(url)
            if refused:
                self.result.add(linked_from or url, f"links {url}, which answers {refused}")
            for link in links:
                link = link.split("#")[0]
                if not self._ours(link) or link in seen or urlsplit(link).path.startswith(SKIP_PREFIXES):
                    continue
                seen.add(link)
                key = shape(link)
                if visited_shapes[key] < VISITS_PER_SHAPE:
                    visited_shapes[key] += 1
                    queue.append((link, url))
                elif checked_shapes[key] < CHECKS_PER_SHAPE:
                    checked_shapes[key] += 1
                    self.result.checked += 1
                    status, final, _type = self.fetch_status(link)
                    refused = self.refusal(status, final)
                    if refused:
                        self.result.add(url, f"links {link}, which answers {refused}")
        return self.result
