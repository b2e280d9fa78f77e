"""The transition table: pure guards, documentation generated from it, concurrency of reviews."""

import threading
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

from cases import workflow
from cases.models import Procedure, Review, Status
from cases.services import TransitionRefused, case_transition
from cases.tests.factories import WAIVED
from enforcement.accounts import access
from enforcement.accounts.models import Role


def test_docs_case_workflow_md_is_generated_from_the_table():
    doc = Path(settings.BASE_DIR, "docs", "case-workflow.md").read_text(encoding="utf-8")
    assert doc == workflow.as_markdown(), "run: DEBUG=1 python manage.py case_workflow_doc"


def test_every_table_entry_uses_known_states_permissions_and_labels():
    for (procedure, state, action), transition in workflow.TRANSITIONS.items():
        assert procedure in Procedure.values and state in Status.values
        assert transition.permission in access.PERMISSIONS
        assert action in workflow.ACTION_LABELS
        assert all(callable(g) and g.__doc__ is not None or g.__name__ for g in transition.guards)
        if not callable(transition.target):
            assert transition.target in Status.values


def test_final_states_have_no_way_out_except_archiving_and_the_audited_reopen():
    for (_procedure, state, action), transition in workflow.TRANSITIONS.items():
        if state in (Status.NOT_FILED, Status.REVOKED, Status.TRANSFERRED, Status.ARCHIVED):
            pytest.fail(f"{state} must be final, found {action}")
        if state == Status.CLOSED:
            assert action in ("archive", "reopen", "file_appeal")
            if action == "reopen":  # SECURITY §19
                assert transition.permission == "case.reopen"
                assert workflow.reopen_reason_given in transition.guards
            if action == "file_appeal":  # only within the periods of 行政复议法 art. 20 / 行政诉讼法 art. 46
                from cases import guards_appeals

                assert guards_appeals.appeal_within_period in transition.guards


def test_moves_outside_the_table_are_not_found():
    for procedure in Procedure.values:
        for state in Status.values:
            for action in workflow.ACTION_LABELS:
                if (procedure, state, action) not in workflow.TRANSITIONS:
                    assert workflow.lookup(procedure, state, action) is None


def test_simple_procedure_cannot_reach_legality_review():
    assert not [k for k in workflow.TRANSITIONS if k[0] == Procedure.SIMPLE and "review" in k[2]]


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_exactly_one_wins(audit_flushable, users, make_user, township, register, walk,
                                                officer_user):
    case = register(fine="20000")
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "20000"}),
                ("record_statement", officer_user, WAIVED), ("submit_review", officer_user, {}))
    reviewers = [users[Role.TOWNSHIP_REVIEWER], make_user(Role.TOWNSHIP_REVIEWER, township=township)]
    barrier = threading.Barrier(2)
    results = []

    def act(reviewer, action):
        try:
            barrier.wait()
            case_transition(case=case, action=action, actor=reviewer, opinion="意见",
                            expected_status=Status.TOWNSHIP_REVIEW)
            results.append("ok")
        except TransitionRefused as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(reviewers[0], "approve_review")),
               threading.Thread(target=act, args=(reviewers[1], "return_review"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    loser = next(r for r in results if r != "ok")
    assert "审核" in loser or "review" in loser
    assert Review.objects.filter(case=case).count() == 1
