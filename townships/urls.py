from django.urls import path

from . import qualification_views, views

app_name = "townships"

urlpatterns = [
    path("", views.township_list, name="township_list"),
    path("townships/<slug:code>/", views.township_detail, name="township_detail"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/new/", views.officer_create, name="officer_create"),
    path("officers/<str:employee_number>/edit/", views.officer_edit, name="officer_edit"),
    path("officers/<str:employee_number>/qualifications/", qualification_views.officer_qualifications,
         name="officer_qualifications"),
    path("qualifications/", qualification_views.qualification_list, name="qualification_list"),
]
