"""The intake pages: thin views over the selectors (reads) and services (writes)."""

from .board import board, board_panel
from .clues import (
    clue_action,
    clue_create_view,
    clue_detail,
    clue_list,
    export_csv,
    import_view,
    my_clues,
    photo_download,
    photo_upload,
    reply,
    unmask,
)
from .lists import reply_list, warning_list
from .patrols import patrol_overview, patrol_plan_create, patrol_plan_detail, patrol_record

__all__ = [
    "board", "board_panel", "clue_action", "clue_create_view", "clue_detail", "clue_list", "export_csv",
    "import_view", "my_clues", "patrol_overview", "patrol_plan_create", "patrol_plan_detail", "patrol_record",
    "photo_download", "photo_upload", "reply", "reply_list", "unmask", "warning_list",
]
