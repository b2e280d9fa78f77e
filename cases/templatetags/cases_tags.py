from django import template

from catalog.models import PenaltyKind

from .. import workflow

register = template.Library()


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
    return workflow.ACTION_LABELS.get(action, action)
