"""The OpenAPI schema tells the truth (issue 18 item 2): drf-spectacular's AutoSchema with two corrections.

- A read-only field that reads through a nullable model field (`township.code` on a bureau case, a `hub`
  slug of a township without one) is declared `nullable`, whatever the field class; spectacular only knows
  that for fields ModelSerializer built itself.
- A write body is documented in one content type, the view's first parser: JSON for every write, multipart for
  the uploads (whose views list MultiPartParser first). Offering each body as JSON, form and multipart made
  client generators build three variants (the multipart one sending lists as strings). The server reads JSON
  only (DEFAULT_PARSER_CLASSES); the upload views list their MultiPartParser themselves.
- An output field declared with `default=None` (`CharField(source="zone.code", default=None)`) is nullable.
- A viewset whose `list` answers one object (a cursor page, a figures block) sets `list_is_object = True`;
  spectacular would otherwise document an array (or a page of them).
"""

from django.core.exceptions import FieldDoesNotExist

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.fields import empty


def _reads_through_nullable(field):
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not source or source == "*":
        return False
    for attr in source.split("."):
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False
        if getattr(model_field, "null", False):
            return True
        model = getattr(model_field, "related_model", None)
        if model is None:
            return False
    return False


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        result = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(result, dict) and "$ref" not in result and not result.get("nullable") and (
                (field.read_only and _reads_through_nullable(field))
                or (direction == "response" and getattr(field, "default", empty) is None)):
            result = {**result, "nullable": True}
        return result

    def map_parsers(self):
        return super().map_parsers()[:1]

    def get_operation_id(self):
        operation_id = super().get_operation_id()
        if self.method == "GET" and self._answers_one_object_for_list() and operation_id.endswith("_retrieve"):
            return operation_id[: -len("_retrieve")] + "_list"  # keep the list's name (no clash with a detail)
        return operation_id

    def _answers_one_object_for_list(self):
        return getattr(self.view, "action", None) == "list" and getattr(self.view, "list_is_object", False)

    def _is_list_view(self, serializer=None):
        if self._answers_one_object_for_list():
            return False
        return super()._is_list_view(serializer)


ERROR_COMPONENTS = {
    "ErrorDetail": {
        "type": "object",
        "description": "A refusal: `detail` in Chinese (a sentence, or a list of them), sometimes a `code`.",
        "properties": {
            "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "code": {"type": "string"},
        },
        "required": ["detail"],
    },
    "ValidationErrors": {
        "type": "object",
        "description": "Field errors: each key a field (or `detail` / `non_field_errors`), each value the Chinese "
                       "messages for it (nested objects for nested fields and list items).",
        "additionalProperties": True,
    },
}
_ERRORS = {
    "400": ("ValidationErrors", "请求无效:字段错误(中文)"),
    "401": ("ErrorDetail", "未登录或令牌无效"),
    "403": ("ErrorDetail", "无权执行此操作"),
    "404": ("ErrorDetail", "不存在或不在您的辖区内"),
    "405": ("ErrorDetail", "不支持该方法"),
    "415": ("ErrorDetail", "不支持的请求体类型"),
    "429": ("ErrorDetail", "请求过于频繁"),
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its 4xx answers and their bodies (DRF's
    refusals through core.api.exception_handler), unless the view declared its own for that status."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_COMPONENTS.items():
        components.setdefault(name, schema)
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = ["400", "401", "403", "405", "429"]
            if "{" in path:
                statuses.append("404")
            if "requestBody" in operation:
                statuses.append("415")
            for status in statuses:
                component, description = _ERRORS[status]
                response = operation["responses"].setdefault(status, {"description": description})
                response.setdefault("content", {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}})
    return result
