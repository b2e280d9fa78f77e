"""Pure guards of the transfer to the police or procuratorate (两法衔接)."""

from django.utils.translation import gettext as _


def no_open_criminal_transfer(case, ctx):
    """One transfer at a time: the body decides on the pending one first."""
    if case.open_criminal_transfer_id:
        return _("The case has already been transferred to %(body)s; record the body's decision first.") % {
            "body": getattr(case.open_criminal_transfer, "body", "")}
    return None


def criminal_transfer_open(case, ctx):
    if not case.open_criminal_transfer_id:
        return _("The case has not been transferred to the police or procuratorate.")
    return None


def not_pending_with_police(case, ctx):
    """《行政执法机关移送涉嫌犯罪案件的规定》 art. 11: no administrative penalty replaces a pending transfer."""
    if case.open_criminal_transfer_id:
        return _("Art. 11 of the transfer rules: the case is with %(body)s; no penalty decision until the body "
                 "decides.") % {"body": getattr(case.open_criminal_transfer, "body", "")}
    return None


def criminal_decision_target(case):
    """立案: the case leaves the administrative procedure (transferred); otherwise it continues."""
    from .models import Status

    return Status.TRANSFERRED if case.criminal_decision == "filed" else case.status


criminal_decision_target.label = "transferred (立案) | (unchanged: 不予立案, 退回)"
