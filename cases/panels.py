"""The case page's own panels (through `cases.hooks`, like other apps' panels)."""

from django.conf import settings

from .selectors import prior_violation_rows


def prior_violations_panel(case, user):
    """首违 check (art. 33 (1)): the party's earlier cases in the county within the look-back period."""
    if not case.party_id_hash:
        return None
    return "cases/_prior_violations.html", {
        "rows": prior_violation_rows(actor=user, case=case),
        "days": settings.FIRST_VIOLATION_LOOKBACK_DAYS,
        "scope": settings.FIRST_VIOLATION_SCOPE,
    }
