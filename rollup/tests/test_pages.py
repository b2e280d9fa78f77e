"""Roll-up pages and commands: download the county's signed file, import it upstream, see the month."""

import json
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from rollup import signing
from rollup.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_pair():
    return signing.generate()


def test_county_file_download_then_upstream_import_and_month_page(client, users, key_pair, tmp_path):
    private, public = key_pair
    client.force_login(users[Role.STAFF])
    with override_settings(ROLLUP_SIGNING_KEY=private, ROLLUP_COUNTY_CODE="330201"):
        response = client.get(reverse("rollup:export", args=["2026-10", "json"]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert json.loads(content)["payload"]["county"]["code"] == "330201"
    response = client.post(reverse("rollup:county_new"), {"code": "330201", "name": "甲县", "public_key_pem": public})
    assert response.status_code == 302
    client.post(reverse("rollup:upload"), {"files": [SimpleUploadedFile("a.json", content)]})
    assert Submission.objects.filter(county__code="330201", month="2026-10").exists()
    page = client.get(reverse("rollup:month", args=["2026-10"]))
    assert page.status_code == 200 and "甲县" in page.content.decode()


def test_export_without_a_key_says_so(client, users):
    client.force_login(users[Role.STAFF])
    with override_settings(ROLLUP_SIGNING_KEY=""):
        response = client.get(reverse("rollup:export", args=["2026-10", "json"]), follow=True)
    assert "ROLLUP_SIGNING_KEY" in response.content.decode()


@pytest.mark.parametrize("month", ["2026-13", "abcd", "2999-01"])
def test_bad_months_are_refused(client, users, month):
    client.force_login(users[Role.STAFF])
    response = client.get(reverse("rollup:export", args=[month, "json"]))
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.LIAISON, Role.AUDITOR])
def test_other_roles_cannot_open_the_rollup(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("rollup:index")).status_code == 403


def test_commands_export_register_and_import(users, key_pair, tmp_path, capsys):
    private, public = key_pair
    (tmp_path / "pub.pem").write_text(public)
    with override_settings(ROLLUP_SIGNING_KEY=private, ROLLUP_COUNTY_CODE="330202"):
        call_command("rollup_export", "2026-10", out=str(tmp_path / "f.json"))
    call_command("rollup_register", "330202", "乙县", str(tmp_path / "pub.pem"))
    call_command("rollup_import", str(tmp_path / "f.json"))
    assert Submission.objects.get().county.name == "乙县"
    with pytest.raises(SystemExit):
        call_command("rollup_import", str(tmp_path / "f.json"))  # a duplicate is refused
    assert date.today()
