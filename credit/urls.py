from django.urls import path

from . import views

app_name = "credit"

urlpatterns = [
    path("", views.repair_list, name="list"),
    path("apply/<int:publication>/", views.repair_apply, name="apply"),
    path("<str:code>/", views.repair_detail, name="detail"),
    path("<str:code>/actions/<slug:action>/", views.repair_action, name="action"),
]
