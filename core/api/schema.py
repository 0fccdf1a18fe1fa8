"""Make the generated OpenAPI document follow the NL API Design Rules (Logius ADR 2.1).

A drf-spectacular post-processing hook: the `API-Version` header on every response, the
problem+json errors each operation can give, the document itself at `/openapi.json` (with
its CORS header), global tags, and the `servers` block with the major version in the URI.
"""

from __future__ import annotations

from django.conf import settings

from . import API_VERSION
from .expand import OPTIONAL_FIELDS

VERSION_HEADER = {
    "API-Version": {
        "description": "De volledige versie van de API (semantic versioning).",
        "schema": {"type": "string", "example": API_VERSION},
    }
}
WATERMARK_HEADERS = {
    "Synchronisatiepunt": {
        "description": "Gebruik dit moment (van de eerste pagina) als gewijzigd_sinds bij uw "
        "volgende synchronisatie: dan mist u niets, ook niet wat een transactie die nu nog "
        "loopt later vastlegt (docs/api.md).",
        "schema": {"type": "string", "format": "date-time"},
    }
}
PROBLEM_REF = {"$ref": "#/components/schemas/Probleem"}
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Een fout volgens RFC 9457 (application/problem+json).",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Ongeldige aanvraag"},
        "status": {"type": "integer", "example": 400},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalid-params": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}
ERRORS = {
    "400": "De aanvraag is ongeldig; `invalid-params` noemt de velden.",
    "401": "Geen of een ongeldige token.",
    "403": "De token hoort bij iemand die dit niet mag.",
    "404": "Dit bestaat niet (of u mag het niet zien).",
    "409": "Dit botst met wat al is opgeslagen (een dubbele waarde, een verouderde versie).",
    "429": "Te veel aanvragen; probeer het na `Retry-After` seconden opnieuw.",
}
READ_ERRORS = ("400", "404", "429")
WRITE_ERRORS = ("400", "401", "403", "404", "409", "429")
WRITE_METHODS = ("post", "put", "patch", "delete")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
TAG_DESCRIPTIONS = {
    "algemeen": "Het startpunt en het document zelf.",
}


def _problem_response(code: str) -> dict:
    return {
        "description": ERRORS[code],
        "headers": dict(VERSION_HEADER),
        "content": {"application/problem+json": {"schema": PROBLEM_REF}},
    }


def _document_path() -> dict:
    return {
        "get": {
            "operationId": "openapi_document",
            "summary": "Dit OpenAPI-document",
            "description": "De beschrijving van deze API volgens OpenAPI 3.0, in JSON.",
            "tags": ["algemeen"],
            "security": [],
            "responses": {
                "200": {
                    "description": "Het OpenAPI-document van deze API.",
                    "headers": {
                        **VERSION_HEADER,
                        "access-control-allow-origin": {
                            "description": "Iedereen mag het document ophalen.",
                            "schema": {"type": "string", "example": "*"},
                        },
                    },
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }


def adr_postprocess(result, generator, request, public):
    """Add what the ADR asks for to every operation of the generated document."""
    tags: set[str] = set()
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in METHODS:
                continue
            operation.setdefault("tags", ["algemeen"])
            tags.update(operation["tags"])
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code[0] in "23":
                    response.setdefault("headers", {}).update(VERSION_HEADER)
                if (
                    code == "200"
                    and method == "get"
                    and operation.get("operationId", "").endswith("_list")
                ):
                    response["headers"].update(WATERMARK_HEADERS)
            for code in WRITE_ERRORS if method in WRITE_METHODS else READ_ERRORS:
                responses.setdefault(code, _problem_response(code))
    schemas = result.get("components", {}).get("schemas", {})
    for name, optional in OPTIONAL_FIELDS.items():
        component = schemas.get(name)
        if component and "required" in component:
            component["required"] = [f for f in component["required"] if f not in optional]
    result["paths"]["/openapi.json"] = _document_path()
    tags.add("algemeen")
    result.setdefault("components", {}).setdefault("schemas", {})["Probleem"] = PROBLEM_SCHEMA
    result["tags"] = [
        {"name": tag, "description": TAG_DESCRIPTIONS.get(tag, f"De resource {tag}.")}
        for tag in sorted(tags)
    ]
    result["servers"] = [
        {"url": f"{settings.API_SERVER_URL}/api/v1", "description": "Versie 1 van de API"}
    ]
    return result
