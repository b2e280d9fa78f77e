from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest

from catalog.models import Adjustment, ImportJob, Item
from catalog.services import fileformat as ff
from catalog.services import item_amend, item_retire
from enforcement.accounts.models import Role

pytestmark = pytest.mark.django_db


def web(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def some_items(make_item, other_domain):
    for n in range(8):
        make_item(code=f"C{n:02d}", name=f"对占用道路经营第{n}类的行政处罚", no_penalty=n < 2, correction_first=n == 3)
    make_item(code="F01", name="对埋压消火栓的行政处罚", domain="fire")


@pytest.mark.parametrize("name, kwargs", [
    ("catalog:index", {}),
    ("catalog:item_list", {}),
    ("catalog:item_detail", {"code": "C01"}),
    ("catalog:special_list", {"name": "no_penalty"}),
    ("catalog:special_list", {"name": "correction_first"}),
    ("catalog:special_list", {"name": "warning_only"}),
    ("catalog:adjustment_list", {}),
    ("catalog:empowerment_matrix", {}),
])
@pytest.mark.parametrize("role", [Role.STAFF, Role.TOWNSHIP_OFFICER, Role.LEADER, Role.LIAISON])
def test_pages_open_for_business_roles(some_items, users, name, kwargs, role):
    response = web(users[role]).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


def test_auditor_gets_403_on_catalogue_pages(some_items, users):
    assert web(users[Role.AUDITOR]).get(reverse("catalog:index")).status_code == 403


def test_anonymous_is_sent_to_login(some_items):
    response = Client().get(reverse("catalog:item_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_pinyin_search_on_the_list_page(some_items, users):
    response = web(users[Role.STAFF]).get(reverse("catalog:item_list"), {"search": "zydl"})
    assert "C01" in response.content.decode() and "F01" not in response.content.decode()


def test_invalid_filter_shows_an_error_not_a_500(some_items, users):
    response = web(users[Role.STAFF]).get(reverse("catalog:item_list"), {"as_of": "2024-99-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["as_of"]


@pytest.mark.parametrize("name, params", [("catalog:item_list", {}), ("catalog:item_list", {"as_of": "2023-01-01"}),
                                          ("catalog:index", {}), ("catalog:adjustment_list", {}),
                                          ("catalog:empowerment_matrix", {}), ("catalog:import", {}),
                                          ("catalog:special_list", {})])
def test_list_pages_have_a_constant_query_count(make_item, users, django_assert_max_num_queries, name, params):
    client = web(users[Role.STAFF])
    client.get(reverse(name, kwargs=KWARGS.get(name, {})), params)  # warm the session
    counts = []
    for batch in range(2):
        for n in range(10):
            item = make_item(code=f"B{batch}{n}", no_penalty=True)
            item_amend(actor=None, item=item, changes={"fine_max": 3000}, reason="law_change",
                       effective_date=date(2024, 1, 1))
        with django_assert_max_num_queries(14) as ctx:
            assert client.get(reverse(name, kwargs=KWARGS.get(name, {})), params).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_item_detail_shows_history_with_changes(make_item, users):
    item = make_item(code="H1")
    item_amend(actor=users[Role.STAFF], item=item, changes={"fine_max": 3000}, reason="law_change",
               document_number="海司发〔2024〕7号", effective_date=date(2024, 1, 1))
    page = web(users[Role.LEADER]).get(reverse("catalog:item_detail", args=["H1"])).content.decode()
    assert "海司发〔2024〕7号" in page and "3000.00" in page and "1000.00" in page


def test_item_detail_as_of_shows_old_values(make_item, users):
    item = make_item(code="H1")
    item_amend(actor=None, item=item, changes={"name": "新名称的事项"}, reason="law_change",
               effective_date=date(2024, 1, 1))
    client = web(users[Role.LEADER])
    old = client.get(reverse("catalog:item_detail", args=["H1"]), {"as_of": "2023-05-05"})
    assert "对擅自占用道路堆放物料的行政处罚" in old.context["item"].name
    assert client.get(reverse("catalog:item_detail", args=["H1"]), {"as_of": "2020-01-01"}).status_code == 404


def test_amend_button_only_for_managers(some_items, users):
    url = reverse("catalog:item_detail", args=["C01"])
    assert 'id="amend-item"' in web(users[Role.STAFF]).get(url).content.decode()
    assert 'id="amend-item"' not in web(users[Role.TOWNSHIP_OFFICER]).get(url).content.decode()
    assert web(users[Role.TOWNSHIP_OFFICER]).get(reverse("catalog:item_amend", args=["C01"])).status_code == 403
    assert web(users[Role.TOWNSHIP_OFFICER]).post(reverse("catalog:item_amend", args=["C01"]), {}).status_code == 403


KWARGS = {"catalog:special_list": {"name": "no_penalty"}}


def _amend_form(item, **overrides):
    data = {"adj-reason": "law_change", "adj-document_number": "海司发〔2024〕2号", "adj-effective_date": "2024-06-01",
            "item-name": item.name, "item-domain": item.domain.code, "item-power_type": item.power_type,
            "item-tier": item.tier, "item-violation_law": item.violation_law,
            "item-violation_article": item.violation_article, "item-penalty_law": item.penalty_law,
            "item-penalty_article": item.penalty_article, "item-penalty_kinds": item.penalty_kinds,
            "item-fine_min": item.fine_min, "item-fine_max": item.fine_max}
    data.update(overrides)
    return data


def test_amend_page_preselects_the_domain_by_code(some_items, users):
    page = web(users[Role.STAFF]).get(reverse("catalog:item_amend", args=["C01"])).content.decode()
    assert '<option value="city_appearance" selected>' in page


def test_staff_records_an_amendment_through_the_page(some_items, users):
    item = Item.objects.get(code="C01")
    response = web(users[Role.STAFF]).post(reverse("catalog:item_amend", args=["C01"]),
                                           _amend_form(item, **{"item-fine_max": "4000"}))
    assert response.status_code == 302
    adjustment = Adjustment.objects.get(item=item, kind="amend")
    assert adjustment.after["fine_max"] == "4000.00"
    assert adjustment.after["no_penalty"] is False  # unchecked box: the page's form is the whole item


def test_amend_page_shows_errors_next_to_fields(some_items, users):
    item = Item.objects.get(code="C01")
    response = web(users[Role.STAFF]).post(reverse("catalog:item_amend", args=["C01"]),
                                           _amend_form(item, **{"item-fine_min": "9000"}))
    assert response.status_code == 200
    assert response.context["fields_form"].errors["fine_max"]
    assert not Adjustment.objects.filter(kind="amend").exists()


def test_amend_page_of_a_retired_item_refuses(some_items, users):
    item_retire(actor=None, item=Item.objects.get(code="C01"), reason="evaluation", effective_date=date(2024, 1, 1))
    response = web(users[Role.STAFF]).get(reverse("catalog:item_amend", args=["C01"]), follow=True)
    assert response.redirect_chain and "C01" in response.content.decode()


def test_retire_page(some_items, users):
    response = web(users[Role.STAFF]).post(reverse("catalog:item_retire", args=["C02"]), {
        "reason": "evaluation", "effective_date": "2024-06-01"})
    assert response.status_code == 302
    assert Item.objects.get(code="C02").status == "retired"


def test_export_follows_the_filters(some_items, users):
    response = web(users[Role.LEADER]).get(reverse("catalog:export", args=["csv"]), {"special_list": "no_penalty"})
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].split(",") == ff.HEADERS
    assert len(lines) == 3


def test_export_xlsx_downloads(some_items, users):
    response = web(users[Role.LEADER]).get(reverse("catalog:export", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def _csv_upload(content, name="items.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_web_import_runs_the_task_and_reports(some_items, users, django_capture_on_commit_callbacks):
    from catalog.services.exporting import export_csv

    content = export_csv(Item.objects.select_related("domain").order_by("code"))
    content = content.decode("utf-8-sig").replace("C07,对占用道路经营第7类", "C07,对占用道路经营第七类").encode("gbk")
    client = web(users[Role.STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("catalog:import"),
                               {"file": _csv_upload(content), "effective_date": "2024-06-01"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and str(job.token) in response["Location"]
    job.refresh_from_db()
    assert job.status == "succeeded" and job.updated_count == 1 and job.unchanged_count == 8
    status = client.get(reverse("catalog:import_status", args=[job.token])).json()
    assert status == {"status": "succeeded", "status_display": status["status_display"], "percent": 100,
                      "processed": 9, "total": 9, "finished": True}
    assert Item.objects.get(code="C07").name == "对占用道路经营第七类的行政处罚"


def test_web_import_with_errors_lists_them_and_writes_nothing(some_items, users, django_capture_on_commit_callbacks):
    content = (",".join(ff.HEADERS) + "\nZ1,名称,不存在,行政处罚,乡镇\n").encode()
    client = web(users[Role.STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("catalog:import"), {"file": _csv_upload(content)})
    job = ImportJob.objects.get()
    page = client.get(reverse("catalog:import_job", args=[job.token])).content.decode()
    assert job.status == "failed" and "执法领域" in page
    assert not Item.objects.filter(code="Z1").exists()


@pytest.mark.parametrize("name, content", [("items.csv", b""), ("items.xls", b"\xd0\xcf"), ("x.pdf", b"%PDF")])
def test_web_import_refuses_bad_files_at_upload(users, name, content):
    response = web(users[Role.STAFF]).post(reverse("catalog:import"), {"file": _csv_upload(content, name)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_web_import_refuses_a_20_mb_file(users, settings):
    big = _csv_upload(b"a" * (20 * 1024 * 1024))
    response = web(users[Role.STAFF]).post(reverse("catalog:import"), {"file": big})
    assert "20.0" in str(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


def test_web_import_malformed_xlsx_fails_with_a_message(users, django_capture_on_commit_callbacks):
    client = web(users[Role.STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("catalog:import"), {"file": _csv_upload(b"PK\x03\x04garbage", "broken.xlsx")})
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.message


@pytest.mark.parametrize("role", [Role.TOWNSHIP_OFFICER, Role.LEADER, Role.LIAISON])
def test_import_pages_are_for_managers_only(users, role):
    assert web(users[role]).get(reverse("catalog:import")).status_code == 403


def test_template_download(users, domain):
    response = web(users[Role.TOWNSHIP_OFFICER]).get(reverse("catalog:import_template"))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_staff_sets_the_discretion_benchmark_on_the_amend_page(some_items, users):
    item = Item.objects.get(code="C01")
    client = web(users[Role.STAFF])
    response = client.post(reverse("catalog:item_amend", args=["C01"]), _amend_form(item, **{
        "tier-minor_conditions": "初次违法，及时改正", "tier-minor_fine_min": "100", "tier-minor_fine_max": "300",
        "tier-serious_conditions": "拒不改正", "tier-serious_fine_min": "600", "tier-serious_fine_max": "1000"}))
    assert response.status_code == 302
    assert list(item.discretion_tiers.order_by("fine_min").values_list("level", "fine_max")) == [
        ("minor", 300), ("serious", 1000)]
    adjustment = Adjustment.objects.get(item=item, kind="amend")
    assert [t["level"] for t in adjustment.after["discretion_tiers"]] == ["minor", "serious"]
    page = client.get(reverse("catalog:item_amend", args=["C01"]))
    assert page.context["tiers_form"]["minor_conditions"].initial == "初次违法，及时改正"


def test_discretion_band_outside_the_range_is_refused_on_the_page(some_items, users):
    item = Item.objects.get(code="C01")
    response = web(users[Role.STAFF]).post(reverse("catalog:item_amend", args=["C01"]), _amend_form(item, **{
        "tier-minor_conditions": "初次", "tier-minor_fine_min": "100", "tier-minor_fine_max": "99999"}))
    assert response.status_code == 200
    assert not item.discretion_tiers.exists()
    assert not Adjustment.objects.filter(kind="amend").exists()


def test_staff_adds_an_item_with_tiers(domain, users):
    response = web(users[Role.STAFF]).post(reverse("catalog:item_create"), {
        "item-code": "NEW1", "item-name": "对占用道路洗车的行政处罚", "item-domain": "city_appearance",
        "item-power_type": "penalty", "item-tier": "township", "item-penalty_kinds": ["fine"],
        "item-fine_min": "50", "item-fine_max": "500", "tier-general_conditions": "一般",
        "tier-general_fine_min": "50", "tier-general_fine_max": "500",
        "adj-reason": "law_change", "adj-effective_date": "2024-01-01"})
    assert response.status_code == 302
    created = Item.objects.get(code="NEW1")
    assert created.discretion_tiers.get().level == "general"
    assert created.adjustments.get().after["discretion_tiers"][0]["fine_max"] == "500.00"


def test_export_as_of_a_date_has_the_values_of_that_date(make_item, users):
    item = make_item(code="H1")
    item_amend(actor=None, item=item, changes={"fine_max": 3000}, reason="law_change", effective_date=date(2024, 1, 1))
    client = web(users[Role.LEADER])
    old = client.get(reverse("catalog:export", args=["csv"]), {"as_of": "2023-06-01"}).content.decode("utf-8-sig")
    now = client.get(reverse("catalog:export", args=["csv"])).content.decode("utf-8-sig")
    assert "1000.00" in old and "3000.00" not in old
    assert "3000.00" in now
