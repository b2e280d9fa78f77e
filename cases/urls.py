from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("mine/", views.my_cases, name="mine"),
    path("export/", views.export, name="export"),
    path("overdue/", views.overdue, name="overdue"),
    path("unpaid/", views.unpaid, name="unpaid"),
    path("appeals/", views.appeals, name="appeals"),
    path("coercive-measures/", views.coercive_measures, name="coercive_measures"),
    path("transfers/", views.transfers, name="transfers"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("new/", views.case_create, name="create"),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/actions/<slug:action>/", views.case_action, name="action"),
    path("<str:code>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<str:code>/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("<str:code>/documents/<slug:kind>/", views.document_download, name="document"),
    path("<str:code>/unmask/", views.unmask, name="unmask"),
    path("<str:code>/department-reply/", views.department_reply, name="department_reply"),
    path("<str:code>/case-file/", views.case_file_download, name="case_file"),
]
