"""Rules of the reply to the department that transferred the case (部门移交): pure functions of the case."""

from django.utils.translation import gettext as _

# States in which the handling is over without (or after) a decision: the department learns the result.
ENDED = {"not_filed", "revoked", "transferred", "closed", "execution_terminated", "decision_revoked"}


def reply_refusal(case, kind):
    """(field, Chinese reason) when the reply may not be recorded; None when it may."""
    if not case.transferred_from_id:
        return "detail", _("The case was not transferred by a department: there is no department to reply to.")
    if case.status == "archived":
        return "detail", _("The case is archived and its file is sealed: replies are recorded before archiving.")
    if kind == "result" and not case.decided_on and case.status not in ENDED:
        return "kind", _("The result can be replied once the case is decided or its handling has ended; until "
                         "then send a progress reply.")
    return None
