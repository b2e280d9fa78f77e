"""Registering a case: 繁简分流 triage, the party's protected data, the action code, and the first move.

`case_register` creates an ordinary case as a registered clue (线索登记) and, with `file_now`, files it
(立案) in the same transaction; a simple-procedure case is decided on the spot in the same transaction
(art. 51–52). A refused guard rolls the whole registration back: nothing half-written.
"""

from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Item
from enforcement.accounts import access
from enforcement.accounts.models import Role, User
from enforcement.audit import services as audit
from enforcement.core.action_codes import action_code_issue
from enforcement.core.models import ActionKind
from townships.models import Department, Zone
from townships.zones import validate_zone_for

from .. import rules, workflow
from ..inputs import as_django_error
from ..inputs.registration import RegistrationFields
from ..models import Case, CaseEvent, Procedure, Source, Status
from ..models_transfers import DepartmentTransfer
from .party import set_party_identity
from .transition import case_transition, refresh_major, resolve_officers


def agency_name(township):
    """The issuing agency printed on documents: the empowered township government, or the bureau."""
    return f"{township.name}人民政府" if township else settings.AGENCY_NAME


def propose_procedure(*, party_type, penalty_kinds, fine):
    """繁简分流: the procedure proposed from the party type and the intended penalty (art. 51)."""
    return rules.propose_procedure(party_type, penalty_kinds, fine)


def _resolve_item(value):
    if isinstance(value, Item):
        return value
    item = Item.objects.filter(code=str(value or "").strip()).first()
    if item is None:
        raise ValidationError({"item": _("Unknown enforcement item.")})
    return item


def _township_for(actor, requested):
    """Township users file for their own township (and, for a 1+X hub, the satellites it serves); bureau
    staff choose a township or the bureau."""
    own = access.township_of(actor)
    if own is not None:
        if requested is None or requested == own:
            return own
        if not access.may_act_in_township(actor, requested):
            raise ValidationError({"township": _(
                "You may file cases only for your own township or the 1+X satellite townships it serves.")})
        return requested
    return requested


def _check_item(item, township):
    """A penalty case only on a penalty item of the lists comprehensive enforcement may file (art. 2, 18, 24),
    checked already when a clue is registered (the filing guards check it again at 立案)."""
    case = SimpleNamespace(township_id=getattr(township, "pk", None))
    errors = {}
    for guard in workflow.ITEM_GUARDS:
        reason = guard(case, SimpleNamespace(item=item))
        if reason:
            errors.setdefault(getattr(reason, "field", "item"), []).append(str(reason))
    if errors:
        raise ValidationError(errors)


def _resolve_zone(value, township):
    """The case's responsibility zone (seed 003): a zone in use of the case's own township, or none."""
    if value in (None, ""):
        return None
    zone = value if isinstance(value, Zone) else Zone.objects.filter(code=str(value).strip()).first()
    if zone is None:
        raise ValidationError({"zone": _("Unknown zone.")})
    validate_zone_for(zone, township)
    return zone


def _resolve_transfer(department, liaison, source, values):
    """部门移交: the transferring department (required for the source 'transferred by a department', refused for
    any other source), its liaison (a user with the liaison role of that department) and the letter's data."""
    if department in (None, ""):
        department = None
    elif not isinstance(department, Department):
        code = str(department).strip()
        department = Department.objects.filter(code=code).first()
        if department is None:
            raise ValidationError({"transferred_from": _("Unknown department.")})
    letter = {key: values.get(key) for key in ("transfer_letter_number", "transfer_letter_date",
                                               "transfer_materials") if values.get(key)}
    if department is None:
        if source == Source.DEPARTMENT:
            raise ValidationError({"transferred_from": _(
                "Choose the department that transferred the case (source: transferred by a department).")})
        if liaison or letter:
            raise ValidationError({"transferred_from": _(
                "A liaison or a transfer letter belongs to a case transferred by a department: choose the "
                "department.")})
        return None, None
    if source != Source.DEPARTMENT:
        raise ValidationError({"source": _(
            "A case transferred by a department has the source “transferred by a department”.")})
    if liaison in (None, ""):
        return department, None
    user = liaison if isinstance(liaison, User) else User.objects.filter(username=str(liaison).strip()).first()
    if user is None or not user.is_active or user.role != Role.LIAISON or user.department_id != department.pk:
        raise ValidationError({"transfer_liaison": _(
            "The liaison must be an active department liaison of %(department)s.") % {"department": department}})
    return department, user


def _registration_values(scalars, today):
    serializer = RegistrationFields(data={k: v for k, v in scalars.items() if v is not None},
                                    context={"today": today})
    if not serializer.is_valid():
        raise as_django_error(serializer.errors)
    return serializer.validated_data


@transaction.atomic
def case_register(*, actor, item, procedure, party_type, party_name, location, facts, violation_date,
                  discovered_on=None, source=Source.PATROL, township=None, transferred_from=None,
                  officers=(), party_id_number="", party_phone="", party_address="", penalty_kinds=(),
                  fine=None, marked_complex=False, file_now=False, request_id=None, decision_text="",
                  filed_on=None, decided_on=None, today=None, is_demo=False, discretion_level="",
                  mitigation_ground="", discretion_reason="", no_penalty_grounds="", latitude=None,
                  longitude=None, violation_ended_on=None, safety_involved=False, harmful_consequences=False,
                  zone=None, transfer_liaison=None, transfer_letter_number="", transfer_letter_date=None,
                  transfer_materials=""):
    """Create a case. Idempotent on `request_id`: a re-sent registration returns the first case.
    The scalar arguments are validated by `cases.inputs.registration.RegistrationFields` (the API's body);
    `filed_on` / `decided_on` are the true dates of the filing or the on-the-spot decision (default today).
    A case transferred by a department (部门移交) names it (`transferred_from`, a Department or its code), may
    name its liaison (a User or user name) and records the transfer letter (移交函) and the materials received."""
    access.require(actor, "case.file")
    request_id = (request_id or "").strip() or None
    if request_id:
        existing = Case.objects.filter(request_id=request_id).first()
        if existing is not None:
            access.require(actor, "case.view", obj=existing)
            return existing
    today = today or timezone.localdate()
    values = _registration_values({
        "procedure": procedure, "source": source, "party_type": party_type, "party_name": party_name,
        "party_id_number": party_id_number, "party_phone": party_phone, "party_address": party_address,
        "location": location, "facts": facts, "violation_date": violation_date, "discovered_on": discovered_on,
        "filed_on": filed_on, "decided_on": decided_on, "penalty_kinds": list(penalty_kinds or []), "fine": fine,
        "marked_complex": bool(marked_complex), "file_now": bool(file_now), "decision_text": decision_text,
        "discretion_level": discretion_level, "mitigation_ground": mitigation_ground,
        "discretion_reason": discretion_reason, "no_penalty_grounds": no_penalty_grounds,
        "latitude": latitude, "longitude": longitude,
        "violation_ended_on": violation_ended_on, "safety_involved": bool(safety_involved),
        "harmful_consequences": bool(harmful_consequences),
        "transfer_letter_number": transfer_letter_number, "transfer_letter_date": transfer_letter_date,
        "transfer_materials": transfer_materials,
    }, today)
    transferred_from, liaison = _resolve_transfer(transferred_from, transfer_liaison, values["source"], values)
    item = _resolve_item(item)
    township = _township_for(actor, township)
    _check_item(item, township)
    zone = _resolve_zone(zone, township)
    kinds = sorted(set(values.get("penalty_kinds") or []))
    amount = values.get("fine")
    procedure, party_type = values["procedure"], values["party_type"]

    no_penalty = values.get("no_penalty_grounds") or ""
    proposed = Procedure.SIMPLE if no_penalty else propose_procedure(party_type=party_type, penalty_kinds=kinds,
                                                                      fine=amount)
    if procedure == Procedure.SIMPLE and proposed != Procedure.SIMPLE:
        raise ValidationError({"procedure": _(
            "Art. 51: the simple procedure allows only a warning or a fine of at most %(limit)s yuan for this "
            "party; use the ordinary procedure.") % {"limit": rules.simple_procedure_limit(party_type)}})
    on_date = values.get("decided_on") if procedure == Procedure.SIMPLE else values.get("filed_on")
    on_date = on_date or today

    kind = ActionKind.SIMPLE_CASE if procedure == Procedure.SIMPLE else ActionKind.PENALTY_CASE
    code = action_code_issue(kind=kind, agency=agency_name(township), on_date=on_date).code
    case = Case(
        code=code, request_id=request_id, procedure=procedure, proposed_procedure=proposed, source=values["source"],
        item=item, township=township, zone=zone, transferred_from=transferred_from,
        status=Status.NEW if procedure == Procedure.SIMPLE else Status.CLUE,
        party_type=party_type, party_name=values["party_name"], location=values["location"],
        latitude=values.get("latitude"), longitude=values.get("longitude"), facts=values["facts"],
        violation_date=values["violation_date"],
        violation_ended_on=values.get("violation_ended_on"), safety_involved=values["safety_involved"],
        harmful_consequences=values["harmful_consequences"],
        discovered_on=values.get("discovered_on") or today, proposed_penalty_kinds=kinds, proposed_fine=amount,
        marked_complex=values["marked_complex"], decision_text=values.get("decision_text", ""), created_by=actor,
        is_demo=is_demo,
    )
    set_party_identity(case, id_number=values.get("party_id_number", ""), phone=values.get("party_phone", ""),
                       address=values.get("party_address", ""))
    refresh_major(case)
    case.full_clean(exclude=["officers", "zone"])
    case.save()
    officer_list = resolve_officers(officers, case=case)
    case.officers.set(officer_list)
    if transferred_from is not None:
        DepartmentTransfer.objects.create(
            case=case, liaison=liaison, letter_number=values.get("transfer_letter_number") or "",
            letter_date=values.get("transfer_letter_date"), materials=values.get("transfer_materials") or "")
    CaseEvent.objects.create(case=case, action="create", to_status=case.status, actor=actor,
                             data={"procedure": procedure, "proposed_procedure": proposed})
    audit.record("case.create", actor=actor, obj=case, procedure=procedure, proposed_procedure=proposed,
                 transferred_from=getattr(transferred_from, "code", ""))

    if procedure == Procedure.SIMPLE and no_penalty:
        try:
            case_transition(case=case, action="decide_no_penalty_on_spot", actor=actor, today=today,
                            grounds=no_penalty, decision_text=values.get("decision_text", ""), decided_on=on_date)
        except ValidationError as exc:  # the action's `grounds` is the registration's `no_penalty_grounds`
            if hasattr(exc, "error_dict") and "grounds" in exc.error_dict:
                errors = exc.message_dict
                errors["no_penalty_grounds"] = errors.pop("grounds")
                raise type(exc)(errors) from exc
            raise
    elif procedure == Procedure.SIMPLE:
        spot = {key: values[key] for key in ("discretion_level", "mitigation_ground", "discretion_reason")
                if values.get(key)}
        case_transition(case=case, action="decide_on_spot", actor=actor, today=today, penalty_kinds=kinds,
                        fine=amount, decision_text=values.get("decision_text", ""), decided_on=on_date, **spot)
    elif values["file_now"]:
        case_transition(case=case, action="register", actor=actor, today=today, filed_on=on_date)
    return case
