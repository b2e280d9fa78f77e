"""Builds what the pure guards of `cases.workflow` may know (all ORM reads happen here)."""

from django.utils import timezone

from townships.services import empowered_zone_names, is_empowered

from ..models import NoPenaltyGround, ReviewOutcome
from ..selectors import prior_violations
from ..workflow import GuardContext, OfficerFact


def officer_facts(officers, on_date):
    return [OfficerFact(name=o.name, has_valid_certificate=o.has_valid_certificate(on_date)) for o in officers]


def review_cycle(case):
    cycle = []
    for review in case.reviews.order_by("created_at", "id"):
        if review.outcome == ReviewOutcome.RETURNED:
            cycle = []
        else:
            cycle.append((review.level, review.outcome))
    return cycle


def actor_is_handler(case, actor):
    if actor is None:
        return False
    if case.created_by_id == actor.pk:
        return True
    return case.officers.filter(user_id=actor.pk).exists()


def build_context(case, actor, data, *, officers=None, today=None, action_date=None):
    today = today or timezone.localdate()
    on_date = case.filed_on or today
    item = case.item
    tiers = list(item.discretion_tiers.all())
    if officers is None:
        officers = list(case.officers.all()) if case.pk else []
    empowered = is_empowered(case.township, item, on_date, zone=case.zone) if case.township_id else None
    return GuardContext(
        today=today,
        action_date=action_date or today,
        item=item,
        officers=officer_facts(officers, on_date),
        empowered=empowered,
        empowered_zones=empowered_zone_names(case.township, item, on_date) if empowered is False else [],
        prior_violations=([(c.violation_date, c.item.code) for c in prior_violations(case=case)]
                          if data.get("grounds") == NoPenaltyGround.FIRST_VIOLATION and case.pk else []),
        review_cycle=review_cycle(case) if case.pk else [],
        actor_is_handler=actor_is_handler(case, actor) if case.pk else False,
        data={**data, "discretion_bands": [(t.fine_min, t.fine_max) for t in tiers],
              "discretion_tiers": {t.level: (t.fine_min, t.fine_max) for t in tiers}},
    )
