"""OpenAPI (drf-spectacular) description of the portal's own API classes."""

from drf_spectacular.authentication import SessionScheme


class PortalSessionScheme(SessionScheme):
    """Our SessionAuthentication (401 instead of 403) is documented like DRF's session scheme."""

    target_class = "portal.core.api.authentication.SessionAuthentication"


ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` says why; a 400 names each refused field instead (`{field: [reasons]}`).",
    "properties": {"detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}},
    "additionalProperties": True,
}
ERROR_RESPONSES = {
    "400": "Malformed request: a field is missing or refused (each field named with its reasons).",
    "401": "Not signed in, or the account is not active.",
    "403": "Signed in but not allowed (or no structure chosen yet: `structure_choice` names where to choose it).",
    "404": "No such object, or one the reader may not see.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents its 400, 401, 403 and 404 answers, which the
    permission layer and the validation give to any of them (a shared ``Error`` component)."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result
