"""SECURITY §7: every page outside the API needs a signed-in user, except the public ones (PUBLIC_PAGES in
enforcement/core/page_matrix.py).
Walks the URLconf; each page is opened anonymously with sample URL arguments."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

import pytest

from enforcement.core.page_matrix import PUBLIC_PAGES  # pages anyone may open, with the reason

SKIPPED_PREFIXES = ("admin/", "api/", "static/", "media/")  # admin has its own login; the API answers 401


def _pages(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if route.lstrip("^").startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            yield from _pages(entry.url_patterns, route, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            if entry.pattern.regex.groupindex and not converters:
                continue  # a regex route of a third-party app
            yield f"{namespace}{entry.name}", converters


def _sample(converter):
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return "00000000-0000-0000-0000-000000000000"
    return "X1"


PAGES = sorted({name: converters for name, converters in _pages(get_resolver().url_patterns)}.items())


def test_the_walk_finds_pages():
    names = {name for name, _ in PAGES}
    assert {"home", "accounts:login", "audit:list", "accounts:devices"} <= names


def test_public_allow_list_has_no_stale_names():
    assert set(PUBLIC_PAGES) <= {name for name, _ in PAGES}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "converters"), PAGES, ids=[name for name, _ in PAGES])
def test_page_sends_anonymous_visitors_to_login(client, name, converters):
    url = reverse(name, kwargs={key: _sample(conv) for key, conv in converters.items()})
    response = client.get(url)
    assert response.status_code < 500, f"{url}: {response.status_code}"
    if name in PUBLIC_PAGES:
        return
    login = reverse("accounts:login")
    redirected_to_login = response.status_code == 302 and response["Location"].startswith(login)
    assert redirected_to_login or response.status_code in (401, 403, 405), \
        f"{url} answered {response.status_code} to an anonymous visitor"


# SECURITY §6: the audit administrator reads the audit log and nothing else.
AUDITOR_PAGES = {"home", "audit:list", "audit:export", "audit:verify", "accounts:devices", "accounts:password_change",
                 "accounts:login", "accounts:logout", "accounts:device_revoke", "accounts:otp_manage",
                 "accounts:otp_setup", "accounts:otp_verify", "accounts:otp_recovery_codes"} | set(PUBLIC_PAGES)


@pytest.mark.django_db
def test_the_auditor_opens_no_business_page(client, make_user):
    from enforcement.accounts.models import Role

    client.force_login(make_user(Role.AUDITOR, username="auditor_only"))
    opened = []
    for name, converters in PAGES:
        if name in AUDITOR_PAGES:
            continue
        url = reverse(name, kwargs={key: _sample(conv) for key, conv in converters.items()})
        response = client.get(url)
        if response.status_code == 200:
            opened.append(url)
    assert not opened, f"the auditor can open business pages: {opened}"
