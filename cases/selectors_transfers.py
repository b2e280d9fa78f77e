"""Reads of the open transfers: out to the police or procuratorate (两法衔接) awaiting the body's decision, and in
from a department (部门移交) whose result has not been replied yet. Every read starts from `access.scope`."""

from django.db.models import Exists, Max, OuterRef

from enforcement.accounts import access

from .models import Case, Status
from .models_criminal import CriminalTransfer
from .models_transfers import DepartmentReply, ReplyKind


def open_criminal_transfers(*, actor):
    """Transfers the police or procuratorate has not decided on yet, oldest first."""
    return (access.scope(CriminalTransfer.objects.filter(decision=""), actor)
            .select_related("case__township", "case__item").order_by("sent_on", "id"))


def open_department_transfers(*, actor):
    """Cases a department transferred whose result (办理结果) has not been replied, oldest first; each row knows
    `last_reply_on` (the latest progress reply, or None). Archived cases are out (their file is sealed)."""
    results = DepartmentReply.objects.filter(case=OuterRef("pk"), kind=ReplyKind.RESULT)
    return (access.scope(Case.objects.filter(transferred_from__isnull=False).exclude(status=Status.ARCHIVED), actor)
            .annotate(result_sent=Exists(results), last_reply_on=Max("department_replies__sent_on"))
            .filter(result_sent=False)
            .select_related("transferred_from", "township", "item", "department_transfer")
            .order_by("created_at", "id"))
