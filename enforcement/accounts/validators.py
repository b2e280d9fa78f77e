import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least N of: lower case, upper case, digits, symbols (等保 practice: 3 classes)."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                _("The password must mix at least %(n)d of: lower case, upper case, digits, symbols.")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("Use at least %(n)d of: lower case, upper case, digits, symbols.") % {"n": self.min_classes}


class PasswordHistoryValidator:
    """Refuses the current and the last N passwords; records each new one when it is set."""

    def __init__(self, history=5):
        self.history = history

    def validate(self, password, user=None):
        if user is None or not user.pk:
            return
        hashes = [user.password] if user.password else []
        hashes += list(user.password_history.values_list("password", flat=True)[: self.history])
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("The password must differ from your last %(n)d passwords.") % {"n": self.history},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or not user.pk:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = user.password_history.values_list("pk", flat=True)[: self.history]
        user.password_history.exclude(pk__in=list(keep)).delete()
        # Also on the instance, so that a later save() of this object does not write the old date back.
        user.password_changed_at = timezone.now()
        type(user).objects.filter(pk=user.pk).update(password_changed_at=user.password_changed_at)

    def get_help_text(self):
        return _("Your last %(n)d passwords cannot be reused.") % {"n": self.history}
