"""Request context for the audit trail (request id, client IP) and the security headers."""

from django.test import RequestFactory, override_settings
from django.urls import reverse

import pytest

from enforcement.core.middleware import client_ip


def request_with(remote="10.0.0.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored():
    assert client_ip(request_with(forwarded="1.2.3.4")) == "10.0.0.9"


@override_settings(TRUSTED_PROXY_HOPS=1)
def test_behind_one_trusted_proxy_the_address_it_saw_is_used():
    # The client may prepend anything; the proxy appends the address it really saw.
    assert client_ip(request_with(forwarded="6.6.6.6, 203.0.113.7")) == "203.0.113.7"


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_keeps_a_well_formed_one(client):
    assert len(client.get(reverse("accounts:login"))["X-Request-ID"]) == 32
    assert client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="pda-42.a")["X-Request-ID"] == "pda-42.a"
    assert client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"


@pytest.mark.django_db
def test_pages_carry_csp_nosniff_referrer_policy_and_deny_framing(client):
    response = client.get(reverse("accounts:login"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_access_matrix_command_prints_one_row_per_route_and_method():
    from io import StringIO

    from django.core.management import call_command

    from enforcement.core.access_matrix import MATRIX

    out = StringIO()
    call_command("access_matrix", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if line.startswith("| `")]
    assert len(rows) == sum(len(methods) for methods in MATRIX.values())
    assert any(row.startswith("| `api:auth-token` | POST |") and row.endswith("| ✓ |") for row in rows)


def test_api_throttles_key_on_the_real_address_not_a_forged_forwarded_for():
    from rest_framework.request import Request
    from rest_framework.throttling import AnonRateThrottle

    throttle = AnonRateThrottle.__new__(AnonRateThrottle)  # get_ident needs no rate
    first = Request(request_with(remote="10.0.0.9", forwarded="1.1.1.1"))
    second = Request(request_with(remote="10.0.0.9", forwarded="2.2.2.2"))
    assert throttle.get_ident(first) == throttle.get_ident(second) == "10.0.0.9"


def test_production_static_storage_rewrites_css_but_not_js_source_maps():
    # vendor/chart.umd.min.js names a .map file that is not shipped; collectstatic must not follow it.
    from enforcement.core.storage import StaticFilesStorage

    assert [pattern for pattern, _ in StaticFilesStorage.patterns] == ["*.css"]
