"""Demo catalogue: 26 domains, 1,676 items (the Haishu figure), the "1+3" special lists at exactly
210 / 318 / 171, discretion benchmarks, a few adjustments, and empowerment of every demo township by its mode.

Idempotent: each part is skipped when its demo rows already exist. Everything is bulk-inserted.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from townships import empowerment as empowerment_services
from townships.models import Empowerment, Township

from .demo_data import (
    ARTICLES,
    CORRECTION_FIRST_CONDITIONS,
    DOCUMENTS,
    DOMAINS,
    FINE_BANDS,
    NO_PENALTY_CONDITIONS,
    WARNING_ONLY_CONDITIONS,
)
from .models import Adjustment, DiscretionLevel, DiscretionTier, Domain, Item, ListTier, PowerType
from .services import item_amend, item_retire, snapshot
from .services.items import flush_search_index, refresh_search_fields

TOTAL_ITEMS = 1676
SPECIAL_COUNTS = {"no_penalty": 210, "correction_first": 318, "warning_only": 171}
TYPE_DIGIT = {PowerType.PENALTY: 1, PowerType.INSPECTION: 2, PowerType.COERCION: 3, PowerType.ORDER: 4,
              PowerType.OTHER: 5}
EMPOWERED_FROM = date(2022, 1, 1)
EMPOWERMENT_DOCUMENT = "海政发〔2021〕46号"
FULL_EXTRA_DOMAINS = {"city_appearance", "planning", "municipal", "greening", "solid_waste", "fire", "advertising"}
SPECIAL_AREA_DOMAINS = {"city_appearance", "greening", "water"}
TIER_CONDITIONS = ("初次违法，危害后果轻微，及时改正", "违法行为造成一定影响，责令改正后改正",
                   "多次违法、拒不改正或者造成较大社会影响")


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def seed(*, stdout, rng):
    domains = _seed_domains()
    if not Item.objects.filter(is_demo=True).exists():
        _seed_items(domains, rng)
    if not Adjustment.objects.filter(is_demo=True, kind__in=["amend", "retire"]).exists():
        _seed_adjustments(rng)
    empowered = _seed_empowerment(stdout, rng)
    active = Item.objects.filter(is_demo=True, status="active")
    counts = [active.filter(**{name: True}).count() for name in SPECIAL_COUNTS]
    total = Item.objects.filter(is_demo=True).count()
    _write(stdout, f"catalog: {len(domains)} domains, {total} items ({active.count()} active; special lists "
                   f"{'/'.join(map(str, counts))}), {empowered} empowerments\n")


def _seed_domains():
    Domain.objects.bulk_create(
        [Domain(code=code, name=name, sort_order=index + 1, is_demo=True)
         for index, (code, name, *_rest) in enumerate(DOMAINS)], ignore_conflicts=True)
    return {d.code: d for d in Domain.objects.filter(code__in=[d[0] for d in DOMAINS])}


def _candidates(spec):
    """Item names of one domain in priority order: (power type, name, kind of row)."""
    code, name, laws, subjects, offences, objects, measures, _life, _tier = spec
    first = [(PowerType.PENALTY, f"对{o}的行政处罚", "base") for o in offences]
    first += [(PowerType.COERCION, m, "coercion") for m in measures]
    first += [(PowerType.INSPECTION, f"对{o}的行政检查", "inspection") for o in objects]
    more = [(PowerType.PENALTY, f"对{s}{o}的行政处罚", "subject") for o in offences for s in subjects]
    more += [(PowerType.ORDER, f"责令{o}的当事人限期改正", "order") for o in offences]
    more += [(PowerType.PENALTY, f"对{o}经责令改正逾期不改正的行政处罚", "overdue") for o in offences]
    more += [(PowerType.INSPECTION, f"对{o}的{a}", "inspection") for o in objects for a in ("双随机抽查", "专项检查")]
    more += [(PowerType.COERCION, f"对{o}经责令改正拒不改正的代履行", "coercion") for o in offences]
    more += [(PowerType.PENALTY, f"对{s}{o}经责令改正逾期不改正的行政处罚", "overdue") for o in offences
             for s in subjects]
    return first + more


def _seed_items(domains, rng):
    queues = {spec[0]: _candidates(spec) for spec in DOMAINS}
    specs = {spec[0]: spec for spec in DOMAINS}
    chosen, seen = [], set()
    while len(chosen) < TOTAL_ITEMS and any(queues.values()):
        for code in list(queues):
            if not queues[code]:
                continue
            power_type, name, kind = queues[code].pop(0)
            if name in seen:
                continue
            seen.add(name)
            chosen.append((code, power_type, name, kind))
            if len(chosen) == TOTAL_ITEMS:
                break
    counters = {}
    items = []
    for domain_code, power_type, name, kind in chosen:
        spec = specs[domain_code]
        index = list(specs).index(domain_code) + 1
        key = (domain_code, power_type)
        counters[key] = counters.get(key, 0) + 1
        law = rng.choice(spec[2])
        tier = spec[8]
        roll = rng.random()
        if roll < 0.2:
            tier = ListTier.TOWNSHIP
        elif roll < 0.3:
            tier = ListTier.COMPREHENSIVE
        elif roll < 0.35:
            tier = ListTier.PROFESSIONAL
        item = Item(
            code=f"3302{index:02d}{TYPE_DIGIT[power_type]}{counters[key]:04d}", name=name[:300],
            domain=domains[domain_code], power_type=power_type, tier=tier, violation_law=law,
            violation_article=rng.choice(ARTICLES), valid_from=date(2019, 1, 1) + timedelta(days=rng.randrange(0, 700)),
            is_demo=True,
        )
        if power_type == PowerType.PENALTY:
            item.penalty_law = law
            item.penalty_article = rng.choice(ARTICLES)
            low, high = rng.choice(FINE_BANDS)
            item.fine_min, item.fine_max = Decimal(low), Decimal(high)
            kinds = ["fine"] if kind == "overdue" else ["warning", "fine"]
            if rng.random() < 0.25:
                kinds.append("confiscation")
            if rng.random() < 0.1:
                kinds += ["licence_revocation", "closure"]
            item.penalty_kinds = kinds
            item.concerns_life_health_safety = spec[7]
        refresh_search_fields(item)
        items.append(item)
    Item.objects.bulk_create(items, batch_size=500)
    flush_search_index()
    items = list(Item.objects.filter(is_demo=True).select_related("domain").order_by("code"))
    _mark_special_lists(items, rng)
    tiers = []
    for item in items:
        if item.power_type == PowerType.PENALTY and item.fine_max:
            span = item.fine_max - item.fine_min
            cut1 = (item.fine_min + span * Decimal("0.3")).quantize(Decimal("1"))
            cut2 = (item.fine_min + span * Decimal("0.7")).quantize(Decimal("1"))
            tiers += [
                DiscretionTier(item=item, level=DiscretionLevel.MINOR, conditions=TIER_CONDITIONS[0],
                               fine_min=item.fine_min, fine_max=cut1),
                DiscretionTier(item=item, level=DiscretionLevel.GENERAL, conditions=TIER_CONDITIONS[1],
                               fine_min=cut1, fine_max=cut2),
                DiscretionTier(item=item, level=DiscretionLevel.SERIOUS, conditions=TIER_CONDITIONS[2],
                               fine_min=cut2, fine_max=item.fine_max),
            ]
    DiscretionTier.objects.bulk_create(tiers, batch_size=1000)
    by_item = {}
    for tier in tiers:
        by_item.setdefault(tier.item_id, []).append(tier)
    Adjustment.objects.bulk_create([
        Adjustment(item=item, kind=Adjustment.Kind.ADD, reason=Adjustment.Reason.DEVOLVED,
                   document_number=rng.choice(DOCUMENTS), effective_date=item.valid_from, before=None,
                   after=snapshot(item, by_item.get(item.pk, [])), is_demo=True)
        for item in items], batch_size=500)


def _mark_special_lists(items, rng):
    penalties = [i for i in items if i.power_type == PowerType.PENALTY]
    with_warning = [i for i in penalties if "warning" in i.penalty_kinds]
    warning_only = rng.sample(with_warning, SPECIAL_COUNTS["warning_only"])
    no_penalty = rng.sample(penalties, SPECIAL_COUNTS["no_penalty"])
    correction_first = rng.sample(penalties, SPECIAL_COUNTS["correction_first"])
    for item in no_penalty:
        item.no_penalty, item.no_penalty_conditions = True, NO_PENALTY_CONDITIONS
    for item in correction_first:
        item.correction_first, item.correction_first_conditions = True, CORRECTION_FIRST_CONDITIONS
    for item in warning_only:
        item.warning_only, item.warning_only_conditions = True, WARNING_ONLY_CONDITIONS
    Item.objects.bulk_update(
        set(no_penalty) | set(correction_first) | set(warning_only),
        ["no_penalty", "no_penalty_conditions", "correction_first", "correction_first_conditions", "warning_only",
         "warning_only_conditions"], batch_size=500)


def _seed_adjustments(rng):
    """A dozen amendments after law changes, and four retirements (none on a special list)."""
    plain = Q(no_penalty=False, correction_first=False, warning_only=False)
    penalties = list(Item.objects.filter(plain, is_demo=True, status="active", power_type=PowerType.PENALTY,
                                         fine_max__isnull=False).order_by("code"))
    picked = rng.sample(penalties, 16)
    before = set(Adjustment.objects.values_list("pk", flat=True).filter(is_demo=False))
    for number, item in enumerate(picked[:12]):
        effective = date(2024, 3, 1) + timedelta(days=20 * number)
        new_max = (item.fine_max * Decimal("1.5")).quantize(Decimal("1"))
        item_amend(actor=None, item=item, changes={"fine_max": new_max, "penalty_article": rng.choice(ARTICLES)},
                   reason=Adjustment.Reason.LAW_CHANGE, document_number=f"海司发〔2024〕{number + 3}号",
                   effective_date=effective, note="上位法修订，提高罚款上限")
    for number, item in enumerate(picked[12:]):
        item_retire(actor=None, item=item, reason=Adjustment.Reason.EVALUATION,
                    document_number=f"海综执〔2025〕{number + 7}号", effective_date=date(2025, 4, 1),
                    note="评估后取消")
    Adjustment.objects.exclude(pk__in=before).filter(item__is_demo=True).update(is_demo=True)


def _seed_empowerment(stdout, rng):
    townships = list(Township.objects.filter(is_demo=True).order_by("code"))
    if not townships:
        _write(stdout, "catalog: no demo townships yet, empowerment skipped\n")
        return 0
    items = Item.objects.filter(is_demo=True)
    township_tier = items.filter(tier=ListTier.TOWNSHIP)
    domain_codes = [spec[0] for spec in DOMAINS]
    kwargs = {"actor": None, "valid_from": EMPOWERED_FROM, "document_number": EMPOWERMENT_DOCUMENT, "is_demo": True}
    modes = Township.EmpowermentMode
    ordered = [t for t in townships if t.empowerment_mode != modes.HUB] + \
              [t for t in townships if t.empowerment_mode == modes.HUB]
    for township in ordered:
        if Empowerment.objects.filter(township=township).exists():
            continue
        if township.empowerment_mode == modes.FULL:
            scope = township_tier | items.filter(domain__code__in=FULL_EXTRA_DOMAINS,
                                                 power_type__in=[PowerType.PENALTY, PowerType.INSPECTION])
        elif township.empowerment_mode == modes.PARTIAL:
            chosen = rng.sample(domain_codes, 12)
            scope = township_tier.filter(domain__code__in=chosen)
        elif township.empowerment_mode == modes.HUB and township.hub_id:
            scope = items.filter(pk__in=Empowerment.objects.filter(township_id=township.hub_id).values("item_id"))
        else:  # special area, or a radiation township without a hub: a narrow set
            scope = township_tier.filter(domain__code__in=SPECIAL_AREA_DOMAINS, power_type=PowerType.PENALTY)
        empowerment_services.empowerment_grant(township=township, items=scope, **kwargs)
    return Empowerment.objects.filter(is_demo=True).count()
