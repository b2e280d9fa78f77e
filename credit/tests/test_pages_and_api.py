"""信用修复 through the API (one route and input per move, scoped, Chinese refusals) and the pages (list,
application, moves, the subject file's history)."""

import datetime

from django.urls import reverse

import pytest

from credit.models import CreditRepair, State
from enforcement.accounts.models import Role
from planning.tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_api_walks_an_application_to_repaired(publish, staff, client_for):
    publication = publish()
    api = client_for(staff)
    created = api.post(reverse("api:credit-repair-list"), {"publication": publication.pk, "request": "已整改"},
                       format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["actions"] == ["accept", "refuse", "withdraw"]
    for name, body in (("accept", {}), ("record-rectification", {"corrected": True, "correction_note": "已整改完毕",
                                                                   "commitment_on": TODAY.isoformat()}),
                       ("approve", {"effect": "mark"})):
        response = api.post(reverse(f"api:credit-repair-{name}", args=[pk]), body, format="json")
        assert response.status_code == 200, response.content
    assert response.json()["state"] == "approved" and response.json()["publication_repaired_on"] == TODAY.isoformat()


def test_api_refuses_an_early_application_in_chinese(publish, staff, client_for):
    response = client_for(staff).post(reverse("api:credit-repair-list"), {"publication": publish(days_ago=10).pk},
                                      format="json")
    assert response.status_code == 400 and "最短公示期" in response.content.decode()


def test_api_refuses_unknown_keys_and_future_dates(publish, staff, client_for):
    api = client_for(staff)
    publication = publish()
    bad = api.post(reverse("api:credit-repair-list"), {"publication": publication.pk, "sneaky": 1}, format="json")
    future = api.post(reverse("api:credit-repair-list"), {"publication": publication.pk,
                                                         "applied_on": "2999-01-01"}, format="json")
    assert bad.status_code == 400 and "sneaky" in bad.json()
    assert future.status_code == 400 and "applied_on" in future.json()
    assert not CreditRepair.objects.exists()


def test_api_hides_another_townships_decision(publish, make_user, other_township, client_for):
    stranger = make_user(Role.TOWNSHIP_OFFICER, township=other_township)
    response = client_for(stranger).post(reverse("api:credit-repair-list"), {"publication": publish().pk},
                                         format="json")
    assert response.status_code == 400 and not CreditRepair.objects.exists()


def test_list_api_is_scoped_with_constant_queries(publish, officer, make_user, other_township, client_for,
                                                   django_assert_max_num_queries):
    from credit import services

    for _ in range(3):
        services.repair_apply(actor=officer, publication=publish())
    stranger = make_user(Role.TOWNSHIP_OFFICER, township=other_township)
    assert client_for(stranger).get(reverse("api:credit-repair-list")).json()["count"] == 0
    api = client_for(officer)
    with django_assert_max_num_queries(8):
        assert api.get(reverse("api:credit-repair-list")).json()["count"] == 3


def test_pages_record_and_decide_an_application(publish, staff, client):
    publication = publish()
    client.force_login(staff)
    response = client.post(reverse("credit:apply", args=[publication.pk]), {"request": "罚款已缴清"})
    repair = CreditRepair.objects.get()
    assert response.status_code == 302 and response.url == reverse("credit:detail", args=[repair.code])
    page = client.get(response.url).content.decode()
    assert "受理" in page and repair.code in page
    client.post(reverse("credit:action", args=[repair.code, "accept"]), {})
    refused = client.post(reverse("credit:action", args=[repair.code, "approve"]), {"approve-effect": "mark"})
    assert refused.status_code == 400 and "信用承诺书" in refused.content.decode()
    client.post(reverse("credit:action", args=[repair.code, "record_rectification"]), {
        "record_rectification-corrected": "on", "record_rectification-correction_note": "已整改完毕",
        "record_rectification-commitment_on": TODAY.isoformat()})
    client.post(reverse("credit:action", args=[repair.code, "approve"]), {"approve-effect": "end"})
    repair.refresh_from_db()
    assert repair.state == State.APPROVED
    assert client.get(reverse("credit:list")).status_code == 200


def test_apply_page_shows_the_rule_next_to_the_form(publish, staff, client):
    publication = publish(days_ago=20)
    client.force_login(staff)
    response = client.post(reverse("credit:apply", args=[publication.pk]), {})
    assert response.status_code == 400 and "最短公示期" in response.content.decode()


def test_subject_file_shows_the_repair_history_and_the_apply_link(publish, staff, township, client):
    from enforcement.core import crypto

    subject = SubjectFactory(township=township)
    publication = publish(party_id_hash=crypto.keyed_hash(subject.uscc))
    client.force_login(staff)
    page = client.get(reverse("planning:subject_detail", args=[subject.uscc])).content.decode()
    assert reverse("credit:apply", args=[publication.pk]) in page
    from credit import services

    repair = services.repair_apply(actor=staff, publication=publication)
    page = client.get(reverse("planning:subject_detail", args=[subject.uscc])).content.decode()
    assert repair.code in page and "信用修复" in page
