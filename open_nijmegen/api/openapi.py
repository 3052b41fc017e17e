"""A small registry of API operations and the OpenAPI 3.1 document built from it.

Each view declares its query parameters and response schema with ``@operation``; the same
``Param`` objects parse the request (``parse_args``), and ``document()`` reads the paths from
the app's URL map. So the document cannot drift from the code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Flask, abort, request

F = Callable[..., Any]

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message", "status"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "status": {"type": "integer"},
    },
}

LINKS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["self", "next"],
    "properties": {
        "self": {"type": "string"},
        "next": {"type": ["string", "null"], "description": "De volgende pagina, of null."},
    },
}


@dataclass(frozen=True)
class Param:
    """One query parameter: its JSON Schema documents it and ``parse`` enforces it."""

    name: str
    schema: dict[str, Any]
    description: str

    def parse(self, raw: str) -> Any:
        kind = self.schema.get("type")
        if kind == "integer":
            if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
                abort(400)
            value = int(raw)
            if value < self.schema.get("minimum", 0) or value > self.schema.get("maximum", 10**9):
                abort(400)
            return value
        if "enum" in self.schema:
            if raw not in self.schema["enum"]:
                abort(400)
            return raw
        if self.schema.get("format") == "date-time":
            return parse_datetime(raw)
        return raw


def parse_datetime(raw: str) -> datetime:
    """An ISO 8601 / RFC 3339 moment; without a time zone it is taken as UTC."""
    try:
        value = datetime.fromisoformat(raw.strip())
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        abort(400)


CURSOR = Param(
    "cursor",
    {"type": "integer", "minimum": 0, "maximum": 999999999},
    "Begin na dit id. Gebruik de link links.next; u hoeft dit niet zelf te maken.",
)
LIMIT = Param(
    "limit", {"type": "integer", "minimum": 1, "maximum": 100}, "Aantal per pagina (standaard 50)."
)
UPDATED_SINCE = Param(
    "updated_since",
    {"type": "string", "format": "date-time"},
    "Alleen wat op of na dit moment is gewijzigd (ISO 8601), om bij te houden wat nieuw is.",
)


@dataclass
class Operation:
    endpoint: str
    summary: str
    description: str
    params: tuple[Param, ...] = ()
    schema: dict[str, Any] | None = None  # JSON response; None for CSV
    media_type: str = "application/json"
    tag: str = ""
    not_found: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


OPERATIONS: dict[str, Operation] = {}


def operation(
    endpoint: str, summary: str, description: str = "", **kwargs: Any
) -> Callable[[F], F]:
    """Register a view in the OpenAPI document under its endpoint name (``api.<endpoint>``;
    a module's own blueprint gives the full name, e.g. ``bijeenkomsten_api.lijst``)."""
    name = endpoint if "." in endpoint else f"api.{endpoint}"

    def decorator(view: F) -> F:
        OPERATIONS[name] = Operation(name, summary, description or summary, **kwargs)
        view.__api_params__ = OPERATIONS[name].params  # type: ignore[attr-defined]
        return view

    return decorator


def parse_args(params: tuple[Param, ...]) -> dict[str, Any]:
    """The declared query parameters of this request, parsed; 400 on a bad value."""
    values: dict[str, Any] = {}
    for param in params:
        raw = request.args.get(param.name)
        values[param.name] = None if raw in (None, "") else param.parse(raw)
    return values


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def _path_params(rule: str) -> list[dict[str, Any]]:
    out = []
    for converter, name in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", rule):
        schema: dict[str, Any] = (
            {"type": "integer", "minimum": 1, "maximum": 999999999}
            if converter == "int"
            else {"type": "string", "pattern": "^[A-Za-z0-9-]{1,16}$"}
        )
        out.append({"name": name, "in": "path", "required": True, "schema": schema})
    return out


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}},
    }


def document(app: Flask, server_url: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        op = OPERATIONS.get(rule.endpoint)
        if op is None:
            continue
        content_schema = op.schema if op.schema is not None else {"type": "string"}
        responses: dict[str, Any] = {
            "200": {
                "description": "Gelukt.",
                "content": {op.media_type: {"schema": content_schema}},
            },
            "304": {"description": "Niet gewijzigd sinds uw vorige verzoek (ETag)."},
            "400": _error("Een parameter klopt niet."),
            "429": _error("Te veel verzoeken. Wacht een minuut."),
        }
        if op.not_found or rule.arguments:
            responses["404"] = _error("Bestaat niet of is niet openbaar.")
        parameters = _path_params(rule.rule) + [
            {
                "name": p.name,
                "in": "query",
                "required": False,
                "schema": p.schema,
                "description": p.description,
            }
            for p in op.params
        ]
        paths[_openapi_path(rule.rule)] = {
            "get": {
                "operationId": op.endpoint.removeprefix("api.").replace(".", "_"),
                "summary": op.summary,
                "description": op.description,
                "tags": [op.tag] if op.tag else [],
                "parameters": parameters,
                "responses": responses,
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Open Nijmegen open data",
            "version": "1.0.0",
            "description": (
                "Alles wat openbaar is op Open Nijmegen: ideeën, reacties, het register van het "
                "uitdaagrecht en de inwonersberaden. Vrij te gebruiken (CC0). Zonder inloggen. "
                "Hoogstens 120 verzoeken per minuut per adres."
            ),
            "license": {"name": "CC0 1.0", "identifier": "CC0-1.0"},
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": {"Fout": ERROR_SCHEMA}},
    }
