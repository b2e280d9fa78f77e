"""Demo data of the command centre: operators' accounts, a year of clues from every source, patrol plans.

At the seeds' scale for a demo county (~9,000 clues a year, several per case, most never a case): hotline
work orders, complaints, grid workers, patrols, transfers, video alerts; triaged, dispatched, on the spot on
time or late, warnings (84 % rectified, seed 001), cases filed from clues (linked to demo cases), replies
with satisfaction, merged duplicates; the last days still open on the board. Rows are bulk-inserted.
Idempotent: accounts by username; clues and patrols only when no demo clue / plan exists yet.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from cases.models import Case
from catalog.demo_data import DOMAINS
from catalog.models import Item
from enforcement.accounts.models import Role, User
from enforcement.core import crypto
from enforcement.core.workdays import add_workdays
from townships.models import Department, Officer, Township, Zone

from .models import (
    Clue,
    ClueEvent,
    ClueSequence,
    Dispatch,
    EarlyWarning,
    Frequency,
    Outcome,
    Patrol,
    PatrolPlan,
    Reply,
    Source,
    State,
    TriageProposal,
    Urgency,
)
from .services.rollup import rollup_refresh
from .services.transition import response_deadline
from .triage.text import address_key, subject_key

CLUES_PER_YEAR = 9000
DEMO_DOMAINS = ("city_appearance", "municipal", "greening", "ecology", "solid_waste", "planning")
SOURCES = [(Source.HOTLINE, 38), (Source.GRID, 18), (Source.PHONE, 8), (Source.PATROL, 12), (Source.AUXILIARY, 6),
           (Source.VIDEO, 6), (Source.WALK_IN, 3), (Source.DEPARTMENT, 3), (Source.INSPECTION, 2),
           (Source.ASSIGNED, 2), (Source.MEDIA, 2)]
OPENINGS = ["市民反映", "群众来电称", "网格员巡查发现", "有居民投诉", "视频监控发现", "热线转来:"]
TAILS = ["影响行人通行,请尽快处理。", "已持续多日,希望相关部门管一管。", "周边居民意见很大。", "存在安全隐患。",
         "请执法人员到现场查看。", ""]
SUBJECTS = ["沿街小吃店", "水果摊", "建材商户", "装修公司", "汽修店", "烧烤店", "物流公司", "建筑工地", "早餐店"]
STREETS = ["人民路", "中山路", "解放路", "新河路", "望春路", "前程路", "集士港路", "鄞县大道", "泰安中路", "光溪路"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华"]
NOTES = {
    Outcome.NO_VIOLATION: "到场核查,未发现反映的违法行为。",
    Outcome.HANDLED: "现场责令当事人立即改正,当事人已当场整改完毕。",
    Outcome.RECTIFIED: "复查确认当事人已按预警要求整改到位。",
    Outcome.CASE_FILED: "当事人逾期未整改,已依法立案查处。",
    Outcome.TRANSFERRED: "经核查不属于本局职责,已移交主管部门。",
    Outcome.NOT_ACCEPTED: "反映内容不属于行政执法事项,已向来电人解释。",
}


def seed(*, stdout, rng):
    accounts = _seed_accounts()
    clues = _seed_clues(stdout, rng)
    plans, patrols = _seed_patrols(rng)
    stdout.write(f"intake: {accounts} command-centre accounts, {clues} clues, {plans} patrol plans, "
                 f"{patrols} patrols")


def _seed_accounts():
    password = make_password(settings.DEMO_PASSWORD)
    now = timezone.now()

    def user(username, role, display_name, **extra):
        return User(username=username, role=role, display_name=display_name, password=password,
                    password_changed_at=now, is_demo=True, **extra)

    users = [user("command", Role.COMMAND, "县指挥中心坐席")]
    users += [user(f"command_{t.code}", Role.TOWNSHIP_COMMAND, f"{t.name}指挥室坐席", township=t)
              for t in Township.objects.filter(is_demo=True).order_by("code")]
    User.objects.bulk_create(users, ignore_conflicts=True)
    return User.objects.filter(is_demo=True, role__in=[Role.COMMAND, Role.TOWNSHIP_COMMAND]).count()


class _World:
    """The demo county as the clues need it: zones with officers, items by offence, accounts, cases."""

    def __init__(self, rng, today):
        self.rng = rng
        self.today = today
        self.zones = list(Zone.objects.filter(is_demo=True).select_related("township").order_by("code"))
        self.zone_officers = defaultdict(list)
        for zone_id, officer_id in Zone.officers.through.objects.filter(zone__in=self.zones).values_list(
                "zone_id", "officer_id"):
            self.zone_officers[zone_id].append(officer_id)
        self.township_officers = defaultdict(list)
        for officer_id, township_id in Officer.objects.active().filter(township__isnull=False).values_list(
                "id", "township_id"):
            self.township_officers[township_id].append(officer_id)
        names = {f"对{offence}的行政处罚": offence for spec in DOMAINS if spec[0] in DEMO_DOMAINS
                 for offence in spec[4]}
        self.offences = [(offence, item_id) for name, item_id in
                         Item.objects.filter(name__in=list(names)).values_list("name", "id")
                         for offence in [names[name]]]
        self.operator = User.objects.filter(username="command").first()
        self.township_operators = {u.township_id: u for u in User.objects.filter(role=Role.TOWNSHIP_COMMAND,
                                                                                  is_demo=True)}
        self.officer_users = {u.township_id: u for u in User.objects.filter(role=Role.TOWNSHIP_OFFICER,
                                                                             is_demo=True)}
        self.cases = defaultdict(list)
        for case_id, township_id in Case.objects.filter(is_demo=True, township__isnull=False).values_list(
                "id", "township_id"):
            self.cases[township_id].append(case_id)
        self.departments = list(Department.objects.exclude(code="bureau").values_list("id", flat=True))

    def ready(self):
        return bool(self.zones and self.offences and self.operator)


def _aware(day, minutes):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 30))) + datetime.timedelta(
        minutes=minutes)


def _seed_clues(stdout, rng):
    if Clue.objects.filter(is_demo=True).exists():
        return Clue.objects.filter(is_demo=True).count()
    today = timezone.localdate()
    world = _World(rng, today)
    if not world.ready():
        stdout.write("intake: no demo zones, items or accounts yet, clues skipped")
        return 0
    sequences = {}
    clues, plans = [], []
    now = timezone.now()
    sources, weights = zip(*SOURCES, strict=True)
    for _n in range(CLUES_PER_YEAR):
        age = min(int(rng.expovariate(1 / 150)), 364)
        day = today - datetime.timedelta(days=age)
        received = _aware(day, rng.randrange(0, 12 * 60))
        if received > now:
            received = now - datetime.timedelta(minutes=rng.randrange(5, 300))
            day = timezone.localdate(received)
        zone = rng.choice(world.zones)
        offence, item_id = rng.choice(world.offences)
        source = rng.choices(sources, weights)[0]
        street = rng.choice(STREETS)
        address = f"{zone.township.name}{zone.name.removesuffix('片区')}{street}{rng.randrange(1, 260)}号"
        subject = rng.choice(SUBJECTS) if rng.random() < 0.6 else ""
        description = f"{rng.choice(OPENINGS)}{street}{subject or '有人'}{offence},{rng.choice(TAILS)}"
        sequences[day.year] = sequences.get(day.year, 0) + 1
        clue = Clue(code=f"XS{day.year}{sequences[day.year]:06d}", source=source, description=description,
                    address=address, address_key=address_key(address), subject_name=subject,
                    subject_key=subject_key(subject), received_at=received, created_at=received,
                    urgency=Urgency.URGENT if rng.random() < 0.12 else Urgency.NORMAL, township=zone.township,
                    zone=zone, item_id=item_id, created_by=world.operator, is_demo=True,
                    external_number=f"GD{received:%Y%m%d}{sequences[day.year]:05d}" if source == Source.HOTLINE
                    else None,
                    source_department_id=rng.choice(world.departments) if source == Source.DEPARTMENT else None)
        if source in (Source.HOTLINE, Source.PHONE, Source.WALK_IN, Source.MEDIA) and rng.random() < 0.85:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            clue.reporter_name_encrypted, clue.reporter_name_masked = crypto.encrypt(name), name[0] + "*" * (
                len(name) - 1)
            clue.reporter_phone_encrypted, clue.reporter_phone_masked = crypto.encrypt(phone), crypto.mask_phone(phone)
            clue.reporter_phone_hash = crypto.keyed_hash(phone)
        elif source in (Source.HOTLINE, Source.PHONE):
            clue.reporter_anonymous = True
        clues.append(clue)
        plans.append(_plan(world, clue, age))
    Clue.objects.bulk_create(clues, batch_size=1000)
    for year, last in sequences.items():
        ClueSequence.objects.update_or_create(year=year, defaults={"last_number": last})
    _write_history(world, clues, plans, now)
    rollup_refresh(start=today - datetime.timedelta(days=366), end=today)
    stdout.write(f"intake: {len(clues)} clues, {sum(1 for c in clues if c.case_id)} linked to cases")
    return len(clues)


def _plan(world, clue, age):
    """What happens to a clue: its final state and outcome, and whether its officers were on time."""
    rng = world.rng
    if age <= 2:  # the board: recent clues in every open state
        state = rng.choice([State.NEW, State.TRIAGED, State.DISPATCHED, State.DISPATCHED, State.ACKNOWLEDGED,
                            State.ARRIVED, State.RETURNED, State.CLOSED])
    elif rng.random() < 0.08:
        state = State.MERGED
    else:
        state = State.CLOSED
    outcome, from_warning = "", False
    if state == State.CLOSED:
        outcome = rng.choices([Outcome.HANDLED, Outcome.NO_VIOLATION, "warning", Outcome.CASE_FILED,
                               Outcome.TRANSFERRED, Outcome.NOT_ACCEPTED], [38, 18, 22, 12, 4, 6])[0]
        if outcome == "warning":
            if age < 10:
                state, outcome = State.WARNING, ""
            else:  # seed 001: 84.09 % of the warned parties corrected themselves
                outcome = Outcome.RECTIFIED if rng.random() < 0.8409 else Outcome.CASE_FILED
                from_warning = True
    warned = state == State.WARNING or outcome == Outcome.RECTIFIED or (outcome == Outcome.CASE_FILED and from_warning)
    return {"state": state, "outcome": outcome, "on_time": rng.random() < 0.92, "warned": warned}


def _write_history(world, clues, plans, now):
    rng = world.rng
    events, dispatches, links, warnings, replies, proposals = [], [], [], [], [], []
    previous = {}
    for clue, plan in zip(clues, plans, strict=True):
        operator = world.township_operators.get(clue.township_id) or world.operator
        officer_user = world.officer_users.get(clue.township_id)
        t = clue.received_at
        events.append(ClueEvent(clue=clue, action="create", to_state=State.NEW, actor=world.operator, created_at=t,
                                note="演示数据"))
        accepted = rng.random() < 0.78
        proposals.append(TriageProposal(
            clue=clue, proposed_at=t, items=[{"code": "", "name": "", "score": round(rng.uniform(0.35, 0.9), 3)}],
            township=clue.township, zone=clue.zone, place_method="gazetteer", place_score=0.85,
            decided_by=operator if plan["state"] != State.NEW else None,
            decided_at=t + datetime.timedelta(minutes=5) if plan["state"] != State.NEW else None,
            item_accepted=accepted if plan["state"] not in (State.NEW, State.MERGED) else None,
            township_accepted=True if plan["state"] != State.NEW else None))
        state, outcome = plan["state"], plan["outcome"]
        if state == State.MERGED:
            target = previous.get(clue.township_id)
            if target is None:
                state, outcome = State.CLOSED, Outcome.HANDLED
            else:
                clue.merged_into = target  # a second report of the same matter, at the same place
                clue.address, clue.address_key, clue.zone = target.address, target.address_key, target.zone
                clue.case_id = target.case_id
                clue.closed_at = t + datetime.timedelta(minutes=8)
                events.append(ClueEvent(clue=clue, action="merge", from_state=State.NEW, to_state=State.MERGED,
                                        actor=operator, created_at=clue.closed_at, data={"into": target.code}))
        previous[clue.township_id] = clue
        if state in (State.NEW, State.MERGED):
            clue.state = state
            _reply(clue, replies, rng, now)
            continue
        triaged_at = t + datetime.timedelta(minutes=rng.randrange(3, 25))
        events.append(ClueEvent(clue=clue, action="triage", from_state=State.NEW, to_state=State.TRIAGED,
                                actor=operator, created_at=triaged_at))
        if state == State.TRIAGED or outcome == Outcome.NOT_ACCEPTED:
            clue.state = state
            if outcome:
                clue.outcome, clue.outcome_note, clue.closed_at = outcome, NOTES[outcome], triaged_at
            _reply(clue, replies, rng, now)
            continue
        dispatched_at = triaged_at + datetime.timedelta(minutes=rng.randrange(2, 40))
        deadline = response_deadline(clue.urgency, dispatched_at)
        officers = world.zone_officers.get(clue.zone_id) or world.township_officers.get(clue.township_id, [])[:2]
        dispatch = Dispatch(clue=clue, target=Dispatch.Target.ZONE if world.zone_officers.get(clue.zone_id)
                            else Dispatch.Target.TOWNSHIP, township=clue.township, zone=clue.zone,
                            urgency=clue.urgency, dispatched_by=operator, dispatched_at=dispatched_at,
                            response_deadline=deadline, officers_only=False)
        dispatches.append((dispatch, officers))
        events.append(ClueEvent(clue=clue, action="dispatch", from_state=State.TRIAGED, to_state=State.DISPATCHED,
                                actor=operator, created_at=dispatched_at))
        clue.dispatched_at, clue.response_deadline = dispatched_at, deadline
        if state in (State.DISPATCHED, State.RETURNED):
            if state == State.RETURNED:
                dispatch.status = Dispatch.Status.REFUSED
                dispatch.refused_at = dispatched_at + datetime.timedelta(minutes=20)
                dispatch.refusal_reason = "地址不在本片区,请重新派单"
                clue.response_deadline = None
            clue.state = state
            _reply(clue, replies, rng, now)
            continue
        window = (deadline - dispatched_at).total_seconds() / 60
        # Most officers are on the spot well before the deadline; some are late.
        minutes = window * min(rng.betavariate(1.3, 7), 0.98) if plan["on_time"] else window * rng.uniform(1.02, 1.4)
        acknowledged = dispatched_at + datetime.timedelta(minutes=min(5 + rng.random() * 20, minutes / 2))
        arrived = dispatched_at + datetime.timedelta(minutes=minutes)
        if arrived > now:
            arrived = now - datetime.timedelta(minutes=1)
            acknowledged = min(acknowledged, arrived)
        dispatch.acknowledged_at, dispatch.acknowledged_by = acknowledged, officer_user
        clue.acknowledged_at = acknowledged
        events.append(ClueEvent(clue=clue, action="acknowledge", from_state=State.DISPATCHED,
                                to_state=State.ACKNOWLEDGED, actor=officer_user, created_at=acknowledged))
        if state == State.ACKNOWLEDGED:
            clue.state = state
            _reply(clue, replies, rng, now)
            continue
        dispatch.arrived_at = clue.arrived_at = arrived
        events.append(ClueEvent(clue=clue, action="arrive", from_state=State.ACKNOWLEDGED, to_state=State.ARRIVED,
                                actor=officer_user, created_at=arrived))
        if state == State.ARRIVED:
            clue.state = state
            _reply(clue, replies, rng, now)
            continue
        finished = arrived + datetime.timedelta(minutes=rng.randrange(10, 90))
        if plan["warned"]:
            deadline_day = timezone.localdate(finished) + datetime.timedelta(days=rng.choice([3, 5, 7, 10]))
            warning = EarlyWarning(clue=clue, township=clue.township, notice_number=f"YJ{clue.code[2:]}",
                                   requirement="限期清理占道物品、恢复原状,停止违法行为。", issued_by=officer_user,
                                   issued_at=finished, rectification_deadline=deadline_day)
            events.append(ClueEvent(clue=clue, action="issue_warning", from_state=State.ARRIVED,
                                    to_state=State.WARNING, actor=officer_user, created_at=finished))
            if state == State.WARNING:
                warnings.append(warning)
                clue.state = state
                _reply(clue, replies, rng, now)
                continue
            rechecked = _aware(deadline_day, rng.randrange(60, 480))
            warning.outcome = (EarlyWarning.Outcome.RECTIFIED if outcome == Outcome.RECTIFIED
                               else EarlyWarning.Outcome.UNRECTIFIED)
            warning.rechecked_at, warning.rechecked_by = rechecked, officer_user
            warning.recheck_note = NOTES[outcome]
            warnings.append(warning)
            finished = rechecked
        if outcome == Outcome.CASE_FILED:
            pool = world.cases.get(clue.township_id)
            if pool:
                clue.case_id = rng.choice(pool)
            else:
                outcome = Outcome.HANDLED
        if outcome == Outcome.TRANSFERRED:
            clue.transferred_to_id = rng.choice(world.departments)
            clue.transfer_receipt = f"HZ{clue.code[2:]}"
        dispatch.status = Dispatch.Status.DONE
        clue.state, clue.outcome, clue.outcome_note, clue.closed_at = State.CLOSED, outcome, NOTES[outcome], finished
        events.append(ClueEvent(clue=clue, action="demo_result", from_state=State.ARRIVED, to_state=State.CLOSED,
                                actor=officer_user, created_at=finished, note=NOTES[outcome],
                                data={"outcome": outcome}))
        _reply(clue, replies, rng, now)
    for clue in clues:
        if clue.merged_into_id is None and clue.merged_into is not None:
            clue.merged_into_id = clue.merged_into.pk
    Dispatch.objects.bulk_create([d for d, _o in dispatches], batch_size=1000)
    through = Dispatch.officers.through
    for dispatch, officers in dispatches:
        links += [through(dispatch_id=dispatch.pk, officer_id=o) for o in officers[:3]]
        dispatch.clue.current_dispatch_id = dispatch.pk
    through.objects.bulk_create(links, batch_size=2000)
    Clue.objects.bulk_update(clues, ["state", "outcome", "outcome_note", "closed_at", "merged_into", "case",
                                     "current_dispatch", "dispatched_at", "response_deadline", "acknowledged_at",
                                     "arrived_at", "transferred_to", "transfer_receipt", "address", "address_key",
                                     "zone"], batch_size=1000)
    ClueEvent.objects.bulk_create(events, batch_size=2000)
    EarlyWarning.objects.bulk_create(warnings, batch_size=1000)
    Reply.objects.bulk_create(replies, batch_size=1000)
    TriageProposal.objects.bulk_create(proposals, batch_size=1000)
    _fill_proposal_items(clues)


def _reply(clue, replies, rng, now):
    if clue.reporter_anonymous or not clue.reporter_phone_hash:
        return
    due = add_workdays(timezone.localdate(clue.received_at), settings.CLUE_REPLY_WORKDAYS)
    reply = Reply(clue=clue, township=clue.township, due_on=due)
    answered = clue.arrived_at or clue.closed_at  # the reply follows the field result (a warning included)
    if answered is not None:
        late = rng.random() < 0.06
        when = answered + datetime.timedelta(hours=rng.randrange(2, 30))
        if late:
            when = timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=2),
                                                                 datetime.time(10)))
        if when <= now:
            reply.replied_at, reply.method = when, Reply.Method.PHONE
            reply.text = f"您反映的问题({clue.code})已处理:{clue.outcome_note or '已发出整改预警'}"
            reply.satisfaction = rng.choices(["very_satisfied", "satisfied", "basic", "unsatisfied", "unreachable"],
                                             [35, 40, 12, 8, 5])[0]
    replies.append(reply)


def _fill_proposal_items(clues):
    """The proposals name the item the operator confirmed (accepted) or another one (not accepted)."""
    codes = dict(Item.objects.filter(id__in={c.item_id for c in clues}).values_list("id", "code"))
    names = dict(Item.objects.filter(id__in=codes).values_list("id", "name"))
    others = list(Item.objects.filter(status="active", power_type="penalty").values_list("code", "name")[:50])
    updates = []
    for proposal in TriageProposal.objects.filter(clue__is_demo=True).select_related("clue").only(
            "id", "items", "item_accepted", "clue__item_id"):
        score = proposal.items[0]["score"] if proposal.items else 0.5
        own = {"code": codes.get(proposal.clue.item_id, ""), "name": names.get(proposal.clue.item_id, ""),
               "score": score}
        other = dict(zip(("code", "name"), others[proposal.id % len(others)], strict=True)) if others else own
        other["score"] = round(score * 0.8, 3)
        proposal.items = ([own, other] if proposal.item_accepted is not False
                          else [{**other, "score": score}, {**own, "score": round(score * 0.8, 3)}])
        updates.append(proposal)
    TriageProposal.objects.bulk_update(updates, ["items"], batch_size=1000)


def _seed_patrols(rng):
    if PatrolPlan.objects.filter(is_demo=True).exists():
        return PatrolPlan.objects.filter(is_demo=True).count(), Patrol.objects.filter(is_demo=True).count()
    today = timezone.localdate()
    zones = list(Zone.objects.filter(is_demo=True).select_related("township").prefetch_related("officers"))
    plans = []
    for zone in zones:
        if not zone.officers.all():
            continue
        frequency = rng.choice([Frequency.WORKDAYS, Frequency.WORKDAYS, Frequency.DAILY, Frequency.WEEKLY])
        plans.append((PatrolPlan(township=zone.township, zone=zone, name=f"{zone.name}日常巡查",
                                 content="沿街商铺占道经营、乱堆乱放、户外广告、垃圾分类投放、建筑工地扬尘。",
                                 frequency=frequency, starts_on=today - datetime.timedelta(days=90), is_demo=True),
                      list(zone.officers.all())))
    PatrolPlan.objects.bulk_create([p for p, _o in plans], batch_size=500)
    through = PatrolPlan.officers.through
    through.objects.bulk_create([through(patrolplan_id=p.pk, officer_id=o.pk) for p, officers in plans
                                 for o in officers], batch_size=2000)
    patrols, members = [], []
    for plan, officers in plans:
        day = plan.starts_on
        while day < today:
            due = plan.frequency == Frequency.DAILY or (plan.frequency == Frequency.WORKDAYS and day.weekday() < 5) \
                or (plan.frequency == Frequency.WEEKLY and day.weekday() == 2)
            if due and rng.random() < 0.93:  # about 7 % missed
                start = _aware(day, rng.randrange(60, 480))
                patrols.append((Patrol(plan=plan, township=plan.township, zone=plan.zone, started_at=start,
                                       ended_at=start + datetime.timedelta(minutes=rng.randrange(40, 150)),
                                       note="按计划完成巡查。", is_demo=True, created_at=start), officers[:2]))
            day += datetime.timedelta(days=1)
    Patrol.objects.bulk_create([p for p, _o in patrols], batch_size=2000)
    ptrough = Patrol.officers.through
    members = [ptrough(patrol_id=p.pk, officer_id=o.pk) for p, officers in patrols for o in officers]
    ptrough.objects.bulk_create(members, batch_size=5000)
    return len(plans), len(patrols)

