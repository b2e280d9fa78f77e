from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Django's backend, refusing demo accounts outside DEBUG so they can never reach production use, and accounts
    the security administrator locked (at login and, through get_user, on every request of an open session)."""

    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        if getattr(user, "locked_at", None) is not None:
            return False
        return super().user_can_authenticate(user)
