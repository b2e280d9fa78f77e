"""The reviewed matrix of every page route × HTTP method × role (SECURITY §8), beside the API's (access_matrix.py).

Pages are the HTML routes outside /api/, /admin/, /static/ and /media/. `tests/test_page_access_matrix.py` enforces
this file against the real URLconf and the real views:

1. every named page route is listed in PAGE_MATRIX or PUBLIC_PAGES, and every listed one exists: a new page that
   nobody added here fails CI, and so does a stale line;
2. for every role, each listed method is called: a GET by a role in the set answers 200 (or a redirect that is not
   to the login page); a role outside the set gets 403 or 404 (404: the object is outside the role's scope);
3. a POST by a role outside the set gets 403 or 404 and writes nothing; a role in the set is not refused (an empty
   POST may answer 200 or 400 with the form's errors, or redirect);
4. a route listed without GET answers GET with 405 (it is an action: a form on another page posts to it);
5. every menu entry a role is shown (access.NAVIGATION) is a page that role may open.

HOW TO ADD A PAGE (one line per URL name, kept sorted within its app):

    "townships:zone_edit": {"GET": can("org.manage"), "POST": can("org.manage")},

List GET when the page renders (or redirects) on GET, POST when it takes a form; a route that takes only POST
(`@require_POST`) lists only POST. Use `can("<permission>")` for what the view `access.require`s, minus the roles
the object's scope keeps out (`- {Role.LIAISON}` where the model has no department rule). For a route with URL
arguments, add one line to PAGE_OBJECTS naming a builder `(township, department[, user]) -> URL kwargs` that
creates ONE object owned by `township` (and `department`); tests/access_objects.py holds the API's builders,
tests/page_objects.py those only pages need. A builder may return "_query" (a query string) besides the kwargs.
A page anyone may open without signing in goes in PUBLIC_PAGES with the reason.

`manage.py access_matrix --pages` prints this matrix as a Markdown table for review.
"""

from enforcement.accounts.models import Role

from .access_matrix import ALL_ROLES, TOWNSHIP_BOUND, can

# Pages anyone may open without signing in, with the reason (tests/test_pages_need_login.py and the matrix test).
PUBLIC_PAGES = {
    "accounts:login": "the login page itself",
    "verify": "public verification of a 行政行为码 printed on documents (no personal data)",
    "planning:public_draw_list": "双随机 results are published (公示), without personal data",
    "planning:public_draw_detail": "one published random draw",
    "catalog:public_catalogue": "三项制度 事前公开: the enforcement items in force (reference data, no personal data)",
    "catalog:public_item": "one published catalogue item: legal basis, special lists, discretion benchmark",
    "catalog:public_townships": "the townships and how many items each was empowered with (public)",
    "catalog:public_township": "one township's empowered items (public)",
    "mobile:app": "the phone app's shell: static HTML without data; the app signs in with a device token",
    "mobile:sw": "the phone app's service worker script (no data)",
    "mobile:manifest": "the phone app's web app manifest (no data)",
    "mobile:jsi18n": "the phone app's Chinese strings (no data)",
    "favicon": "the site icon (a redirect to the static file)",
    "public_decisions": "published penalty decisions (行政处罚法 art. 48), citizens' personal data removed",
    "public_decision": "one published penalty decision (a snapshot without citizens' personal data)",
}

# The roles that may take at least one step of a workflow table: the page of each step refuses everyone else up
# front (as the API does), and the service checks the step's own permission.
CASE_ACTORS = (can("case.handle") | can("case.review") | can("case.record_payment") | can("case.approve_payment_plan")
               | can("case.extend_deadline") | can("case.appeal"))
CLUE_ACTORS = can("clue.triage") | can("clue.dispatch") | can("clue.dispatch_bureau") | can("clue.escalate") | can(
    "clue.respond")
CREDIT_ACTORS = can("credit.record") | can("credit.decide")
PLAN_ACTORS = (can("plan.edit") | can("plan.approve")) - TOWNSHIP_BOUND
FINDING_ACTORS = can("supervision.rectify") | can("supervision.manage")
CLUE_PHOTO_WRITERS = can("clue.create") | can("clue.triage") | can("clue.respond")


def _form(permission_roles):
    """A page that shows a form on GET and takes it on POST, both for the same roles."""
    return {"GET": permission_roles, "POST": permission_roles}


# URL name -> {HTTP method -> roles that may call it}.
PAGE_MATRIX = {
    # each role's desk and the user's own account pages (the auditor's desk is the audit log: a redirect)
    "home": {"GET": ALL_ROLES},
    "accounts:device_revoke": {"POST": ALL_ROLES},  # the user's own tokens only
    "accounts:devices": {"GET": ALL_ROLES},
    "accounts:logout": {"POST": ALL_ROLES},
    "accounts:otp_manage": {"GET": ALL_ROLES},
    "accounts:otp_recovery_codes": {"POST": ALL_ROLES},
    "accounts:otp_setup": _form(ALL_ROLES),
    "accounts:otp_verify": _form(ALL_ROLES),
    "accounts:password_change": _form(ALL_ROLES),
    # account administration (三员分立): system administrator creates/deactivates, security administrator the rest
    "accounts:user_assign": {"POST": can("accounts.security")},
    "accounts:user_create": _form(can("accounts.manage")),
    "accounts:user_deactivate": {"POST": can("accounts.manage")},
    "accounts:user_detail": {"GET": can("accounts.view")},
    "accounts:user_list": {"GET": can("accounts.view")},
    "accounts:user_lock": {"POST": can("accounts.security")},
    "accounts:user_otp_reset": {"POST": can("accounts.otp_reset")},
    "accounts:user_reset_password": {"POST": can("accounts.security")},
    "accounts:user_token_revoke": {"POST": can("accounts.security")},
    "accounts:user_unlock": {"POST": can("accounts.security")},
    # the audit log: the audit administrator alone
    "audit:export": {"GET": can("audit.view")},
    "audit:list": {"GET": can("audit.view")},
    "audit:verify": _form(can("audit.view")),  # POST runs the chain check (itself an audit event)
    # organisation: townships (a liaison's scope holds none), officers, zones, qualifications
    "townships:officer_create": _form(can("org.manage")),
    "townships:officer_edit": _form(can("org.manage")),
    "townships:officer_export": {"GET": can("org.view")},
    "townships:officer_import": _form(can("org.manage")),
    "townships:officer_list": {"GET": can("org.view")},
    "townships:officer_qualifications": {"GET": can("org.view"), "POST": can("qualification.manage")},
    "townships:qualification_list": {"GET": can("org.view")},
    "townships:township_detail": {"GET": can("org.view") - {Role.LIAISON}},
    "townships:township_list": {"GET": can("org.view")},
    "townships:zone_create": _form(can("org.manage")),
    "townships:zone_edit": _form(can("org.manage")),
    "townships:zone_export": {"GET": can("org.view")},
    "townships:zone_import": _form(can("org.manage")),
    "townships:zone_list": {"GET": can("org.view")},
    "townships:zone_retire": {"POST": can("org.manage")},
    # catalogue (reference data every business role reads) and empowerment
    "catalog:adjustment_list": {"GET": can("catalog.view")},
    "catalog:empowerment_matrix": {"GET": can("catalog.view")},
    "catalog:export": {"GET": can("catalog.view")},
    "catalog:import": _form(can("catalog.manage")),
    "catalog:import_job": {"GET": can("catalog.manage")},
    "catalog:import_status": {"GET": can("catalog.manage")},
    "catalog:import_template": {"GET": can("catalog.view")},
    "catalog:index": {"GET": can("catalog.view")},
    "catalog:item_amend": _form(can("catalog.manage")),
    "catalog:item_create": _form(can("catalog.manage")),
    "catalog:item_detail": {"GET": can("catalog.view")},
    "catalog:item_list": {"GET": can("catalog.view")},
    "catalog:item_retire": _form(can("catalog.manage")),
    "catalog:special_list": {"GET": can("catalog.view")},
    "catalog:township_empowerment": {"GET": can("catalog.view") - {Role.LIAISON},
                                     "POST": can("empowerment.manage")},
    # cases: scoped by township (and transferring department for liaisons); each step through the workflow table
    "cases:action": {"POST": CASE_ACTORS},
    "cases:appeals": {"GET": can("case.appeal") | can("case.overdue_list")},
    "cases:case_file": {"GET": can("case.view")},
    "cases:coercive_measures": {"GET": can("case.overdue_list")},
    "cases:create": _form(can("case.file")),
    "cases:department_reply": _form(can("case.handle")),
    "cases:detail": {"GET": can("case.view")},
    "cases:document": {"GET": can("case.view")},
    "cases:evidence_download": {"GET": can("case.view")},
    "cases:evidence_upload": {"POST": can("case.handle")},
    "cases:export": {"GET": can("case.export")},
    "cases:list": {"GET": can("case.view")},
    "cases:mine": {"GET": can("case.view")},
    "cases:overdue": {"GET": can("case.overdue_list")},
    "cases:review_queue": {"GET": can("case.review")},
    "cases:transfers": {"GET": can("case.overdue_list")},
    "cases:unmask": {"POST": can("case.unmask")},
    "cases:unpaid": {"GET": can("case.overdue_list")},
    # 信用修复
    "credit:action": {"POST": CREDIT_ACTORS},
    "credit:apply": _form(can("credit.record")),
    "credit:detail": {"GET": can("credit.view")},
    "credit:list": {"GET": can("credit.view")},
    # planning: plans and draws belong to departments (township roles see none); subjects, tasks, inspections are
    # scoped by township and department; checklists and industries are reference data
    "planning:checklist_create": _form(can("checklist.manage")),
    "planning:checklist_detail": {"GET": can("plan.view")},
    "planning:checklist_edit": _form(can("checklist.manage")),
    "planning:checklist_export": {"GET": can("plan.view")},
    "planning:checklist_import": _form(can("checklist.manage")),
    "planning:checklist_list": {"GET": can("plan.view")},
    "planning:checklist_retire": {"POST": can("checklist.manage")},
    "planning:conflict_list": _form(can("draw.run")),
    "planning:draw_create": _form(can("draw.run")),
    "planning:draw_detail": {"GET": can("plan.view") - TOWNSHIP_BOUND, "POST": can("draw.run")},
    "planning:draw_list": {"GET": can("plan.view")},
    "planning:index": {"GET": can("plan.view")},
    "planning:indicators": {"GET": can("plan.view")},
    "planning:industry_create": _form(can("checklist.manage")),
    "planning:industry_edit": _form(can("checklist.manage")),
    "planning:industry_list": {"GET": can("plan.view")},
    "planning:inspection_detail": {"GET": can("plan.view")},
    "planning:inspection_list": {"GET": can("plan.view")},
    "planning:inspection_new": _form(can("inspection.record")),
    "planning:joint_detail": {"GET": can("plan.view")},
    "planning:merge_list": {"GET": can("plan.view"), "POST": can("plan.merge")},
    "planning:month_set": {"POST": can("plan.edit")},
    "planning:need_list": {"GET": can("plan.view"), "POST": can("plan.submit_needs")},
    "planning:plan_create": _form(can("plan.edit")),
    "planning:plan_detail": {"GET": can("plan.view") - TOWNSHIP_BOUND},
    "planning:plan_edit": _form(can("plan.edit")),
    "planning:plan_transition": {"POST": PLAN_ACTORS},
    # opening a case from a failed point files a case: the inspection's recorder who may also file one
    "planning:result_open_case": {"POST": can("inspection.record") & can("case.file")},
    "planning:result_rectify": {"POST": can("inspection.record")},
    "planning:subject_create": _form(can("subject.manage")),
    "planning:subject_detail": {"GET": can("plan.view")},
    "planning:subject_edit": _form(can("subject.manage")),
    "planning:subject_export": {"GET": can("plan.view")},
    "planning:subject_import": _form(can("subject.manage")),
    "planning:subject_list": {"GET": can("plan.view")},
    "planning:task_create": _form(can("plan.edit")),
    "planning:task_detail": {"GET": can("plan.view")},
    "planning:task_done": {"POST": can("plan.edit")},
    "planning:week_board": {"GET": can("plan.view")},
    # intake and the command centre: clues scoped by township (and source department for liaisons)
    "intake:action": {"POST": CLUE_ACTORS},
    "intake:board": {"GET": can("board.view")},
    "intake:board_panel": {"GET": can("board.view")},
    "intake:create": _form(can("clue.create")),
    "intake:detail": {"GET": can("clue.view")},
    "intake:export": {"GET": can("clue.export")},
    "intake:import": _form(can("clue.import")),
    "intake:list": {"GET": can("clue.view")},
    "intake:mine": {"GET": can("clue.respond")},
    "intake:patrol_plan": {"GET": can("patrol.view")},
    "intake:patrol_plan_create": _form(can("patrol.plan")),
    "intake:patrol_record": _form(can("patrol.record")),
    "intake:patrols": {"GET": can("patrol.view")},
    "intake:photo": {"GET": can("clue.view")},
    "intake:photo_upload": {"POST": CLUE_PHOTO_WRITERS},
    "intake:replies": {"GET": can("clue.view")},
    "intake:reply": {"POST": can("clue.reply")},
    "intake:unmask": {"POST": can("clue.unmask")},
    "intake:warnings": {"GET": can("clue.view")},
    # the map and the gazetteer (township users: their own township's entries)
    "geo:boundaries": {"GET": can("map.view"), "POST": can("boundary.manage")},
    "geo:boundaries_download": {"GET": can("map.view")},
    "geo:gazetteer": {"GET": can("gazetteer.view")},
    "geo:gazetteer_export": {"GET": can("gazetteer.view")},
    "geo:gazetteer_import": _form(can("gazetteer.manage")),
    "geo:map": {"GET": can("map.view")},
    "geo:place_create": _form(can("gazetteer.manage")),
    "geo:place_delete": {"POST": can("gazetteer.manage")},
    "geo:place_edit": _form(can("gazetteer.manage")),
    # dashboard, monthly reports, 三高两易 evaluation and the weekly ranking
    "dashboard:index": {"GET": can("dashboard.view")},
    "reports:download": {"GET": can("report.view")},
    "reports:evaluation": {"GET": can("report.view")},
    "reports:evaluation_export": {"GET": can("report.view")},
    "reports:list": {"GET": can("report.view")},
    "reports:ranking": {"GET": can("report.view")},
    "reports:ranking_export": {"GET": can("report.view")},
    "reports:rate": _form(can("evaluation.rate")),
    "reports:regenerate": {"POST": can("report.generate")},
    "reports:request": {"POST": can("report.generate")},
    # assessment (考核) and supervision (执法监督)
    "assessment:complaint_decide": {"POST": can("assessment.compute")},
    "assessment:complaints": {"GET": can("assessment.view"), "POST": can("assessment.compute")},
    "assessment:finding_detail": {"GET": can("supervision.view"), "POST": FINDING_ACTORS},
    "assessment:finding_new": _form(can("supervision.manage")),
    "assessment:findings": {"GET": can("supervision.view")},
    "assessment:index": {"GET": can("assessment.view")},
    "assessment:index_export": {"GET": can("assessment.view")},
    "assessment:mine": {"GET": can("assessment.own")},
    "assessment:mine_detail": {"GET": can("assessment.own")},
    "assessment:officer_compute": {"POST": can("assessment.compute")},
    "assessment:officer_detail": {"GET": can("assessment.view"),
                                  "POST": can("assessment.score") | can("assessment.approve")},
    "assessment:officer_export": {"GET": can("assessment.view")},
    "assessment:officers": {"GET": can("assessment.view")},
    "assessment:quality": {"GET": can("supervision.view")},
    "assessment:sample_detail": {"GET": can("supervision.view") - {Role.LIAISON}, "POST": can("supervision.manage")},
    "assessment:sample_new": _form(can("supervision.manage")),
    "assessment:special_new": _form(can("supervision.manage")),
    "assessment:supervision": {"GET": can("supervision.view")},
    "assessment:weights": _form(can("assessment.configure")),
    # county → city → province roll-up
    "rollup:county_new": _form(can("rollup.import")),
    "rollup:export": {"GET": can("rollup.export")},
    "rollup:index": {"GET": can("rollup.export") | can("rollup.view")},
    "rollup:month": {"GET": can("rollup.view")},
    "rollup:upload": _form(can("rollup.import")),
    # the holiday calendar (art. 85): every business role reads it; the bureau keeps it
    "workcalendar:day_create": _form(can("calendar.manage")),
    "workcalendar:day_delete": _form(can("calendar.manage")),
    "workcalendar:day_edit": _form(can("calendar.manage")),
    "workcalendar:import": _form(can("calendar.manage")),
    "workcalendar:index": {"GET": can("calendar.view")},
    "workcalendar:year_confirm": {"POST": can("calendar.manage")},
}

# URL name -> "module.function" building one object and returning the URL kwargs (see above).
_API = "tests.access_objects."
_PAGE = "tests.page_objects."
PAGE_OBJECTS = {
    "accounts:device_revoke": _PAGE + "token_prefix",
    "accounts:user_assign": _API + "account",
    "accounts:user_deactivate": _API + "account",
    "accounts:user_detail": _API + "account",
    "accounts:user_lock": _API + "account",
    "accounts:user_otp_reset": _API + "account",
    "accounts:user_reset_password": _API + "account",
    "accounts:user_token_revoke": _PAGE + "account_token",
    "accounts:user_unlock": _API + "account",
    "townships:officer_edit": _PAGE + "officer",
    "townships:officer_qualifications": _PAGE + "officer",
    "townships:township_detail": _API + "township_",
    "townships:zone_edit": _API + "zone",
    "townships:zone_retire": _API + "zone",
    "catalog:export": _PAGE + "export_format",
    "catalog:import_job": _PAGE + "catalog_import_job",
    "catalog:import_status": _PAGE + "catalog_import_job",
    "catalog:item_amend": _API + "catalog_item",
    "catalog:item_detail": _API + "catalog_item",
    "catalog:item_retire": _API + "catalog_item",
    "catalog:special_list": _PAGE + "special_list",
    "catalog:township_empowerment": _API + "township_",
    "cases:action": _PAGE + "case_action",
    "cases:case_file": _API + "case_file",
    "cases:department_reply": _API + "case",
    "cases:detail": _API + "case",
    "cases:document": _API + "case_document",
    "cases:evidence_download": _PAGE + "case_evidence",
    "cases:evidence_upload": _API + "case",
    "cases:unmask": _API + "case",
    "credit:action": _PAGE + "credit_action",
    "credit:apply": _PAGE + "credit_publication",
    "credit:detail": _PAGE + "credit_repair",
    "planning:checklist_detail": _API + "planning_checklist",
    "planning:checklist_edit": _API + "planning_checklist",
    "planning:checklist_retire": _API + "planning_checklist",
    "planning:draw_detail": _API + "planning_draw",
    "planning:industry_edit": _API + "planning_industry",
    "planning:inspection_detail": _API + "planning_inspection",
    "planning:inspection_new": _PAGE + "inspection_task",
    "planning:joint_detail": _API + "planning_joint",
    "planning:month_set": _API + "planning_plan",
    "planning:plan_detail": _API + "planning_plan",
    "planning:plan_edit": _API + "planning_plan",
    "planning:plan_transition": _API + "planning_plan",
    "planning:result_open_case": _PAGE + "inspection_result",
    "planning:result_rectify": _PAGE + "inspection_result",
    "planning:subject_detail": _API + "planning_subject",
    "planning:subject_edit": _API + "planning_subject",
    "planning:task_create": _PAGE + "plan_month",
    "planning:task_detail": _API + "planning_task",
    "planning:task_done": _API + "planning_task",
    "intake:action": _PAGE + "clue_action",
    "intake:detail": _API + "clue",
    "intake:patrol_plan": _API + "patrol_plan",
    "intake:patrol_record": _API + "patrol_plan",
    "intake:photo": _PAGE + "clue_photo",
    "intake:photo_upload": _API + "clue",
    "intake:reply": _API + "clue",
    "intake:unmask": _API + "clue",
    "geo:boundaries_download": _PAGE + "boundary_kind",
    "geo:place_delete": _API + "gazetteer_place",
    "geo:place_edit": _API + "gazetteer_place",
    "reports:download": _PAGE + "monthly_report",
    "reports:rate": _PAGE + "empowered_item",
    "reports:regenerate": _PAGE + "monthly_report",
    "assessment:complaint_decide": _PAGE + "officer_complaint",
    "assessment:finding_detail": _API + "supervision_finding",
    "assessment:mine_detail": _PAGE + "own_assessment",
    "assessment:officer_detail": _API + "officer_assessment",
    "assessment:sample_detail": _PAGE + "case_file_sample",
    "assessment:weights": _PAGE + "weights_unit",
    "rollup:export": _PAGE + "rollup_export",
    "rollup:month": _API + "rollup_month",
    "workcalendar:day_delete": _PAGE + "calendar_day",
    "workcalendar:day_edit": _PAGE + "calendar_day",
}
