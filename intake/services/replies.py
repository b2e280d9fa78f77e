"""回复: the answer to a complainant, written from the clue's outcome, within the working-day deadline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.accounts import access
from enforcement.audit import services as audit

from ..models import Clue, ClueEvent, Outcome, Reply, State
from .common import choice, datetime_value, text


def _answered_clue(clue):
    """The clue whose outcome answers the complaint: the clue itself, or the one it was merged into."""
    seen = set()
    while clue.state == State.MERGED and clue.merged_into_id and clue.pk not in seen:
        seen.add(clue.pk)
        clue = Clue.objects.select_related("case", "merged_into").get(pk=clue.merged_into_id)
    return clue


def default_reply_text(clue):
    """A reply written from the outcome, e.g. for a warning: the deadline the party must rectify by."""
    answered = _answered_clue(clue)
    if answered.state == State.WARNING and hasattr(answered, "warning"):
        return _("Your report %(code)s was checked on the spot; the party was warned and must rectify by "
                 "%(date)s, when we will check again.") % {"code": clue.code,
                                                          "date": answered.warning.rectification_deadline}
    texts = {
        Outcome.NOT_ACCEPTED: _("Your report %(code)s is not an enforcement matter of this bureau: %(note)s"),
        Outcome.NO_VIOLATION: _("Your report %(code)s was checked on the spot; no violation was found: %(note)s"),
        Outcome.HANDLED: _("Your report %(code)s was handled on the spot: %(note)s"),
        Outcome.RECTIFIED: _("Your report %(code)s: the party was warned and has rectified (%(note)s)."),
        Outcome.CASE_FILED: _("Your report %(code)s: a case was filed against the party and is being handled."),
        Outcome.TRANSFERRED: _("Your report %(code)s was transferred to the competent department: %(note)s"),
    }
    template = texts.get(answered.outcome)
    if template is None:
        return ""
    return template % {"code": clue.code, "note": answered.outcome_note or "—"}


def reply_has_outcome(clue):
    answered = _answered_clue(clue)
    return answered.state in (State.CLOSED, State.WARNING, State.UNRECTIFIED)


@transaction.atomic
def reply_record(*, clue, actor, method, text_value="", satisfaction="", replied_at=None, now=None):
    """Record the reply (text, time, method) and the complainant's satisfaction. Once replied, only the
    satisfaction may still be added (it often comes from the hotline's own callback)."""
    access.require(actor, "clue.reply", obj=clue)
    now = now or timezone.now()
    reply = Reply.objects.select_for_update().filter(clue=clue).first()
    if reply is None:
        raise ValidationError(_("No reply is owed for this clue (anonymous, or no contact details)."))
    data = {"method": method, "text": text_value, "satisfaction": satisfaction, "replied_at": replied_at}
    satisfaction = choice(data, "satisfaction", Reply.Satisfaction.values, default="")
    if reply.replied_at is not None:
        if not satisfaction or reply.satisfaction:
            when = timezone.localtime(reply.replied_at).strftime("%Y-%m-%d %H:%M")
            raise ValidationError(_("The reply was recorded on %(time)s; only a missing satisfaction can be "
                                    "added.") % {"time": when})
        reply.satisfaction = satisfaction
        reply.save(update_fields=["satisfaction"])
        audit.record("clue.reply_satisfaction", actor=actor, obj=clue, satisfaction=satisfaction)
        return reply
    if not reply_has_outcome(clue):
        raise ValidationError(_("The clue has no outcome yet: reply once it is handled."))
    method = choice(data, "method", Reply.Method.values)
    body = text(data, "text") or default_reply_text(clue)
    if len(body) < 10:
        raise ValidationError({"text": _("Write the reply (at least 10 characters).")})
    when = datetime_value(data, "replied_at", now)
    if when > now or when < clue.received_at:
        raise ValidationError({"replied_at": _("The reply time must lie between the intake and now.")})
    reply.method, reply.text, reply.satisfaction, reply.replied_at, reply.replied_by = (method, body, satisfaction,
                                                                                       when, actor)
    reply.full_clean()
    reply.save()
    ClueEvent.objects.create(clue=clue, action="reply", from_state=clue.state, to_state=clue.state, actor=actor,
                             note=body, data={"method": method, "satisfaction": satisfaction,
                                              "on_time": reply.on_time}, created_at=now)
    audit.record("clue.reply", actor=actor, obj=clue, method=method, on_time=reply.on_time)
    return reply
