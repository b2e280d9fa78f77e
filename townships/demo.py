"""Demo organisation of a county district: departments, townships, ~600 officers, zones and demo accounts.

Idempotent: rows are keyed by their unique codes and inserted with `ignore_conflicts`, so a second run
adds nothing. The random generator is seeded by the caller, so the same seed gives the same county.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from enforcement.accounts.models import Role, User

from .models import Department, Officer, Township, Zone

DEPARTMENTS = [
    ("bureau", "综合行政执法局", "执法局"),
    ("market", "市场监督管理局", "市场监管"),
    ("ecology", "生态环境分局", "生态环境"),
    ("landplan", "自然资源和规划分局", "自然资源"),
    ("housing", "住房和城乡建设局", "住建"),
    ("transport", "交通运输局", "交通"),
    ("water", "水利局", "水利"),
    ("agriculture", "农业农村局", "农业农村"),
    ("health", "卫生健康局", "卫健"),
    ("emergency", "应急管理局", "应急管理"),
    ("culture", "文化和广电旅游体育局", "文广旅体"),
    ("commerce", "商务局", "商务"),
    ("education", "教育局", "教育"),
    ("civil", "民政局", "民政"),
    ("hrss", "人力资源和社会保障局", "人社"),
    ("fire", "消防救援大队", "消防"),
    ("police", "公安分局", "公安"),
    ("forestry", "林业局", "林业"),
    ("development", "发展和改革局", "发改"),
    ("economy", "经济和信息化局", "经信"),
    ("finance", "财政局", "财政"),
    ("justice", "司法局", "司法"),
    ("statistics", "统计局", "统计"),
    ("medical", "医疗保障局", "医保"),
    ("veterans", "退役军人事务局", "退役军人"),
    ("airdefence", "人民防空办公室", "人防"),
    ("weather", "气象局", "气象"),
    ("tobacco", "烟草专卖局", "烟草"),
    ("tax", "税务局", "税务"),
    ("approval", "行政审批服务局", "审批"),
    ("bigdata", "大数据发展管理局", "大数据"),
    ("ethnic", "民族宗教事务局", "民宗"),
]

_K = Township.Kind
_M = Township.EmpowermentMode
# code, name, kind, empowerment mode, hub code, (law enforcement, safety, auxiliaries) active staff.
TOWNSHIPS = [
    ("gulou", "鼓楼街道", _K.STREET, _M.FULL, None, (12, 8, 37)),
    ("ximen", "西门街道", _K.STREET, _M.FULL, None, (11, 6, 33)),
    ("nanmen", "南门街道", _K.STREET, _M.PARTIAL, None, (10, 7, 26)),
    ("shiqi", "石碶街道", _K.STREET, _M.PARTIAL, None, (11, 7, 34)),
    ("jishigang", "集士港镇", _K.TOWN, _M.FULL, None, (13, 8, 40)),
    ("gulin", "古林镇", _K.TOWN, _M.SPECIAL_AREA, None, (9, 4, 31)),
    ("hengjie", "横街镇", _K.TOWN, _M.PARTIAL, None, (11, 7, 33)),
    ("yinjiang", "鄞江镇", _K.TOWN, _M.FULL, None, (14, 9, 42)),
    ("zhangshui", "章水镇", _K.TOWN, _M.HUB, "yinjiang", (5, 3, 14)),
    ("longguan", "龙观乡", _K.TOWNSHIP, _M.HUB, "yinjiang", (5, 2, 12)),
    ("dongqiao", "洞桥镇", _K.TOWN, _M.PARTIAL, None, (11, 7, 30)),
]
TOTAL_OFFICERS = 608  # 523 posted: 86 %
ZONES_PER_TOWNSHIP = 16

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋"
            "余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海波宁晨"
         "浩宇鑫博文斌峰辉琳雪梅婷颖俊杭甬骏晓东佳慧晖")
PLACES = (
    "东风 新河 和平 青林 南塘 五一 红旗 柳西 联丰 新典 桃源 石塘 望春 甬江 "
    "长丰 星光 永红 民乐 前进 翠柏 梅园 栎社 蒋家 陈家 四明 双桥 凤岙 洞桥 "
    "宁锋 鄞西 光溪 卖面桥 秀水 清水 大雷 俞家 兴隆 城隍 段塘 泰安 "
).split()


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def seed(*, stdout, rng):
    today = timezone.localdate()
    departments = _seed_departments()
    townships = _seed_townships()
    officers = _seed_officers(rng, today, departments, townships)
    zones = _seed_zones(rng, townships)
    users = _seed_users(departments, townships)
    _write(stdout, f"townships: {len(departments)} departments, {len(townships)} townships, {officers} officers, "
                   f"{zones} zones, {users} demo accounts")


def _seed_departments():
    Department.objects.bulk_create(
        [Department(code=code, name=name, short_name=short, is_demo=True) for code, name, short in DEPARTMENTS],
        ignore_conflicts=True,
    )
    return {d.code: d for d in Department.objects.filter(code__in=[row[0] for row in DEPARTMENTS])}


def _seed_townships():
    Township.objects.bulk_create(
        [Township(code=code, name=name, kind=kind, empowerment_mode=mode, is_demo=True)
         for code, name, kind, mode, _hub, _staff in TOWNSHIPS],
        ignore_conflicts=True,
    )
    townships = {t.code: t for t in Township.objects.filter(code__in=[row[0] for row in TOWNSHIPS])}
    for code, *_ignored, hub, _staff in TOWNSHIPS:
        if hub and townships[code].hub_id is None:
            Township.objects.filter(pk=townships[code].pk).update(hub=townships[hub])
            townships[code].hub = townships[hub]
    return townships


def _certificate(rng, today, index):
    """About 3 % uncertified recruits, 5 % expired, 7 % expiring within 60 days, the rest valid."""
    roll = rng.random()
    if roll < 0.03:
        return None, None
    number = f"330212{index:06d}"
    if roll < 0.08:
        return number, today - timedelta(days=rng.randint(1, 200))
    if roll < 0.15:
        return number, today + timedelta(days=rng.randint(0, 60))
    return number, today + timedelta(days=rng.randint(61, 5 * 365))


def _seed_officers(rng, today, departments, townships):
    # Home departments of the posted staff: mostly the bureau, some stationed from other departments.
    stationed_from = ["market", "ecology", "landplan", "housing", "transport", "water", "agriculture", "emergency",
                      "culture", "fire"]
    rows = []
    index = 0

    def add(category, township, *, active=True):
        nonlocal index
        index += 1
        if category == Officer.Category.AUXILIARY:
            number, expiry = None, None
        else:
            number, expiry = _certificate(rng, today, index)
        if township is None:
            home = departments[rng.choice(["bureau"] * 4 + stationed_from)]
            posted_on = None
        else:
            home = departments["bureau" if rng.random() < 0.7 else rng.choice(stationed_from)]
            # About a fifth were posted more than two years ago and are due for rotation.
            posted_on = today - timedelta(days=rng.randint(760, 1500) if rng.random() < 0.2 else rng.randint(30, 700))
        rows.append(Officer(
            name=_name(rng), employee_number=f"HS{index:05d}", category=category,
            certificate_number=number, certificate_expiry=expiry, home_department=home,
            township=township, posted_on=posted_on, is_active=active, is_demo=True,
        ))

    for code, *_ignored, (law, safety, auxiliaries) in TOWNSHIPS:
        township = townships[code]
        for _ in range(law):
            add(Officer.Category.LAW_ENFORCEMENT, township)
        for _ in range(safety):
            add(Officer.Category.SAFETY, township)
        for _ in range(auxiliaries):
            add(Officer.Category.AUXILIARY, township)
        add(Officer.Category.AUXILIARY, township, active=False)  # left the team; kept for history
    bureau_categories = ([Officer.Category.LAW_ENFORCEMENT] * 6 + [Officer.Category.SAFETY] * 2
                         + [Officer.Category.AUXILIARY] * 2)
    while index < TOTAL_OFFICERS:
        add(rng.choice(bureau_categories), None)
    Officer.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return Officer.objects.filter(is_demo=True).count()


def _seed_zones(rng, townships):
    officers_by_township = {}
    for officer_id, township_id in (Officer.objects.filter(is_demo=True, is_active=True, township__isnull=False)
                                    .exclude(category=Officer.Category.AUXILIARY)
                                    .order_by("employee_number").values_list("id", "township_id")):
        officers_by_township.setdefault(township_id, []).append(officer_id)
    zones = []
    for code, _township_name, kind, *_ignored in TOWNSHIPS:
        township = townships[code]
        suffix = "社区" if kind == Township.Kind.STREET else "村"
        places = rng.sample(PLACES, ZONES_PER_TOWNSHIP)
        for number, place in enumerate(places, start=1):
            zones.append(Zone(township=township, code=f"{code}-{number:02d}", name=f"{place}{suffix}片区",
                              description=f"{township.name}{place}{suffix}及周边道路、沿街商铺", is_demo=True))
    Zone.objects.bulk_create(zones, ignore_conflicts=True)
    through = Zone.officers.through
    links = []
    for zone_id, township_id in Zone.objects.filter(is_demo=True).values_list("id", "township_id"):
        candidates = officers_by_township.get(township_id, [])
        for officer_id in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
            links.append(through(zone_id=zone_id, officer_id=officer_id))
    through.objects.bulk_create(links, ignore_conflicts=True, batch_size=1000)
    return Zone.objects.filter(is_demo=True).count()


def _seed_users(departments, townships):
    validate_password(settings.DEMO_PASSWORD)
    password = make_password(settings.DEMO_PASSWORD)  # hashed once: Argon2 is deliberately slow
    now = timezone.now()

    def user(username, role, display_name, **extra):
        return User(username=username, role=role, display_name=display_name, password=password,
                    password_changed_at=now, is_demo=True, **extra)

    users = [
        # 三员分立 (SECURITY §1, §6): daily administration in the app's own pages, no superuser; the Django admin
        # is break-glass only, for a superuser made with `manage.py createsuperuser`.
        user("admin", Role.ADMIN, "系统管理员"),
        user("security", Role.SECURITY_ADMIN, "安全管理员"),
        user("auditor", Role.AUDITOR, "审计管理员"),
        user("staff", Role.STAFF, "局机关工作人员", department=departments["bureau"]),
        user("leader", Role.LEADER, "局领导"),
        user("reviewer", Role.DISTRICT_REVIEWER, "法制审核中心审核员"),
    ]
    for code, township in townships.items():
        users.append(user(f"officer_{code}", Role.TOWNSHIP_OFFICER, f"{township.name}执法队员", township=township))
        users.append(user(f"reviewer_{code}", Role.TOWNSHIP_REVIEWER, f"{township.name}法制审核员",
                          township=township))
    for code, department in departments.items():
        users.append(user(f"liaison_{code}", Role.LIAISON, f"{department.short_name or department.name}联络员",
                          department=department))
    User.objects.bulk_create(users, ignore_conflicts=True)
    _link_township_officers(townships)
    return User.objects.filter(is_demo=True).count()


def _link_township_officers(townships):
    """`officer_C` is the account of the first certified law-enforcement officer of township C."""
    accounts = User.objects.filter(username__in=[f"officer_{code}" for code in townships], officer__isnull=True)
    today = timezone.localdate()
    for account in accounts:
        officer = (Officer.objects.filter(township_id=account.township_id, user__isnull=True, is_active=True,
                                          category=Officer.Category.LAW_ENFORCEMENT)
                   .with_valid_certificate(today).order_by("employee_number").first())
        if officer is None:
            continue
        Officer.objects.filter(pk=officer.pk).update(user=account)
        User.objects.filter(pk=account.pk).update(display_name=officer.name)
