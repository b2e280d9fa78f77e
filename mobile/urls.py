from django.urls import path
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog

from . import views

app_name = "mobile"

urlpatterns = [
    path("", views.app, name="app"),
    path("sw.js", views.service_worker, name="sw"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    # The app's strings in Chinese (gettext for JavaScript), cached by the service worker for offline use.
    path("jsi18n/", cache_control(no_cache=True)(JavaScriptCatalog.as_view(packages=["mobile"])), name="jsi18n"),
]
