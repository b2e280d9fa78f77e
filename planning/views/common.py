from datetime import date

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
