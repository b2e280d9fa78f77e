from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils import timezone

PER_PAGE = 50


def paginate(request, queryset, per_page=PER_PAGE):
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return page, querystring.urlencode()


def int_param(request, name, default, low, high):
    try:
        value = int(request.GET.get(name, default))
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def date_param(request, name, default=None):
    try:
        return date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default or timezone.localdate()


def add_service_errors(form, error: ValidationError):
    """Put a service's ValidationError next to the matching field, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
