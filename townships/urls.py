from django.urls import path

from . import qualification_views, views

app_name = "townships"

urlpatterns = [
    path("", views.township_list, name="township_list"),
    path("townships/<slug:code>/", views.township_detail, name="township_detail"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/new/", views.officer_create, name="officer_create"),
    path("officers/import/", views.officer_import, name="officer_import"),
    path("officers/export/", views.officer_export, name="officer_export"),
    path("officers/<str:employee_number>/edit/", views.officer_edit, name="officer_edit"),
    path("officers/<str:employee_number>/qualifications/", qualification_views.officer_qualifications,
         name="officer_qualifications"),
    path("zones/", views.zone_list, name="zone_list"),
    path("zones/new/", views.zone_create, name="zone_create"),
    path("zones/import/", views.zone_import, name="zone_import"),
    path("zones/export/", views.zone_export, name="zone_export"),
    path("zones/<slug:code>/edit/", views.zone_edit, name="zone_edit"),
    path("zones/<slug:code>/retire/", views.zone_retire, name="zone_retire"),
    path("qualifications/", qualification_views.qualification_list, name="qualification_list"),
]
