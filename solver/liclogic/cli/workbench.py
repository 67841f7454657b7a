"""The spec writer's workbench: ``test`` (a spec's expectations), ``coverage`` (what of the
text no clause cites), ``new`` (a spec to start from), ``review`` (a license-review report)
and ``lsp`` (the language server)."""

from __future__ import annotations

from pathlib import Path

import click

from liclogic.cli.answer import emit_json
from liclogic.cli.options import deadline, handles_errors, output_options, solver_settings
from liclogic.errors import LiclogicError


def _spec_library(paths: tuple[Path, ...], timeout_ms: int) -> tuple[object, list[str]]:
    """The library with the given spec files (or folders) as the user's, and the ids of the
    licenses they define; no paths: the bundled library and all its licenses."""
    from liclogic.lang import ast
    from liclogic.lang.library import build_library
    from liclogic.lang.parse import parse_file
    from liclogic.lang.paths import display_path, spec_files, spec_paths

    files = [f for p in paths for f in (spec_files(p) if p.is_dir() else [p])]
    for f in files:
        if not f.exists():
            raise LiclogicError(f"no such file: {f}")
    if paths and not files:
        raise LiclogicError("no .lic files found", hint="give spec files or folders")
    base, user = spec_paths(None, files)
    until = deadline(timeout_ms)
    parsed_by = {p.resolve(): parse_file(p, display_path(p), until) for p in base + user}
    lib = build_library(list(parsed_by.values()), overriding={display_path(p) for p in user})
    chosen = [parsed_by[f.resolve()] for f in dict.fromkeys(files)] if files else \
        list(parsed_by.values())
    return lib, [i.id for f in chosen for i in f.items if isinstance(i, ast.License)]


@click.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@output_options
@handles_errors
def test(paths: tuple[Path, ...], as_json: bool, timeout_ms: int) -> int:
    """Run the expectations written in spec files (expect compat / osd / permits …); no
    PATHS: the bundled library's.

    Exit 0 when every expectation holds, 1 when one fails (it is shown with the answer's
    explanation), 2 on a spec error.
    """
    from liclogic.queries.expect import run_expectations

    lib, ids = _spec_library(paths, timeout_ms)
    outcomes = run_expectations(lib, ids, solver_settings(timeout_ms))  # type: ignore[arg-type]
    failed = [o for o in outcomes if not o.passed]
    if as_json:
        emit_json({"check": "test", "licenses": ids, "passed": len(outcomes) - len(failed),
                   "failed": len(failed), "expectations": [o.to_json() for o in outcomes]})
    else:
        for o in failed:
            source = f" (source: {o.expect.source})" if o.expect.source else ""
            click.echo(f"{o.where}: FAIL {o.text}{source}\n  got {o.got.value}: "
                       + o.explain().replace("\n", "\n  "))
        click.echo(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed "
                   f"({len(ids)} license(s))", err=True)
    return 1 if failed else 0


@click.command()
def lsp() -> None:
    """Run the language server for spec files over stdio (for VS Code, Neovim, Emacs: see
    docs/editors.md): diagnostics, hover, completion, go to definition, formatting and
    document symbols."""
    from liclogic.lsp.server import main as serve

    serve()
