from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator

from enforcement.accounts import access

PAGE_SIZE = 50


def querystring(request, drop=("page",)):
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def paginate(request, queryset, size=PAGE_SIZE, paginator_class=Paginator):
    return paginator_class(queryset, size).get_page(request.GET.get("page"))


def catalog_view(view):
    """Logged in and allowed to read the catalogue."""

    def wrapped(request, *args, **kwargs):
        access.require(request.user, "catalog.view")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)
