"""``liclogic serve``'s ASGI application (Starlette): the JSON API under /api (one endpoint per
command, ``questions``; the playground, ``playground``; the OpenAPI description at
/api/openapi.json) and the pages (``pages``).

Every request is bounded as the command line bounds its input: a body at most
``max_input_bytes()`` (a playground spec: ``max_spec_bytes()``), refused before it is read
whole; a question's time limit (``timeout``, capped by the server's ``--max-timeout``)
covers its wait for the solver lock and its solving; parameters are checked before anything
is loaded. Errors are the command line's error documents (400 for a usage or input error);
an internal error is a 500 with a message, and the traceback goes to the server's log only.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from liclogic.cli.serve.questions import ENDPOINTS
from liclogic.cli.serve.state import AnswerCache, Server, dump
from liclogic.errors import LiclogicError
from liclogic.limits import DEFAULT_TIMEOUT_MS, max_input_bytes

if TYPE_CHECKING:
    from liclogic.lang.library import Library

LOG = logging.getLogger("liclogic.serve")
EXIT_STATUS = {0: 200, 1: 200, 3: 200, 4: 200, 5: 200, 2: 400}


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def json_response(code: int, body: bytes, status: int | None = None) -> Response:
    return Response(body, status_code=status or EXIT_STATUS.get(code, 500),
                    media_type="application/json",
                    headers={"X-Liclogic-Exit": str(code), "Cache-Control": "no-store"})


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, refused (``TooLarge``) past ``limit`` bytes — by its declared
    length before reading, and while reading whatever it declares."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(limit)
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise TooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int, env: str) -> Response:
    """413, with the error the command line gives for a file past the limit."""
    from liclogic.limits import too_large as error

    return Response(dump(error("the request body", None, limit, env).to_json(), 2),
                    status_code=413, media_type="application/json",
                    headers={"X-Liclogic-Exit": "2"})


def create_app(lib: Library, max_timeout_ms: int = DEFAULT_TIMEOUT_MS,
               allowed_hosts: Sequence[str] | None = None, cache_size: int = 4096,
               extra_specs: Sequence[Path] = ()) -> Starlette:
    """The application for ``lib``. ``allowed_hosts``: the Host headers answered (a page
    another site loads cannot reach a loopback server through DNS rebinding); None: any."""
    from liclogic.cli.serve import pages, playground
    from liclogic.cli.serve.openapi import openapi
    from liclogic.limits import MAX_INPUT_BYTES_ENV

    server = Server(lib, max_timeout_ms, AnswerCache(cache_size),
                    extra_specs=tuple(extra_specs))

    async def api(request: Request) -> Response:
        name = request.path_params["name"]
        endpoint = ENDPOINTS.get(name)
        if endpoint is None:
            return json_response(2, dump(LiclogicError(
                f"no such endpoint: /api/{name}",
                hint="endpoints: " + ", ".join(ENDPOINTS)).to_json(), 2))
        wants_body = endpoint.body is not None
        if (request.method == "POST") != wants_body:
            method = "POST" if wants_body else "GET"
            return Response(dump({"error": f"/api/{name} takes {method}",
                                  "hint": None}, 2), status_code=405,
                            media_type="application/json", headers={"Allow": method})
        body = None
        if wants_body:
            try:
                body = await read_body(request, max_input_bytes())
            except TooLarge as exc:
                return too_large(exc.limit, MAX_INPUT_BYTES_ENV)
        started = time.perf_counter()
        items = list(request.query_params.multi_items())
        known = server.cached(endpoint, items, body)
        code, out = known if known is not None else await run_in_threadpool(
            server.ask, endpoint, items, body)
        LOG.debug("%s %s: exit %d in %.1f ms", request.method, name, code,
                  (time.perf_counter() - started) * 1000)
        return json_response(code, out)

    async def spec(request: Request) -> Response:
        return Response(json.dumps(openapi(), ensure_ascii=False), media_type="application/json")

    async def play(request: Request) -> Response:
        from liclogic.limits import MAX_SPEC_BYTES_ENV, max_spec_bytes

        try:
            # the spec, the options and JSON's quoting: a spec at the limit still fits
            raw = await read_body(request, 2 * max_spec_bytes() + 4096)
        except TooLarge as exc:
            return too_large(exc.limit, MAX_SPEC_BYTES_ENV)
        code, out = await run_in_threadpool(playground.answer, server, raw)
        # a spec that does not check is an answer (its errors), not a bad request
        analysed = code != 2 or out.startswith(b'{"check": "playground"')
        return json_response(code, out, 200 if analysed and code != 70 else None)

    routes = [Route("/api/openapi.json", spec),
              Route("/api/playground", play, methods=["POST"]),
              Route("/api/{name}", api, methods=["GET", "POST"]),
              *pages.routes(server)]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
                  ] if allowed_hosts else []
    app = Starlette(routes=routes, middleware=middleware)
    app.state.server = server
    return app
