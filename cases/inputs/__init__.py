"""Transition inputs: one serializer per action (`INPUTS`), the one place that parses what an action takes.

- `validate_input(action, data, case=..., today=..., facts=...)` → the typed values (`validated_data`), or a
  Django `ValidationError` whose dict maps each field to its Chinese messages. The service calls it on the
  locked case before anything is applied; the API and the page forms feed it what the client sent.
- `TRANSITION_REQUEST` documents `POST /api/v1/cases/{code}/transition/` in the OpenAPI schema: one body
  per action (`oneOf` with the discriminator `action`), see docs/adr/0008-transition-inputs.md.
"""

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers
from rest_framework.settings import api_settings

from . import appeals as _appeals  # noqa: F401  (registers its actions)
from . import coercive as _coercive  # noqa: F401  (registers its actions)
from . import criminal as _criminal  # noqa: F401  (registers its actions)
from . import execution as _execution  # noqa: F401  (registers its actions)
from .actions import INPUTS, action_input
from .base import ActionInput

__all__ = ["INPUTS", "TRANSITION_REQUEST", "ActionInput", "action_input", "input_class", "validate_input"]


def input_class(action):
    return INPUTS.get(action)


def _messages(detail):
    if isinstance(detail, Mapping):
        out = []
        for key, value in detail.items():
            prefix = _("item %(number)s: ") % {"number": key + 1} if isinstance(key, int) else ""
            out += [prefix + message for message in _messages(value)]
        return out
    if isinstance(detail, list | tuple):
        return [message for item in detail for message in _messages(item)]
    return [str(detail)]


def as_django_error(errors):
    """DRF's nested `serializer.errors` → a Django ValidationError {field: [message, ...]}."""
    if not isinstance(errors, Mapping):
        return ValidationError(_messages(errors))
    result = {}
    for field, detail in errors.items():
        key = NON_FIELD_ERRORS if field == api_settings.NON_FIELD_ERRORS_KEY else str(field)
        result[key] = _messages(detail)
    return ValidationError(result)


def validate_input(action, data, *, case=None, today=None, facts=None):
    """Parse and validate `data` for `action`; returns (validated values, the action's own date or None)."""
    cls = INPUTS.get(action)
    if cls is None:
        raise ValidationError({"action": [_("Unknown action.")]})
    if data is None:
        data = {}
    if isinstance(data, Mapping) and "action" not in data:
        data = data.copy() if hasattr(data, "copy") else dict(data)
        data["action"] = action
    serializer = cls(data=data, context={"case": case, "today": today, **(facts or {})})
    if not serializer.is_valid():
        raise as_django_error(serializer.errors)
    return dict(serializer.validated_data), serializer.action_date


class TransitionActionSerializer(serializers.Serializer):
    """Only the action of a transition request (its own fields are validated by the action's serializer)."""

    action = serializers.CharField(max_length=40)


TRANSITION_REQUEST = PolymorphicProxySerializer(
    component_name="CaseTransitionRequest",
    serializers=lambda: {name: cls for name, cls in INPUTS.items()},
    resource_type_field_name="action",
)
