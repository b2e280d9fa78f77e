"""The archived case file (卷宗): one PDF with cover, 卷内目录 whose page numbers match the file, every document
and evidence image, stored with its SHA-256 and never regenerated; archived cases are read-only."""

import hashlib
import shutil
import subprocess
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from cases.models import CaseFile, DocumentKind, Status
from cases.services import TransitionRefused, case_transition, evidence_add
from cases.services.archive import case_file_build, verify_case_file
from cases.services.documents import TITLES
from enforcement.accounts.models import Role

from .factories import WAIVED

# A 1x1 PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360"
                    "f8cfc0000003010100c9fe92ef0000000049454e44ae426082")


def page_text(path, page):
    binary = shutil.which("pdftotext")
    assert binary, "poppler-utils (pdftotext) is needed"
    out = subprocess.run([binary, "-f", str(page), "-l", str(page), str(path), "-"],  # noqa: S603
                         capture_output=True, check=True, text=True).stdout
    return "".join(out.split())


@pytest.fixture
def archived(register, walk, officer_user, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = register(fine=Decimal("500"))
        evidence_add(case=case, actor=officer_user, kind="photo", description="现场照片",
                     upload=SimpleUploadedFile("scene.png", PNG, content_type="image/png"))
        case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500"}),
                    ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}),
                    ("deliver", officer_user, {}),
                    ("record_payment", users[Role.STAFF], {"bank_receipt_number": "R1", "paid_amount": "500"}),
                    ("close", officer_user, {}), ("archive", officer_user, {}))
    return case


@pytest.mark.django_db
def test_archiving_makes_one_case_file_with_its_sha256(archived):
    case_file = CaseFile.objects.get(case=archived)
    data = case_file.file.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == case_file.sha256 and case_file.size == len(data)
    assert verify_case_file(case_file)
    assert case_file.retention == "30年"


@pytest.mark.django_db
def test_case_file_contents_page_numbers_match_the_documents(archived):
    case_file = CaseFile.objects.get(case=archived)
    titles = [row["title"] for row in case_file.contents]
    for kind in (DocumentKind.FILING_APPROVAL, DocumentKind.PENALTY_NOTICE, DocumentKind.PENALTY_DECISION):
        assert TITLES[kind] in titles
    assert any(title.startswith("证据1") for title in titles)
    path = case_file.file.path
    cover = page_text(path, 1)
    assert "行政处罚案卷" in cover and archived.code in cover and "30年" in cover
    assert "卷内目录" in page_text(path, 2)
    for row in case_file.contents:
        text = page_text(path, row["page"])
        expected = row["title"].split("(")[0] if not row["title"].startswith("证据") else "证据1"
        assert expected in text, (row, text[:80])
    last = case_file.contents[-1]
    assert case_file.pages == last["page"] + last["pages"] - 1


@pytest.mark.django_db
def test_case_file_is_never_regenerated(archived):
    first = CaseFile.objects.get(case=archived)
    again = case_file_build(case_id=archived.pk)
    assert again.pk == first.pk and again.sha256 == first.sha256 and again.file.name == first.file.name


@pytest.mark.django_db
def test_only_archived_cases_have_a_case_file(register):
    case = register()
    with pytest.raises(ValidationError):
        case_file_build(case_id=case.pk)


@pytest.mark.django_db
def test_archived_case_is_read_only(archived, officer_user, users):
    assert archived.status == Status.ARCHIVED
    for action in ("amend", "reopen", "close", "record_payment"):
        with pytest.raises(TransitionRefused):
            case_transition(case=archived, action=action, actor=users[Role.STAFF], reason="改动")
    with pytest.raises(ValidationError):
        evidence_add(case=archived, actor=officer_user, kind="note", description="补充")


@pytest.mark.django_db
def test_case_file_downloads_in_scope_only(archived, client, officer_user, make_user, other_township, client_for):
    client.force_login(officer_user)
    url = reverse("cases:case_file", args=[archived.code])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(make_user(Role.TOWNSHIP_OFFICER, township=other_township))
    assert client.get(url).status_code == 404
    api = client_for(officer_user).get(f"/api/v1/cases/{archived.code}/case-file/")
    assert api.status_code == 200 and api["X-Content-SHA256"] == archived.case_file.sha256
