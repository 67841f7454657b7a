"""The playground's one question: a spec as typed, checked as ``liclogic check`` checks a
file (the same located errors: a syntax or type error as the error document, else the lint
findings), and — when it checks — its license's ``osd``, its ``compat`` to a license of the
library and its ``diff`` against one, each the document the command prints with ``--json``.

The spec is built into a library of its own, per request (``lsp.documents.analyse``: the
server's parsed spec files, frozen trees, plus this one, through ``build_library``): the
server's library and every table derived from it are never touched, so a spec that
redefines MIT or adds licenses changes no later answer. Nothing is written to disk. The body
is at most twice ``LICLOGIC_MAX_SPEC_BYTES`` (the spec itself at most once), and the
question's time limit covers parsing, lint and the queries.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from liclogic.errors import LiclogicError

if TYPE_CHECKING:
    from liclogic.cli.serve.state import Server
    from liclogic.lang import ast

PATH = "playground.lic"  # the spec's name in locations (never a file)
KEYS = {"spec", "osd", "compat", "diff", "timeout"}


@functools.cache
def base_files(extra: tuple[str, ...] = ()) -> tuple[ast.SpecFile, ...]:
    """The library's spec files parsed as the command line names them (specs/MIT.lic), so
    locations in the playground's answers read as the command line's do. Frozen trees."""
    from pathlib import Path

    from liclogic.lang.parse import parse_file
    from liclogic.lang.paths import display_path, spec_paths

    base, user = spec_paths(None, [Path(p) for p in extra])
    return tuple(parse_file(p, display_path(p)) for p in base + user)


def request(raw: bytes) -> dict[str, Any]:
    """The request: ``{"spec": TEXT, "osd": bool, "compat": LICENSE, "diff": LICENSE,
    "timeout": MS}`` (only ``spec`` required)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise LiclogicError("the playground takes a JSON object",
                            hint='{"spec": "license ... { ... }", "osd": true}') from None
    if not isinstance(data, dict) or not isinstance(data.get("spec"), str):
        raise LiclogicError("the playground takes a JSON object with a \"spec\" string")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise LiclogicError(f"the playground does not take {unknown[0]!r}",
                            hint="it takes: " + ", ".join(sorted(KEYS)))
    for k in ("compat", "diff"):
        if data.get(k) is not None and (not isinstance(data[k], str) or len(data[k]) > 2000):
            raise LiclogicError(f"{k} is a license id")
    t = data.get("timeout")
    if t is not None and (type(t) is not int or t < 1):
        raise LiclogicError("timeout is a positive whole number of ms")
    return data


def answer(server: Server, raw: bytes) -> tuple[int, bytes]:
    """(exit code, the answer's JSON) for one playground request."""
    import hashlib

    from liclogic.cli.serve.state import dump
    from liclogic.limits import DEFAULT_TIMEOUT_MS

    try:
        data = request(raw)
    except LiclogicError as exc:
        return 2, dump(exc.to_json(), 2)
    timeout = min(data.get("timeout") or DEFAULT_TIMEOUT_MS, server.max_timeout_ms)
    key = ("playground", hashlib.sha256(raw).hexdigest(), timeout)
    hit = server.cache.get(key)
    if hit is not None:
        return hit
    extra = tuple(sorted(str(p) for p in server.extra_specs))
    code, doc, settled = server.solve(lambda _lib: _answer(data, timeout, extra), timeout)
    out = (code, dump(doc))
    if settled:
        server.cache.put(key, out)
    return out


def _answer(data: dict[str, Any], timeout: int, extra: tuple[str, ...]) -> tuple[int, Any]:
    from liclogic.cli.options import error_answer, solver_settings
    from liclogic.cli.serve.questions import _compat, _diff
    from liclogic.errors import SpecErrors
    from liclogic.lang import ast
    from liclogic.lsp.documents import analyse
    from liclogic.queries.lint import lint_until
    from liclogic.queries.osd_practice import osd_with_practice

    settings = solver_settings(timeout)
    a = analyse(PATH, data["spec"], base_files(extra), settings.deadline)
    out: dict[str, Any] = {"check": "playground", "file": PATH}
    if a.errors or a.library is None or a.tree is None:
        located = [e for e in a.errors if e.span is not None]
        out["spec"] = (SpecErrors(located).to_json() if located else error_answer(
            a.errors[0] if a.errors else LiclogicError("the spec does not check"))[1])
        out["licenses"] = []
        return 2, out
    lib = a.library
    ids = [i.id for i in a.tree.items if isinstance(i, ast.License)]
    findings, undecided = lint_until(lib, ids, settings)
    out["spec"] = {"check": "check", "files": [PATH], "licenses": ids,
                   "findings": [d.to_json() for d in findings],
                   **({"not_linted": undecided} if undecided else {})}
    out["licenses"] = ids
    code = 4 if undecided else 1 if findings else 0
    if not ids:
        return code, out
    lid = ids[0]
    q = {"timeout": timeout}
    if data.get("osd"):
        out["osd"] = osd_with_practice(lib, lid, {}, settings).to_json()
    for key, run, names in (("compat", _compat, ("inbound", "outbound")),
                            ("diff", _diff, ("left", "right"))):
        if data.get(key):
            try:
                out[key] = run(lib, {**q, names[0]: lid, names[1]: data[key]}, None)[1]
            except LiclogicError as exc:  # an unknown license to compare with: said there
                out[key] = error_answer(exc)[1]
    return code, out
