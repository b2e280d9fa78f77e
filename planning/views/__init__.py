"""Planning pages (thin: parse, call a service or selector, render)."""

from .checklists import (  # noqa: F401
    checklist_create,
    checklist_detail,
    checklist_edit,
    checklist_export,
    checklist_import,
    checklist_list,
    checklist_retire,
    industry_create,
    industry_edit,
    industry_list,
)
from .draws import draw_create, draw_detail, draw_list, public_draw_detail, public_draw_list  # noqa: F401
from .execution import (  # noqa: F401
    inspection_detail,
    inspection_list,
    inspection_new,
    joint_detail,
    merge_list,
    result_open_case,
    result_rectify,
    task_detail,
    task_done,
    week_board,
)
from .indicators import indicator_page  # noqa: F401
from .plans import (  # noqa: F401
    index,
    month_set,
    need_list,
    plan_create,
    plan_detail,
    plan_edit,
    plan_transition,
    task_create,
)
from .subjects import (  # noqa: F401
    conflict_list,
    subject_create,
    subject_detail,
    subject_edit,
    subject_export,
    subject_import,
    subject_list,
)
