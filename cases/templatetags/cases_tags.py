from django import template
from django.utils.translation import gettext_lazy as _

from catalog.models import PenaltyKind

from .. import workflow

register = template.Library()

EVENT_LABELS = {
    "create": _("Registered"),
    "add_evidence": _("Evidence added"),
    "demo_history": _("Demo history"),
}
MAJOR_REASON_LABELS = {
    "large_fine": _("large fine"),
    "licence_revocation": _("licence revocation"),
    "closure": _("closure"),
    "hearing_held": _("hearing held"),
    "complex": _("marked complex"),
}


@register.filter
def penalty_labels(kinds):
    """["warning", "fine"] → "警告、罚款"."""
    labels = []
    for kind in kinds or []:
        try:
            labels.append(str(PenaltyKind(kind).label))
        except ValueError:
            labels.append(str(kind))
    return "、".join(labels)


@register.filter
def action_label(action):
    return workflow.ACTION_LABELS.get(action) or EVENT_LABELS.get(action, action)


@register.filter
def major_reason_labels(reasons):
    return "、".join(str(MAJOR_REASON_LABELS.get(r, r)) for r in reasons or [])
