from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<str:code>/", views.plan_detail, name="plan_detail"),
    path("plans/<str:code>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<str:code>/transition/", views.plan_transition, name="plan_transition"),
    path("plans/<str:code>/months/", views.month_set, name="month_set"),
    path("plans/<str:code>/months/<int:month>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<str:code>/", views.task_detail, name="task_detail"),
    path("tasks/<str:code>/done/", views.task_done, name="task_done"),
    path("week/", views.week_board, name="week_board"),
    path("merges/", views.merge_list, name="merge_list"),
    path("joint/<str:code>/", views.joint_detail, name="joint_detail"),
    path("draws/", views.draw_list, name="draw_list"),
    path("draws/new/", views.draw_create, name="draw_create"),
    path("draws/<str:code>/", views.draw_detail, name="draw_detail"),
    path("public/draws/", views.public_draw_list, name="public_draw_list"),
    path("public/draws/<str:code>/", views.public_draw_detail, name="public_draw_detail"),
    path("subjects/", views.subject_list, name="subject_list"),
    path("subjects/new/", views.subject_create, name="subject_create"),
    path("subjects/import/", views.subject_import, name="subject_import"),
    path("subjects/<str:uscc>/", views.subject_detail, name="subject_detail"),
    path("subjects/<str:uscc>/edit/", views.subject_edit, name="subject_edit"),
    path("conflicts/", views.conflict_list, name="conflict_list"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<str:code>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<str:code>/points/<str:point>/case/", views.result_open_case, name="result_open_case"),
    path("inspections/<str:code>/points/<str:point>/rectify/", views.result_rectify, name="result_rectify"),
    path("indicators/", views.indicator_page, name="indicators"),
    path("needs/", views.need_list, name="need_list"),
]
