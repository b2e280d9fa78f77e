from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.index, name="index"),
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<str:code>/", views.item_detail, name="item_detail"),
    path("items/<str:code>/amend/", views.item_amend, name="item_amend"),
    path("items/<str:code>/retire/", views.item_retire, name="item_retire"),
    path("lists/<str:name>/", views.special_list, name="special_list"),
    path("adjustments/", views.adjustment_list, name="adjustment_list"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("import/", views.import_start, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<uuid:token>/", views.import_job, name="import_job"),
    path("import/<uuid:token>/status/", views.import_status, name="import_status"),
    # public (三项制度 事前公开): no login
    path("public/", views.public_catalogue, name="public_catalogue"),
    path("public/items/<str:code>/", views.public_item, name="public_item"),
    path("public/townships/", views.public_townships, name="public_townships"),
    path("public/townships/<slug:code>/", views.public_township, name="public_township"),
    path("empowerment/", views.empowerment_matrix, name="empowerment_matrix"),
    path("empowerment/<str:code>/", views.township_empowerment, name="township_empowerment"),
]
