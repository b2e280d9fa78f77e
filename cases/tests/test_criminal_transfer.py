"""Transfer to the police or procuratorate (两法衔接; 《行政执法机关移送涉嫌犯罪案件的规定》)."""

from decimal import Decimal

import pytest

from cases.models import CriminalTransfer, Document, DocumentKind, Status
from cases.services import TransitionRefused, case_transition

from .articles import names_article
from .factories import WAIVED


def transferred(register, officer_user, django_capture_on_commit_callbacks=None):
    case = register(fine=Decimal("500"))
    return case_transition(case=case, action="transfer_to_police", actor=officer_user, body="某县公安局",
                           suspected_crime="非法经营罪", evidence_list="1. 现场检查笔录\n2. 询问笔录")


@pytest.mark.django_db
def test_transfer_records_body_crime_evidence_and_issues_the_letter(register, officer_user,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = transferred(register, officer_user)
    transfer = CriminalTransfer.objects.get(case=case)
    assert case.open_criminal_transfer == transfer and case.status == Status.INVESTIGATING
    assert transfer.body == "某县公安局" and "询问笔录" in transfer.evidence_list
    assert Document.objects.filter(case=case, kind=DocumentKind.CRIMINAL_TRANSFER).exists()


@pytest.mark.django_db
def test_no_penalty_decision_while_the_case_is_with_the_police_art11(register, walk, officer_user):
    case = register(fine=Decimal("500"))
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500"}),
                ("record_statement", officer_user, WAIVED))
    case = case_transition(case=case, action="transfer_to_police", actor=officer_user, body="某县公安局",
                           suspected_crime="非法经营罪", evidence_list="笔录")
    with pytest.raises(TransitionRefused) as exc:
        case_transition(case=case, action="decide", actor=officer_user)
    assert any(names_article(m, 11) for m in exc.value.messages)


@pytest.mark.django_db
def test_police_filing_ends_the_case_administratively(register, officer_user):
    case = transferred(register, officer_user)
    case = case_transition(case=case, action="record_police_receipt", actor=officer_user)
    assert CriminalTransfer.objects.get(case=case).received_on is not None
    case = case_transition(case=case, action="record_police_decision", actor=officer_user, decision="filed",
                           feedback="公安机关已立案侦查")
    assert case.status == Status.TRANSFERRED and case.transferred_to == "某县公安局"
    assert CriminalTransfer.objects.get(case=case).feedback == "公安机关已立案侦查"


@pytest.mark.django_db
def test_case_returned_by_the_police_continues_administratively(register, officer_user):
    case = transferred(register, officer_user)
    case = case_transition(case=case, action="record_police_decision", actor=officer_user, decision="returned",
                           feedback="不构成犯罪,退回")
    assert case.status == Status.INVESTIGATING and case.open_criminal_transfer is None
    case = case_transition(case=case, action="notify", actor=officer_user, penalty_kinds=["fine"], fine="500")
    assert case.status == Status.NOTIFIED


@pytest.mark.django_db
def test_one_open_transfer_at_a_time(register, officer_user):
    case = transferred(register, officer_user)
    with pytest.raises(TransitionRefused):
        case_transition(case=case, action="transfer_to_police", actor=officer_user, body="某县人民检察院",
                        suspected_crime="非法经营罪", evidence_list="笔录")
