"""access.can_see: may a user open an object's page? The same answer as access.scope (issue 13 item 6: only
links a role may open are shown), without a query where the loaded row tells."""

import pytest

from cases.tests.factories import CaseFactory
from enforcement.accounts import access
from enforcement.accounts.models import Role
from planning.tests.factories import YearPlanFactory


def _scope_says(user, obj):
    return access.scope(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


@pytest.mark.django_db
def test_can_see_agrees_with_scope_for_every_role_on_townships_cases_and_plans(users, township, other_township,
                                                                                department):
    objects = [township, other_township, CaseFactory(township=township), CaseFactory(township=other_township),
               YearPlanFactory(department=department), YearPlanFactory()]
    for user in users.values():
        for obj in objects:
            assert access.can_see(user, obj) == _scope_says(user, obj), (user.role, obj)


@pytest.mark.django_db
def test_a_township_officer_sees_their_own_township_only(users, township, other_township):
    officer = users[Role.TOWNSHIP_OFFICER]
    assert access.can_see(officer, township)
    assert not access.can_see(officer, other_township)


@pytest.mark.django_db
def test_a_liaison_sees_their_departments_plan_but_no_township(users, township, department):
    liaison = users[Role.LIAISON]
    assert access.can_see(liaison, YearPlanFactory(department=department))
    assert not access.can_see(liaison, YearPlanFactory())
    assert not access.can_see(liaison, township)


@pytest.mark.django_db
def test_can_see_answers_from_the_loaded_row_without_a_query_per_link(users, township, django_assert_num_queries):
    cases = [CaseFactory(township=township) for _ in range(3)]
    officer = users[Role.TOWNSHIP_OFFICER]
    with django_assert_num_queries(1):  # the townships the officer serves, looked up once
        assert all(access.can_see(officer, case) for case in cases)


@pytest.mark.django_db
def test_a_1_plus_x_hub_officer_sees_the_satellites_it_serves(make_user, township):
    from townships.models import Township
    from townships.tests.factories import TownshipFactory

    satellite = TownshipFactory(code="sat", name="辐射镇", hub=township, empowerment_mode=Township.EmpowermentMode.HUB)
    officer = make_user(Role.TOWNSHIP_OFFICER, username="hub_officer", township=township)
    assert access.can_see(officer, satellite)
    assert access.can_see(officer, CaseFactory(township=satellite))


@pytest.mark.django_db
def test_nobody_sees_audit_rows_but_the_auditor_and_the_auditor_sees_nothing_else(users, township):
    assert not access.can_see(users[Role.AUDITOR], township)
    assert access.can_see(users[Role.ADMIN], township)
