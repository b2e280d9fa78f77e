"""The API's JSON renderer: orjson instead of the standard library's encoder (issue 14's cheaper request).

Same output as DRF's `JSONRenderer` with this project's settings (UTF-8, compact, no NaN) for everything the
serializers produce; types orjson does not take itself (Decimal, lazy translations, datetimes — DRF trims
them to milliseconds and writes UTC as "Z") go through DRF's own encoder, so they come out as before.
Anything orjson refuses (an integer beyond 64 bits) falls back to DRF's renderer instead of failing.
"""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_default = JSONEncoder().default
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class FastJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            return orjson.dumps(data, default=_default, option=_OPTIONS)
        except (orjson.JSONEncodeError, TypeError):
            return super().render(data, accepted_media_type, renderer_context)
