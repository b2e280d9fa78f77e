"""Scoped reads of credit repair (access.scope: the case's township, the transferring department)."""

from django.apps import apps

from enforcement.accounts import access

from .models import CreditRepair


def repair_queryset(*, actor):
    return access.scope(CreditRepair.objects.select_related("publication", "case", "case__township",
                                                            "recorded_by", "decided_by"), actor)


def repair_list(*, actor, state=""):
    rows = repair_queryset(actor=actor)
    return rows.filter(state=state) if state else rows


def repairs_of_cases(*, actor, case_ids):
    """The applications for the decisions of these cases (the subject file's repair history)."""
    return list(repair_queryset(actor=actor).filter(case_id__in=case_ids).order_by("-applied_on", "-id"))


def publication_for(*, actor, pk):
    """The published decision `pk` if its case is visible to `actor` (else None)."""
    publication_model = apps.get_model("cases", "Publication")
    case_model = apps.get_model("cases", "Case")
    visible = access.scope(case_model.objects.all(), actor).values("pk")
    return publication_model.objects.select_related("case").filter(pk=pk, case__in=visible).first()
