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


# A fixed TOTP key for tests only (hex, 20 bytes); production keys are random (django-otp's default_key).
TEST_OTP_KEY = "3132333435363738393031323334353637383930"


def enrol_totp(user, *, key=TEST_OTP_KEY):
    """Give `user` a confirmed TOTP device with a known key, as a finished enrolment would."""
    from django.utils import timezone

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="totp", key=key, confirmed=True)
    if user.otp_confirmed_at is None:
        user.otp_confirmed_at = timezone.now()
        User.objects.filter(pk=user.pk).update(otp_confirmed_at=user.otp_confirmed_at)
    return device


def totp_code(device, *, fresh=True):
    """The code the user's app shows now. `fresh` forgets the last used step, so that a test may log the same
    user in twice within 30 seconds (a code works only once)."""
    from django_otp.oath import totp

    if fresh:
        type(device).objects.filter(pk=device.pk).update(last_t=-1)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def verify_test_session(client, user):
    """Mark a test client's session as past the second factor, for a user who needs it (see conftest.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from enforcement.accounts import otp

    if not otp.required(user):
        return
    device = enrol_totp(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[otp.STAMP_SESSION_KEY] = otp.stamp(user)
    session.save()


def second_factor_code(user):
    """The code to send after `user`'s password (a fresh one, enrolling the test key first), or "" when the user
    needs no second factor."""
    from enforcement.accounts import otp

    user.refresh_from_db()
    if not otp.required(user):
        return ""
    return totp_code(enrol_totp(user))


def pass_second_factor(client, user, **extra):
    """After the password step on the login page: enter the code on the code page, as the user would."""
    from django.urls import reverse

    code = second_factor_code(user)
    if code:
        client.post(reverse("accounts:otp_verify"), {"otp_token": code}, **extra)
