"""Every /api/v1/ route. Each app registers its viewsets on the shared router in its own api module."""

from django.urls import path

from rest_framework.routers import DefaultRouter

from assessment import api as assessment_api
from cases import api as cases_api
from catalog import api as catalog_api
from credit import api as credit_api
from enforcement.accounts import api as accounts_api
from enforcement.accounts.api import MeView, TokenView
from enforcement.core.routing import by_head
from enforcement.dashboard import api as dashboard_api
from enforcement.reports import api as reports_api
from enforcement.workcalendar import api as workcalendar_api
from geo import api as geo_api
from intake import api as intake_api
from mobile import api as mobile_api
from planning import api as planning_api
from rollup import api as rollup_api
from townships import api as townships_api

router = DefaultRouter()

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
]

for api_module in (accounts_api, townships_api, catalog_api, cases_api, planning_api, reports_api, mobile_api,
                   intake_api, dashboard_api, assessment_api, rollup_api, geo_api, workcalendar_api, credit_api):
    urlpatterns += api_module.register(router)

# grouped by first segment: resolving tries a few prefixes, not ~280 patterns (core.routing)
flat_urlpatterns = [*urlpatterns, *router.urls]
urlpatterns = by_head(flat_urlpatterns)
