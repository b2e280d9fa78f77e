"""/m/: the installable shell, its service worker (scope /m/) and manifest — public, data-free, strict CSP."""

import json
import re

from django.contrib.staticfiles import finders

import pytest

pytestmark = pytest.mark.django_db


def test_shell_is_public_data_free_and_keeps_the_strict_script_policy(client):
    response = client.get("/m/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html and "掌上执法" in html
    assert 'rel="manifest" href="/m/manifest.webmanifest"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "img-src 'self' data: blob:" in policy
    assert "csrfmiddlewaretoken" not in html  # the app signs in with a device token, not the session


def test_service_worker_controls_m_and_precaches_the_shell(client):
    response = client.get("/m/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/m/"
    body = response.content.decode()
    for url in ("/m/", "/m/jsi18n/", "/static/mobile/js/app.js", "/static/vendor/idb-8.0.4/index.js",
                "/static/mobile/app.css"):
        assert f'"{url}"' in body
    assert re.search(r'const VERSION = "[0-9a-f]{12}"', body)


def test_service_worker_version_follows_the_shell(client, monkeypatch):
    from mobile import views

    first = client.get("/m/sw.js").content
    monkeypatch.setattr(views, "ASSETS", [*views.ASSETS, "vendor/chart.umd.min.js"])
    assert client.get("/m/sw.js").content != first


def test_manifest_makes_the_app_installable(client):
    response = client.get("/m/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["start_url"] == data["scope"] == "/m/"
    assert data["display"] == "standalone" and data["name"] == "掌上执法"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_apps_strings_are_served_in_chinese(client):
    body = client.get("/m/jsi18n/").content.decode()
    assert json.dumps("待同步 %(n)s 条")[1:-1] in body
    assert json.dumps("《行政处罚法》第二十四条")[1:-1] in body
