"""Publication of penalty decisions (行政处罚法 art. 48): public page without login and without citizens'
personal data, searchable and paginated, withdrawn when the decision is revoked."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

import pytest

from cases.models import Publication
from cases.services import case_transition
from cases.services.publication import mask_name, publish_missing
from enforcement.accounts.models import Role
from enforcement.core.workdays import add_workdays

from .factories import ORG_USCC, WAIVED

D = timedelta


def delivered(register, walk, officer_user, **overrides):
    case = register(fine=Decimal("1000"), **overrides)
    return walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "1000"}),
                ("record_statement", officer_user, WAIVED), ("decide", officer_user, {}),
                ("deliver", officer_user, {}))


def test_citizen_names_are_masked_art48():
    assert mask_name("王五") == "王*" and mask_name("欧阳娜娜") == "欧***"


@pytest.mark.django_db
def test_delivery_publishes_the_decision_within_the_period_art48(register, walk, officer_user):
    case = delivered(register, walk, officer_user)
    publication = Publication.objects.get(case=case)
    assert publication.due_by == add_workdays(case.decided_on, 20)
    assert publication.published_on <= publication.due_by
    assert publication.party == "王*" and publication.facts == "" and publication.fine_amount == Decimal("1000")


@pytest.mark.django_db
def test_public_page_needs_no_login_and_shows_no_personal_data_art48(register, walk, officer_user, client):
    case = delivered(register, walk, officer_user, party_name="王小五", party_address="人民路18号3幢",
                     party_phone="13812345678")
    response = client.get(reverse("public_decisions"))
    html = response.content.decode()
    assert response.status_code == 200 and "王**" in html
    for secret in ("王小五", "13812345678", "人民路18号3幢", case.code, "11010519491231002X"):
        assert secret not in html
    detail = client.get(reverse("public_decision", args=[case.publication.pk])).content.decode()
    assert "王小五" not in detail and case.facts not in detail


@pytest.mark.django_db
def test_public_pages_have_no_link_into_the_system(register, walk, officer_user, client):
    case = delivered(register, walk, officer_user)
    for url in (reverse("public_decisions"), reverse("public_decision", args=[case.publication.pk])):
        html = client.get(url).content.decode()
        links = [part.split('"', 1)[0] for part in html.split('href="')[1:]]
        assert all(link.startswith(("/public/decisions/", "/static/", "#", "?")) for link in links), links


@pytest.mark.django_db
def test_organisations_are_published_with_name_and_facts_art48(register, walk, officer_user, client):
    case = delivered(register, walk, officer_user, party_type="organisation", party_name="某某建材有限公司",
                     party_id_number=ORG_USCC)
    publication = Publication.objects.get(case=case)
    assert publication.party == "某某建材有限公司" and publication.facts == case.facts


@pytest.mark.django_db
def test_public_page_searches_by_item_and_date(register, walk, officer_user, client, item):
    case = delivered(register, walk, officer_user)
    url = reverse("public_decisions")
    assert case.publication.decision_number in client.get(url, {"item": item.code}).content.decode()
    assert case.publication.decision_number in client.get(url, {"item": "人行道"}).content.decode()
    assert case.publication.decision_number not in client.get(url, {"item": "不存在的事项"}).content.decode()
    later = str(case.decided_on + D(1))
    assert case.publication.decision_number not in client.get(url, {"date_from": later}).content.decode()
    bad = client.get(url, {"date_from": later, "date_to": str(case.decided_on)})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_public_page_is_paginated_twenty_a_page(register, walk, officer_user, client, monkeypatch):
    from cases import public

    monkeypatch.setattr(public, "PER_PAGE", 2)
    numbers = [delivered(register, walk, officer_user).publication.decision_number for _ in range(3)]
    first = client.get(reverse("public_decisions")).content.decode()
    second = client.get(reverse("public_decisions"), {"page": 2}).content.decode()
    assert sum(n in first for n in numbers) == 2 and sum(n in second for n in numbers) == 1
    assert client.get(reverse("public_decisions"), {"page": "x"}).status_code == 200


@pytest.mark.django_db
def test_revoked_decision_is_withdrawn_from_the_public_page_art48(register, walk, officer_user, users, client):
    case = delivered(register, walk, officer_user)
    legal = users[Role.DISTRICT_REVIEWER]
    case = case_transition(case=case, action="file_appeal", actor=legal, kind="review", body="某县人民政府")
    case_transition(case=case, action="record_appeal_outcome", actor=legal, outcome="revoked", note="撤销")
    publication = Publication.objects.get(case=case)
    assert publication.withdrawn_on is not None
    assert publication.decision_number not in client.get(reverse("public_decisions")).content.decode()
    assert client.get(reverse("public_decision", args=[publication.pk])).status_code == 404


@pytest.mark.django_db
def test_daily_task_publishes_decisions_delivered_without_publication(register, walk, officer_user):
    case = delivered(register, walk, officer_user)
    Publication.objects.filter(case=case).delete()
    assert publish_missing() == 1 and Publication.objects.filter(case=case).exists()
    assert publish_missing() == 0
