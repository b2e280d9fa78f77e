"""Filing a case from a clue (or linking the clue to an existing case) through the cases app's service.

The clue keeps the link (`Clue.case`, many clues → one case); the case itself is registered by
`cases.services.case_register`, so every filing rule (empowerment, two certified officers, limitation,
art. 51 procedure) applies unchanged.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, PartyType, Procedure
from cases.models import Source as CaseSource
from cases.services import case_register
from enforcement.accounts import access
from townships.models import Officer

from ..models import Source, State
from .common import text

# The case's source (立案来源) for a clue's source.
CASE_SOURCES = {
    Source.HOTLINE: CaseSource.COMPLAINT, Source.PHONE: CaseSource.COMPLAINT, Source.WALK_IN: CaseSource.COMPLAINT,
    Source.MEDIA: CaseSource.COMPLAINT, Source.GRID: CaseSource.PATROL, Source.AUXILIARY: CaseSource.PATROL,
    Source.PATROL: CaseSource.PATROL, Source.VIDEO: CaseSource.PATROL, Source.DEPARTMENT: CaseSource.DEPARTMENT,
    Source.INSPECTION: CaseSource.INSPECTION, Source.ASSIGNED: CaseSource.ASSIGNED,
}


def _default_officers(clue, actor):
    numbers = []
    own = Officer.objects.filter(user_id=getattr(actor, "pk", None)).first()
    if own is not None:
        numbers.append(own.employee_number)
    if clue.current_dispatch_id:
        numbers += [o.employee_number for o in clue.current_dispatch.officers.all()]
    return list(dict.fromkeys(numbers))


def file_case_for_clue(*, clue, actor, data, from_state):
    """The case the clue becomes: an existing one (`case_code`) or a new one registered from the clue."""
    code = text(data, "case_code", max_length=40)
    if code:
        case = access.scope(Case.objects.all(), actor).filter(code=code).first()
        if case is None:
            raise ValidationError({"case_code": _("No case with this number is visible to you.")})
        if case.township_id != clue.township_id:
            raise ValidationError({"case_code": _("The case belongs to another township than the clue.")})
        return case
    access.require(actor, "case.file")
    item = data.get("item") or (clue.item.code if clue.item_id else "")
    if not item:
        raise ValidationError({"item": _("Choose the enforcement item of the case.")})
    happened = timezone.localdate(clue.occurred_at or clue.received_at)
    source = CaseSource.WARNING if from_state == State.UNRECTIFIED else CASE_SOURCES.get(clue.source,
                                                                                        CaseSource.COMPLAINT)
    return case_register(
        actor=actor, item=item, procedure=data.get("procedure") or Procedure.ORDINARY,
        party_type=data.get("party_type") or PartyType.CITIZEN,
        party_name=data.get("party_name") or clue.subject_name, location=data.get("location") or clue.address,
        facts=data.get("facts") or f"{clue.description}\n{clue.outcome_note}".strip(),
        violation_date=data.get("violation_date") or happened, discovered_on=data.get("discovered_on") or happened,
        source=source, township=clue.township,
        # 部门移交: a department's clue stays the department's case (its liaison sees it, the reports count it).
        transferred_from=clue.source_department if source == CaseSource.DEPARTMENT else None,
        zone=clue.zone if clue.zone_id and clue.zone.is_active and clue.zone.township_id == clue.township_id else None,
        officers=data.get("officers") or _default_officers(clue, actor),
        party_id_number=data.get("party_id_number") or "", party_phone=data.get("party_phone") or "",
        party_address=data.get("party_address") or "", penalty_kinds=data.get("penalty_kinds") or (),
        fine=data.get("fine"), file_now=data.get("file_now", True) not in (False, "false", "0", ""),
        decision_text=data.get("decision_text") or "")
