"""Catalogue services: item writes (items), file import (importing) and export (exporting)."""

from .items import (  # noqa: F401
    AMENDABLE_FIELDS,
    SNAPSHOT_FIELDS,
    adjustment_apply,
    adjustments_apply_due,
    build_search_text,
    item_amend,
    item_create,
    item_retire,
    pinyin_initials,
    refresh_search_fields,
    snapshot,
)
