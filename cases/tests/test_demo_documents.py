"""Demo cases open their documents: generated on first open, then kept (issue 17 item 9)."""

import pytest

from cases.models import Document, DocumentKind
from cases.services.documents import documents_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_demo_case(register):
    case = register(procedure="simple", fine=100, file_now=False)
    Document.objects.filter(case=case).delete()  # as the seed leaves them: no PDFs
    case.is_demo = True
    case.save(update_fields=["is_demo"])
    return case


def test_first_open_generates_and_the_second_serves_the_same_file(client, officer_user, decided_demo_case):
    client.force_login(officer_user)
    url = f"/cases/{decided_demo_case.code}/documents/{DocumentKind.SPOT_DECISION}/"
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    stored = Document.objects.get(case=decided_demo_case, kind=DocumentKind.SPOT_DECISION)
    second = client.get(url)
    assert b"".join(second.streaming_content) == stored.file.open("rb").read()
    assert Document.objects.filter(case=decided_demo_case).count() == 1


def test_detail_page_offers_the_due_documents(client, officer_user, decided_demo_case):
    client.force_login(officer_user)
    body = client.get(f"/cases/{decided_demo_case.code}/").content.decode()
    assert f"/documents/{DocumentKind.SPOT_DECISION}/" in body and "首次打开时生成" in body


def test_a_kind_the_case_never_issued_stays_404(client, officer_user, decided_demo_case):
    client.force_login(officer_user)
    assert client.get(f"/cases/{decided_demo_case.code}/documents/{DocumentKind.PENALTY_NOTICE}/").status_code == 404
    assert not Document.objects.filter(case=decided_demo_case).exists()


def test_a_real_case_is_never_generated_on_open(client, officer_user, register):
    case = register(procedure="simple", fine=100, file_now=False)
    Document.objects.filter(case=case).delete()
    client.force_login(officer_user)
    assert client.get(f"/cases/{case.code}/documents/{DocumentKind.SPOT_DECISION}/").status_code == 404


def test_documents_due_follow_the_recorded_steps(register):
    case = register()
    assert documents_due(case) == [DocumentKind.FILING_APPROVAL]
