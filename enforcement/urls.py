from django.contrib import admin
from django.urls import include, path

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cases import public as public_decisions
from enforcement.core.views import favicon, verify_action_code
from enforcement.dashboard.views import home

from .api_urls import urlpatterns as api_v1

admin.site.site_header = "综合行政执法平台 · 系统管理"
admin.site.site_title = "综合行政执法平台"

handler400 = "enforcement.core.errors.bad_request"
handler403 = "enforcement.core.errors.permission_denied"
handler404 = "enforcement.core.errors.page_not_found"
handler500 = "enforcement.core.errors.server_error"

urlpatterns = [
    path("", home, name="home"),
    # Browsers ask for /favicon.ico whatever the page links; send them to the site's icon.
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/", include("enforcement.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page keeps the strict CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("verify/<str:code>/", verify_action_code, name="verify"),
    # 行政处罚法 art. 48: published penalty decisions, public (no login, no personal data of citizens)
    path("public/decisions/", public_decisions.decision_list, name="public_decisions"),
    path("public/decisions/<int:pk>/", public_decisions.decision_detail, name="public_decision"),
    path("audit/", include("enforcement.audit.urls")),
    path("org/", include("townships.urls")),
    path("catalog/", include("catalog.urls")),
    path("cases/", include("cases.urls")),
    path("credit/", include("credit.urls")),
    path("planning/", include("planning.urls")),
    path("m/", include("mobile.urls")),
    path("intake/", include("intake.urls")),
    path("map/", include("geo.urls")),
    path("dashboard/", include("enforcement.dashboard.urls")),
    path("reports/", include("enforcement.reports.urls")),
    path("assessment/", include("assessment.urls")),
    path("rollup/", include("rollup.urls")),
    path("calendar/", include("enforcement.workcalendar.urls")),
]

