"""The explorer's pages and the playground's: rendered on the server from the API's own
documents (the same questions, the same cache), with the report pieces of cli/html — a page
reads without JavaScript; the playground's script only posts the spec and shows the answer.

- ``/``: a compat question (two licenses or SPDX expressions) or a combine (several), the
  verdict with the clauses that decide it, duties, witnesses and readings;
- ``/matrix``: ``matrix --format html``'s heatmap for up to 12 licenses;
- ``/license/ID``: the license's clauses beside its text, each quoted span highlighted
  (``lang.quotes.find_quote``, as ``check --texts`` finds quotes), the clause on hover;
- ``/playground``: the spec editor.
"""

from __future__ import annotations

import functools
import itertools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from liclogic.cli.serve.questions import ENDPOINTS

if TYPE_CHECKING:
    from liclogic.cli.serve.state import Server

MAX_MATRIX = 12  # licenses on /matrix: every pair explained (cli/html/matrix's limit)
# the pages' own script and style only; fetches to this server only (the playground)
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
          "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
STATIC = {"serve.js": "text/javascript", "serve.css": "text/css"}


@functools.cache
def environment() -> jinja2.Environment:
    from liclogic.cli.html.page import environment as reports

    base = reports()
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader("liclogic.cli.serve", "templates"),
                                    jinja2.PackageLoader("liclogic.cli.html", "templates")]),
        autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(base.globals)
    env.filters.update(base.filters)
    return env


def page(template: str, status: int = 200, **values: Any) -> HTMLResponse:
    from liclogic.cli.formats import versions

    html = environment().get_template(template).render(tool=versions(), **values)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": POLICY,
                                       "Cache-Control": "no-store"})


def _asset(name: str) -> str:
    if name == "report.css":
        return (resources.files("liclogic.cli.html") / "templates" / name).read_text("utf-8")
    return (resources.files("liclogic.cli.serve") / "templates" / name).read_text("utf-8")


def ask(server: Server, name: str, items: list[tuple[str, str]]) -> tuple[int, Any]:
    code, body = server.ask(ENDPOINTS[name], items, None)
    return code, json.loads(body)


def highlighted(text: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text as segments, each with the clauses whose quote covers it (in order): a
    cited span is a segment with clauses. Quotes are found as ``check --texts`` finds
    them (words normalised, ellipses between parts)."""
    from liclogic.lang.quotes import Words, find_quote

    words = Words.of(text)
    spans: list[tuple[int, int, int]] = []
    for n, e in enumerate(entries):
        for start, end in find_quote(words, e["quote"]) or () if e.get("quote") else ():
            spans.append((start, end, n))
            e["found"] = True
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for lo, hi in itertools.pairwise(cuts):
        covering = [n for s, e, n in spans if s <= lo and hi <= e]
        out.append({"text": text[lo:hi], "clauses": covering})
    return out


def routes(server: Server) -> list[Route]:
    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        kind = STATIC.get(name) or ("text/css" if name == "report.css" else None)
        if kind is None:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(_asset(name), media_type=kind,
                        headers={"Cache-Control": "max-age=3600"})

    # read once, before any request: a question running under the solver lock may add a
    # composed license to the library for a moment (state.unchanged)
    known = sorted((i for i in server.lib.licenses if " WITH " not in i), key=str.lower)

    def ids() -> list[str]:
        return known

    def explorer(request: Request) -> Response:
        q = request.query_params
        answer = None
        if q.get("inbound") and q.get("outbound"):
            items = [(k, v) for k, v in q.multi_items()
                     if k in ("inbound", "outbound", "relation") and v]
            answer = ask(server, "compat", items)[1]
        elif q.get("combine"):
            names = [x.strip() for x in q["combine"].split(",") if x.strip()]
            answer = ask(server, "combine", [("license", x) for x in names])[1]
        relations = list(server.lib.vocab.enums.get("Relation", ()))
        return page("explorer.html.j2", ids=ids(), q=q, answer=answer, relations=relations)

    def matrix(request: Request) -> Response:
        from liclogic.cli.html.matrix import render_matrix
        from liclogic.cli.options import ContextArgs, error_answer, solver_settings
        from liclogic.cli.questions import _matrix_report
        from liclogic.errors import LiclogicError
        from liclogic.queries.matrix import matrix as table

        chosen = list(dict.fromkeys(request.query_params.getlist("license")))
        if not chosen:
            return page("matrix_pick.html.j2", ids=ids(), error=None)
        if len(chosen) > MAX_MATRIX:
            return page("matrix_pick.html.j2", ids=ids(),
                        error=f"at most {MAX_MATRIX} licenses (every pair is explained)")

        def work(lib: Any) -> tuple[int, Any]:
            names = sorted(dict.fromkeys(lib.get(x).id for x in chosen), key=str.lower)
            settings = solver_settings(server.max_timeout_ms)
            ctx = ContextArgs()
            return 0, _matrix_report(lib, names, table(lib, names, ctx.build(lib), settings),
                                     ctx, settings)

        try:
            code, data, _ = server.solve(work, server.max_timeout_ms)
        except LiclogicError as exc:  # pragma: no cover - solve returns errors as documents
            code, data = error_answer(exc)
        if code != 0:
            return page("matrix_pick.html.j2", ids=ids(), error=data.get("error")
                        or data.get("summary"))
        # the report is self-contained, with its own Content-Security-Policy
        return HTMLResponse(render_matrix(data), headers={"Cache-Control": "no-store"})

    def license_page(request: Request) -> Response:
        from liclogic.lang.texts import find_text

        code, doc = ask(server, "show", [("license", request.path_params["id"])])
        if code != 0:
            return page("error.html.j2", doc=doc, status=400)
        entries = [{**e, "kind": kind} for kind, items in doc["clauses"].items()
                   for e in items]
        found = find_text(doc["id"])
        segments = highlighted(found.text, entries) if found else []
        return page("license.html.j2", doc=doc, entries=entries, segments=segments,
                    origin=found.origin.rsplit("/", 1)[-1] if found else None)

    def playground(request: Request) -> Response:
        return page("playground.html.j2", ids=ids())

    return [Route("/", explorer), Route("/matrix", matrix),
            Route("/license/{id:path}", license_page), Route("/playground", playground),
            Route("/static/{name}", static)]
