from django import template

from enforcement.accounts import access

register = template.Library()


@register.inclusion_tag("intake/_nav.html", takes_context=True)
def intake_nav(context):
    """The command centre's page links, only those the user's role can open."""
    user = context["request"].user
    return {"intake_nav": {
        "respond": access.can(user, "clue.respond"), "board": access.can(user, "board.view"),
        "patrols": access.can(user, "patrol.view"), "import": access.can(user, "clue.import"),
        "create": access.can(user, "clue.create"),
    }}


@register.filter
def clue_action_label(action):
    from django.utils.translation import gettext as _

    from ..workflow import ACTION_LABELS

    extra = {"create": _("Registered"), "reply": _("Reply recorded")}
    return extra.get(action) or ACTION_LABELS.get(action, action)


@register.inclusion_tag("intake/_dashboard_section.html", takes_context=True)
def intake_dashboard(context, period, township=None):
    """The command centre's figures on the dashboard, for the dashboard's period and township."""
    from ..figures import intake_figures

    user = context["request"].user
    if not access.can(user, "clue.view"):
        return {"figures": None}
    return {"figures": intake_figures(actor=user, start=period.start, end=period.end, township=township),
            "period": period, "show_townships": township is None}
