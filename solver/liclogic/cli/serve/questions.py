"""The JSON API's questions: each endpoint takes the options of the command it mirrors (as
query parameters, named as the command line names them) and answers with the document that
command's ``--json`` prints — built by the same functions the command calls, through the
same error documents (``options.error_answer``).

A question is (endpoint, parameters, body); ``answer`` returns its exit code (the command's)
and its document. Parameters are checked against the endpoint's table (an unknown one is an
error naming the ones it takes), so the OpenAPI description (``openapi``) is made from the
same table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liclogic.cli.options import ContextArgs, readings, solver_settings
from liclogic.errors import LiclogicError
from liclogic.limits import DEFAULT_TIMEOUT_MS

if TYPE_CHECKING:
    from liclogic.lang.library import Library


@dataclass(frozen=True)
class Param:
    """A query parameter: ``many`` may repeat; ``kind`` str, bool or int."""

    name: str
    help: str
    many: bool = False
    kind: str = "str"
    required: bool = False


CONTEXT = (
    Param("relation", "How the inbound work is combined (--relation).", many=True),
    Param("act", "What is done with the combined work (--act).", many=True),
    Param("purpose", "Field of endeavor of the use (--purpose)."),
    Param("commercial", "Whether the use is commercial (--commercial / --non-commercial).",
          kind="bool"),
    Param("form", "The form the work is handled in (--form)."),
    Param("licensee", "KEY=VALUE, a fact about the licensee (--licensee).", many=True),
    Param("set", "FIELD=VALUE, any scenario field (--set).", many=True),
)
READINGS = (
    Param("reading", "Assume this reading holds (--reading).", many=True),
    Param("no-reading", "Assume this reading does not hold (--no-reading).", many=True),
)
TIMEOUT = Param("timeout", "Time limit in ms (--timeout; the server caps it).", kind="int")


@dataclass(frozen=True)
class Endpoint:
    name: str
    summary: str
    params: tuple[Param, ...]
    run: Callable[[Library, Mapping[str, Any], bytes | None], tuple[int, Any]]
    body: str | None = None  # the request body's media type (POST), None: GET


def _context(q: Mapping[str, Any]) -> ContextArgs:
    return ContextArgs(relation=tuple(q.get("relation", ())), act=tuple(q.get("act", ())),
                       purpose=q.get("purpose"), commercial=q.get("commercial"),
                       form=q.get("form"), licensee=tuple(q.get("licensee", ())),
                       settings=tuple(q.get("set", ())), on=tuple(q.get("reading", ())),
                       off=tuple(q.get("no-reading", ())))


def _on_off(q: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(q.get("reading", ())), tuple(q.get("no-reading", ()))


def _compat(lib: Library, q: Mapping[str, Any], body: bytes | None) -> tuple[int, Any]:
    from liclogic.queries.declarations import compat_declared, parse_declared

    r = compat_declared(lib, q["inbound"], q["outbound"],
                        parse_declared(tuple(q.get("declared", ()))),
                        _context(q).build(lib), solver_settings(q["timeout"]))
    return r.verdict.exit_code, r.to_json()


def _combine(lib: Library, q: Mapping[str, Any], body: bytes | None) -> tuple[int, Any]:
    from liclogic.queries.combine import combine
    from liclogic.queries.combine_relations import parse_relation_of

    r = combine(lib, list(q["license"]), _context(q).build(lib),
                solver_settings(q["timeout"]),
                relation_of=parse_relation_of(tuple(q.get("relation-of", ()))))
    return r.verdict.exit_code, r.to_json()


def _osd(lib: Library, q: Mapping[str, Any], body: bytes | None) -> tuple[int, Any]:
    on, off = _on_off(q)
    names = list(q.get("license", ()))
    if not names and not q.get("all"):
        raise LiclogicError("name a license (or several), or use all=true")
    if len(names) == 1 and not q.get("all"):
        from liclogic.queries.osd_practice import osd_with_practice

        r = osd_with_practice(lib, names[0], readings(lib, on, off),
                              solver_settings(q["timeout"]))
        return r.verdict.exit_code, r.to_json()
    from liclogic.engine.result import Verdict, all_of
    from liclogic.queries.osd import osd_rows

    ids = names or sorted((i for i, m in lib.licenses.items() if m.kind != "exception"),
                          key=str.lower)
    rows = osd_rows(lib, ids, readings(lib, on, off), solver_settings(q["timeout"]))
    return all_of([Verdict(r["verdict"]) for r in rows]).exit_code, \
        {"check": "osd", "licenses": rows}


def _diff(lib: Library, q: Mapping[str, Any], body: bytes | None) -> tuple[int, Any]:
    from liclogic.queries.diff import diff

    on, off = _on_off(q)
    r = diff(lib, q["left"], q["right"], solver_settings(q["timeout"]), readings(lib, on, off))
    return r.verdict.exit_code, r.to_json()


def _show(lib: Library, q: Mapping[str, Any], body: bytes | None) -> tuple[int, Any]:
    from liclogic.queries.show import describe_license

    on, off = _on_off(q)
    return 0, describe_license(lib, lib.get(q["license"]), readings(lib, on, off))


def _classify(lib: Library, q: Mapping[str, Any], body: bytes | None) -> tuple[int, Any]:
    from liclogic.cli.derived import _names
    from liclogic.queries.classify import classify

    ids = sorted(i for i in lib.licenses if " WITH " not in i)
    names = _names(tuple(q.get("license", ())), bool(q.get("all")), ids)
    return 0, {"check": "classify", "licenses": [classify(lib, n).to_json() for n in names]}


# the file names a scan upload may take (the readers choose by name and content): the name
# the client gives is reduced to one of these shapes, never used as a path
SCAN_SUFFIXES = (".json", ".xml", ".spdx", ".rdf", ".yaml", ".yml", ".csv", ".md", ".gguf",
                 ".toml", ".jsonld", ".gz")


def upload_name(given: str | None) -> str:
    """A safe file name for an uploaded input: ``sbom`` plus the suffixes of the name the
    client gave that the readers know (``bom.cdx.json.gz`` → ``sbom.json.gz``); README.md and
    pyproject.toml keep their names (the readers recognise them by name)."""
    base = Path(given or "").name
    if base.lower() in ("readme.md", "pyproject.toml"):
        return base
    kept = [s for s in Path(base).suffixes[-2:] if s.lower() in SCAN_SUFFIXES]
    return "sbom" + "".join(kept) if kept else "sbom.json"


def _scan(lib: Library, q: Mapping[str, Any], body: bytes | None) -> tuple[int, Any]:
    """``scan`` of an uploaded file: it is put in a private temporary folder (mode 0700,
    removed when the answer is made) because the readers read files; nothing else is kept."""
    import tempfile

    from liclogic.audit.scan import scan
    from liclogic.cli.audits import scan_inputs, scan_outcome
    from liclogic.cli.policy_answer import is_pack

    policy = q.get("policy")
    if policy is not None and not is_pack(Path(policy)):
        from liclogic.queries.policy_packs import pack_names

        raise LiclogicError(f"policy={policy!r}: the server takes a bundled policy pack only",
                            hint="one of: " + ", ".join(pack_names()))
    context = _context(q)
    shown = q.get("name") or "upload"
    with tempfile.TemporaryDirectory(prefix="liclogic-serve-") as folder:
        path = Path(folder) / upload_name(q.get("name"))
        path.write_bytes(body or b"")
        try:
            pol, pack, inv = scan_inputs(lib, path, Path(policy) if policy else None, context)
            inv.source = shown
            result = scan(lib, inv, q.get("outbound"), pol, solver_settings(q["timeout"]))
        except LiclogicError as exc:  # it names the file by the name it was uploaded as
            exc.message = exc.message.replace(str(path), shown)
            exc.hint = exc.hint.replace(str(path), shown) if exc.hint else exc.hint
            raise
        code, data, _ = scan_outcome(lib, result, pack, context)
    return code, data


def _workflow(lib: Library, q: Mapping[str, Any], body: bytes | None) -> tuple[int, Any]:
    from liclogic.cli.audits import workflow_result
    from liclogic.inputs.read import load_yaml
    from liclogic.inputs.workflow import workflow_from

    name = str(q.get("name") or "workflow.yml")[:200]  # in messages only, never opened
    try:
        text = (body or b"").decode("utf-8")
    except UnicodeDecodeError:
        raise LiclogicError(f"{name}: the workflow is not UTF-8 text") from None
    wf = workflow_from(load_yaml(name, text, "workflow"), name)
    on, off = _on_off(q)
    r = workflow_result(lib, wf, on, off, q["timeout"])
    return r.verdict.exit_code, r.to_json()


def _p(name: str, help: str, **kw: Any) -> Param:
    return Param(name, help, **kw)


ENDPOINTS: dict[str, Endpoint] = {e.name: e for e in (
    Endpoint("compat", "Can a work under INBOUND be part of a work distributed under OUTBOUND? "
             "(liclogic compat --json)",
             (_p("inbound", "The inbound license (SPDX id, alias or expression).",
                 required=True),
              _p("outbound", "The outbound license.", required=True), *CONTEXT, *READINGS,
              _p("declared", "KEY=VALUE, a declaration the inbound work's notice makes "
                 "(--declared).", many=True), TIMEOUT), _compat),
    Endpoint("combine", "Can works under these licenses be combined, under which outbound "
             "licenses? (liclogic combine --json)",
             (_p("license", "An input license (repeat: license=MIT&license=Apache-2.0).",
                 many=True, required=True), *CONTEXT, *READINGS,
              _p("relation-of", "INPUT=REL (--relation-of).", many=True), TIMEOUT), _combine),
    Endpoint("osd", "The Open Source Definition's ten criteria (liclogic osd --json).",
             (_p("license", "A license (several: one row each).", many=True),
              _p("all", "Every license of the library (--all).", kind="bool"), *READINGS,
              TIMEOUT), _osd),
    Endpoint("diff", "Where LEFT and RIGHT decide differently (liclogic diff --json).",
             (_p("left", "A license.", required=True), _p("right", "A license.", required=True),
              *READINGS, TIMEOUT), _diff),
    Endpoint("show", "What a license grants, forbids, requires… (liclogic show --json).",
             (_p("license", "A license.", required=True), *READINGS), _show),
    Endpoint("classify", "Each license's category and flags (liclogic classify --json).",
             (_p("license", "A license (repeatable).", many=True),
              _p("all", "Every license of the library (--all).", kind="bool")), _classify),
    Endpoint("scan", "Check every component of the uploaded SBOM (or CSV, model card, …) "
             "against the outbound license (liclogic scan --json).",
             (_p("name", "The uploaded file's name (its suffix chooses the reader)."),
              _p("outbound", "The project's license (--outbound)."),
              _p("policy", "A bundled policy pack: asf, google, osi-fsf (--policy)."),
              *CONTEXT, *READINGS, TIMEOUT), _scan, body="application/octet-stream"),
    Endpoint("workflow", "Check an ML workflow (the YAML as the body; liclogic workflow "
             "--json).", (_p("name", "A name for the workflow in messages."), *READINGS,
                          TIMEOUT), _workflow, body="application/yaml"),
)}


def parse_params(endpoint: Endpoint, items: Sequence[tuple[str, str]], max_timeout_ms: int
                 ) -> dict[str, Any]:
    """The query parameters as the endpoint's table types them; an unknown or repeated
    single parameter, a missing required one or a bad value is an error that says which."""
    table = {p.name: p for p in endpoint.params}
    out: dict[str, Any] = {}
    for key, value in items:
        p = table.get(key)
        if p is None:
            raise LiclogicError(f"{endpoint.name}: unknown parameter {key!r}",
                                hint="it takes: " + ", ".join(table))
        if p.kind == "bool":
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise LiclogicError(f"{key}={value[:40]!r} is not true or false")
            typed: Any = value.lower() in ("true", "1", "yes")
        elif p.kind == "int":
            if not value.isdigit() or len(value) > 9 or int(value) < 1:
                raise LiclogicError(f"{key}={value[:40]!r} is not a positive whole number")
            typed = int(value)
        else:
            typed = value
        if p.many:
            out.setdefault(key, []).append(typed)
        elif key in out:
            raise LiclogicError(f"{endpoint.name}: {key} given twice")
        else:
            out[key] = typed
    missing = [p.name for p in endpoint.params if p.required and p.name not in out]
    if missing:
        raise LiclogicError(f"{endpoint.name}: missing parameter {missing[0]!r}",
                            hint="it takes: " + ", ".join(table))
    out["timeout"] = min(out.get("timeout", DEFAULT_TIMEOUT_MS), max_timeout_ms)
    return out


def question_key(endpoint: Endpoint, params: Mapping[str, Any], body: bytes | None) -> Any:
    """A question's identity for the answer cache (a repeated parameter's order counts where
    the command line's does: combine's inputs, relation lists)."""
    import hashlib

    digest = hashlib.sha256(body).hexdigest() if body is not None else None
    return (endpoint.name, tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                        for k, v in params.items())), digest)
