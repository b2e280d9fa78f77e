"""Delivery methods (行政处罚法 art. 61; 民事诉讼法 arts. 89, 95) and the 送达回证 PDF."""

import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from cases.models import Document, DocumentKind
from cases.services import case_transition

from .articles import names_article
from .factories import WAIVED

D = timedelta


def decided(register, walk, officer_user):
    case = register(fine=Decimal("500"))
    return walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500"}),
                ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}))


@pytest.mark.django_db
def test_delivery_left_at_residence_art89_needs_a_witness(register, walk, officer_user):
    case = decided(register, walk, officer_user)
    with pytest.raises(ValidationError) as exc:
        case_transition(case=case, action="deliver", actor=officer_user, delivery_method="left")
    assert names_article(exc.value.message_dict["witness"][0], 89)
    with pytest.raises(ValidationError) as exc:
        case_transition(case=case, action="deliver", actor=officer_user, delivery_method="left",
                        witness="社区干部李某")
    assert names_article(exc.value.message_dict["reason"][0], 89)
    case = case_transition(case=case, action="deliver", actor=officer_user, delivery_method="left",
                           witness="社区干部李某", reason="当事人拒绝签收")
    assert case.delivery_method == "left" and "李某" in case.delivery_note


@pytest.mark.django_db
def test_electronic_delivery_art61_needs_written_consent(register, walk, officer_user):
    case = decided(register, walk, officer_user)
    with pytest.raises(ValidationError) as exc:
        case_transition(case=case, action="deliver", actor=officer_user, delivery_method="electronic",
                        electronic_address="wang@example.cn")
    assert names_article(exc.value.message_dict["consent_on"][0], 61)
    case = case_transition(case=case, action="deliver", actor=officer_user, delivery_method="electronic",
                           electronic_address="wang@example.cn", consent_on=str(date.today()))
    assert case.delivery_method == "electronic"


@pytest.mark.django_db
def test_public_notice_art95_counts_thirty_days_after_the_notice(register, walk, officer_user):
    case = decided(register, walk, officer_user)
    notice = case.decided_on
    with pytest.raises(ValidationError) as exc:
        case_transition(case=case, action="deliver", actor=officer_user, delivery_method="public_notice",
                        notice_on=str(notice), reason="当事人下落不明", today=notice + D(29))
    assert names_article(exc.value.message_dict["notice_on"][0], 95)
    case = case_transition(case=case, action="deliver", actor=officer_user, delivery_method="public_notice",
                           notice_on=str(notice), reason="当事人下落不明", today=notice + D(30))
    assert case.delivered_on == notice + D(30) and case.payment_due == notice + D(45)


@pytest.mark.django_db
def test_delivery_issues_the_proof_of_delivery_pdf(register, walk, officer_user, django_capture_on_commit_callbacks):
    case = decided(register, walk, officer_user)
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, action="deliver", actor=officer_user, recipient="王五")
    document = Document.objects.get(case=case, kind=DocumentKind.DELIVERY_RECEIPT)
    binary = shutil.which("pdftotext")
    assert binary
    text = subprocess.run([binary, document.file.path, "-"], capture_output=True, text=True,  # noqa: S603
                          check=True).stdout
    text = "".join(text.split())
    assert "送达回证" in text and "直接送达" in text and "王五" in text


@pytest.mark.django_db
def test_delivery_by_post_civil_procedure_art91_needs_the_tracking_number(register, walk, officer_user):
    case = decided(register, walk, officer_user)
    with pytest.raises(ValidationError) as exc:
        case_transition(case=case, action="deliver", actor=officer_user, delivery_method="post")
    assert names_article(exc.value.message_dict["tracking_number"][0], 91)
    case = case_transition(case=case, action="deliver", actor=officer_user, delivery_method="post",
                           tracking_number="EMS1234567890")
    assert case.delivery_method == "post" and "EMS1234567890" in case.delivery_note


@pytest.mark.django_db
def test_public_notice_art95_period_is_the_setting(register, walk, officer_user, settings):
    settings.PUBLIC_NOTICE_DELIVERY_DAYS = 10
    case = decided(register, walk, officer_user)
    notice = case.decided_on
    case = case_transition(case=case, action="deliver", actor=officer_user, delivery_method="public_notice",
                           notice_on=str(notice), reason="当事人下落不明", today=notice + D(10))
    assert case.delivered_on == notice + D(10)


@pytest.mark.django_db
def test_delivery_art61_method_and_record_are_in_the_case_api(register, walk, officer_user, users, client_for):
    from enforcement.accounts.models import Role

    case = case_transition(case=decided(register, walk, officer_user), action="deliver", actor=officer_user,
                           delivery_method="post", tracking_number="EMS999")
    body = client_for(users[Role.STAFF]).get(f"/api/v1/cases/{case.code}/").json()
    assert body["delivery_method"] == "post" and "EMS999" in body["delivery_note"]


@pytest.mark.django_db
def test_delivery_art61_method_shows_on_the_case_page_without_a_fine(register, walk, officer_user, client):
    case = register()
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["warning"]}),
                ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}))
    case = case_transition(case=case, action="deliver", actor=officer_user, delivery_method="post",
                           tracking_number="EMS777")
    client.force_login(officer_user)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="delivery"' in page and "邮寄送达" in page and "EMS777" in page


@pytest.mark.django_db
def test_public_notice_art61_published_in_time_is_not_a_late_delivery(register, walk, officer_user):
    case = decided(register, walk, officer_user)
    notice = case.decided_on
    case = case_transition(case=case, action="deliver", actor=officer_user, delivery_method="public_notice",
                           notice_on=str(notice), reason="当事人下落不明", today=notice + D(30))
    assert case.delivered_on > case.delivery_deadline and case.delivered_late is False


@pytest.mark.django_db
def test_delivery_art61_receipt_names_the_no_penalty_decision_it_delivers(register):
    from cases.models import Case
    from cases.services.documents import document_generate

    case = register()
    Case.objects.filter(pk=case.pk).update(decision_type="no_penalty", decided_on=date.today())
    document = document_generate(case_id=case.pk, kind=DocumentKind.DELIVERY_RECEIPT)
    text = "".join(subprocess.run([shutil.which("pdftotext"), document.file.path, "-"],  # noqa: S603
                                  capture_output=True, text=True, check=True).stdout.split())
    assert "不予行政处罚决定书" in text
