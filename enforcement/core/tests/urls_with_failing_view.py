"""The project's URLconf plus one view that fails, to see the 500 page (tests only)."""

from django.urls import path

from enforcement.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("boom")


urlpatterns = [*urlpatterns, path("failing/", failing_view)]
