"""The reviewed matrix of every /api/v1/ route × HTTP method × role (SECURITY §8).

`tests/test_access_matrix.py` enforces this file against the real URLconf and the real views:

1. every (URL name, method) served under /api/v1/ is listed in MATRIX, and every listed one exists:
   a new endpoint that nobody added here fails CI, and so does a stale line;
2. for every role, each listed method is called: a role in the set must get neither 401, 403 nor 404;
   a role outside it must get 403 or 404 (404: the object is outside the role's scope);
3. an anonymous call gets 401, except for the methods listed in PUBLIC;
4. every view under /api/v1/ uses `ScopedQuerysetMixin`, except those in UNSCOPED_VIEWS (with a reason).

HOW TO ADD YOUR ENDPOINTS (one line per URL name; the router names them "<basename>-list" and
"<basename>-detail", custom actions "<basename>-<url_path>"):

    "api:officer-list": {"GET": can("org.view"), "POST": can("org.manage")},
    "api:officer-detail": {"GET": ..., "PUT": ..., "PATCH": ..., "DELETE": ...},

and, for a route with URL arguments (a detail route, a custom detail action), one line in OBJECTS
naming a function `(township, department) -> dict of URL kwargs` that creates ONE object owned by
`township` (and `department`, where the model has one). The test calls it afresh for every role, so
a role in the set must reach that object and a role outside it must not. Unsafe methods are sent
with an empty JSON body: an allowed role may answer 400 (validation), never 401/403/404.

`manage.py access_matrix` prints the whole matrix as a Markdown table (route × method × role) for review.

Use `can("<permission>")` (the roles holding an access.PERMISSIONS entry) when the route is guarded by
that permission, or the named sets below. Keep the dict sorted by URL name.
"""

from enforcement.accounts.access import DESKS, PERMISSIONS
from enforcement.accounts.models import Role

ALL_ROLES = frozenset(Role)
NO_ROLE = frozenset()
TOWNSHIP_BOUND = frozenset({Role.TOWNSHIP_OFFICER, Role.TOWNSHIP_REVIEWER, Role.TOWNSHIP_COMMAND})


def can(permission):
    """The roles that hold `permission` in access.PERMISSIONS."""
    return frozenset(PERMISSIONS[permission])


# URL name -> {HTTP method -> roles that may call it}.
MATRIX = {
    # account administration (三员分立): system administrator creates/deactivates, security administrator the rest
    "api:account-assign": {"POST": can("accounts.security")},
    "api:account-deactivate": {"POST": can("accounts.manage")},
    "api:account-detail": {"GET": can("accounts.view")},
    "api:account-list": {"GET": can("accounts.view"), "POST": can("accounts.manage")},
    "api:account-lock": {"POST": can("accounts.security")},
    "api:account-reset-otp": {"POST": can("accounts.otp_reset")},
    "api:account-reset-password": {"POST": can("accounts.security")},
    "api:account-unlock": {"POST": can("accounts.security")},
    "api:api-root": {"GET": ALL_ROLES},
    # assessment (issue 15): results scoped by township and home department; each action its own permission
    "api:assessment-index": {"GET": can("assessment.view")},
    "api:officer-assessment-approve": {"POST": can("assessment.approve")},
    "api:officer-assessment-compute": {"POST": can("assessment.compute")},
    "api:officer-assessment-detail": {"GET": can("assessment.view")},
    "api:officer-assessment-list": {"GET": can("assessment.view")},
    "api:my-assessment-list": {"GET": can("assessment.own")},
    "api:officer-assessment-score": {"POST": can("assessment.score")},
    "api:rollup-county-forms": {"GET": can("rollup.export")},
    "api:supervision-finding-detail": {"GET": can("supervision.view")},
    "api:supervision-finding-list": {"GET": can("supervision.view")},
    "api:supervision-finding-transition": {"POST": can("supervision.view")},
    "api:auth-token": {"POST": ALL_ROLES, "DELETE": ALL_ROLES},
    # cases: scoped by township (and transferring department for liaisons); writes through the services
    "api:appeal-detail": {"GET": can("case.appeal") | can("case.overdue_list")},
    "api:appeal-list": {"GET": can("case.appeal") | can("case.overdue_list")},
    "api:case-case-file": {"GET": can("case.view")},
    "api:case-coercive-measures": {"GET": can("case.view")},
    "api:case-department-replies": {"GET": can("case.view"), "POST": can("case.handle")},
    "api:case-detail": {"GET": can("case.view")},
    # 查封 / 扣押 / 先行登记保存 (行政强制法 arts. 18–28): the county list with its overdue filter
    "api:coercive-measure-detail": {"GET": can("case.overdue_list")},
    "api:coercive-measure-list": {"GET": can("case.overdue_list")},
    # token clients (the phone): the case's documents as PDF, its evidence list, upload and files
    "api:case-document": {"GET": can("case.view")},
    "api:case-evidence": {"GET": can("case.view"), "POST": can("case.handle")},
    "api:case-evidence-file": {"GET": can("case.view")},
    "api:case-events": {"GET": can("case.view")},
    "api:case-export": {"GET": can("case.export")},
    "api:case-list": {"GET": can("case.view"), "POST": can("case.file")},
    "api:case-transition": {"POST": can("case.handle") | can("case.review") | can("case.record_payment")
                            | can("case.approve_payment_plan") | can("case.extend_deadline") | can("case.appeal")},
    "api:case-unpaid": {"GET": can("case.overdue_list")},
    # 信用修复 (credit/): scoped like cases; each move of credit/workflow.py its own route and permission
    "api:credit-repair-accept": {"POST": can("credit.record")},
    "api:credit-repair-approve": {"POST": can("credit.decide")},
    "api:credit-repair-detail": {"GET": can("credit.view")},
    "api:credit-repair-list": {"GET": can("credit.view"), "POST": can("credit.record")},
    "api:credit-repair-record-rectification": {"POST": can("credit.record")},
    "api:credit-repair-refuse": {"POST": can("credit.decide")},
    "api:credit-repair-withdraw": {"POST": can("credit.record")},
    # the object is a case awaiting the township sub-centre's review: not in the district centre's queue
    "api:review-detail": {"GET": can("case.review_township")},
    "api:review-list": {"GET": can("case.review")},
    # intake and the command centre (issue 10): clues scoped by township (and source department for liaisons);
    # each action has its own route and the permission of its table entry
    "api:clue-acknowledge": {"POST": can("clue.respond")},
    "api:clue-arrive": {"POST": can("clue.respond")},
    "api:clue-assigned": {"GET": can("clue.view")},
    "api:clue-detail": {"GET": can("clue.view")},
    "api:clue-dismiss": {"POST": can("clue.triage")},
    "api:clue-dispatch": {"POST": can("clue.dispatch") | can("clue.dispatch_bureau")},
    "api:clue-escalate": {"POST": can("clue.escalate")},
    "api:clue-events": {"GET": can("clue.view")},
    "api:clue-file-case": {"POST": can("clue.respond")},
    "api:clue-issue-warning": {"POST": can("clue.respond")},
    "api:clue-list": {"GET": can("clue.view"), "POST": can("clue.create")},
    "api:clue-merge": {"POST": can("clue.triage")},
    "api:clue-photos": {"POST": can("clue.create") | can("clue.triage") | can("clue.respond")},
    "api:clue-recheck-rectified": {"POST": can("clue.respond")},
    "api:clue-recheck-unrectified": {"POST": can("clue.respond")},
    "api:clue-refuse": {"POST": can("clue.respond")},
    "api:clue-reply": {"POST": can("clue.reply")},
    "api:clue-report-handled": {"POST": can("clue.respond")},
    "api:clue-report-no-violation": {"POST": can("clue.respond")},
    "api:clue-transfer": {"POST": can("clue.triage") | can("clue.respond")},
    "api:clue-triage": {"POST": can("clue.triage")},
    "api:clue-unmask": {"POST": can("clue.unmask")},
    "api:intake-board-list": {"GET": can("board.view")},
    "api:intake-figures-list": {"GET": can("board.view") | can("dashboard.view")},
    "api:intake-hotline-list": {"POST": can("clue.create")},
    "api:intake-reply-list": {"GET": can("clue.view")},
    "api:intake-warning-list": {"GET": can("clue.view")},
    "api:patrol-list": {"GET": can("patrol.view")},
    "api:patrol-plan-detail": {"GET": can("patrol.view")},
    "api:patrol-plan-list": {"GET": can("patrol.view"), "POST": can("patrol.plan")},
    "api:patrol-plan-missed": {"GET": can("patrol.view")},
    "api:patrol-plan-patrols": {"POST": can("patrol.record")},
    "api:intake-import-list": {"POST": can("clue.import")},
    # the holiday calendar (art. 85): reference data every business role reads; written on the pages only
    "api:calendar-day-list": {"GET": can("calendar.view")},
    "api:calendar-year-list": {"GET": can("calendar.view")},
    # catalogue: reference data every business role reads; writes for catalog.manage
    "api:catalog-adjustment-list": {"GET": can("catalog.view")},
    "api:catalog-domain-detail": {"GET": can("catalog.view")},
    "api:catalog-domain-list": {"GET": can("catalog.view")},
    "api:catalog-item-detail": {"GET": can("catalog.view"), "PUT": can("catalog.manage"),
                                "PATCH": can("catalog.manage")},
    "api:catalog-item-history": {"GET": can("catalog.view")},
    "api:catalog-item-list": {"GET": can("catalog.view"), "POST": can("catalog.manage")},
    "api:catalog-item-retire": {"POST": can("catalog.manage")},
    # townships: the auditor and a liaison get an empty list where the model has nothing for them
    "api:certificate-review-list": {"GET": can("org.view"), "POST": can("qualification.manage")},
    "api:department-detail": {"GET": can("org.view")},
    "api:department-list": {"GET": ALL_ROLES},
    # each role's desk (issue 13): every role with a desk (access.DESKS); the auditor has none (403)
    "api:desk": {"GET": frozenset(DESKS)},
    "api:exam-list": {"GET": can("org.view"), "POST": can("qualification.manage")},
    "api:me": {"GET": ALL_ROLES},
    # the map (issue 16): points, zones and heat within the caller's scope; outlines kept by bureau staff
    "api:map-boundaries": {"GET": can("map.view"), "POST": can("boundary.manage")},
    "api:map-data": {"GET": can("map.view")},
    # the gazetteer (ADR 0019): entries scoped by township; township users keep their own township's
    "api:gazetteer-detail": {"GET": can("gazetteer.view"), "PATCH": can("gazetteer.manage"),
                             "DELETE": can("gazetteer.manage")},
    "api:gazetteer-export": {"GET": can("gazetteer.view")},
    "api:gazetteer-import": {"POST": can("gazetteer.manage")},
    "api:gazetteer-list": {"GET": can("gazetteer.view"), "POST": can("gazetteer.manage")},
    "api:map-geocode": {"GET": can("gazetteer.view")},
    "api:public-catalogue-detail": {"GET": ALL_ROLES},
    "api:public-catalogue-list": {"GET": ALL_ROLES},
    # the officers' phone app (/m/): its working data, favourites, 首违 history and the QR of a case
    "api:mobile-case-qr": {"GET": can("mobile.use")},
    "api:mobile-favourite": {"PUT": can("mobile.use"), "DELETE": can("mobile.use")},
    "api:mobile-party-history": {"POST": can("mobile.use")},
    "api:mobile-working-data": {"GET": can("mobile.use")},
    "api:officer-detail": {"GET": can("org.view"), "PUT": can("org.manage"), "PATCH": can("org.manage")},
    "api:officer-export": {"GET": can("org.view")},
    "api:officer-import": {"POST": can("org.manage")},
    "api:officer-list": {"GET": can("org.view"), "POST": can("org.manage")},
    "api:township-detail": {"GET": can("org.view") - {Role.LIAISON}},
    # 特定区域: read the township's zone limits like the township; set them with empowerment.manage
    "api:township-zone-limits": {"GET": can("org.view") - {Role.LIAISON}, "POST": can("empowerment.manage")},
    "api:township-list": {"GET": ALL_ROLES},
    "api:training-list": {"GET": can("org.view"), "POST": can("qualification.manage")},
    # the zone register: a liaison reads an empty list (zones have no department); writes for org.manage
    "api:zone-detail": {"GET": can("org.view") - {Role.LIAISON}, "PATCH": can("org.manage")},
    "api:zone-export": {"GET": can("org.view")},
    "api:zone-import": {"POST": can("org.manage")},
    "api:zone-list": {"GET": can("org.view"), "POST": can("org.manage")},
    "api:zone-reinstate": {"POST": can("org.manage")},
    "api:zone-retire": {"POST": can("org.manage")},
    # planning: lists for every business role (scoped); plans and draws belong to departments only
    # 监管一件事 checklists and industries: reference data read by every planning role, kept by checklist.manage
    "api:planning-checklist-detail": {"GET": can("plan.view"), "PATCH": can("checklist.manage")},
    "api:planning-checklist-export": {"GET": can("plan.view")},
    "api:planning-checklist-import": {"POST": can("checklist.manage")},
    "api:planning-checklist-list": {"GET": can("plan.view"), "POST": can("checklist.manage")},
    "api:planning-checklist-reinstate": {"POST": can("checklist.manage")},
    "api:planning-checklist-retire": {"POST": can("checklist.manage")},
    "api:planning-checklist-versions": {"POST": can("checklist.manage")},
    "api:planning-industry-detail": {"GET": can("plan.view"), "PATCH": can("checklist.manage")},
    "api:planning-industry-list": {"GET": can("plan.view"), "POST": can("checklist.manage")},
    "api:planning-conflict-list": {"GET": can("draw.run"), "POST": can("draw.run")},
    "api:planning-draw-detail": {"GET": can("plan.view") - TOWNSHIP_BOUND},
    "api:planning-draw-list": {"GET": can("plan.view"), "POST": can("draw.run")},
    "api:planning-inspection-detail": {"GET": can("plan.view")},
    "api:planning-inspection-evidence": {"POST": can("inspection.record")},
    "api:planning-inspection-list": {"GET": can("plan.view"), "POST": can("inspection.record")},
    "api:planning-inspection-open-case": {"POST": can("inspection.record")},
    "api:planning-joint-detail": {"GET": can("plan.view")},
    "api:planning-joint-list": {"GET": can("plan.view")},
    "api:planning-plan-detail": {"GET": can("plan.view") - TOWNSHIP_BOUND, "PATCH": can("plan.edit")},
    "api:planning-plan-list": {"GET": can("plan.view"), "POST": can("plan.edit")},
    "api:planning-plan-months": {"POST": can("plan.edit")},
    "api:planning-plan-transition": {"POST": (can("plan.edit") | can("plan.approve")) - TOWNSHIP_BOUND},
    "api:planning-subject-detail": {"GET": can("plan.view")},
    "api:planning-subject-export": {"GET": can("plan.view")},
    "api:planning-subject-file": {"GET": can("plan.view")},
    "api:planning-subject-list": {"GET": can("plan.view")},
    "api:planning-task-detail": {"GET": can("plan.view"), "PATCH": can("plan.edit")},
    "api:planning-task-list": {"GET": can("plan.view"), "POST": can("plan.edit")},
}

# (URL name, method) that an anonymous client may call (everything else must answer 401).
PUBLIC = {
    ("api:auth-token", "POST"),
    # 三项制度 事前公开: the published catalogue (reference data, no personal data)
    ("api:public-catalogue-list", "GET"),
    ("api:public-catalogue-detail", "GET"),
}

# URL name -> "module.function" building one object and returning the URL kwargs (see above).
OBJECTS = {
    "api:account-assign": "tests.access_objects.account",
    "api:account-deactivate": "tests.access_objects.account",
    "api:account-detail": "tests.access_objects.account",
    "api:account-lock": "tests.access_objects.account",
    "api:account-reset-otp": "tests.access_objects.account",
    "api:account-reset-password": "tests.access_objects.account",
    "api:account-unlock": "tests.access_objects.account",
    "api:appeal-detail": "tests.access_objects.appeal",
    "api:case-case-file": "tests.access_objects.case_file",
    "api:case-coercive-measures": "tests.access_objects.case",
    "api:coercive-measure-detail": "tests.access_objects.coercive_measure",
    "api:case-department-replies": "tests.access_objects.case",
    "api:case-detail": "tests.access_objects.case",
    "api:officer-assessment-approve": "tests.access_objects.officer_assessment",
    "api:officer-assessment-detail": "tests.access_objects.officer_assessment",
    "api:officer-assessment-score": "tests.access_objects.officer_assessment",
    "api:rollup-county-forms": "tests.access_objects.rollup_month",
    "api:supervision-finding-detail": "tests.access_objects.supervision_finding",
    "api:supervision-finding-transition": "tests.access_objects.supervision_finding",
    "api:case-document": "tests.access_objects.case_document",
    "api:case-evidence": "tests.access_objects.case",
    "api:case-evidence-file": "tests.access_objects.case_evidence",
    "api:mobile-case-qr": "tests.access_objects.case",
    "api:mobile-favourite": "tests.access_objects.catalog_item",
    "api:case-events": "tests.access_objects.case",
    "api:case-transition": "tests.access_objects.case",
    "api:credit-repair-accept": "tests.access_objects.credit_repair",
    "api:credit-repair-approve": "tests.access_objects.credit_repair",
    "api:credit-repair-detail": "tests.access_objects.credit_repair",
    "api:credit-repair-record-rectification": "tests.access_objects.credit_repair",
    "api:credit-repair-refuse": "tests.access_objects.credit_repair",
    "api:credit-repair-withdraw": "tests.access_objects.credit_repair",
    "api:review-detail": "tests.access_objects.case_in_review",
    "api:clue-acknowledge": "tests.access_objects.clue",
    "api:clue-arrive": "tests.access_objects.clue",
    "api:clue-detail": "tests.access_objects.clue",
    "api:clue-dismiss": "tests.access_objects.clue",
    "api:clue-dispatch": "tests.access_objects.clue",
    "api:clue-escalate": "tests.access_objects.clue",
    "api:clue-events": "tests.access_objects.clue",
    "api:clue-file-case": "tests.access_objects.clue",
    "api:clue-issue-warning": "tests.access_objects.clue",
    "api:clue-merge": "tests.access_objects.clue",
    "api:clue-photos": "tests.access_objects.clue",
    "api:clue-recheck-rectified": "tests.access_objects.clue",
    "api:clue-recheck-unrectified": "tests.access_objects.clue",
    "api:clue-refuse": "tests.access_objects.clue",
    "api:clue-reply": "tests.access_objects.clue",
    "api:clue-report-handled": "tests.access_objects.clue",
    "api:clue-report-no-violation": "tests.access_objects.clue",
    "api:clue-transfer": "tests.access_objects.clue",
    "api:clue-triage": "tests.access_objects.clue",
    "api:clue-unmask": "tests.access_objects.clue",
    "api:patrol-plan-detail": "tests.access_objects.patrol_plan",
    "api:patrol-plan-patrols": "tests.access_objects.patrol_plan",
    "api:catalog-domain-detail": "tests.access_objects.catalog_domain",
    "api:catalog-item-detail": "tests.access_objects.catalog_item",
    "api:catalog-item-history": "tests.access_objects.catalog_item",
    "api:catalog-item-retire": "tests.access_objects.catalog_item",
    "api:public-catalogue-detail": "tests.access_objects.catalog_item",
    "api:department-detail": "tests.access_objects.department",
    "api:officer-detail": "tests.access_objects.officer",
    "api:township-detail": "tests.access_objects.township_",
    "api:township-zone-limits": "tests.access_objects.township_",
    "api:zone-detail": "tests.access_objects.zone",
    "api:gazetteer-detail": "tests.access_objects.gazetteer_place",
    "api:zone-reinstate": "tests.access_objects.zone",
    "api:zone-retire": "tests.access_objects.zone",
    "api:planning-checklist-detail": "tests.access_objects.planning_checklist",
    "api:planning-checklist-reinstate": "tests.access_objects.planning_checklist",
    "api:planning-checklist-retire": "tests.access_objects.planning_checklist",
    "api:planning-checklist-versions": "tests.access_objects.planning_checklist",
    "api:planning-industry-detail": "tests.access_objects.planning_industry",
    "api:planning-draw-detail": "tests.access_objects.planning_draw",
    "api:planning-inspection-detail": "tests.access_objects.planning_inspection",
    "api:planning-inspection-evidence": "tests.access_objects.planning_inspection",
    "api:planning-inspection-open-case": "tests.access_objects.planning_inspection",
    "api:planning-joint-detail": "tests.access_objects.planning_joint",
    "api:planning-plan-detail": "tests.access_objects.planning_plan",
    "api:planning-plan-months": "tests.access_objects.planning_plan",
    "api:planning-plan-transition": "tests.access_objects.planning_plan",
    "api:planning-subject-detail": "tests.access_objects.planning_subject",
    "api:planning-subject-file": "tests.access_objects.planning_subject",
    "api:planning-task-detail": "tests.access_objects.planning_task",
}

# Views under /api/v1/ that have no queryset to scope, with the reason.
UNSCOPED_VIEWS = {
    "api:api-root": "DRF's router index: lists URLs, no data.",
    "api:assessment-index": "assessment.index computes from access.scope'd querysets only; no queryset of its own.",
    "api:rollup-county-forms": "The county's own aggregate forms (no rows, no personal data) for rollup.export.",
    "api:auth-token": "Exchanges credentials for the caller's own token; no queryset.",
    "api:desk": "Composes scoped selectors (enforcement.dashboard.desks, each from access.scope); no queryset.",
    "api:me": "Returns request.user only.",
    "api:my-assessment-list": "The caller's own results only (access.own on officer__user), nobody else's.",
    "api:public-catalogue-list": "The published catalogue (三项制度 事前公开): reference data for everyone.",
    "api:public-catalogue-detail": "One published catalogue item: reference data for everyone.",
    "api:mobile-working-data": "Composes scoped selectors (mobile.selectors, each from access.scope); no queryset.",
    "api:mobile-favourite": "The caller's own favourites only (filtered by request.user).",
    "api:mobile-party-history": "cases.selectors.party_history: codes only for access.scope'd cases, no personal data.",
    "api:map-data": "Composes scoped selectors (geo.selectors: intake, cases, planning, zones via access.scope).",
    "api:map-boundaries": "geo.services reads and writes zones/townships through access.scope; no queryset.",
    "api:map-geocode": "Matches the gazetteer index (geo.gazetteer), township users within their own township only.",
    "api:mobile-case-qr": "Looks the case up in cases.selectors.cases_visible_to (access.scope).",
}
