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


def test_a_leaf_field_is_copied_without_rebuilding_and_the_prototype_stays_unbound(monkeypatch):
    PrebuiltUserSerializer().fields  # noqa: B018 - builds the prototype
    built = []
    original = serializers.Field.__init__
    monkeypatch.setattr(serializers.Field, "__init__",
                        lambda self, *args, **kwargs: built.append(self) or original(self, *args, **kwargs))
    serializer = PrebuiltUserSerializer()  # the serializer is a Field too: count the fields' builds only
    built.clear()
    fields = serializer.fields
    prototype = PrebuiltUserSerializer._prebuilt_fields["username"]
    assert built == [] and fields["username"].field_name == "username"
    assert getattr(prototype, "field_name", None) is None and getattr(prototype, "parent", None) is None


class WithNested(PrebuiltFieldsMixin, serializers.ModelSerializer):
    owner = PlainUserSerializer(source="*", read_only=True)
    tags = serializers.ListField(child=serializers.CharField(), read_only=True, default=list)

    class Meta:
        model = User
        fields = ["username", "owner", "tags"]


def test_fields_holding_fields_are_deep_copied_so_their_children_belong_to_this_instance():
    first, second = WithNested(), WithNested()
    assert first.fields["owner"] is not second.fields["owner"]
    assert first.fields["owner"].fields["username"] is not second.fields["owner"].fields["username"]
    assert first.fields["tags"].child is not second.fields["tags"].child
    assert first.fields["tags"].child.parent is first.fields["tags"]
    user = User(username="clerk", display_name="李四", role="bureau_staff", is_active=True)
    assert WithNested(user).data["owner"]["username"] == "clerk"
