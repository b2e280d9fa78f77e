"""Token clients (the phone): evidence upload and documents by API, not by web pages that redirect to login."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from rest_framework.test import APIClient

from cases.models import Evidence
from cases.tests.factories import CaseFactory
from enforcement.accounts.models import Role
from enforcement.accounts.services import device_token_issue
from enforcement.core.idempotency import HEADER

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def token_client(users):
    key, _token = device_token_issue(user=users[Role.TOWNSHIP_OFFICER], device_name="执法终端-01")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def spot_case(item, empower, officers, officer_user, django_capture_on_commit_callbacks):
    from cases.services import case_register

    empower(item)
    with django_capture_on_commit_callbacks(execute=True):  # the decision PDF is generated on commit
        return case_register(actor=officer_user, item=item, procedure="simple", party_type="citizen", party_name="王五",
                         location="人民路", facts="占道经营", violation_date=date.today(), officers=officers,
                         penalty_kinds=["fine"], fine="100")


def _photo(name="scene.jpg", content=JPEG):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_a_token_client_uploads_a_photo_once_per_request_id(token_client, spot_case):
    path = f"/api/v1/cases/{spot_case.code}/evidence/"
    first = token_client.post(path, {"kind": "photo", "description": "现场", "file": _photo()}, format="multipart",
                              headers={HEADER: "photo-0000-0001"})
    assert first.status_code == 201, first.content
    assert first.json()["content_type"] == "image/jpeg" and first.json()["sha256"]
    again = token_client.post(path, {"kind": "photo", "description": "现场", "file": _photo()}, format="multipart",
                              headers={HEADER: "photo-0000-0001"})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other = token_client.post(path, {"kind": "photo", "description": "现场", "file": _photo(content=JPEG + b"x")},
                              format="multipart", headers={HEADER: "photo-0000-0001"})
    assert other.status_code == 409  # another file under the same id
    assert Evidence.objects.filter(case=spot_case).count() == 1
    listed = token_client.get(path).json()
    assert [row["id"] for row in listed] == [first.json()["id"]]
    download = token_client.get(listed[0]["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == JPEG


def test_an_executable_disguised_as_a_photo_is_refused(token_client, spot_case):
    response = token_client.post(f"/api/v1/cases/{spot_case.code}/evidence/",
                                 {"kind": "photo", "file": _photo("x.jpg", b"MZ\x90\x00" + b"\x00" * 60)},
                                 format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    assert not Evidence.objects.exists()


def test_a_token_client_downloads_the_decision_pdf_instead_of_a_login_redirect(token_client, spot_case):
    response = token_client.get(f"/api/v1/cases/{spot_case.code}/documents/spot_decision/",
                                headers={"Accept": "application/pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    detail = token_client.get(f"/api/v1/cases/{spot_case.code}/").json()
    assert detail["documents"][0]["api_url"].startswith(f"/api/v1/cases/{spot_case.code}/documents/spot_decision/")


def test_missing_document_or_version_is_404(token_client, spot_case):
    missing = token_client.get(f"/api/v1/cases/{spot_case.code}/documents/penalty_notice/",
                               headers={"Accept": "application/pdf"})
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert token_client.get(f"/api/v1/cases/{spot_case.code}/documents/spot_decision/?version=9").status_code == 404
    assert token_client.get(f"/api/v1/cases/{spot_case.code}/documents/spot_decision/?version=x").status_code == 400


def test_another_townships_documents_and_evidence_are_404(token_client, other_township):
    case = CaseFactory(township=other_township)
    assert token_client.get(f"/api/v1/cases/{case.code}/documents/spot_decision/").status_code == 404
    assert token_client.post(f"/api/v1/cases/{case.code}/evidence/", {"file": _photo()},
                             format="multipart").status_code == 404


def test_a_revoked_phone_can_no_longer_upload(users, spot_case):
    """SECURITY §4: a lost phone is signed out from 我的设备; its token stops working at once."""
    from enforcement.accounts.services import device_token_revoke

    key, token = device_token_issue(user=users[Role.TOWNSHIP_OFFICER], device_name="丢失的手机")
    device_token_revoke(actor=users[Role.TOWNSHIP_OFFICER], token=token)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.post(f"/api/v1/cases/{spot_case.code}/evidence/", {"file": _photo()},
                             format="multipart").status_code == 401
