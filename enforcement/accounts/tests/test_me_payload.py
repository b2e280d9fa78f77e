"""/api/v1/me/ answers with a dict built directly (the request floor); it must equal the documented serializer."""

import pytest

from enforcement.accounts.models import Role
from enforcement.accounts.serializers import MeSerializer, me_payload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_the_payload_equals_the_serializer_for_every_role(users, role):
    user = users[role]
    assert me_payload(user) == MeSerializer(user).data


def test_the_payload_of_a_user_without_role_township_or_department(make_user):
    user = make_user("", username="nobody")
    assert me_payload(user) == MeSerializer(user).data == {
        "username": "nobody", "display_name": user.display_name, "roles": [], "role_names": [],
        "township": None, "department": None}
