import factory

from enforcement.accounts.models import Role, User
from townships.tests.factories import DepartmentFactory, TownshipFactory

TEST_PASSWORD = "Test@pass2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    display_name = factory.Sequence(lambda n: f"用户{n:04d}")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        township_officer = factory.Trait(role=Role.TOWNSHIP_OFFICER, township=factory.SubFactory(TownshipFactory))
        township_reviewer = factory.Trait(role=Role.TOWNSHIP_REVIEWER, township=factory.SubFactory(TownshipFactory))
        liaison = factory.Trait(role=Role.LIAISON, department=factory.SubFactory(DepartmentFactory))
