"""The case detail page's panel with the clues the case answers (registered in IntakeConfig.ready)."""

from enforcement.accounts import access

from .models import Clue


def source_clues_panel(case, user):
    if not access.can(user, "clue.view"):
        return None
    clues = list(access.scope(Clue.objects.filter(case=case), user).order_by("received_at", "id")
                 .only("code", "source", "received_at", "address", "state", "outcome")[:50])
    if not clues:
        return None
    return "intake/_case_panel.html", {"clues": clues}
