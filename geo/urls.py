from django.urls import path

from . import gazetteer_views, views

app_name = "geo"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("boundaries/", views.boundaries_page, name="boundaries"),
    path("boundaries/<slug:kind>.geojson", views.boundaries_download, name="boundaries_download"),
    path("gazetteer/", gazetteer_views.gazetteer_list, name="gazetteer"),
    path("gazetteer/new/", gazetteer_views.place_form, name="place_create"),
    path("gazetteer/import/", gazetteer_views.gazetteer_import, name="gazetteer_import"),
    path("gazetteer/export/", gazetteer_views.gazetteer_export, name="gazetteer_export"),
    path("gazetteer/<int:pk>/", gazetteer_views.place_form, name="place_edit"),
    path("gazetteer/<int:pk>/delete/", gazetteer_views.place_delete, name="place_delete"),
]
