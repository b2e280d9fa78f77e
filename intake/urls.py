from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.clue_list, name="list"),
    path("new/", views.clue_create_view, name="create"),
    path("mine/", views.my_clues, name="mine"),
    path("import/", views.import_view, name="import"),
    path("export.csv", views.export_csv, name="export"),
    path("board/", views.board, name="board"),
    path("board/panel/", views.board_panel, name="board_panel"),
    path("replies/", views.reply_list, name="replies"),
    path("warnings/", views.warning_list, name="warnings"),
    path("patrols/", views.patrol_overview, name="patrols"),
    path("patrols/new/", views.patrol_plan_create, name="patrol_plan_create"),
    path("patrols/<int:pk>/", views.patrol_plan_detail, name="patrol_plan"),
    path("patrols/<int:pk>/record/", views.patrol_record, name="patrol_record"),
    path("<str:code>/", views.clue_detail, name="detail"),
    path("<str:code>/actions/<slug:action>/", views.clue_action, name="action"),
    path("<str:code>/unmask/", views.unmask, name="unmask"),
    path("<str:code>/reply/", views.reply, name="reply"),
    path("<str:code>/photos/", views.photo_upload, name="photo_upload"),
    path("<str:code>/photos/<int:pk>/", views.photo_download, name="photo"),
]
