from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext as _

# Set on the request when the password was right but the account may not sign in (see AccountBackend.authenticate).
REFUSAL_ATTRIBUTE = "account_refusal"


def refusal_message(request):
    """The Chinese reason a login with the RIGHT password was refused (deactivated, or locked by the security
    administrator), or None: a wrong password, an unknown user or any other refusal keeps the generic message."""
    refusal = getattr(request, REFUSAL_ATTRIBUTE, None)
    if refusal == "deactivated":
        return _("This account has been deactivated. Contact the system administrator if it is needed again.")
    if refusal == "locked":
        return _("This account has been locked by the security administrator. Contact the security administrator "
                 "to have it unlocked.")
    return None


class AccountBackend(ModelBackend):
    """Django's backend, refusing demo accounts outside DEBUG so they can never reach production use, and accounts
    the security administrator locked (at login and, through get_user, on every request of an open session)."""

    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        if getattr(user, "locked_at", None) is not None:
            return False
        return super().user_can_authenticate(user)

    def authenticate(self, request, username=None, password=None, **kwargs):
        """ModelBackend.authenticate, which also notes on the request why a RIGHT password was refused (a deactivated
        or locked account), so that the login page and the token endpoint can say so. A wrong password never learns
        anything: the account's state is only looked at once the password matched (no account enumeration), and
        the password is hashed exactly once either way (no timing difference)."""
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            user_model().set_password(password)  # as long as for an existing user (Django #20760)
            return None
        if not user.check_password(password):
            return None
        if self.user_can_authenticate(user):
            return user
        if request is not None:
            if not user.is_active:
                setattr(request, REFUSAL_ATTRIBUTE, "deactivated")
            elif user.locked_at is not None:
                setattr(request, REFUSAL_ATTRIBUTE, "locked")
        return None

    def get_user(self, user_id):
        """The signed-in user of a session, with the township and department every page shows beside the name
        (one query instead of up to three)."""
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("township", "department").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
