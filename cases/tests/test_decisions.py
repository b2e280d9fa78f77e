"""Notice, statement, hearing, decision and special lists (art. 33, 44, 45, 57, 58, 63, 64)."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from cases.models import Status
from cases.services import TransitionRefused, case_transition
from catalog.tests.factories import DiscretionTierFactory, ItemFactory
from enforcement.accounts.models import Role

from .articles import names_article
from .factories import WAIVED

pytestmark = pytest.mark.django_db


def notified(register, walk, actor, fine="500", kinds=("fine",), **kwargs):
    case = register(fine=Decimal(fine), penalty_kinds=list(kinds), **kwargs)
    return walk(case, ("notify", actor, {"penalty_kinds": list(kinds), "fine": fine}))


def test_transition_out_of_order_is_refused_and_changes_nothing(register, officer_user):
    case = register(file_now=False)
    with pytest.raises(TransitionRefused) as exc:
        case_transition(case=case, action="decide", actor=officer_user)
    assert "decide" not in exc.value.messages[0]  # the Chinese label, not the identifier
    case.refresh_from_db()
    assert case.status == Status.CLUE and case.decided_on is None


def test_decision_art44_requires_notice_before_decision(register, walk, officer_user):
    case = register()
    with pytest.raises(TransitionRefused):
        walk(case, ("decide", officer_user, {}))


def test_decision_art45_requires_statement_or_elapsed_period(register, walk, officer_user):
    case = notified(register, walk, officer_user)
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    assert names_article(" ".join(exc.value.messages), 45)
    later = case.statement_deadline + timedelta(days=1)
    case = case_transition(case=case, action="decide", actor=officer_user, today=later)
    assert case.status == Status.DECIDED


def test_decision_art45_may_not_be_heavier_than_the_notice(register, walk, officer_user):
    case = notified(register, walk, officer_user)
    case = walk(case, ("record_statement", officer_user, {"outcome": "rejected", "note": "当事人辩称已清理"}))
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {"fine": "800"}))
    assert names_article(" ".join(exc.value.messages), 45)
    with pytest.raises(TransitionRefused):
        walk(case, ("decide", officer_user, {"penalty_kinds": ["fine", "closure"], "fine": "500"}))
    case = walk(case, ("decide", officer_user, {"fine": "300"}))
    assert case.fine_amount == Decimal("300.00")


def test_fine_outside_discretion_band_needs_a_recorded_reason(register, walk, officer_user, item):
    DiscretionTierFactory(item=item, fine_min=Decimal("100"), fine_max=Decimal("400"))
    case = notified(register, walk, officer_user)
    case = walk(case, ("record_statement", officer_user, WAIVED))
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {"fine": "500"}))
    assert "裁量" in " ".join(exc.value.messages) or "discretion" in " ".join(exc.value.messages)
    case = walk(case, ("decide", officer_user, {"fine": "500", "discretion_reason": "多次违法,从重处罚"}))
    assert case.status == Status.DECIDED


def test_fine_above_the_item_maximum_is_refused(register, walk, officer_user):
    with pytest.raises(TransitionRefused):
        notified(register, walk, officer_user, fine="300000")


def test_major_case_art58_cannot_be_decided_without_approved_review(register, walk, officer_user):
    case = notified(register, walk, officer_user, fine="20000")
    assert case.is_major and "large_fine" in case.major_reasons
    case = walk(case, ("record_statement", officer_user, WAIVED))
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    assert names_article(" ".join(exc.value.messages), 58)
    assert case.status == Status.NOTIFIED


def major_reviewed(register, walk, users, officer_user):
    case = notified(register, walk, officer_user, fine="20000")
    return walk(case,
                ("record_statement", officer_user, WAIVED),
                ("waive_hearing", officer_user, {"note": "本人放弃听证权利。"}),
                ("submit_review", officer_user, {}),
                ("approve_review", users[Role.TOWNSHIP_REVIEWER], {"opinion": "事实清楚,同意"}),
                ("approve_review", users[Role.DISTRICT_REVIEWER], {"opinion": "同意"}))


def test_major_township_case_goes_to_township_then_district_review(register, walk, users, officer_user):
    case = notified(register, walk, officer_user, fine="20000")
    case = walk(case, ("record_statement", officer_user, WAIVED), ("submit_review", officer_user, {}))
    assert case.status == Status.TOWNSHIP_REVIEW
    with pytest.raises(PermissionDenied):
        walk(case, ("approve_review", users[Role.DISTRICT_REVIEWER], {"opinion": "同意"}))
    case = walk(case, ("approve_review", users[Role.TOWNSHIP_REVIEWER], {"opinion": "同意"}))
    assert case.status == Status.DISTRICT_REVIEW
    case = walk(case, ("approve_review", users[Role.DISTRICT_REVIEWER], {"opinion": "同意"}))
    assert case.status == Status.REVIEWED
    assert list(case.reviews.values_list("level", "outcome")) == [("township", "approved"), ("district", "approved")]


def test_major_case_art57_requires_collective_discussion(register, walk, users, officer_user):
    case = major_reviewed(register, walk, users, officer_user)
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    assert names_article(" ".join(exc.value.messages), 57)
    case = walk(case, ("record_discussion", officer_user, {"note": "局务会议集体讨论,同意处罚"}),
                ("decide", officer_user, {}))
    assert case.status == Status.DECIDED


def test_review_return_sends_the_case_back_with_the_opinion(register, walk, users, officer_user):
    case = notified(register, walk, officer_user, fine="20000")
    case = walk(case, ("record_statement", officer_user, WAIVED), ("submit_review", officer_user, {}),
                ("return_review", users[Role.TOWNSHIP_REVIEWER], {"opinion": "证据不足,补充现场照片"}))
    assert case.status == Status.RETURNED
    assert case.reviews.get().opinion == "证据不足,补充现场照片"
    assert case.events.last().note == "证据不足,补充现场照片"
    case = walk(case, ("amend", officer_user, {"facts": "补充:现场照片三张。"}), ("submit_review", officer_user, {}))
    assert case.status == Status.TOWNSHIP_REVIEW


def test_review_requires_a_written_opinion(register, walk, users, officer_user):
    case = notified(register, walk, officer_user, fine="20000")
    case = walk(case, ("record_statement", officer_user, WAIVED), ("submit_review", officer_user, {}))
    with pytest.raises(ValidationError) as exc:
        walk(case, ("return_review", users[Role.TOWNSHIP_REVIEWER], {"opinion": "  "}))
    assert "opinion" in exc.value.message_dict


def test_a_handler_can_never_review_their_own_case(register, walk, users, make_user, township, officers):
    reviewer = make_user(Role.TOWNSHIP_REVIEWER, township=township)
    officers[1].user = reviewer
    officers[1].save()
    case = notified(register, walk, users[Role.TOWNSHIP_OFFICER], fine="20000")
    case = walk(case, ("record_statement", users[Role.TOWNSHIP_OFFICER], WAIVED),
                ("submit_review", users[Role.TOWNSHIP_OFFICER], {}))
    with pytest.raises(TransitionRefused):
        walk(case, ("approve_review", reviewer, {"opinion": "同意"}))


def test_non_major_case_is_not_sent_to_review_art58(register, walk, officer_user):
    case = notified(register, walk, officer_user)
    case = walk(case, ("record_statement", officer_user, WAIVED))
    with pytest.raises(TransitionRefused):
        walk(case, ("submit_review", officer_user, {}))


def test_licence_revocation_and_closure_make_a_case_major(register, walk, officer_user, empower):
    item = ItemFactory(heavy=True)
    empower(item)
    case = notified(register, walk, officer_user, fine="1000", kinds=("fine", "closure"), item=item)
    assert "closure" in case.major_reasons


def test_marked_complex_makes_a_case_major(register):
    case = register(marked_complex=True)
    assert case.is_major and case.major_reasons == ["complex"]


def test_hearing_art64_must_be_requested_within_five_working_days(register, walk, officer_user):
    ago = date.today() - timedelta(days=40)
    case = register(fine=Decimal("20000"), violation_date=ago, discovered_on=ago, filed_on=ago)
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "20000",
                                                "notice_date": (ago + timedelta(days=5)).isoformat()}))
    late = case.hearing_request_deadline + timedelta(days=1)
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("request_hearing", officer_user, {"requested_on": late.isoformat()}))
    assert names_article(exc.value.messages[0], 64)
    case = walk(case, ("request_hearing", officer_user, {"requested_on": case.notice_date.isoformat()}))
    assert case.status == Status.HEARING


def test_hearing_art63_not_available_for_small_fines(register, walk, officer_user):
    case = notified(register, walk, officer_user)
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("request_hearing", officer_user, {}))
    assert names_article(exc.value.messages[0], 63)


def test_hearing_art64_notice_seven_working_days_before_and_held_hearing_makes_major(
        register, walk, officer_user, settings):
    settings.HEARING_FINE_CITIZEN = "5000"  # a province whose hearing threshold is below the major-case one
    ago = date.today() - timedelta(days=45)
    case = register(fine=Decimal("9000"), violation_date=ago, discovered_on=ago, filed_on=ago)
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "9000",
                                                "notice_date": (ago + timedelta(days=1)).isoformat()}))
    assert not case.is_major
    case = walk(case, ("request_hearing", officer_user, {"requested_on": (ago + timedelta(days=2)).isoformat()}))
    too_soon = date.today() + timedelta(days=3)
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("schedule_hearing", officer_user, {"hearing_date": too_soon.isoformat()}))
    assert names_article(exc.value.messages[0], 64)
    notice_date = date.today() - timedelta(days=30)
    hearing_date = date.today() - timedelta(days=1)
    case = walk(case, ("schedule_hearing", officer_user, {"hearing_date": hearing_date.isoformat(),
                                                          "hearing_notice_date": notice_date.isoformat()}),
                ("record_hearing", officer_user, {"note": "听证会已举行"}))
    assert case.status == Status.NOTIFIED
    assert case.hearing_held and "hearing_held" in case.major_reasons


def test_no_penalty_art33_path_needs_the_list_and_recorded_grounds(register, walk, officer_user, empower):
    case = register()
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide_no_penalty", officer_user, {"grounds": "first_violation", "decision_text": "首违"}))
    assert names_article(exc.value.messages[0], 33)
    item = ItemFactory(no_penalty_list=True)
    empower(item)
    case = register(item=item)
    with pytest.raises(ValidationError) as exc:
        walk(case, ("decide_no_penalty", officer_user, {"grounds": "first_violation", "decision_text": ""}))
    assert "decision_text" in exc.value.message_dict
    case = walk(case, ("decide_no_penalty", officer_user,
                       {"grounds": "first_violation", "decision_text": "首次违法,当场改正,未造成危害后果"}))
    assert case.status == Status.DECIDED and case.decision_type == "no_penalty"


def test_correction_first_list_refuses_penalty_until_deadline_passed_uncorrected(
        register, walk, officer_user, empower):
    item = ItemFactory(correction_first_list=True)
    empower(item)
    case = register(item=item)
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500"}),
                ("record_statement", officer_user, WAIVED))
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    assert "责令改正" in " ".join(exc.value.messages) or "correction" in " ".join(exc.value.messages).lower()

    case = register(item=item)
    deadline = date.today() + timedelta(days=5)
    case = walk(case, ("issue_correction_order", officer_user, {"correction_deadline": deadline.isoformat()}))
    with pytest.raises(TransitionRefused):  # deadline not passed yet
        walk(case, ("record_correction", officer_user, {"outcome": "uncorrected"}))
    after = deadline + timedelta(days=1)
    case = case_transition(case=case, action="record_correction", actor=officer_user, today=after,
                           outcome="uncorrected")
    moves = (("notify", {"penalty_kinds": ["fine"], "fine": "500"}), ("record_statement", WAIVED),
             ("decide", {}))
    for action, data in moves:
        case = case_transition(case=case, action=action, actor=officer_user, today=after, **data)
    assert case.status == Status.DECIDED


def test_warning_only_list_offers_a_warning_alone(register, walk, officer_user, empower):
    fine_only = ItemFactory(penalty_kinds=["fine"])
    empower(fine_only)
    with pytest.raises(TransitionRefused):
        register(item=fine_only, procedure="simple", penalty_kinds=["warning"], fine=None)
    warning_item = ItemFactory(penalty_kinds=["fine"], warning_only_list=True)
    empower(warning_item)
    case = register(item=warning_item, procedure="simple", penalty_kinds=["warning"], fine=None)
    assert case.penalty_kinds == ["warning"] and case.status == Status.DELIVERED


def test_decline_revoke_and_transfer_need_reasons(register, walk, officer_user):
    case = register(file_now=False)
    with pytest.raises(ValidationError):
        walk(case, ("decline", officer_user, {"reason": ""}))
    case = walk(case, ("decline", officer_user, {"reason": "不属于本机关管辖的违法行为以外情形,证据不足"}))
    assert case.status == Status.NOT_FILED
    case = register()
    case = walk(case, ("revoke", officer_user, {"reason": "立案后查明违法事实不存在"}))
    assert case.status == Status.REVOKED
    case = register()
    with pytest.raises(ValidationError):
        walk(case, ("transfer", officer_user, {"reason": "涉嫌犯罪"}))
    case = walk(case, ("transfer", officer_user, {"reason": "涉嫌犯罪", "transferred_to": "县公安局"}))
    assert case.status == Status.TRANSFERRED and case.transferred_to == "县公安局"


# ---- item 1: the decision waits for the hearing-request and statement periods (art. 44, 63, 64) ----------

def _hearing_notified(register, walk, actor, settings, **notice):
    settings.HEARING_FINE_CITIZEN = "1000"
    case = register(fine=Decimal("2000"), penalty_kinds=["fine"])
    case = walk(case, ("notify", actor, {"penalty_kinds": ["fine"], "fine": "2000", **notice}),
                ("record_statement", actor, {"outcome": "rejected", "note": "当事人称不知情"}))
    assert case.hearing_request_deadline
    return case


def test_decision_art63_art64_refused_while_the_hearing_request_period_runs(register, walk, officer_user, settings):
    case = _hearing_notified(register, walk, officer_user, settings)
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    message = " ".join(exc.value.messages)
    assert names_article(message, 64) and str(case.hearing_request_deadline) in message
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED and case.decided_on is None


def test_decision_art64_allowed_after_the_hearing_request_deadline(register, walk, officer_user, settings):
    case = _hearing_notified(register, walk, officer_user, settings)
    later = case.hearing_request_deadline + timedelta(days=1)
    case = case_transition(case=case, action="decide", actor=officer_user, today=later)
    assert case.status == Status.DECIDED and case.decided_on == later


def test_decision_art63_allowed_after_a_recorded_written_waiver(register, walk, officer_user, settings):
    case = _hearing_notified(register, walk, officer_user, settings)
    with pytest.raises(ValidationError) as exc:  # the waiver must be in writing: its text is required
        walk(case, ("waive_hearing", officer_user, {}))
    assert "note" in exc.value.message_dict
    case = walk(case, ("waive_hearing", officer_user, {"note": "本人放弃听证权利。王五"}))
    assert case.hearing_waived_on == date.today()
    case = walk(case, ("decide", officer_user, {}))
    assert case.status == Status.DECIDED
    assert case.events.filter(action="waive_hearing", note="本人放弃听证权利。王五").exists()


def test_waiver_art63_not_possible_without_a_hearing_right(register, walk, officer_user):
    case = notified(register, walk, officer_user, fine="500")
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("waive_hearing", officer_user, {"note": "放弃"}))
    assert names_article(exc.value.messages[0], 63)


def test_renotification_art64_reopens_the_hearing_period_after_a_waiver(register, walk, officer_user, settings):
    case = _hearing_notified(register, walk, officer_user, settings)
    case = walk(case, ("waive_hearing", officer_user, {"note": "本人放弃听证权利。"}),
                ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "1800"}))
    assert case.hearing_waived_on is None and case.hearing_waiver_note == ""
    case = walk(case, ("record_statement", officer_user, {"outcome": "rejected", "note": "无新意见"}))
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    assert names_article(" ".join(exc.value.messages), 64)


def test_decision_art45_refused_while_the_statement_period_runs_even_after_hearing_waiver(
        register, walk, officer_user, settings):
    settings.HEARING_FINE_CITIZEN = "1000"
    case = register(fine=Decimal("2000"), penalty_kinds=["fine"])
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "2000"}),
                ("waive_hearing", officer_user, {"note": "本人放弃听证权利。"}))
    with pytest.raises(TransitionRefused) as exc:
        walk(case, ("decide", officer_user, {}))
    assert names_article(" ".join(exc.value.messages), 45)


def test_statement_waiver_art45_must_be_recorded_in_writing(register, walk, officer_user):
    case = notified(register, walk, officer_user)
    with pytest.raises(ValidationError) as exc:
        walk(case, ("record_statement", officer_user, {"outcome": "waived"}))
    assert "note" in exc.value.message_dict and names_article(exc.value.message_dict["note"][0], 45)
    case = walk(case, ("record_statement", officer_user, {"outcome": "waived", "note": "当事人书面放弃陈述申辩。"}))
    assert case.statement_outcome == "waived"


def test_large_confiscation_art63_gives_a_hearing_right(register, walk, officer_user, settings, item):
    settings.HEARING_CONFISCATION_CITIZEN = "5000"
    item.penalty_kinds = ["warning", "fine", "confiscation"]
    item.save()
    small = register(penalty_kinds=["confiscation"], fine=None)
    small = walk(small, ("notify", officer_user, {"penalty_kinds": ["confiscation"], "confiscation_amount": "4999"}))
    assert small.hearing_request_deadline is None
    large = register(penalty_kinds=["confiscation"], fine=None)
    large = walk(large, ("notify", officer_user, {"penalty_kinds": ["confiscation"], "confiscation_amount": "5000"}))
    assert large.notice_confiscation == Decimal("5000.00") and large.hearing_request_deadline
    large = walk(large, ("request_hearing", officer_user, {}))
    assert large.status == Status.HEARING


def test_confiscation_amount_without_the_confiscation_penalty_is_refused(register, walk, officer_user):
    case = register()
    with pytest.raises(ValidationError) as exc:
        walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500", "confiscation_amount": "10"}))
    assert "confiscation_amount" in exc.value.message_dict
