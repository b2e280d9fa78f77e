"""Hostile and careless input (SECURITY §24): every request below gets a 4xx in Chinese, never a 500, and
nothing is written. One class per test; each replays the inputs issue 18 found and more of the same class."""

import json

from django.test import Client
from django.urls import reverse

import pytest

from catalog.models import Item
from catalog.tests.factories import DomainFactory
from enforcement.accounts.models import Role, User
from enforcement.audit.models import AuditEvent
from enforcement.audit.services import record

pytestmark = pytest.mark.django_db

CONTROL_TEXTS = ["王\x00五", "王\x01五", "王\x08五", "王\x0b五", "王\x1b[31m五", "王\x7f五", "王\x85五"]


def is_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def assert_refused(response, status=400):
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert is_chinese(response.content.decode()), response.content[:500]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def signed_in(users):
    def make(role=Role.STAFF):
        client = Client(raise_request_exception=False)
        client.force_login(users[role])
        return client

    return make


# --- NUL bytes and control characters in paths and queries ---------------------------------------------------

ANONYMOUS_PATHS = ["/verify/%00/", "/planning/public/draws/%00/", "/verify/abc%00def/", "/verify/%01/",
                   "/planning/public/draws/x%1b/", "/accounts/login/%00", "/%00", "/api/v1/auth/token/%00/"]


@pytest.mark.parametrize("path", ANONYMOUS_PATHS)
def test_nul_or_control_character_in_a_public_path_is_a_chinese_400(anonymous, path):
    assert_refused(anonymous.get(path))


SIGNED_IN_PATHS = ["/cases/%00/", "/catalog/items/%00/", "/org/townships/%00/", "/api/v1/cases/%00/",
                   "/api/v1/catalog/items/%00/", "/api/v1/cases/%00/events/", "/intake/%00/"]


@pytest.mark.parametrize("path", SIGNED_IN_PATHS)
def test_nul_in_an_object_path_is_a_chinese_400_when_signed_in(signed_in, path):
    assert_refused(signed_in().get(path))


LIST_QUERIES = ["/cases/?q=%00", "/api/v1/cases/?q=%00", "/catalog/?q=%00", "/api/v1/catalog/items/?search=%00",
                "/api/v1/cases/?township=%00", "/cases/?status=%00", "/api/v1/cases/?q=a%01b", "/audit/?q=%00",
                "/api/v1/cases/?%00=1", "/planning/public/draws/?q=%00", "/accounts/login/?next=%00"]


@pytest.mark.parametrize("url", LIST_QUERIES)
def test_nul_or_control_character_in_a_query_value_is_a_chinese_400(signed_in, url):
    assert_refused(signed_in().get(url))


def test_api_refusal_of_a_query_is_json_with_a_code(signed_in):
    response = signed_in().get("/api/v1/cases/?q=%00")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


@pytest.mark.parametrize("username", ["admin\x00", "\x00", "staff_u\x00' OR 1=1", "a\x1b"])
def test_nul_in_a_login_name_on_the_login_page_is_a_400(anonymous, username):
    response = anonymous.post(reverse("accounts:login"), {"username": username, "password": "x"})
    assert_refused(response)


@pytest.mark.parametrize("username", ["admin\x00", "\x00", "a\x1b", "\ud800"])
def test_nul_or_control_character_in_a_token_request_is_a_400(anonymous, username):
    body = json.dumps({"username": username, "password": "x"})
    assert_refused(anonymous.post("/api/v1/auth/token/", body, content_type="application/json"))


# --- deep nesting, numbers, lying content types --------------------------------------------------------------

def deep(levels, opener="[", closer="]"):
    return opener * levels + closer * levels


DEEP_BODIES = [deep(1000), deep(100_000), '{"a":' * 1000 + "1" + "}" * 1000, '{"username":' + deep(40) + "}"]
JSON_ENDPOINTS = ["/api/v1/auth/token/", "/api/v1/cases/", "/api/v1/catalog/items/"]


@pytest.mark.parametrize("endpoint", JSON_ENDPOINTS)
@pytest.mark.parametrize("body", DEEP_BODIES, ids=["array-1000", "array-100000", "object-1000", "field-40"])
def test_deeply_nested_json_is_a_400_on_every_json_endpoint(signed_in, anonymous, endpoint, body):
    client = anonymous if endpoint.endswith("token/") else signed_in()
    assert_refused(client.post(endpoint, body, content_type="application/json"))


def test_deeply_nested_json_on_the_anonymous_token_endpoint_is_a_400(anonymous):
    assert_refused(anonymous.post("/api/v1/auth/token/", deep(1000), content_type="application/json"))


@pytest.mark.parametrize("raw", [
    '{"username": NaN}', '{"username": Infinity}', '{"username": -Infinity}', '{"n": 1e400}',
    '{"n": 123456789012345678901234567890}', '{"n": ' + "9" * 5000 + "}", '{"username": "a"', "\xff\xfe",
    '{"username": "\\ud800"}', '{"\\u0000": 1}',
])
def test_hostile_json_values_are_a_400(anonymous, raw):
    assert_refused(anonymous.post("/api/v1/auth/token/", raw.encode("utf-8", "surrogateescape"),
                                  content_type="application/json"))


@pytest.mark.parametrize("content_type, body", [
    ("application/json", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ("application/json; charset=latin-1", '{"username": "é"}'.encode("utf-16")),
    ("application/json; charset=no-such-charset", b'{"username": "a", "password": "b"}'),
    ("application/json; charset=utf-16", b'{"username": "a"}'),
    ("multipart/form-data; boundary=zzz", b"--zzz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nx"),
    ("multipart/form-data", b"no boundary at all"),
    ("text/plain", b"username=a&password=b"),
    ("application/xml", b"<a>1</a>"),
])
def test_lying_or_unknown_content_types_are_a_4xx(anonymous, content_type, body):
    response = anonymous.generic("POST", "/api/v1/auth/token/", body, content_type=content_type)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert is_chinese(response.content.decode()), response.content[:300]


# --- control characters in names: refused at input, nothing stored ------------------------------------------

@pytest.fixture
def domain(db):
    return DomainFactory(code="city_appearance", name="市容环境")


def item_body(**changes):
    body = {"code": "NEW1", "name": "对占用道路洗车的行政处罚", "domain": "city_appearance", "power_type": "penalty",
            "tier": "township", "penalty_kinds": ["fine"], "fine_min": "50", "fine_max": "500",
            "valid_from": "2024-01-01", "reason": "law_change"}
    body.update(changes)
    return body


@pytest.mark.parametrize("name", CONTROL_TEXTS)
def test_control_character_in_a_catalogue_item_name_is_refused_and_nothing_is_stored(signed_in, domain, name):
    response = signed_in().post("/api/v1/catalog/items/", json.dumps(item_body(name=name)),
                                content_type="application/json")
    assert_refused(response)
    assert not Item.objects.exists()


@pytest.mark.parametrize("kinds", [{"fine": True}, "fine", 7, [["fine"]], [{"a": 1}], None, ["fine"] * 50])
def test_non_list_penalty_kinds_on_a_catalogue_item_are_refused(signed_in, domain, kinds):
    response = signed_in().post("/api/v1/catalog/items/", json.dumps(item_body(penalty_kinds=kinds)),
                                content_type="application/json")
    assert_refused(response)
    assert "penalty_kinds" in response.json()
    assert not Item.objects.exists()


def test_a_valid_catalogue_item_is_still_created(signed_in, domain):
    response = signed_in().post("/api/v1/catalog/items/", json.dumps(item_body()), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Item.objects.get(code="NEW1").penalty_kinds == ["fine"]


@pytest.mark.parametrize("name", CONTROL_TEXTS[1:])
def test_control_character_in_a_page_form_field_is_refused_and_names_the_field(signed_in, domain, name):
    response = signed_in().post("/catalog/items/new/", {"code": "NEW2", "name": name})
    assert_refused(response)
    assert "name" in response.content.decode()
    assert not Item.objects.exists()


@pytest.mark.parametrize("text", ["第一行\n第二行", "制表\t符", "回车\r\n换行"])
def test_tab_and_line_breaks_are_ordinary_text(anonymous, text):
    response = anonymous.get("/accounts/login/", {"next": "/", "q": text})
    assert response.status_code == 200


@pytest.mark.parametrize("name", CONTROL_TEXTS)
def test_control_character_in_a_case_party_name_is_refused_and_no_case_is_written(signed_in, name):
    from cases.models import Case

    response = signed_in(Role.TOWNSHIP_OFFICER).post(
        "/api/v1/cases/", json.dumps({"party_name": name, "facts": "x"}), content_type="application/json")
    assert_refused(response)
    assert not Case.objects.exists()


# --- deleting a user named in the audit log ----------------------------------------------------------------

@pytest.fixture
def admin_site(client, make_user):
    admin = make_user(Role.ADMIN, username="sysadmin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.raise_request_exception = False
    return client


def test_deleting_a_user_with_audit_events_deactivates_them_and_says_so(admin_site, make_user):
    target = make_user(Role.STAFF, username="leaver")
    record("auth.login", actor=target, obj=target)
    response = admin_site.post(reverse("admin:accounts_user_delete", args=[target.pk]), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "停用" in response.content.decode()
    target.refresh_from_db()
    assert target.is_active is False
    assert AuditEvent.objects.filter(event_type="accounts.user_deactivated", object_id=str(target.pk)).exists()
    assert AuditEvent.objects.filter(user=target, event_type="auth.login").exists()


def test_bulk_delete_keeps_users_with_audit_events_and_deletes_the_others(admin_site, make_user):
    kept = make_user(Role.STAFF, username="leaver")
    gone = make_user(Role.STAFF, username="typo")
    record("auth.login", actor=kept, obj=kept)
    response = admin_site.post(reverse("admin:accounts_user_changelist"), {
        "action": "delete_selected", "_selected_action": [kept.pk, gone.pk], "post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "leaver" in response.content.decode()
    assert User.objects.filter(pk=kept.pk, is_active=False).exists()
    assert not User.objects.filter(pk=gone.pk).exists()
