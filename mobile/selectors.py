"""The officer's working data in one read (`working_data`): what the phone caches for a day without signal.

Everything starts from `access.scope`, so a township officer gets their own township's catalogue,
colleagues, tasks, cases and zones only. The number of queries does not grow with the rows.
"""

from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from cases import rules
from cases.models import FINAL_STATES, Case, DecisionType, Status
from cases.services import available_actions
from catalog.models import DiscretionLevel, DiscretionTier, Item, PenaltyKind, PowerType
from catalog.selectors import in_force_today
from enforcement.accounts import access
from enforcement.core.formats import choice_labels
from planning.models import Inspection, InspectionType, PlanState, WeekTask
from townships.models import Empowerment, Officer, Zone

from .models import FavouriteItem

TASK_DAYS_BEFORE, TASK_DAYS_AFTER = 7, 14  # open week tasks shown around today
RECENT_ITEMS = 8
MAX_CASES = 100
PARTNER_LOOKBACK_DAYS = 365

ITEM_FIELDS = ("id", "code", "name", "domain__name", "penalty_kinds", "fine_min", "fine_max", "no_penalty",
               "no_penalty_conditions", "correction_first", "correction_first_conditions", "warning_only",
               "warning_only_conditions", "concerns_life_health_safety", "violation_law", "violation_article",
               "penalty_law", "penalty_article", "pinyin_initials", "valid_to")


def _money(value):
    return None if value is None else str(value)


def officer_of(user):
    return Officer.objects.select_related("township").filter(user=user, is_active=True).first()


def _officer_row(officer, today):
    return {"employee_number": officer.employee_number, "name": officer.name, "category": officer.category,
            "certificate_expiry": officer.certificate_expiry,
            "certificate_valid": officer.has_valid_certificate(today)}


def colleagues(*, actor, township, today):
    """Certified, active officers the actor may put on a case: the township's (or the bureau's own)."""
    qs = access.scope(Officer.objects.active(), actor).filter(category=Officer.Category.LAW_ENFORCEMENT)
    qs = qs.filter(township=township) if township else qs.filter(township__isnull=True)
    return [_officer_row(o, today) for o in qs.order_by("employee_number")[:300]]


def usual_partner(*, officer, candidates, today):
    """The colleague who handled most cases together with `officer` in the last year; else a zone-mate; else
    the first certified colleague. Only someone the officer may pick (`candidates`) is proposed."""
    if officer is None:
        return None
    allowed = {row["employee_number"]: row for row in candidates
               if row["certificate_valid"] and row["employee_number"] != officer.employee_number}
    if not allowed:
        return None
    through = Case.officers.through.objects
    since = timezone.now() - timedelta(days=PARTNER_LOOKBACK_DAYS)
    ranked = (through.filter(case__officers=officer, case__created_at__gte=since)
              .exclude(officer=officer).values("officer__employee_number")
              .annotate(n=Count("id")).order_by("-n", "officer__employee_number")[:10])
    for row in ranked:
        if row["officer__employee_number"] in allowed:
            return allowed[row["officer__employee_number"]]
    zone_mates = (Officer.objects.filter(zones__officers=officer).exclude(pk=officer.pk)
                  .values_list("employee_number", flat=True).order_by("employee_number"))
    for number in zone_mates:
        if number in allowed:
            return allowed[number]
    return next(iter(allowed.values()))


def catalogue(*, actor, township, today):
    """Penalty items in force: those the township may exercise in full (special lists, discretion bands,
    legal basis), the others by name only and marked not empowered (art. 24), so the phone can refuse them."""
    items = access.scope(Item.objects.filter(in_force_today(), power_type=PowerType.PENALTY, status="active"),
                         actor)
    if township is None:
        empowered_until = None  # bureau cases need no empowerment
    else:
        empowered_until = dict(Empowerment.objects.in_force(today).filter(township=township)
                               .values_list("item_id", "valid_to"))
    rows = list(items.order_by("code").values(*ITEM_FIELDS))
    usable_ids = [r["id"] for r in rows if empowered_until is None or r["id"] in empowered_until]
    tiers = defaultdict(list)
    levels = choice_labels(DiscretionLevel)
    bands = (DiscretionTier.objects.filter(item_id__in=usable_ids).order_by("item_id", "fine_min")
             .values_list("item_id", "level", "conditions", "fine_min", "fine_max"))
    for item_id, level, conditions, low, high in bands:
        tiers[item_id].append({"level": level, "label": levels.get(level, level), "conditions": conditions,
                               "fine_min": _money(low), "fine_max": _money(high)})
    kinds = choice_labels(PenaltyKind)
    result = []
    for row in rows:
        base = {"code": row["code"], "name": row["name"], "domain": row["domain__name"],
                "pinyin": row["pinyin_initials"]}
        if empowered_until is not None and row["id"] not in empowered_until:
            result.append({**base, "empowered": False})
            continue
        ends = [d for d in (row["valid_to"], (empowered_until or {}).get(row["id"])) if d]
        result.append({
            **base, "empowered": True, "empowered_until": min(ends) if ends else None,
            "penalty_kinds": [{"kind": k, "label": kinds.get(k, k)} for k in row["penalty_kinds"] or []],
            "fine_min": _money(row["fine_min"]), "fine_max": _money(row["fine_max"]),
            "no_penalty": row["no_penalty"], "no_penalty_conditions": row["no_penalty_conditions"],
            "correction_first": row["correction_first"],
            "correction_first_conditions": row["correction_first_conditions"],
            "warning_only": row["warning_only"], "warning_only_conditions": row["warning_only_conditions"],
            "limitation_years": 5 if row["concerns_life_health_safety"] else 2,
            "basis": f"{row['violation_law']}{row['violation_article']}",
            "penalty_basis": f"{row['penalty_law']}{row['penalty_article']}",
            "tiers": tiers.get(row["id"], []),
        })
    return result


def recent_item_codes(*, actor):
    codes = (Case.objects.filter(created_by=actor).order_by("-created_at")
             .values_list("item__code", flat=True)[:50])
    return list(dict.fromkeys(codes))[:RECENT_ITEMS]


def favourite_item_codes(*, actor):
    return list(FavouriteItem.objects.filter(user=actor).values_list("item__code", flat=True))


def tasks(*, actor, today):
    """Open week tasks of issued plans around today, each subject marked inspected or not."""
    qs = (access.scope(WeekTask.objects.all(), actor)
          .filter(done_at__isnull=True, arrangement__plan__state=PlanState.ISSUED,
                  date__gte=today - timedelta(days=TASK_DAYS_BEFORE), date__lte=today + timedelta(days=TASK_DAYS_AFTER))
          .select_related("department", "checklist").prefetch_related("subjects", "officers")
          .order_by("date", "code")[:100])
    qs = list(qs)
    done = set(Inspection.objects.filter(task__in=qs).values_list("task_id", "subject_id"))
    types = choice_labels(InspectionType)
    return [{
        "code": t.code, "date": t.date, "department": t.department.name, "inspection_type": t.inspection_type,
        "inspection_type_label": types.get(t.inspection_type, t.inspection_type), "note": t.note,
        "checklist": t.checklist.code if t.checklist_id else None,
        "officers": [o.employee_number for o in t.officers.all()],
        "subjects": [{"uscc": s.uscc, "name": s.name, "address": s.address, "inspected": (t.pk, s.pk) in done}
                     for s in t.subjects.all()],
    } for t in qs]


def checklists_for(task_rows):
    from planning.models import Checklist

    codes = {row["checklist"] for row in task_rows if row["checklist"]}
    lists = Checklist.objects.filter(code__in=codes).prefetch_related("points__item").order_by("code")
    return [{"code": c.code, "name": c.name,
             "points": [{"code": p.code, "text": p.text, "item": p.item.code, "item_name": p.item.name}
                        for p in c.points.all()]} for c in lists]


def _case_due(case):
    """The legal deadline that matters next for the officer, and what it is for."""
    if case.status == Status.DECIDED and not case.delivered_on:
        return case.delivery_deadline, "deliver"
    if case.status == Status.NOTIFIED and case.statement_deadline and not case.statement_outcome:
        return case.statement_deadline, "statement"
    if case.correction_deadline and case.correction_outcome == "" and case.correction_ordered_on:
        return case.correction_deadline, "correction"
    return case.deadline, "decide" if case.deadline else ""


def my_cases(*, actor, today):
    """Open cases the actor handles, most urgent first, with the next legal deadline and the moves open."""
    qs = (access.scope(Case.objects.exclude(status__in=FINAL_STATES), actor)
          .filter(Q(created_by=actor) | Q(officers__user=actor)).distinct()
          .exclude(status=Status.EXECUTED).select_related("item", "township").prefetch_related("documents")
          .order_by("deadline", "-created_at")[:MAX_CASES])
    rows, statuses = [], choice_labels(Status)
    for case in qs:
        due, reason = _case_due(case)
        rows.append({
            "code": case.code, "procedure": case.procedure, "status": case.status,
            "status_label": statuses.get(case.status, case.status), "party_name": case.party_name,
            "item": case.item.code, "item_name": case.item.name, "fine_amount": _money(case.fine_amount),
            "due": due, "due_reason": reason,
            "overdue": bool(due and due < today), "actions": available_actions(case, actor),
            "to_deliver": case.decision_type in (DecisionType.PENALTY, DecisionType.NO_PENALTY)
            and not case.delivered_on,
            "documents": [{"kind": d.kind, "number": d.number, "version": d.version} for d in case.documents.all()],
        })
    rows.sort(key=lambda r: (r["due"] is None, r["due"] or today))
    return rows


def zones(*, actor, officer):
    qs = access.scope(Zone.objects.all(), actor).select_related("township").prefetch_related("officers")
    return [{"code": z.code, "name": z.name, "township": z.township.code,
             "officers": [o.name for o in z.officers.all()],
             "mine": officer is not None and any(o.pk == officer.pk for o in z.officers.all())}
            for z in qs.order_by("code")[:200]]


def clues(*, actor):
    """Clues dispatched to the officer (or their team) that still need them in the field, and early warnings due
    for their re-check: the command centre's side (intake, #10), read through its own selectors."""
    if not apps.is_installed("intake"):
        return None, None
    from intake.api.serializers import LIST_FIELDS as CLUE_FIELDS
    from intake.api.serializers import clue_rows
    from intake.selectors import clues_assigned_to, rechecks_due

    rows = clue_rows(clues_assigned_to(actor).values(*CLUE_FIELDS)[:100], timezone.now())
    rechecks = [{"clue": w.clue.code, "address": w.clue.address, "deadline": w.rectification_deadline,
                 "requirement": getattr(w, "requirement", "")}
                for w in rechecks_due(actor=actor)[:100]]
    return rows, rechecks


def working_data(*, actor, today=None):
    today = today or timezone.localdate()
    township = access.township_of(actor)
    officer = officer_of(actor)
    people = colleagues(actor=actor, township=township, today=today)
    task_rows = tasks(actor=actor, today=today)
    clue_rows, rechecks = clues(actor=actor)
    return {
        "generated_at": timezone.now(),
        "today": today,
        "user": {"username": actor.get_username(), "display_name": str(actor), "role": actor.role,
                 "township": township.code if township else None,
                 "township_name": township.name if township else settings.AGENCY_NAME},
        "officer": _officer_row(officer, today) if officer else None,
        "partner": usual_partner(officer=officer, candidates=people, today=today),
        "colleagues": people,
        "limits": {"simple_max_fine_citizen": str(rules.simple_procedure_limit("citizen")),
                   "simple_max_fine_org": str(rules.simple_procedure_limit("organisation"))},
        "items": catalogue(actor=actor, township=township, today=today),
        "recent_items": recent_item_codes(actor=actor),
        "favourite_items": favourite_item_codes(actor=actor),
        "tasks": task_rows,
        "checklists": checklists_for(task_rows),
        "cases": my_cases(actor=actor, today=today),
        "zones": zones(actor=actor, officer=officer),
        "clues": clue_rows,
        "rechecks": rechecks,
    }
