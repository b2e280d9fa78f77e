"""PrebuiltFieldsMixin: fields built once per class, each serializer instance with its own copies."""

from rest_framework import serializers

from enforcement.accounts.models import User
from enforcement.core.api import PrebuiltFieldsMixin


class PlainUserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["username", "display_name", "role", "is_active"]


class PrebuiltUserSerializer(PrebuiltFieldsMixin, PlainUserSerializer):
    pass


def test_the_output_is_the_model_serializers():
    user = User(username="clerk", display_name="李四", role="bureau_staff", is_active=True)
    assert PrebuiltUserSerializer(user).data == PlainUserSerializer(user).data


def test_each_instance_gets_its_own_bound_fields():
    first, second = PrebuiltUserSerializer(), PrebuiltUserSerializer()
    assert first.fields["username"] is not second.fields["username"]
    assert first.fields["username"].parent is first and second.fields["username"].parent is second


def test_the_fields_are_built_from_the_model_once_per_class(monkeypatch):
    PrebuiltUserSerializer().fields  # noqa: B018 - builds the prototype
    calls = []
    original = serializers.ModelSerializer.build_field
    monkeypatch.setattr(serializers.ModelSerializer, "build_field",
                        lambda self, *args: calls.append(args) or original(self, *args))
    PrebuiltUserSerializer().fields  # noqa: B018
    assert calls == []
