"""Templates ask permissions, never roles: `{% if user|may:"case.file" %}`, `{% if obj|visible_to:user %}`."""

from django import template

from enforcement.accounts import access

register = template.Library()


@register.filter
def may(user, permission):
    """Does the user hold the permission (access.PERMISSIONS)?"""
    return access.can(user, permission)


@register.filter
def visible_to(obj, user):
    """May the user open this object's page (its scope rule)? Links a role cannot open are not shown."""
    return access.can_see(user, obj)
