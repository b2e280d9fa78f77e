"""The case list at 1,000,000 cases (issue 14): filters written so that an index serves them, keyset
pagination, a capped count without the list's joins. Speed itself is measured by `make benchmark`; these
tests pin the behaviour and the SQL shape (query counts, the SQL the planner gets)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from cases import selectors, selectors_mine
from cases.models import Case, Status
from enforcement.accounts.models import Role
from enforcement.core.pagination import (
    COUNT_CAP,
    InvalidCursor,
    KeysetPaginator,
    capped_count,
    compile_keys_statement,
    count_statement_from_keys,
)
from townships.tests.factories import OfficerFactory

from .factories import CaseFactory

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def codes(qs):
    return [case.code for case in qs]


def test_registration_date_filter_is_a_half_open_range_of_local_days(users, township):
    day = date(2026, 3, 10)
    inside_first = CaseFactory(township=township, created_at=at(day, 0, 0))
    inside_last = CaseFactory(township=township, created_at=at(day, 23, 59))
    CaseFactory(township=township, created_at=at(day + timedelta(days=1), 0, 0))
    CaseFactory(township=township, created_at=at(day - timedelta(days=1), 23, 59))
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"date_from": day, "date_to": day})
    assert codes(qs) == [inside_last.code, inside_first.code]
    sql = str(qs.query)
    assert "AT TIME ZONE" not in sql and '"cases_case"."created_at" <' in sql  # sargable: no cast of the column


def test_case_date_is_the_filing_date_else_the_on_the_spot_decision_date(township):
    filed = CaseFactory(township=township, filed_on=date(2026, 1, 5), decided_on=date(2026, 2, 1))
    spot = CaseFactory(township=township, filed_on=None, decided_on=date(2026, 1, 7))
    neither = CaseFactory(township=township, filed_on=None, decided_on=None)
    stored = dict(Case.objects.values_list("code", "case_date"))
    assert stored == {filed.code: date(2026, 1, 5), spot.code: date(2026, 1, 7), neither.code: None}


def test_case_date_follows_a_later_filing(township):
    case = CaseFactory(township=township, filed_on=None, decided_on=None)
    Case.objects.filter(pk=case.pk).update(filed_on=date(2026, 4, 1))  # even a write outside the services
    assert Case.objects.get(pk=case.pk).case_date == date(2026, 4, 1)


def test_case_date_filter_reads_the_stored_column(users, township):
    CaseFactory(township=township, filed_on=date(2026, 1, 5))
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"case_date_from": "2026-01-01",
                                                               "case_date_to": "2026-01-31"})
    assert qs.count() == 1
    assert "COALESCE" not in str(qs.query) and '"cases_case"."case_date" >=' in str(qs.query)


def test_overdue_filter_is_open_cases_past_their_deadline_art60(users, township):
    today = date.today()
    overdue = CaseFactory(township=township, status=Status.NOTIFIED, deadline=today - timedelta(days=1))
    CaseFactory(township=township, status=Status.NOTIFIED, deadline=today)  # due today: not yet overdue
    CaseFactory(township=township, status=Status.DECIDED, deadline=today - timedelta(days=5))
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"overdue": "1"})
    assert codes(qs) == [overdue.code]


def test_mine_lists_cases_the_user_registered_or_handles_once_each(users, township):
    officer_user = users[Role.TOWNSHIP_OFFICER]
    me = OfficerFactory(township=township, user=officer_user)
    handled = CaseFactory(township=township, officers=[me, OfficerFactory(township=township)])
    both = CaseFactory(township=township, created_by=officer_user, officers=[me, OfficerFactory(township=township)])
    registered = CaseFactory(township=township, created_by=officer_user)
    CaseFactory(township=township)
    qs = selectors.case_list(actor=officer_user, filters={"mine": True})
    assert sorted(codes(qs)) == sorted([handled.code, both.code, registered.code])
    assert "DISTINCT" not in str(qs.query)


def test_mine_of_a_busy_officer_tests_each_case_with_exists(users, township, monkeypatch):
    monkeypatch.setattr(selectors_mine, "MINE_LISTED_MAX", 1)
    officer_user = users[Role.TOWNSHIP_OFFICER]
    me = OfficerFactory(township=township, user=officer_user)
    handled = [CaseFactory(township=township, officers=[me]) for _ in range(2)]
    registered = CaseFactory(township=township, created_by=officer_user)
    CaseFactory(township=township)
    qs = selectors.case_list(actor=officer_user, filters={"mine": True})
    assert sorted(codes(qs)) == sorted([c.code for c in handled] + [registered.code])
    sql = str(qs.query)
    assert "EXISTS" in sql and "DISTINCT" not in sql


def test_mine_counts_a_case_registered_and_handled_twice_before_choosing_the_id_list(users, township, monkeypatch):
    """Four rows for three cases, two allowed: the first three rows read hold two distinct cases, yet the list is
    cut, so EXISTS must decide (the cut-off registered case would be missing from an id list)."""
    monkeypatch.setattr(selectors_mine, "MINE_LISTED_MAX", 2)
    officer_user = users[Role.TOWNSHIP_OFFICER]
    me = OfficerFactory(township=township, user=officer_user)
    both = CaseFactory(township=township, created_by=officer_user, officers=[me])
    handled = CaseFactory(township=township, officers=[me])
    registered = CaseFactory(township=township, created_by=officer_user)
    qs = selectors.case_list(actor=officer_user, filters={"mine": True})
    assert sorted(codes(qs)) == sorted([both.code, handled.code, registered.code])


def test_mine_of_a_user_with_no_cases_is_empty(users, township):
    CaseFactory(township=township)
    assert codes(selectors.case_list(actor=users[Role.STAFF], filters={"mine": True})) == []


@pytest.mark.parametrize("term", ["王伟", "王", "伟明", "王伟明", "恒达"])
def test_search_finds_party_names_containing_the_term(users, township, term):
    names = ["王伟明", "张王伟明", "宁波恒达建材有限公司", "李娜"]
    for name in names:
        CaseFactory(township=township, party_name=name)
    found = {c.party_name for c in selectors.case_list(actor=users[Role.STAFF], filters={"q": term})}
    assert found == {name for name in names if term in name}


def test_search_by_pairs_needs_the_term_itself_not_only_its_pairs(users, township):
    CaseFactory(township=township, party_name="王小伟明")  # has 王小, 伟明 but not "王伟明"
    assert not selectors.case_list(actor=users[Role.STAFF], filters={"q": "王伟明"}).exists()


def test_search_is_case_insensitive_for_latin_names(users, township):
    CaseFactory(township=township, party_name="ABC Trading 有限公司")
    assert selectors.case_list(actor=users[Role.STAFF], filters={"q": "abc tr"}).count() == 1


def test_search_matches_code_fragments_of_three_characters_or_the_whole_code(users, township):
    case = CaseFactory(township=township, code="330299-CF-2026-0001234-7")
    CaseFactory(township=township, code="330299-CF-2026-0009999-1")
    staff = users[Role.STAFF]
    assert codes(selectors.case_list(actor=staff, filters={"q": "0001234"})) == [case.code]
    assert codes(selectors.case_list(actor=staff, filters={"q": "330299-cf-2026-0001234-7"})) == [case.code]
    assert selectors.case_list(actor=staff, filters={"q": "12"}).count() == 0  # too short for a fragment


def test_search_by_id_number_goes_through_the_keyed_hash_never_plaintext(users, township):
    from cases.services.party import party_id_hash

    from .factories import CITIZEN_ID

    case = CaseFactory(township=township, party_id_hash=party_id_hash(CITIZEN_ID))
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"q": CITIZEN_ID})
    assert codes(qs) == [case.code]
    assert CITIZEN_ID not in str(qs.query).replace(f"LIKE UPPER(%{CITIZEN_ID}%)", "")


def test_capped_count_counts_bare_rows_without_the_list_joins(users, township):
    CaseFactory.create_batch(3, township=township)
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"domain": "x"})
    with CaptureQueriesContext(connection) as queries:
        assert capped_count(selectors.case_list(actor=users[Role.STAFF])) == 3
        capped_count(qs)
    for query in queries.captured_queries:
        assert "JOIN" not in query["sql"], query["sql"]
    assert capped_count(selectors.case_list(actor=users[Role.STAFF]), cap=2) == 3  # cap + 1: "more than 2"


def test_a_list_over_the_cap_is_remembered_and_a_shorter_one_counted_every_time(users, township, monkeypatch):
    from enforcement.core import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    CaseFactory.create_batch(3, township=township)
    large = selectors.case_list(actor=users[Role.STAFF], filters={"township": township.code})
    assert capped_count(large, cap=2) == 3
    with CaptureQueriesContext(connection) as again:
        assert capped_count(large, cap=2) == 3  # "more than 2", without counting again
    assert len(again) == 0
    short = selectors.case_list(actor=users[Role.STAFF], filters={"township": township.code, "status": "closed"})
    with CaptureQueriesContext(connection) as each_time:
        assert capped_count(short, cap=2) == capped_count(short, cap=2) == 0
    assert len(each_time) == 2


@pytest.mark.parametrize("filters", [{}, {"status": "investigating"}, {"q": "张"}, {"domain": "x"}, {"mine": "1"},
                                     {"township": "t-none"}, {"overdue": "1"}, {"major": "1"},
                                     {"date_from": "2026-05-01", "date_to": "2026-05-31"},
                                     {"case_date_from": "2026-05-01", "overdue_on": "2026-05-31"}])
@pytest.mark.parametrize("start", [0, 100])
def test_the_count_cut_from_a_pages_keys_is_the_statement_django_compiles_for_it(users, township, filters, start):
    CaseFactory(township=township, created_by=users[Role.STAFF])  # "mine" holds a case: an id list, not nothing
    qs = selectors.case_list(actor=users[Role.STAFF], filters=filters)
    keys = KeysetPaginator.keys(qs, ("-created_at", "-id"), start, start + 51).query.sql_with_params()
    expected = qs.select_related(None).order_by().values("pk")[:COUNT_CAP + 1].query.sql_with_params()
    assert count_statement_from_keys(qs, keys, ("-created_at", "-id")) == expected
    assert count_statement_from_keys(qs, keys, ("-created_at", "-id"), cap=9)[0].endswith(" LIMIT 10")


@pytest.mark.parametrize("filters", [{}, {"status": "investigating"}, {"q": "张"}, {"domain": "x"}, {"mine": "1"},
                                     {"township": "t-none"}, {"overdue": "1"}, {"major": "1"},
                                     {"date_from": "2026-05-01", "date_to": "2026-05-31"},
                                     {"case_date_from": "2026-05-01", "overdue_on": "2026-05-31"}])
@pytest.mark.parametrize("ordering", [("-created_at", "-id"), ("created_at", "id")])
def test_a_pages_keys_compiled_without_ordering_are_the_statement_django_compiles(users, township, filters, ordering):
    CaseFactory(township=township, created_by=users[Role.STAFF])
    qs = selectors.case_list(actor=users[Role.STAFF], filters=filters)
    after = qs.filter(created_at__lt=timezone.now())  # a cursor page's extra condition
    for listed, start in ((qs, 0), (qs, 100), (after, 0)):
        expected = KeysetPaginator.keys(listed, ordering, start, start + 51).query.sql_with_params()
        assert compile_keys_statement(listed, ordering, start, start + 51) == expected


def test_keys_of_a_distinct_list_are_compiled_by_django_with_their_ordering(users, township):
    qs = selectors.case_list(actor=users[Role.STAFF]).distinct()
    expected = KeysetPaginator.keys(qs, ("-created_at", "-id"), 0, 51).query.sql_with_params()
    assert compile_keys_statement(qs, ("-created_at", "-id"), 0, 51) == expected


def test_no_count_is_cut_from_the_keys_of_a_distinct_or_annotated_list(users, township):
    from django.db.models import F

    for qs in (selectors.case_list(actor=users[Role.STAFF]).distinct(),
               selectors.case_list(actor=users[Role.STAFF]).annotate(item_code=F("item__code"))):
        keys = KeysetPaginator.keys(qs, ("-created_at", "-id"), 0, 51).query.sql_with_params()
        assert count_statement_from_keys(qs, keys, ("-created_at", "-id")) is None


def test_api_and_page_count_from_the_compiled_keys_and_count_right(client_for, client, users, township, monkeypatch):
    from enforcement.core import pagination

    CaseFactory.create_batch(3, township=township)
    statements = []
    counting = pagination.capped_count

    def spy(queryset, cap=COUNT_CAP, statement=None):
        statements.append(statement)
        return counting(queryset, cap, statement)

    monkeypatch.setattr(pagination, "capped_count", spy)
    body = client_for(users[Role.STAFF]).get("/api/v1/cases/", {"page_size": 2, "page": 2}).json()
    assert body["count"] == 3 and [len(body["results"]), body["previous"] is not None] == [1, True]
    client.force_login(users[Role.STAFF])
    assert client.get(reverse("cases:list")).context["page"].count == 3
    assert len(statements) == 2 and all(statement is not None for statement in statements)


def _world(township, n=7):
    start = at(date(2026, 5, 1), 9)
    same = start + timedelta(hours=5)
    cases = [CaseFactory(township=township, created_at=start + timedelta(hours=i)) for i in range(n - 2)]
    cases += [CaseFactory(township=township, created_at=same) for _ in range(2)]  # a tie on created_at
    return sorted(cases, key=lambda c: (c.created_at, c.pk), reverse=True)


def test_keyset_pages_walk_every_row_once_forward_and_back_with_ties(users, township):
    expected = [c.code for c in _world(township)]
    paginator = KeysetPaginator(selectors.case_list(actor=users[Role.STAFF]), per_page=3)
    pages, page = [], paginator.page()
    while True:
        pages.append([c.code for c in page])
        if not page.has_next:
            break
        page = paginator.page(page.next_cursor)
    assert sum(pages, []) == expected and [len(p) for p in pages] == [3, 3, 1]
    back = paginator.page(paginator.page(page.previous_cursor).previous_cursor)
    assert [c.code for c in back] == expected[:3] and not back.has_previous


def test_keyset_refuses_a_tampered_cursor(users, township):
    paginator = KeysetPaginator(selectors.case_list(actor=users[Role.STAFF]), per_page=3)
    for cursor in ("nonsense", "WyJuIl0", "WyJ4IiwgIjIwMjYtMDEtMDEiLCAxXQ", "WyJuIiwgIm5vdCBhIGRhdGUiLCAxXQ"):
        with pytest.raises(InvalidCursor):
            paginator.page(cursor)


def test_api_deep_pages_follow_cursor_links_with_constant_queries(client_for, users, township):
    _world(township, n=9)
    api = client_for(users[Role.STAFF])
    first = api.get("/api/v1/cases/", {"page_size": 2}).json()
    url, seen, counts = first["next"], [c["code"] for c in first["results"]], []
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = api.get(url).json()
        counts.append(len(queries))
        seen += [c["code"] for c in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 9 and len(set(counts)) == 1
    assert api.get("/api/v1/cases/", {"cursor": "garbage"}).status_code == 404


def test_api_previous_link_of_a_cursor_page_returns_the_page_before(client_for, users, township):
    _world(township, n=6)
    api = client_for(users[Role.STAFF])
    first = api.get("/api/v1/cases/", {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    assert api.get(second["previous"]).json()["results"] == first["results"]


def test_case_list_page_pages_by_cursor_and_shows_the_capped_count(client, users, township, monkeypatch):
    from cases import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    expected = [c.code for c in _world(township, n=5)]
    client.force_login(users[Role.STAFF])
    response = client.get(reverse("cases:list"), {"status": Status.INVESTIGATING})
    page = response.context["page"]
    assert [c.code for c in page] == expected[:2] and not page.count_exact and page.count == 3
    html = response.content.decode()
    assert "cursor=" in html and "status=investigating&amp;cursor=" in html
    second = client.get(reverse("cases:list"), {"status": Status.INVESTIGATING, "cursor": page.next_cursor})
    assert [c.code for c in second.context["page"]] == expected[2:4]
    assert client.get(reverse("cases:list"), {"cursor": "garbage"}).status_code == 200  # back to page 1


def test_case_list_page_query_count_does_not_grow_with_depth(client, users, township, monkeypatch):
    from cases import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    _world(township, n=7)
    client.force_login(users[Role.STAFF])
    page = client.get(reverse("cases:list")).context["page"]
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("cases:list"))
    third = client.get(reverse("cases:list"), {"cursor": page.next_cursor}).context["page"].next_cursor
    with CaptureQueriesContext(connection) as deep:
        client.get(reverse("cases:list"), {"cursor": third})
    assert len(deep) == len(first)


def _orm_pages(monkeypatch, paginator, cursors):
    from enforcement.core import pagination

    with monkeypatch.context() as patched:
        patched.setattr(pagination, "_fetch_values_by_keys", lambda *args: None)
        return [paginator.page(cursor).object_list for cursor in cursors]


@pytest.mark.parametrize("filters", [{}, {"status": "investigating"}, {"q": "张"}, {"domain": "x"}, {"mine": "1"},
                                     {"township": "t-none"}])
def test_keyset_rows_by_the_precompiled_statement_equal_the_orms_values(monkeypatch, users, township, filters):
    from cases.serializers import LIST_FIELDS

    _world(township, n=9)
    CaseFactory(township=township, party_name="张三", status=Status.INVESTIGATING)
    qs = selectors.case_list(actor=users[Role.STAFF], filters=filters)
    paginator = KeysetPaginator(qs, per_page=3, values=LIST_FIELDS)
    first = paginator.page()
    cursors = [None] + ([first.next_cursor] if first.next_cursor else [])
    if first.next_cursor and paginator.page(first.next_cursor).previous_cursor:
        cursors.append(paginator.page(first.next_cursor).previous_cursor)
    fast = [paginator.page(cursor).object_list for cursor in cursors]
    assert fast == _orm_pages(monkeypatch, paginator, cursors)
    assert filters or [row["code"] for row in fast[0]] == codes(qs[:3])


@pytest.mark.parametrize("filters", [{}, {"status": "investigating"}, {"q": "张"}, {"township": "t-none"}])
def test_keyset_rows_as_tuples_are_the_orms_values_list_and_page_as_the_dicts_do(monkeypatch, users, township,
                                                                                  filters):
    from cases.serializers import LIST_FIELDS

    _world(township, n=9)
    CaseFactory(township=township, party_name="张三", status=Status.INVESTIGATING)
    qs = selectors.case_list(actor=users[Role.STAFF], filters=filters)
    as_tuples = KeysetPaginator(qs, per_page=3, values=LIST_FIELDS, tuples=True)
    as_dicts = KeysetPaginator(qs, per_page=3, values=LIST_FIELDS)
    cursors, page = [None], as_tuples.page()
    while page.next_cursor:  # every page forward, then one back
        cursors.append(page.next_cursor)
        page = as_tuples.page(page.next_cursor)
    if page.previous_cursor:
        cursors.append(page.previous_cursor)
    fast = [as_tuples.page(cursor).object_list for cursor in cursors]
    assert fast == _orm_pages(monkeypatch, as_tuples, cursors)
    assert [[tuple(row.values()) for row in as_dicts.page(cursor).object_list] for cursor in cursors] == fast
    assert [as_tuples.page(cursor).next_cursor for cursor in cursors] == [
        as_dicts.page(cursor).next_cursor for cursor in cursors]
    assert sum(map(len, fast[:len(cursors) - (1 if page.previous_cursor else 0)])) == qs.count()


def test_keyset_rows_compile_the_outer_statement_once_per_process(users, township):
    from cases.serializers import LIST_FIELDS
    from enforcement.core import pagination

    _world(township, n=5)
    pagination._outer_statements.clear()
    for filters in ({}, {"status": "closed"}, {"township": township.code}):
        KeysetPaginator(selectors.case_list(actor=users[Role.STAFF], filters=filters), values=LIST_FIELDS).page()
    assert len(pagination._outer_statements) == 1
    (sql, names), = pagination._outer_statements.values()
    assert names == list(LIST_FIELDS) and sql.count(pagination._KEYS_MARKER) == 1


def test_keyset_rows_of_an_annotation_keep_the_orm_path(users, township):
    from django.db.models import F

    _world(township, n=4)
    qs = selectors.case_list(actor=users[Role.STAFF]).annotate(item_code=F("item__code"))
    rows = KeysetPaginator(qs, per_page=2, values=("id", "code", "created_at", "item_code")).page().object_list
    assert [row["code"] for row in rows] == codes(qs[:2]) and rows[0]["item_code"]


def test_keyset_rows_of_an_empty_queryset_are_empty_without_a_query(users, township):
    from cases.serializers import LIST_FIELDS

    with CaptureQueriesContext(connection) as queries:
        page = KeysetPaginator(Case.objects.none(), values=LIST_FIELDS).page()
    assert page.object_list == [] and not page.has_next and len(queries) == 0


def test_a_busy_officer_is_remembered_and_lists_by_exists_without_reading_the_ids(users, township, monkeypatch):
    monkeypatch.setattr(selectors_mine, "MINE_LISTED_MAX", 1)
    officer_user = users[Role.TOWNSHIP_OFFICER]
    me = OfficerFactory(township=township, user=officer_user)
    handled = [CaseFactory(township=township, officers=[me]) for _ in range(2)]
    from django.core.cache import cache

    cache.delete(selectors_mine._busy_key(officer_user))
    selectors.case_list(actor=officer_user, filters={"mine": True})  # reads the ids: more than one, busy
    with CaptureQueriesContext(connection) as queries:
        qs = selectors.case_list(actor=officer_user, filters={"mine": True})
    assert len(queries) == 0 and "EXISTS" in str(qs.query)
    assert sorted(codes(qs)) == sorted(c.code for c in handled)


def test_api_list_reads_the_cases_table_alone_and_shows_renamed_labels_at_once(client_for, users, township):
    case = CaseFactory(township=township)
    api = client_for(users[Role.STAFF])
    api.get("/api/v1/cases/")
    with CaptureQueriesContext(connection) as queries:
        row = api.get("/api/v1/cases/").json()["results"][0]
    assert row["item_name"] == case.item.name and row["township_name"] == township.name
    assert [q["sql"] for q in queries.captured_queries if "JOIN" in q["sql"]] == []
    case.item.name, township.name = "新的事项名称", "新的镇名"
    case.item.save()
    township.save()
    row = api.get("/api/v1/cases/").json()["results"][0]
    assert (row["item_name"], row["township_name"]) == ("新的事项名称", "新的镇名")


def test_township_filter_takes_the_id_from_the_label_copy(users, township, other_township):
    mine = CaseFactory(township=township)
    CaseFactory(township=other_township)
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"township": township.code})
    assert codes(qs) == [mine.code]
    where = str(qs.query).split(" WHERE ", 1)[1]
    assert f'"cases_case"."township_id" = {township.pk}' in where and "SELECT" not in where  # no subquery


def test_township_the_label_copy_lacks_resolves_in_the_database(users, township):
    from townships.labels import township_labels
    from townships.models import Township

    township_labels.get([township.pk])
    # written around the signals, as another process's new township looks to this copy for a moment
    [created] = Township.objects.bulk_create([Township(code="newtown", name="新设镇")])
    case = CaseFactory(township=created)
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"township": "newtown"})
    assert codes(qs) == [case.code]
    assert 'FROM "townships_township" U0' in str(qs.query).split(" WHERE ", 1)[1]  # the subquery, not an id


def test_unknown_township_or_item_code_lists_nothing(users, township):
    CaseFactory(township=township)
    for name in ("township", "item"):
        assert not selectors.case_list(actor=users[Role.STAFF], filters={name: "no-such-code"}).exists()


def test_api_mine_of_a_user_with_no_cases_is_an_empty_page_with_a_zero_count(client_for, users, township):
    CaseFactory(township=township)
    api = client_for(users[Role.STAFF])
    api.get("/api/v1/cases/", {"mine": "1"})  # the user's (empty) id list is read, then nothing can match
    body = api.get("/api/v1/cases/", {"mine": "1"}).json()
    assert (body["count"], body["count_exact"], body["results"], body["next"]) == (0, True, [], None)
    assert api.get("/api/v1/cases/", {"mine": "1", "page": 2}).status_code == 404


def test_the_domain_filter_lists_the_cases_of_the_domains_items_from_the_label_copy(users, township):
    from catalog.tests.factories import DomainFactory, ItemFactory

    domain, other = DomainFactory(), DomainFactory()
    inside = [CaseFactory(township=township, item=ItemFactory(domain=domain)) for _ in range(2)]
    CaseFactory(township=township, item=ItemFactory(domain=other))
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"domain": domain.code})
    assert set(qs.values_list("pk", flat=True)) == {case.pk for case in inside}
    where = str(qs.query).split(" WHERE ", 1)[1]
    assert "catalog_" not in where  # ids from the copy, no subquery of the catalogue tables


def test_the_domain_filter_of_a_domain_the_copy_lacks_asks_the_database(users, township, monkeypatch):
    from catalog.labels import item_labels
    from catalog.tests.factories import ItemFactory

    case = CaseFactory(township=township, item=ItemFactory())
    monkeypatch.setattr(item_labels, "ids_of", lambda *args, **kwargs: ())  # e.g. created a moment ago
    qs = selectors.case_list(actor=users[Role.STAFF], filters={"domain": case.item.domain.code})
    assert list(qs.values_list("pk", flat=True)) == [case.pk]
    assert not selectors.case_list(actor=users[Role.STAFF], filters={"domain": "none-such"}).exists()
