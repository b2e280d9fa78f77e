from django.urls import path

from . import views

app_name = "workcalendar"

urlpatterns = [
    path("", views.index, name="index"),
    path("days/new/", views.day_edit, name="day_create"),
    path("days/<str:date>/edit/", views.day_edit, name="day_edit"),
    path("days/<str:date>/delete/", views.day_delete, name="day_delete"),
    path("years/confirm/", views.year_confirm, name="year_confirm"),
    path("import/", views.import_notice, name="import"),
]
