"""The OpenAPI 3.1 description of the JSON API, made from the endpoints' parameter tables
(``questions.ENDPOINTS``), so it lists exactly what the server takes."""

from __future__ import annotations

from typing import Any

from liclogic.cli.serve.questions import ENDPOINTS, Param
from liclogic.version import __version__

TYPES = {"str": {"type": "string"}, "bool": {"type": "boolean"},
         "int": {"type": "integer", "minimum": 1}}
DOCUMENT = {"description": "The document the command prints with --json (docs/json.md), with "
            "the tool's versions; X-Liclogic-Exit: the command's exit code.",
            "content": {"application/json": {"schema": {"type": ["object", "array"]}}}}
ERROR = {"description": "A usage or input error (exit 2): {error, hint} as the command line's "
         "--json, or {error, errors: [{error, hint, file, line, column}]} for a spec.",
         "content": {"application/json": {"schema": {"type": "object"}}}}


def _param(p: Param) -> dict[str, Any]:
    schema = ({"type": "array", "items": TYPES[p.kind]} if p.many else TYPES[p.kind])
    return {"name": p.name, "in": "query", "required": p.required, "description": p.help,
            "schema": schema, **({"style": "form", "explode": True} if p.many else {})}


def openapi() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for e in ENDPOINTS.values():
        op: dict[str, Any] = {"operationId": e.name, "summary": e.summary,
                              "parameters": [_param(p) for p in e.params],
                              "responses": {"200": DOCUMENT, "400": ERROR,
                                            "413": {"description": "The body is too large."}}}
        if e.body:
            op["requestBody"] = {"required": True, "content": {e.body: {"schema": {
                "type": "string", "format": "binary"}}}}
        paths[f"/api/{e.name}"] = {"post" if e.body else "get": op}
    paths["/api/playground"] = {"post": {
        "operationId": "playground",
        "summary": "Check a spec as typed (liclogic check's errors and findings) and, when it "
                   "checks, its license's osd, compat to a library license and diff against "
                   "one; built in a library of its own, nothing written.",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["spec"], "additionalProperties": False,
            "properties": {"spec": {"type": "string"}, "osd": {"type": "boolean"},
                           "compat": {"type": "string"}, "diff": {"type": "string"},
                           "timeout": {"type": "integer", "minimum": 1}}}}}},
        "responses": {"200": DOCUMENT, "400": ERROR,
                      "413": {"description": "The body is too large."}}}}
    return {"openapi": "3.1.0",
            "info": {"title": "liclogic", "version": __version__,
                     "description": "The liclogic command line as a JSON API (liclogic serve; "
                                    "docs/serve.md). Each endpoint answers with the document "
                                    "its command prints with --json."},
            "paths": paths}
