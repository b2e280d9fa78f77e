from django.urls import path

from . import views

app_name = "rollup"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/<str:month>.<str:fmt>", views.export, name="export"),
    path("upload/", views.upload, name="upload"),
    path("counties/new/", views.county_new, name="county_new"),
    path("months/<str:month>/", views.month, name="month"),
]
