from django.urls import path

from . import views

app_name = "geo"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("boundaries/", views.boundaries_page, name="boundaries"),
    path("boundaries/<slug:kind>.geojson", views.boundaries_download, name="boundaries_download"),
]
