from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from planning import services
from planning.models import JointInspection

from .conftest import make_task

pytestmark = pytest.mark.django_db


def test_candidates_list_tasks_of_two_departments_on_one_subject(world, two_tasks, today):
    candidates = services.merge_candidates(actor=world["staff"], year=today.year, month=today.month)
    assert len(candidates) == 1
    assert candidates[0].subject == world["subject"]
    assert set(candidates[0].task_codes) == {t.code for t in two_tasks}
    assert candidates[0].visits_saved == 1


def test_tasks_of_one_department_are_not_candidates(world, today):
    make_task(world["month_a"], world["subject"], world["officers_a"][:2], world["checklist_a"])
    make_task(world["month_a"], world["subject"], world["officers_a"][:2], world["checklist_a"])
    assert services.merge_candidates(actor=world["staff"], year=today.year, month=today.month) == []


def test_confirm_creates_one_joint_inspection_with_combined_checklist(world, two_tasks):
    joint = services.merge_confirm(actor=world["staff"], subject=world["subject"], tasks=two_tasks)
    assert joint.visits_saved == 1
    assert set(joint.departments.all()) == {world["department"], world["other_department"]}
    assert set(joint.checklists.all()) == {world["checklist_a"], world["checklist_b"]}
    assert joint.officers.count() == 4


def test_merged_pair_is_no_longer_a_candidate(world, two_tasks, today):
    services.merge_confirm(actor=world["staff"], subject=world["subject"], tasks=two_tasks)
    assert services.merge_candidates(actor=world["staff"], year=today.year, month=today.month) == []
    with pytest.raises(ValidationError):
        services.merge_confirm(actor=world["staff"], subject=world["subject"], tasks=two_tasks)
    assert JointInspection.objects.count() == 1


def test_liaison_cannot_confirm_a_merge(world, two_tasks):
    with pytest.raises(PermissionDenied):
        services.merge_confirm(actor=world["liaison"], subject=world["subject"], tasks=two_tasks)
    assert not JointInspection.objects.exists()


def test_merge_query_count_is_constant(world, today, django_assert_max_num_queries):
    for _ in range(5):
        make_task(world["month_a"], world["subject"], world["officers_a"][:2], world["checklist_a"])
        make_task(world["month_b"], world["subject"], world["officers_b"][:2], world["checklist_b"])
    with django_assert_max_num_queries(6):  # ids, subjects, pairs, tasks, departments, townships
        candidates = services.merge_candidates(actor=world["staff"], year=today.year, month=today.month)
        [t.department.name for c in candidates for t in c.tasks]


def _overlapping_subjects(world, n):
    from .factories import SubjectFactory

    subjects = SubjectFactory.create_batch(n, industry=world["industry"], township=world["township"])
    for subject in subjects:
        make_task(world["month_a"], subject, world["officers_a"][:2], world["checklist_a"])
        make_task(world["month_b"], subject, world["officers_b"][:2], world["checklist_b"])
    return subjects


def test_candidate_search_query_count_does_not_grow_with_candidates(world, today, django_assert_max_num_queries):
    _overlapping_subjects(world, 12)
    with django_assert_max_num_queries(6):
        candidates = services.merge_candidates(actor=world["staff"], year=today.year, month=today.month)
        assert all(c.subject.township.name and c.departments for c in candidates)
    assert len(candidates) == 12


def test_limit_keeps_the_first_candidates_by_credit_code(world, today):
    subjects = _overlapping_subjects(world, 5)
    limited = services.merge_candidates(actor=world["staff"], year=today.year, month=today.month, limit=3)
    assert [c.subject.uscc for c in limited] == sorted(s.uscc for s in subjects)[:3]


def test_summary_counts_all_candidates_and_their_savings(world, two_tasks, today):
    _overlapping_subjects(world, 4)
    make_task(world["month_a"], world["subject"], world["officers_a"][:2], world["checklist_a"])  # a third visit
    assert services.merge_summary(actor=world["staff"], year=today.year, month=today.month) == (5, 4 + 2)
