"""Evidence limits, personal-data protection and the generated PDF documents."""

import io
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from cases.models import Case, CaseEvent, Document, DocumentKind, Evidence
from cases.services import document_generate, evidence_add
from enforcement.accounts.models import Role
from enforcement.core import crypto
from enforcement.core.validators import is_valid_id_number, is_valid_uscc

from .factories import CITIZEN_ID, ORG_USCC, WAIVED

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_id_and_uscc_checksums_gb11643_gb32100():
    assert is_valid_id_number(CITIZEN_ID) and not is_valid_id_number("110105194912310021")
    assert is_valid_uscc(ORG_USCC) and not is_valid_uscc("91350100M000100Y44")


def test_masking_and_encryption_round_trip():
    assert crypto.mask_id_number("330106199001011234") == "3301**********1234"
    assert crypto.mask_phone("13812345678") == "138****5678"
    token = crypto.encrypt("13812345678")
    assert "1381" not in token and crypto.decrypt(token) == "13812345678"
    assert crypto.keyed_hash("abc") == crypto.keyed_hash(" ABC ") != crypto.keyed_hash("abd")


@pytest.mark.django_db
def test_party_data_stored_encrypted_and_searchable_by_hash(register, users, client_for):
    case = register()
    row = Case.objects.get(pk=case.pk)
    assert CITIZEN_ID not in row.party_id_encrypted and row.party_id_masked == "1101**********002X"
    assert "13812345678" not in row.party_phone_encrypted
    found = client_for(users[Role.STAFF]).get("/api/v1/cases/", {"q": CITIZEN_ID}).json()
    assert [c["code"] for c in found["results"]] == [case.code]
    assert CITIZEN_ID not in str(found)


@pytest.mark.django_db
def test_evidence_refuses_files_over_20_mb(register, officer_user):
    case = register()
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\x00" * (25 * 1024 * 1024), content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        evidence_add(case=case, actor=officer_user, kind="photo", upload=big)
    assert "20 MB" in str(exc.value)
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_evidence_refuses_executables_whatever_the_extension(register, officer_user):
    case = register()
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    with pytest.raises(ValidationError):
        evidence_add(case=case, actor=officer_user, kind="photo", upload=exe)
    script = SimpleUploadedFile("a.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf")
    with pytest.raises(ValidationError):
        evidence_add(case=case, actor=officer_user, kind="document", upload=script)


@pytest.mark.django_db
def test_evidence_is_stored_under_a_random_name_and_downloaded_through_a_scoped_view(
        register, officer_user, client, make_user, other_township):
    case = register()
    evidence = evidence_add(case=case, actor=officer_user, kind="photo", description="现场照片",
                            upload=SimpleUploadedFile("现场.png", PNG, content_type="image/png"))
    assert evidence.content_type == "image/png" and "现场" not in evidence.file.name
    assert evidence.sha256 and evidence.size == len(PNG)
    client.force_login(officer_user)
    url = reverse("cases:evidence_download", args=[case.code, evidence.pk])
    assert client.get(url).status_code == 200
    client.force_login(make_user(Role.TOWNSHIP_OFFICER, township=other_township))
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_evidence_upload_page_shows_the_error_next_to_the_field(register, officer_user, client):
    case = register()
    client.force_login(officer_user)
    response = client.post(reverse("cases:evidence_upload", args=[case.code]),
                           {"kind": "photo", "file": io.BytesIO(b"MZ" + b"\x00" * 10)})
    assert response.status_code == 400


@pytest.mark.django_db
def test_decision_pdf_has_chinese_text_and_the_action_code(register, walk, officer_user, tmp_path):
    case = register(fine=Decimal("500"))
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500"}),
                ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}))
    document = document_generate(case_id=case.pk, kind=DocumentKind.PENALTY_DECISION)
    path = tmp_path / "d.pdf"
    path.write_bytes(document.file.read())
    text = subprocess.run([shutil.which("pdftotext"), str(path), "-"],  # noqa: S603
                          capture_output=True, text=True, check=True).stdout
    flat = text.replace(" ", "").replace("\n", "")
    assert "行政处罚决定书" in flat
    assert "罚款人民币500.00元" in flat
    assert case.code.replace("-", "") in flat.replace("-", "")
    assert CITIZEN_ID not in text


@pytest.mark.django_db
def test_every_document_kind_renders(register, officer_user):
    case = register()
    for kind in DocumentKind.values:
        assert document_generate(case_id=case.pk, kind=kind).size > 1000
    assert Document.objects.filter(case=case).count() == len(DocumentKind.values)


@pytest.mark.django_db
def test_documents_are_generated_on_commit_and_downloadable_only_in_scope(
        register, officer_user, client, make_user, other_township, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = register()
    assert Document.objects.filter(case=case, kind=DocumentKind.FILING_APPROVAL).exists()
    url = reverse("cases:document", args=[case.code, DocumentKind.FILING_APPROVAL])
    client.force_login(officer_user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(make_user(Role.TOWNSHIP_OFFICER, township=other_township))
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_document_generation_is_idempotent_one_row_one_file(register, tmp_path):
    case = register()
    first = document_generate(case_id=case.pk, kind=DocumentKind.FILING_APPROVAL)
    second = document_generate(case_id=case.pk, kind=DocumentKind.FILING_APPROVAL)
    assert first.pk == second.pk
    assert Document.objects.filter(case=case, kind=DocumentKind.FILING_APPROVAL).count() == 1
    files = list((tmp_path / "documents").rglob("*.pdf"))
    assert len(files) == 1


# ---- document versions: a re-issued kind keeps the earlier PDF ----------------------------------------

def _event(case, action="notify"):
    return CaseEvent.objects.create(case=case, action=action)


@pytest.mark.django_db
def test_reissued_document_kind_keeps_the_earlier_version(register, tmp_path):
    case = register()
    first = document_generate(case_id=case.pk, kind=DocumentKind.PENALTY_NOTICE, event_id=_event(case).pk)
    first_bytes = first.file.read()
    second = document_generate(case_id=case.pk, kind=DocumentKind.PENALTY_NOTICE, event_id=_event(case).pk)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.file.read() == first_bytes
    assert len(list((tmp_path / "documents").rglob("*.pdf"))) == 2
    assert [d.version for d in case.documents.filter(kind=DocumentKind.PENALTY_NOTICE)] == [2, 1]  # latest first


@pytest.mark.django_db
def test_document_generation_rerun_for_the_same_event_rebuilds_that_version(register, tmp_path):
    case = register()
    event = _event(case)
    first = document_generate(case_id=case.pk, kind=DocumentKind.PENALTY_NOTICE, event_id=event.pk)
    again = document_generate(case_id=case.pk, kind=DocumentKind.PENALTY_NOTICE, event_id=event.pk)
    assert first.pk == again.pk and again.version == 1
    assert Document.objects.filter(case=case, kind=DocumentKind.PENALTY_NOTICE).count() == 1
    assert len(list((tmp_path / "documents").rglob("*.pdf"))) == 1


@pytest.mark.django_db
def test_each_issuing_transition_creates_a_new_version(register, walk, officer_user,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = register()
        walk(case, ("issue_correction_order", officer_user,
                    {"correction_deadline": (date.today() + timedelta(days=3)).isoformat()}))
    versions = Document.objects.filter(case=case, kind=DocumentKind.CORRECTION_ORDER)
    assert versions.count() == 1 and versions.get().event.action == "issue_correction_order"
    assert Document.objects.get(case=case, kind=DocumentKind.FILING_APPROVAL).event.action == "register"


@pytest.mark.django_db
def test_every_document_version_downloads_in_scope_latest_by_default(register, client, officer_user, make_user,
                                                                      other_township):
    case = register()
    first = document_generate(case_id=case.pk, kind=DocumentKind.PENALTY_NOTICE, event_id=_event(case).pk)
    second = document_generate(case_id=case.pk, kind=DocumentKind.PENALTY_NOTICE, event_id=_event(case).pk)
    url = reverse("cases:document", args=[case.code, DocumentKind.PENALTY_NOTICE])
    client.force_login(officer_user)
    latest = client.get(url)
    assert latest.status_code == 200 and b"".join(latest.streaming_content) == second.file.read()
    older = client.get(url, {"version": 1})
    assert older.status_code == 200 and "-v" not in older["Content-Disposition"]
    assert b"".join(older.streaming_content) == first.file.read()
    assert client.get(url, {"version": 3}).status_code == 404
    assert client.get(url, {"version": "x"}).status_code == 404
    body = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert body.index(f"{url}?version=2") < body.index(f"{url}?version=1")
    client.force_login(make_user(Role.TOWNSHIP_OFFICER, township=other_township))
    assert client.get(url, {"version": 1}).status_code == 404
