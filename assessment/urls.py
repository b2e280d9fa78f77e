from django.urls import path

from . import supervision_views, views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("index.xlsx", views.index_export, name="index_export"),
    path("weights/<str:unit>/", views.weights_edit, name="weights"),
    path("officers/", views.officer_list, name="officers"),
    path("officers/compute/", views.officer_compute, name="officer_compute"),
    path("officers/export.xlsx", views.officer_export, name="officer_export"),
    path("officers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("mine/", views.my_assessment, name="mine"),
    path("mine/<int:pk>/", views.my_assessment_detail, name="mine_detail"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/<int:pk>/decide/", views.complaint_decide, name="complaint_decide"),
    path("supervision/", supervision_views.index, name="supervision"),
    path("supervision/samples/new/", supervision_views.sample_new, name="sample_new"),
    path("supervision/samples/<str:code>/", supervision_views.sample_detail, name="sample_detail"),
    path("supervision/specials/new/", supervision_views.special_new, name="special_new"),
    path("supervision/findings/", supervision_views.finding_list, name="findings"),
    path("supervision/findings/new/", supervision_views.finding_new, name="finding_new"),
    path("supervision/findings/<str:code>/", supervision_views.finding_detail, name="finding_detail"),
    path("supervision/quality/", supervision_views.quality_checks, name="quality"),
]
