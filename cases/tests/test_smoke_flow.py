from cases.models import Status


def test_ordinary_case_can_be_filed_and_notified(register, walk, officer_user):
    case = register()
    assert case.status == Status.INVESTIGATING
    case = walk(case, ("notify", officer_user, {"penalty_kinds": ["fine"], "fine": "500"}),
                ("record_statement", officer_user, {"outcome": "waived"}),
                ("decide", officer_user, {}))
    assert case.status == Status.DECIDED
    assert case.fine_amount == 500
