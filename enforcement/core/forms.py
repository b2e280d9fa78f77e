"""Form helpers shared by every app's pages."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError):
    """Put a service's ValidationError next to the matching field, or at the top of the form.

    Keys the form does not have go to the top, so a service error never turns into a 500."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
