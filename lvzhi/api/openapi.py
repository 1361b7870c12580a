"""The published OpenAPI schema, made trustworthy: every operation declares its error responses with the
envelope as their schema, and two different schemas may never share a name (django-ninja would silently let
the last one win, so `Kind` described one enum's values under another's name)."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation

from lvzhi.core.apikit import ErrorOut

ERROR_REF = {"$ref": REF_TEMPLATE.format(model="ErrorOut")}
ERROR_DESCRIPTIONS = {
    400: "Bad input: `validation.invalid` with `fields`, or a malformed body",
    401: "Not signed in, or wrong credentials",
    403: "Not allowed",
    404: "Not found, or not visible to the caller",
    409: "Conflicts with the current state",
    413: "Request body too large",
    422: "A file or batch that cannot be accepted",
    429: "Too many attempts; try again later",
    500: "Server error (logged)",
}


class SchemaNameClash(Exception):
    pass


class LvzhiOpenAPISchema(OpenAPISchema):
    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        super().__init__(api, path_prefix)
        error = ErrorOut.model_json_schema(ref_template=REF_TEMPLATE)
        # An operation that names ErrorOut itself has already registered it (ninja writes it without defaults).
        envelope = {**error.pop("$defs", {}), "ErrorOut": error}
        self.add_schema_definitions({name: schema for name, schema in envelope.items() if name not in self.schemas})
        self["components"]["schemas"] = dict(sorted(self.schemas.items()))

    def add_schema_definitions(self, definitions: dict) -> None:
        clashes = [name for name, schema in definitions.items() if self.schemas.get(name, schema) != schema]
        if clashes:
            raise SchemaNameClash(f"two different schemas are both named {', '.join(sorted(clashes))}")
        super().add_schema_definitions(definitions)

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        codes = {400, 401, 403, 404, 409, 422, 500}
        if not operation.auth_callbacks:
            codes.add(429)  # signing in is throttled
        if any(m.__ninja_param_source__ in ("body", "form", "file") for m in operation.models):
            codes.add(413)
        for code in sorted(codes - set(result)):
            result[code] = {
                "description": ERROR_DESCRIPTIONS[code],
                "content": {self.api.renderer.media_type: {"schema": ERROR_REF}},
            }
        return result


class LvzhiAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return LvzhiOpenAPISchema(self, path_prefix)
