from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("request/", views.report_request, name="request"),
    path("evaluation/", views.evaluation, name="evaluation"),
    path("evaluation/export.xlsx", views.evaluation_export, name="evaluation_export"),
    path("evaluation/<slug:township_code>/<str:item_code>/rate/", views.evaluation_rate, name="rate"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/export.xlsx", views.ranking_export, name="ranking_export"),
    path("<str:period_key>/<slug:scope_code>/report.pdf", views.report_download, name="download"),
    path("<str:period_key>/<slug:scope_code>/regenerate/", views.report_regenerate, name="regenerate"),
]
