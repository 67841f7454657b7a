"""The spec writer's commands and the library's: ``check``, ``fmt``, ``list`` and ``show``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from liclogic.cli.answer import Answers, console, emit_json
from liclogic.cli.options import (
    deadline,
    detail_options,
    handles_errors,
    kind_option,
    library_option,
    license_kind,
    output_options,
    reading_options,
    readings,
    solver_settings,
    timeout_option,
)
from liclogic.cli.output import output_formats
from liclogic.errors import LiclogicError

if TYPE_CHECKING:
    from liclogic.lang import ast
    from liclogic.lang.library import Library


def spec_library(paths: tuple[Path, ...], timeout_ms: int
                 ) -> tuple[Library, list[ast.SpecFile], list[str]]:
    """The library with the given spec files (or folders) as the user's, those files parsed,
    and the ids of the licenses they define; no paths: the bundled library, all of it."""
    from liclogic.lang import ast
    from liclogic.lang.library import build_library
    from liclogic.lang.parse import parse_file
    from liclogic.lang.paths import display_path, spec_files, spec_paths

    files = [f for p in paths for f in (spec_files(p) if p.is_dir() else [p])]
    if paths and not files:
        raise LiclogicError("no .lic files found", hint="give spec files or folders")
    for f in files:
        if not f.exists():
            raise LiclogicError(f"no such file: {f}")
    base, user = spec_paths(None, files)
    until = deadline(timeout_ms)
    parsed_by = {p.resolve(): parse_file(p, display_path(p), until) for p in base + user}
    lib = build_library(list(parsed_by.values()), overriding={display_path(p) for p in user})
    chosen = [parsed_by[f.resolve()] for f in dict.fromkeys(files)] if files else \
        list(parsed_by.values())
    return lib, chosen, [i.id for f in chosen for i in f.items if isinstance(i, ast.License)]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--texts", "texts", is_flag=True,
              help="Also look every quote up in the license's text (bundled texts, --text, or "
                   "the licensedcode-data package): Q001 not found, Q002 section marker not "
                   "borne out, Q003 no text at hand.")
@click.option("--text", "text_files", multiple=True, metavar="[ID=]FILE",
              help="The text of a license (ID=FILE; FILE alone: of every license checked). "
                   "Implies --texts. Repeatable.")
@output_options
@output_formats("text", "json", "sarif", "markdown", "csv", fail_on=False)
@handles_errors
def check(paths: tuple[Path, ...], texts: bool, text_files: tuple[str, ...], as_json: bool,
          timeout_ms: int) -> int:
    """Parse, type-check and lint spec files (or folders of them); with --texts, check every
    quote against the license's text.

    Exit 0 when clean, 1 when lint (or a quote) finds something, 2 on a syntax or type error,
    4 when the time limit ran out before every license was linted.
    """
    from liclogic.lang.paths import display_path
    from liclogic.queries.lint import lint_until

    if not paths:
        raise LiclogicError("no .lic files found", hint="give spec files or folders")
    lib, parsed, ids = spec_library(paths, timeout_ms)
    files = [Path(f.path) for f in parsed]
    sources = {f.path: f.source for f in parsed}
    findings, undecided = lint_until(lib, ids, solver_settings(timeout_ms))
    quote_report: dict[str, object] = {}
    if texts or text_files:
        from liclogic.queries.quotes import check_quotes, summary

        checks = check_quotes(lib, ids, _text_files(text_files))
        findings += [d for c in checks for d in c.findings]
        quote_report = {"quotes": summary(checks), "texts": [c.to_json() for c in checks]}
    if as_json:
        emit_json({"check": "check", "files": [display_path(f) for f in files],
                    "licenses": ids, "findings": [d.to_json() for d in findings],
                    **quote_report, **({"not_linted": undecided} if undecided else {})})
    else:
        for d in findings:
            click.echo(d.render(sources))
        state = "clean" if not findings else f"{len(findings)} finding(s)"
        click.echo(f"checked {len(ids)} license(s) in {len(files)} file(s): {state}", err=True)
        if quote_report:
            q: dict[str, int] = quote_report["quotes"]  # type: ignore[assignment]
            click.echo(f"quotes: {q['verified']} of {q['quotes']} found in the texts, "
                       f"{q['paraphrased']} marked paraphrase, {q['not_found']} not found "
                       f"({q['share_ok']}% verified or marked); {q['with_text']} of "
                       f"{q['licenses']} license(s) had a text", err=True)
        if undecided:
            click.echo(f"not linted before the time limit ran out: {', '.join(undecided[:5])}"
                       + (f" and {len(undecided) - 5} more" if len(undecided) > 5 else ""),
                       err=True)
    return 4 if undecided else 1 if findings else 0


def _text_files(given: tuple[str, ...]) -> dict[str, Path]:
    """--text ID=FILE / FILE → {id or "*": path}, each a file that exists."""
    out: dict[str, Path] = {}
    for g in given:
        lid, sep, name = g.rpartition("=")
        path = Path(name if sep else g)
        if not path.is_file():
            raise LiclogicError(f"no such text file: {path}", hint="--text ID=FILE or FILE")
        out[lid if sep and lid else "*"] = path
    return out


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing; exit 1 if a file is not formatted.")
@click.option("--write", is_flag=True, help="Rewrite the files in place (atomically).")
@click.option("--json", "as_json", is_flag=True,
              help="Print {check, files, changed} instead (with --check or --write).")
@timeout_option
@output_formats("text", "json", fail_on=False)
@handles_errors
def fmt(paths: tuple[Path, ...], check_only: bool, write: bool, as_json: bool,
        timeout_ms: int) -> int:
    """Format spec files canonically (prints to stdout unless --write or --check)."""
    from liclogic.lang.format import format_file
    from liclogic.lang.parse import parse_text
    from liclogic.lang.paths import spec_files
    from liclogic.lang.rewrite import rewrite
    from liclogic.limits import read_spec_text

    if check_only and write:
        raise LiclogicError("--check and --write exclude each other")
    files = [f for p in paths for f in (spec_files(p) if p.is_dir() else [p])]
    if (len(files) > 1 or as_json) and not (check_only or write):
        raise LiclogicError("several files or --json: use --write or --check",
                            hint="or give a single file to print it formatted")
    changed: list[Path] = []
    for f in files:
        old = read_spec_text(f)  # once: what is formatted is what a write may replace
        tree = parse_text(old, str(f), deadline(timeout_ms))
        text = format_file(tree)
        if parse_text(text, str(f)) != tree:  # never write what does not read back the same
            raise LiclogicError(f"internal error: formatting {f} would change its meaning; "
                                "nothing was written")
        if check_only or write:
            if old != text:
                changed.append(f)
                if write:
                    rewrite(f, text, old)  # refused if f changed since it was read
        else:
            click.echo(text, nl=False)
    if as_json:
        emit_json({"check": "fmt", "files": [str(f) for f in files],
                    "changed": [str(f) for f in changed], "written": bool(write)})
    for f in changed:
        if not as_json:
            click.echo(f"{'reformatted' if write else 'would reformat'} {f}", err=True)
    return 1 if check_only and changed else 0


@click.command(name="list")
@kind_option
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@output_formats("text", "json", "markdown", "csv", fail_on=False)
@handles_errors
def list_(kind: str | None, specs: tuple[Path, ...], as_json: bool) -> int:
    """List the licenses in the library."""
    lib = Answers(specs).library()
    license_kind(lib, kind)
    rows = [{"id": m.id, "name": m.name, "kind": m.kind, "aliases": list(m.aliases)}
            for m in sorted(lib.licenses.values(), key=lambda m: m.id.lower())
            if kind is None or m.kind == kind]
    if as_json:
        emit_json({"check": "list", "licenses": rows})
    else:
        from liclogic.cli.report import render_list

        render_list(console(), rows)
    return 0


@click.command()
@click.argument("license")
@reading_options
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@output_formats("text", "json", "markdown", fail_on=False)
@detail_options
@handles_errors
def show(license: str, on: tuple[str, ...], off: tuple[str, ...], specs: tuple[Path, ...],
         as_json: bool, verbose: bool) -> int:
    """Show what a license grants, forbids, does not grant, requires, carries and accepts,
    with citations (and what it counts as made from the work). With --reading /
    --no-reading, the clauses the readings assumed rule out are marked."""
    from liclogic.queries.show import describe_license

    lib = Answers(specs).library()
    info = describe_license(lib, lib.get(license), readings(lib, on, off))
    if as_json:
        emit_json(info)
    else:
        from liclogic.cli.report import render_show

        render_show(console(), info, verbose)
    return 0


@click.command(name="explain-term")
@click.argument("name")
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@output_formats("text", "json", fail_on=False)
@handles_errors
def explain_term(name: str, specs: tuple[Path, ...], as_json: bool) -> int:
    """What a vocabulary NAME means: a field, a value (an act, a relation, a purpose, …), a
    duty, a carried term, a reading or a tag, with its label and gloss."""
    from liclogic.lang.terms import explain_term as lookup

    found = lookup(Answers(specs).library().vocab, name)
    if as_json:
        emit_json({"check": "explain-term", "terms": [t.to_json() for t in found]})
        return 0
    for t in found:
        label = f" — “{t.label}”" if t.label else ""
        click.echo(f"{t.name}{label}: {t.what}")
        if t.gloss:
            click.echo(f"  {t.gloss}")
        if t.span:
            click.echo(f"  declared at {t.span.file}:{t.span.line}")
    return 0
