"""Every write and business rule of inspection planning (see the sub-modules)."""

from .draws import draw_compute, draw_publish, draw_rerun, draw_run, draw_verify  # noqa: F401
from .evidence import evidence_check, result_attach_evidence  # noqa: F401
from .inspections import (  # noqa: F401
    case_filing_url,
    inspection_record,
    result_link_case,
    result_rectify,
    week_task_mark_done,
)
from .merges import merge_candidates, merge_confirm, merge_summary  # noqa: F401
from .plans import (  # noqa: F401
    month_set,
    plan_create,
    plan_transition,
    plan_update,
    township_need_submit,
    week_task_create,
    week_task_update,
)
from .subjects import (  # noqa: F401
    ImportResult,
    conflict_record,
    subject_create,
    subject_update,
    subjects_import,
)
