"""The one place that reads roles and memberships.

`scope(queryset, user)` decides which rows a user sees; `require(user, permission)` /
`can(user, permission)` decide what a user may do. Every view, API, export and report goes through
these two; nothing else in the code base looks at `user.role`.
"""

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import TOWNSHIP_ROLES, Role

# Roles that see every township's rows.
COUNTY_WIDE_ROLES = {Role.ADMIN, Role.STAFF, Role.LEADER, Role.DISTRICT_REVIEWER, Role.COMMAND}
# The security and audit administrators do no business work (三员分立, SECURITY §6): they see no case, plan or
# organisation data. The system administrator keeps the organisation and the reference data it configures.
BUSINESS_ROLES = set(Role) - {Role.AUDITOR, Role.SECURITY_ADMIN}
# Roles that read user accounts (the accounts pages and API): system and security administrator.
ACCOUNT_ROLES = {Role.ADMIN, Role.SECURITY_ADMIN}

# The reviewed permission matrix (SECURITY §8): permission -> roles that hold it.
PERMISSIONS = {
    # organisation
    "org.view": BUSINESS_ROLES,
    "org.manage": {Role.ADMIN, Role.STAFF},
    # 三员分立: the system administrator creates and deactivates accounts; the security administrator alone gives
    # them a role, township and department, locks and unlocks them, resets passwords and revokes device tokens
    "accounts.view": ACCOUNT_ROLES,
    "accounts.manage": {Role.ADMIN},
    # SECURITY §5: reset a user's TOTP device (a lost phone) so that they enrol again (audited)
    "accounts.otp_reset": {Role.SECURITY_ADMIN},  # an authentication credential: the security administrator's
    "accounts.security": {Role.SECURITY_ADMIN},
    "qualification.manage": {Role.STAFF},  # annual certificate review, exams, training hours
    # catalogue and empowerment
    "catalog.view": BUSINESS_ROLES,
    "catalog.manage": {Role.ADMIN, Role.STAFF},
    "empowerment.manage": {Role.ADMIN, Role.STAFF},
    # cases
    "case.view": BUSINESS_ROLES,
    "case.file": {Role.STAFF, Role.TOWNSHIP_OFFICER},
    "case.handle": {Role.STAFF, Role.TOWNSHIP_OFFICER},
    "case.review": {Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER},
    "case.review_district": {Role.DISTRICT_REVIEWER},
    "case.review_township": {Role.TOWNSHIP_REVIEWER},
    "case.record_payment": {Role.STAFF},
    "case.reopen": {Role.STAFF},  # SECURITY §19: the audited reopen of a closed case
    # art. 60: who may approve an extension of the decision deadline (负责人批准): bureau staff and leadership
    "case.extend_deadline": {Role.STAFF, Role.LEADER},
    "case.approve_payment_plan": {Role.STAFF, Role.LEADER},  # art. 66: the authorised person approves
    # 复议 / 诉讼 and 应诉: bureau staff and the legal reviewers (法制) record them and their defence tasks
    "case.appeal": {Role.STAFF, Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER},

    # the case list as xlsx/CSV (masked, capped, audited)
    "case.export": {Role.STAFF, Role.LEADER, Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER},
    "case.unmask": {Role.STAFF, Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER},
    "case.overdue_list": {Role.STAFF, Role.LEADER, Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER,
                          Role.DISTRICT_REVIEWER, Role.ADMIN},
    # 信用修复 of published decisions (credit/): the case's agency records the application and the rectification
    # (scoped like cases); the bureau decides
    "credit.view": {Role.STAFF, Role.LEADER, Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.DISTRICT_REVIEWER},
    "credit.record": {Role.STAFF, Role.TOWNSHIP_OFFICER},
    "credit.decide": {Role.STAFF},
    # planning
    "plan.view": BUSINESS_ROLES,
    "plan.edit": {Role.LIAISON, Role.STAFF},
    "plan.approve": {Role.STAFF},
    "plan.merge": {Role.STAFF},
    "plan.submit_needs": {Role.TOWNSHIP_OFFICER},
    "draw.run": {Role.STAFF, Role.LIAISON},
    "subject.manage": {Role.STAFF, Role.ADMIN},
    "checklist.manage": {Role.STAFF, Role.ADMIN},  # 监管一件事 checklists and industries (reference data)
    "inspection.record": {Role.TOWNSHIP_OFFICER, Role.STAFF, Role.LIAISON},
    # the officers' phone app (/m/)
    "mobile.use": {Role.TOWNSHIP_OFFICER, Role.STAFF},
    # dashboard and reports
    "dashboard.view": {Role.LEADER, Role.STAFF, Role.ADMIN, Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER,
                       Role.DISTRICT_REVIEWER, Role.COMMAND, Role.TOWNSHIP_COMMAND},
    "report.view": {Role.LEADER, Role.STAFF, Role.ADMIN, Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER,
                    Role.DISTRICT_REVIEWER},
    "report.generate": {Role.STAFF, Role.ADMIN},
    "evaluation.rate": {Role.STAFF},
    # intake and the command centre (issue 10): county centre 指挥中心坐席, township 指挥室 (own township)
    "clue.view": BUSINESS_ROLES,
    "clue.create": {Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.STAFF, Role.TOWNSHIP_OFFICER},
    "clue.import": {Role.COMMAND, Role.STAFF},
    "clue.triage": {Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.STAFF},
    "clue.dispatch": {Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.STAFF},
    "clue.dispatch_bureau": {Role.COMMAND, Role.STAFF},  # escalated clues and bureau units: county level
    "clue.escalate": {Role.TOWNSHIP_COMMAND},
    "clue.respond": {Role.TOWNSHIP_OFFICER, Role.STAFF},  # acknowledge, arrive, report, warn, re-check
    "clue.reply": {Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.STAFF},
    "clue.unmask": {Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.STAFF},
    "clue.export": {Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.STAFF, Role.LEADER},
    "board.view": {Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.STAFF, Role.LEADER},
    "patrol.view": BUSINESS_ROLES - {Role.LIAISON},
    "patrol.plan": {Role.COMMAND, Role.TOWNSHIP_COMMAND, Role.STAFF},
    "patrol.record": {Role.TOWNSHIP_OFFICER, Role.STAFF},
    # assessment (考核) and the 晾晒 index: the township scores its posted officers (township reviewer), the home
    # department its own officers (liaison); bureau staff compute, configure and approve with leadership
    "assessment.view": {Role.STAFF, Role.LEADER, Role.TOWNSHIP_REVIEWER, Role.LIAISON},
    "assessment.compute": {Role.STAFF},
    "assessment.score": {Role.STAFF, Role.TOWNSHIP_REVIEWER, Role.LIAISON},
    "assessment.approve": {Role.STAFF, Role.LEADER},
    "assessment.configure": {Role.STAFF},
    # an officer's own approved results and points ledger (我的考核): their own rows only (`own`)
    "assessment.own": {Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_COMMAND, Role.COMMAND},
    # enforcement supervision (执法监督科, legal staff of the district centre): 案卷评查, 专项巡察, findings; the
    # responsible township or department reports its rectification
    "supervision.view": {Role.STAFF, Role.LEADER, Role.DISTRICT_REVIEWER, Role.TOWNSHIP_REVIEWER,
                         Role.TOWNSHIP_OFFICER, Role.LIAISON},
    "supervision.manage": {Role.STAFF, Role.DISTRICT_REVIEWER},
    "supervision.rectify": {Role.TOWNSHIP_REVIEWER, Role.TOWNSHIP_OFFICER, Role.LIAISON, Role.STAFF},
    # county → city → province: the county's signed monthly forms, and the roll-up of many counties' files
    "rollup.export": {Role.STAFF, Role.LEADER},
    "rollup.import": {Role.STAFF},
    "rollup.view": {Role.STAFF, Role.LEADER},
    # the map (issue 16): every business role sees its own scope; bureau staff keep the boundaries
    "map.view": BUSINESS_ROLES,
    "boundary.manage": {Role.ADMIN, Role.STAFF},
    # the gazetteer (地名地址库, ADR 0019): everyone with the map reads it within their scope; bureau staff and
    # the command centres keep it, township officers and command rooms their own township's entries
    "gazetteer.view": BUSINESS_ROLES - {Role.LIAISON},
    "gazetteer.manage": {Role.ADMIN, Role.STAFF, Role.COMMAND, Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_COMMAND},
    # the holiday calendar (art. 85 working days): everyone reads it; the bureau maintains it
    "calendar.view": BUSINESS_ROLES,
    "calendar.manage": {Role.ADMIN, Role.STAFF},
    # audit: the auditor alone (三权分立)
    "audit.view": {Role.AUDITOR},
}

# Menu entries: (permission, label, url name). Entries whose URL does not exist yet are skipped.
NAVIGATION = [
    ("dashboard.view", gettext_lazy("Dashboard"), "dashboard:index"),
    ("board.view", gettext_lazy("Command centre"), "intake:board"),
    ("clue.view", gettext_lazy("Clues"), "intake:list"),
    ("case.view", gettext_lazy("Cases"), "cases:list"),
    ("case.review", gettext_lazy("Review queue"), "cases:review_queue"),
    ("credit.view", gettext_lazy("Credit repair"), "credit:list"),
    ("plan.view", gettext_lazy("Inspection plans"), "planning:index"),
    ("map.view", gettext_lazy("Map"), "geo:map"),
    ("catalog.view", gettext_lazy("Catalogue"), "catalog:index"),
    ("org.view", gettext_lazy("Townships"), "townships:township_list"),
    ("org.view", gettext_lazy("Officers"), "townships:officer_list"),
    ("org.view", gettext_lazy("Zones"), "townships:zone_list"),
    ("report.view", gettext_lazy("Monthly reports"), "reports:list"),
    ("assessment.view", gettext_lazy("Assessment"), "assessment:index"),
    ("assessment.own", gettext_lazy("My assessment"), "assessment:mine"),
    ("supervision.view", gettext_lazy("Supervision"), "assessment:supervision"),
    ("rollup.export", gettext_lazy("County roll-up"), "rollup:index"),
    ("calendar.manage", gettext_lazy("Holiday calendar"), "workcalendar:index"),
    ("accounts.view", gettext_lazy("User accounts"), "accounts:user_list"),
    ("audit.view", gettext_lazy("Audit log"), "audit:list"),
]

# Each role's home page (its desk, issue 13): its own work first. The auditor's desk is the audit log itself.
DESKS = {
    Role.TOWNSHIP_OFFICER: "officer",
    Role.TOWNSHIP_REVIEWER: "reviewer",
    Role.DISTRICT_REVIEWER: "reviewer",
    Role.STAFF: "staff",
    Role.COMMAND: "command",
    Role.TOWNSHIP_COMMAND: "command",
    Role.LEADER: "leader",
    Role.ADMIN: "admin",
    Role.SECURITY_ADMIN: "security",
    Role.LIAISON: "liaison",
}

def is_active_user(user):
    return bool(user and user.is_authenticated and user.is_active and user.role)

def can(user, permission):
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")
    return is_active_user(user) and user.role in PERMISSIONS[permission]

def require(user, permission, obj=None):
    """Raise PermissionDenied unless the user holds the permission (and, with obj, may see obj)."""
    if not can(user, permission):
        raise PermissionDenied(_("Your role does not allow this action."))
    if obj is not None and not scope(type(obj)._default_manager.filter(pk=obj.pk), user).exists():
        raise PermissionDenied(_("This record is outside your area of responsibility."))

def require_any(user, permissions):
    """Raise PermissionDenied unless the user holds at least one of `permissions`: a page that dispatches to several
    steps (a workflow's actions) refuses up front a role that may take none of them; each step's service then
    checks that step's own permission."""
    if not any(can(user, permission) for permission in permissions):
        raise PermissionDenied(_("Your role does not allow this action."))

def sees_all_townships(user):
    return is_active_user(user) and user.role in COUNTY_WIDE_ROLES

def township_id_of(user):
    """The id of the township a user is bound to (without reading the township), or None."""
    if is_active_user(user) and user.role in TOWNSHIP_ROLES:
        return user.township_id
    return None

def township_of(user):
    """The township a user is bound to, or None for county-wide roles."""
    return user.township if township_id_of(user) is not None else None

def served_township_ids(user):
    """The townships a township-bound user works in: their own and, when it is a 1+X hub, the satellites it
    serves (seed 001, 1+X 辐射: the hub's team handles the satellites' cases, inspections and clues).

    A list, own township first; empty for county-wide and department roles. Looked up once per user object
    (one query per request), so a page's query count does not grow with the number of scoped querysets.
    """
    if not (is_active_user(user) and user.role in TOWNSHIP_ROLES and user.township_id):
        return []
    cached = getattr(user, "_served_township_ids", None)
    if cached is not None and cached[0] == user.township_id:
        return list(cached)
    from django.apps import apps

    township_model = apps.get_model("townships", "Township")
    satellites = township_model.objects.filter(
        hub_id=user.township_id, empowerment_mode=township_model.EmpowermentMode.HUB,
    ).order_by("code").values_list("pk", flat=True)
    ids = (user.township_id, *satellites)
    user._served_township_ids = ids
    return list(ids)

def may_act_in_township(user, township):
    """May the user handle records of `township`? County-wide roles: any township; township roles: their own
    and the 1+X satellites their township serves; others: none. `township` None (a bureau record) is for
    county-wide roles only."""
    if not is_active_user(user):
        return False
    if user.role in COUNTY_WIDE_ROLES:
        return True
    if township is None:
        return False
    return getattr(township, "pk", township) in served_township_ids(user)

def scope(queryset, user):
    """The rows of `queryset` the user may see, by the model's `SCOPE` rule."""
    rule = getattr(queryset.model, "SCOPE", None)
    if rule is None:
        raise TypeError(f"{queryset.model.__name__} declares no SCOPE rule")
    if not is_active_user(user):
        return queryset.none()
    if rule.accounts:
        return queryset if user.role in ACCOUNT_ROLES else queryset.none()
    if user.role == Role.AUDITOR:
        return queryset if rule.audit else queryset.none()
    if rule.audit or user.role == Role.SECURITY_ADMIN:
        return queryset.none()
    if user.role in COUNTY_WIDE_ROLES or rule.reference:
        return queryset
    if user.role in TOWNSHIP_ROLES:
        if rule.township is None or not user.township_id:
            return queryset.none()
        ids = served_township_ids(user)
        if len(ids) == 1:  # the common case keeps its plain equality (the list indexes are built for it)
            return queryset.filter(**{rule.township: ids[0]})
        return queryset.filter(**{f"{rule.township}__in": ids})
    if user.role == Role.LIAISON:
        if rule.department is None or not user.department_id:
            return queryset.none()
        return queryset.filter(**{rule.department: user.department_id})
    return queryset.none()

def own(queryset, user, path):
    """The rows of `queryset` that are the user's own (`path` leads to the owning user's id), e.g. an officer's
    results and points. A person's own record stays theirs when they are posted elsewhere, so this filter
    replaces the township rule rather than adding to it; nobody else's row can pass it."""
    if not is_active_user(user):
        return queryset.none()
    return queryset.filter(**{path: user.pk})

def can_see(user, obj):
    """May `user` open `obj`'s page? The same answer as `scope`, without a query where the row says it.

    For links in lists (an officer's township, a task's plan): a link a role cannot open is not shown."""
    if obj is None:
        return False
    rule = getattr(type(obj), "SCOPE", None)
    if rule is None:
        raise TypeError(f"{type(obj).__name__} declares no SCOPE rule")
    if not is_active_user(user):
        return False
    if rule.accounts:
        return user.role in ACCOUNT_ROLES
    if user.role == Role.SECURITY_ADMIN:
        return False
    if user.role == Role.AUDITOR or rule.audit:
        return user.role == Role.AUDITOR and rule.audit
    if user.role in COUNTY_WIDE_ROLES or rule.reference:
        return True
    if user.role in TOWNSHIP_ROLES:
        path, mine = rule.township, served_township_ids(user)  # own township and, for a 1+X hub, its satellites
    elif user.role == Role.LIAISON:
        path, mine = rule.department, [user.department_id] if user.department_id else []
    else:
        return False
    if path is None or not mine:
        return False
    owner = _owner_id(obj, path)
    if owner is _UNKNOWN:  # a many-to-many step: ask the database
        return scope(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
    return owner in mine

_UNKNOWN = object()

def _owner_id(obj, path):
    """Follow a SCOPE path ("case__township", "id") on loaded objects to the owner's id; _UNKNOWN if it
    crosses a many-to-many relation."""
    *steps, last = path.split("__")
    for step in steps:
        field = type(obj)._meta.get_field(step)
        if field.many_to_many or field.one_to_many:
            return _UNKNOWN
        obj = getattr(obj, step)
        if obj is None:
            return None
    field = type(obj)._meta.get_field(last)
    if field.many_to_many or field.one_to_many:
        return _UNKNOWN
    return getattr(obj, field.attname)

def desk_of(user):
    """The kind of home page the user's role lands on ("officer", "reviewer", …), or None (no desk)."""
    return DESKS.get(user.role) if is_active_user(user) else None

def navigation_for(user):
    items = []
    for permission, label, url_name in NAVIGATION:
        if not can(user, permission):
            continue
        try:
            items.append({"label": label, "url": reverse(url_name), "name": url_name})
        except NoReverseMatch:
            continue
    return items
