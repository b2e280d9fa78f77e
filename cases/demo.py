"""Demo cases: a year of cases across townships, domains and states, simple:ordinary ≈ 6,429:5,012.

Scaled to ~3,000 cases so seeding stays fast: rows, action codes, officers and events are bulk-inserted.
Some cases are major with two-level reviews, some pending ones are at risk or overdue (art. 60).
Idempotent: nothing happens when demo cases exist; nothing happens without catalogue items.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from catalog.models import Item
from enforcement.accounts.models import Role, User
from enforcement.core import crypto
from enforcement.core.action_codes import _check_digit
from enforcement.core.models import ActionCode, ActionCodeSequence, ActionKind
from enforcement.core.validators import USCC_ALPHABET, id_number_check_digit, uscc_check_char
from townships.models import Empowerment, Officer, Township

from . import rules
from .models import Case, CaseEvent, DecisionType, NoPenaltyGround, PartyType, Procedure, Review, Source, Status

TOTAL = 3000
SIMPLE_SHARE = 6429 / (6429 + 5012)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华",
         "晓东"]
COMPANY_WORDS = ["鑫源", "恒达", "海润", "宏盛", "明珠", "东方", "新港", "甬江", "华联", "四明", "天一", "瑞丰"]
COMPANY_KINDS = ["建材有限公司", "餐饮店", "商贸有限公司", "汽车维修部", "装饰工程有限公司", "物流有限公司", "超市"]
STREETS = ["人民路", "中山路", "解放路", "环城北路", "江东南路", "望春路", "鄞县大道", "石碶街道集士港路",
           "古林镇前程路"]
FACTS = [
    "在人行道上违规堆放建筑材料,影响行人通行。",
    "擅自占用城市道路摆摊经营。",
    "未按规定分类投放生活垃圾。",
    "运输建筑垃圾未采取密闭措施,沿途抛洒。",
    "擅自设置户外广告设施。",
    "店外占道经营,油烟直排。",
    "未经批准擅自修剪、砍伐城市树木。",
    "施工工地未采取扬尘防治措施。",
]


def _name(rng, party_type):
    if party_type == PartyType.ORGANISATION:
        return f"宁波{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _id_number(rng):
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 40 * 365))
    body = f"330203{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + id_number_check_digit(body)


def _uscc(rng):
    body = "91330203" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + uscc_check_char(body)


def _phone(rng):
    return f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}"


def _ordinary_status(rng, age):
    if age > 120:
        return rng.choices([Status.CLOSED, Status.ARCHIVED, Status.EXECUTED, Status.NOT_FILED, Status.REVOKED,
                            Status.TRANSFERRED, Status.INVESTIGATING],
                           [58, 25, 5, 3, 2, 2, 5])[0]
    if age > 60:
        return rng.choices([Status.CLOSED, Status.EXECUTED, Status.DELIVERED, Status.DECIDED, Status.NOTIFIED,
                            Status.INVESTIGATING], [40, 15, 15, 10, 10, 10])[0]
    return rng.choices([Status.CLUE, Status.INVESTIGATING, Status.NOTIFIED, Status.TOWNSHIP_REVIEW, Status.DECIDED,
                        Status.DELIVERED, Status.CLOSED], [10, 35, 20, 8, 10, 10, 7])[0]


ORDER = [Status.CLUE, Status.INVESTIGATING, Status.NOTIFIED, Status.TOWNSHIP_REVIEW, Status.DISTRICT_REVIEW,
         Status.REVIEWED, Status.DISCUSSED, Status.DECIDED, Status.DELIVERED, Status.EXECUTED, Status.CLOSED,
         Status.ARCHIVED]


def _reached(status, step):
    return status in ORDER and ORDER.index(status) >= ORDER.index(step)


def seed(*, stdout, rng):
    with translation.override(settings.LANGUAGE_CODE):
        _seed(stdout=stdout, rng=rng)


def _seed(*, stdout, rng):
    if Case.objects.filter(is_demo=True).exists():
        stdout.write("cases: demo cases exist, skipped")
        return
    items = list(Item.objects.filter(status="active", power_type="penalty").only(
        "id", "code", "fine_min", "fine_max", "penalty_kinds"))
    if not items:
        stdout.write("cases: no catalogue items yet (seed the catalogue first), skipped")
        return
    today = timezone.localdate()
    townships = list(Township.objects.all())
    by_township = {}
    for emp in Empowerment.objects.in_force(today).filter(item__status="active", item__power_type="penalty") \
            .values("township_id", "item_id"):
        by_township.setdefault(emp["township_id"], []).append(emp["item_id"])
    items_by_id = {i.id: i for i in items}
    officers = {}
    for officer in Officer.objects.active().filter(certificate_expiry__gte=today).only("id", "township_id"):
        officers.setdefault(officer.township_id, []).append(officer.id)
    units = [t for t in townships if len(officers.get(t.id, [])) >= 2 and by_township.get(t.id)]
    if len(officers.get(None, [])) >= 2:
        units.append(None)
    if not units:
        stdout.write("cases: no township with two certified officers and empowered items, skipped")
        return
    creators = {}
    for user in User.objects.filter(Q(role=Role.TOWNSHIP_OFFICER) | Q(role=Role.STAFF)):
        creators.setdefault(user.township_id if user.role == Role.TOWNSHIP_OFFICER else None, user)
    t_reviewers = {u.township_id: u for u in User.objects.filter(role=Role.TOWNSHIP_REVIEWER)}
    d_reviewer = User.objects.filter(role=Role.DISTRICT_REVIEWER).first()
    sequences = {}
    for kind in (ActionKind.PENALTY_CASE, ActionKind.SIMPLE_CASE):
        for year in (today.year - 1, today.year):
            seq, _ = ActionCodeSequence.objects.get_or_create(kind=kind, year=year)
            sequences[(kind, year)] = seq

    cases, codes, officer_links, plan = [], [], [], []
    for _i in range(TOTAL):
        unit = rng.choice(units)
        township_id = unit.id if unit else None
        item = items_by_id[rng.choice(by_township[township_id])] if unit else rng.choice(items)
        age = rng.randrange(0, 365)
        created = today - datetime.timedelta(days=age)
        party_type = PartyType.ORGANISATION if rng.random() < 0.3 else PartyType.CITIZEN
        simple = rng.random() < SIMPLE_SHARE
        limit = rules.simple_procedure_limit(party_type)
        major = not simple and rng.random() < 0.08
        if simple:
            kinds = ["warning"] if rng.random() < 0.3 else ["fine"]
            fine = None if kinds == ["warning"] else Decimal(rng.randrange(50, int(limit) + 1, 10))
            status = rng.choices([Status.DELIVERED, Status.EXECUTED, Status.CLOSED, Status.ARCHIVED],
                                 [8, 10, 62, 20])[0] if age > 20 else Status.DELIVERED
        else:
            kinds = ["fine"]
            high = rules.major_fine_threshold(party_type)
            fine = (high + Decimal(rng.randrange(0, 50000, 500))) if major else Decimal(
                rng.randrange(500, int(high) - 500, 100))
            status = _ordinary_status(rng, age)
            if major and status == Status.TOWNSHIP_REVIEW and township_id is None:
                status = Status.DISTRICT_REVIEW
            if not major and status in (Status.TOWNSHIP_REVIEW, Status.DISTRICT_REVIEW):
                status = Status.NOTIFIED
        if item.fine_max is not None and fine is not None and fine > item.fine_max:
            fine = item.fine_max
        # 首违不罚 (art. 33): about half of the ordinary cases on no-penalty-list items end without a penalty.
        no_penalty = not simple and not major and item.no_penalty and rng.random() < 0.5
        if no_penalty:
            kinds, fine = [], None
            status = Status.CLOSED if status == Status.EXECUTED else status  # nothing to execute
        kind = ActionKind.SIMPLE_CASE if simple else ActionKind.PENALTY_CASE
        seq = sequences[(kind, created.year)]
        seq.last_number += 1
        body = f"{settings.AGENCY_REGION_CODE}{created.year}{seq.last_number:07d}"
        code = f"{settings.AGENCY_REGION_CODE}-{kind}-{created.year}-{seq.last_number:07d}-{_check_digit(body)}"
        id_number = _uscc(rng) if party_type == PartyType.ORGANISATION else _id_number(rng)
        phone = _phone(rng)
        violation = created - datetime.timedelta(days=rng.randrange(0, 5))
        case = Case(
            code=code, procedure=Procedure.SIMPLE if simple else Procedure.ORDINARY,
            proposed_procedure=rules.propose_procedure(party_type, kinds, fine),
            source=Source.PATROL if simple else rng.choice(Source.values), item_id=item.id, township_id=township_id,
            status=status, party_type=party_type, party_name=_name(rng, party_type),
            party_id_encrypted=crypto.encrypt(id_number), party_id_hash=crypto.keyed_hash(id_number),
            party_id_masked=crypto.mask_id_number(id_number), party_phone_encrypted=crypto.encrypt(phone),
            party_phone_masked=crypto.mask_phone(phone), location=f"{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
            facts=rng.choice(FACTS), violation_date=violation, discovered_on=created,
            proposed_penalty_kinds=kinds, proposed_fine=fine, is_major=major,
            major_reasons=["large_fine"] if major else [],
            created_by=creators.get(township_id), is_demo=True,
            created_at=timezone.make_aware(datetime.datetime.combine(created, datetime.time(9 + rng.randrange(0, 8)))),
        )
        _fill_dates(case, simple, status, created, kinds, fine, today, rng)
        if no_penalty and case.decision_type:
            case.decision_type = DecisionType.NO_PENALTY
            case.no_penalty_grounds = NoPenaltyGround.FIRST_VIOLATION
        cases.append(case)
        codes.append(ActionCode(code=code, kind=kind, agency=(f"{unit.name}人民政府" if unit else settings.AGENCY_NAME),
                                issued_on=created, status=str(Status(status).label)))
        plan.append((township_id, major))
    Case.objects.bulk_create(cases, batch_size=1000)
    ActionCode.objects.bulk_create(codes, batch_size=1000)
    for seq in sequences.values():
        seq.save(update_fields=["last_number"])

    events, reviews = [], []
    through = Case.officers.through
    for case, (township_id, major) in zip(cases, plan, strict=True):
        pool = officers.get(township_id, [])
        for officer_id in rng.sample(pool, 2):
            officer_links.append(through(case_id=case.id, officer_id=officer_id))
        when = case.created_at
        events.append(CaseEvent(case_id=case.id, action="create", to_status=Status.NEW if case.procedure == "simple"
                                else Status.CLUE, actor=case.created_by, created_at=when))
        if case.status not in (Status.CLUE,):
            events.append(CaseEvent(case_id=case.id, action="demo_history", from_status="", to_status=case.status,
                                    actor=case.created_by, note="演示数据",
                                    created_at=when + datetime.timedelta(hours=1)))
        if major and _reached(case.status, Status.REVIEWED) and d_reviewer:
            if township_id and t_reviewers.get(township_id):
                reviews.append(Review(case_id=case.id, level="township", reviewer=t_reviewers[township_id],
                                      opinion="事实清楚,证据确凿,同意。", outcome="approved", created_at=when))
            reviews.append(Review(case_id=case.id, level="district", reviewer=d_reviewer, opinion="同意。",
                                  outcome="approved", created_at=when))
    through.objects.bulk_create(officer_links, batch_size=2000)
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    Review.objects.bulk_create(reviews, batch_size=1000)
    measures = _seed_coercive(cases, officers, today, rng)
    simple_count = sum(1 for c in cases if c.procedure == Procedure.SIMPLE)
    overdue = sum(1 for c in cases if c.deadline and c.deadline < today and c.status in _pending())
    stdout.write(f"cases: {len(cases)} cases ({simple_count} simple, {len(cases) - simple_count} ordinary), "
                 f"{len(reviews)} reviews, {overdue} overdue, {measures} coercive measures")


# 查封 / 扣押 / 先行登记保存 on a few filed ordinary cases (行政强制法 arts. 18–28, 行政处罚法 art. 56):
# (kind, decided days ago, extended by, released days ago); the first is past its 30 days without release or
# extension, so the list shows one overdue measure.
DEMO_MEASURES = [
    ("seal_up", 35, None, None),
    ("seizure", 40, 20, None),
    ("seizure", 25, None, 5),
    ("preservation", 2, None, None),
    ("seal_up", 10, None, None),
]
DEMO_INVENTORY = [("电动三轮车", "蓝色", Decimal("1"), "辆", "执法大队暂扣物品仓库"),
                  ("建筑材料(砖)", "标准砖", Decimal("2000"), "块", "现场加贴封条"),
                  ("户外广告牌", "3m×1m", Decimal("2"), "块", "执法大队暂扣物品仓库")]


def _seed_coercive(cases, officers, today, rng):
    from .models_coercive import CoerciveItem, CoerciveMeasure, ReleaseReason
    from .services.coercive import measure_deadline

    names = {o.id: (o.name, o.employee_number, o.certificate_number or "")
             for o in Officer.objects.filter(id__in=[i for ids in officers.values() for i in ids])}
    rows, lines, counts = [], [], {}
    pool = [c for c in cases if c.procedure == Procedure.ORDINARY and c.status == Status.INVESTIGATING
            and c.filed_on and c.filed_on <= today - datetime.timedelta(days=45)]
    for case, (kind, ago, extended, released) in zip(pool, DEMO_MEASURES, strict=False):
        decided = today - datetime.timedelta(days=ago)
        period = None if kind == "preservation" else 30
        deadline = measure_deadline(kind, decided, period)
        on_site = [{"employee_number": names[i][1], "name": names[i][0], "certificate_number": names[i][2]}
                   for i in officers.get(case.township_id, [])[:2] if i in names]
        measure = CoerciveMeasure(
            case_id=case.id, number=1, kind=kind, decided_on=decided, approved_by="局长 示范", period_days=period,
            reason="涉嫌违法,不及时查封扣押可能导致证据灭失或危害扩大。",
            legal_basis="《中华人民共和国行政强制法》第九条、第二十二条", place=case.location,
            deadline=deadline, record_time=datetime.time(9, 30), record_place=case.location,
            on_site_officers=on_site, party_present=True, record_note="演示数据:出示证件,告知理由、依据和救济途径。",
            status="active")
        if extended:
            measure.status, measure.extended_on, measure.extension_days = "extended", deadline - datetime.timedelta(
                days=3), extended
            measure.extension_reason, measure.deadline = "情况复杂,需检验鉴定。", deadline + datetime.timedelta(
                days=extended)
        if released:
            measure.status, measure.released_on = "released", today - datetime.timedelta(days=released)
            measure.release_reason, measure.goods_returned = ReleaseReason.NO_VIOLATION, True
            measure.release_note = "演示数据:物品已返还当事人。"
        rows.append(measure)
        if measure.status != "released":
            counts[case.id] = 1
    CoerciveMeasure.objects.bulk_create(rows)
    for measure in rows:
        for position, (name, spec, quantity, unit, kept_at) in enumerate(rng.sample(DEMO_INVENTORY, 2), start=1):
            lines.append(CoerciveItem(measure=measure, position=position, name=name, spec=spec, quantity=quantity,
                                      unit=unit, kept_at=kept_at))
    CoerciveItem.objects.bulk_create(lines)
    for case_id, count in counts.items():
        Case.objects.filter(pk=case_id).update(coercive_in_force=count)
    return len(rows)


def _pending():
    from .models import UNDECIDED_STATES

    return UNDECIDED_STATES


def _fill_dates(case, simple, status, created, kinds, fine, today, rng):
    def day(offset):
        return min(created + datetime.timedelta(days=offset), today)

    if simple:
        case.filed_on = case.decided_on = case.delivered_on = created
        case.decision_type = "penalty"
        case.penalty_kinds, case.fine_amount = kinds, fine
        case.payment_due = rules.payment_due(created) if fine else None
    else:
        if status in (Status.CLUE, Status.NOT_FILED):
            if status == Status.NOT_FILED:
                case.closing_reason = "经核查,违法事实不成立,不予立案。"
                case.closed_on = day(3)
            return
        case.filed_on = day(1)
        case.deadline = rules.decision_deadline(case.filed_on)
        if status == Status.REVOKED:
            case.closing_reason, case.closed_on = "立案后查明违法行为已过追责时效。", day(20)
            return
        if status == Status.TRANSFERRED:
            case.closing_reason, case.transferred_to, case.closed_on = "涉嫌犯罪,依法移送。", "县公安局", day(15)
            return
        if _reached(status, Status.NOTIFIED):
            case.notice_date = day(20)
            case.notice_penalty_kinds, case.notice_fine = kinds, fine
            case.statement_deadline = case.notice_date + datetime.timedelta(days=5)
            case.statement_outcome = "waived" if _reached(status, Status.DECIDED) else ""
        if _reached(status, Status.DECIDED):
            case.decided_on = day(rng.randrange(30, 80))
            case.decision_type = "penalty"
            case.penalty_kinds, case.fine_amount = kinds, fine
            case.delivery_deadline = case.decided_on + datetime.timedelta(days=9)
            if case.is_major:
                case.discussion_on, case.discussion_note = case.decided_on, "经集体讨论,同意处罚。"
    if _reached(status, Status.DELIVERED) and not simple:
        case.delivered_on = min(case.decided_on + datetime.timedelta(days=rng.randrange(0, 5)), today)
        case.payment_due = rules.payment_due(case.delivered_on) if case.fine_amount else None
    if _reached(status, Status.EXECUTED) and case.fine_amount:
        case.paid_on = case.payment_due or case.delivered_on
        case.paid_amount = case.fine_amount
        case.surcharge_amount = Decimal("0.00") if case.fine_amount else None
        case.bank_receipt_number = f"YH{rng.randrange(10**9):09d}" if case.fine_amount else ""
    if _reached(status, Status.CLOSED):
        case.closed_on = min((case.paid_on or case.delivered_on) + datetime.timedelta(days=3), today)
    if status == Status.ARCHIVED:
        case.archived_on = min(case.closed_on + datetime.timedelta(days=10), today)
