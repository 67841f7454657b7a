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
    pass


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options
@output_formats("text", "json", "sarif", "markdown", "csv", fail_on=False)
@handles_errors
def check(paths: tuple[Path, ...], as_json: bool, timeout_ms: int) -> int:
    """Parse, type-check and lint spec files (or folders of them).

    Exit 0 when clean, 1 when lint finds something, 2 on a syntax or type error, 4 when the
    time limit ran out before every license was linted.
    """
    from liclogic.lang import ast
    from liclogic.lang.library import build_library
    from liclogic.lang.parse import parse_file
    from liclogic.lang.paths import display_path, spec_files, spec_paths
    from liclogic.queries.lint import lint_until

    files = [f for p in paths for f in (spec_files(p) if p.is_dir() else [p])]
    if not files:
        raise LiclogicError("no .lic files found", hint="give spec files or folders")
    for f in files:
        if not f.exists():
            raise LiclogicError(f"no such file: {f}")
    base, user = spec_paths(None, files)
    until = deadline(timeout_ms)
    parsed_by = {p.resolve(): parse_file(p, display_path(p), until) for p in base + user}
    lib = build_library(list(parsed_by.values()), overriding={display_path(p) for p in user})
    parsed = [parsed_by[f.resolve()] for f in dict.fromkeys(files)]
    ids = [i.id for f in parsed for i in f.items if isinstance(i, ast.License)]
    sources = {f.path: f.source for f in parsed}
    findings, undecided = lint_until(lib, ids, solver_settings(timeout_ms))
    if as_json:
        emit_json({"check": "check", "files": [display_path(f) for f in files],
                    "licenses": ids, "findings": [d.to_json() for d in findings],
                    **({"not_linted": undecided} if undecided else {})})
    else:
        for d in findings:
            click.echo(d.render(sources))
        state = "clean" if not findings else f"{len(findings)} finding(s)"
        click.echo(f"checked {len(ids)} license(s) in {len(files)} file(s): {state}", err=True)
        if undecided:
            click.echo(f"not linted before the time limit ran out: {', '.join(undecided[:5])}"
                       + (f" and {len(undecided) - 5} more" if len(undecided) > 5 else ""),
                       err=True)
    return 4 if undecided else 1 if findings else 0


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
        emit_json(rows)
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
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@handles_errors
def explain_term(name: str, specs: tuple[Path, ...], as_json: bool) -> int:
    """What a vocabulary NAME means: a field, a value (an act, a relation, a purpose, …), a
    duty, a carried term, a reading or a tag, with its label and gloss."""
    from liclogic.lang.terms import explain_term as lookup

    found = lookup(Answers(specs).library().vocab, name)
    if as_json:
        emit_json([t.to_json() for t in found])
        return 0
    for t in found:
        label = f" — “{t.label}”" if t.label else ""
        click.echo(f"{t.name}{label}: {t.what}")
        if t.gloss:
            click.echo(f"  {t.gloss}")
        if t.span:
            click.echo(f"  declared at {t.span.file}:{t.span.line}")
    return 0
