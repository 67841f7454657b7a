"""The spec writer's workbench: ``test`` (a spec's expectations), ``coverage`` (what of the
text no clause cites), ``new`` (a spec to start from), ``review`` (a license-review report)
and ``lsp`` (the language server)."""

from __future__ import annotations

from pathlib import Path

import click

from liclogic.cli.answer import emit_json
from liclogic.cli.exit_status import decided
from liclogic.cli.options import handles_errors, output_options, solver_settings
from liclogic.cli.output import output_formats
from liclogic.cli.specs import spec_library
from liclogic.errors import LiclogicError


def write_output(path: Path, text: str) -> None:
    """A report the user asked for, written whole or not at all: a temporary file beside it,
    renamed over it (a reader never sees half a report; a failed write leaves the old one)."""
    import os
    import tempfile

    folder = path.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise LiclogicError(f"cannot write {path}: {exc.strerror}",
                            hint="nothing was written there") from None


@click.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@output_options
@output_formats("text", "json", fail_on=False)
@handles_errors
def test(paths: tuple[Path, ...], as_json: bool, timeout_ms: int) -> int:
    """Run the expectations written in spec files (expect compat / osd / permits …); no
    PATHS: the bundled library's.

    Exit 0 when every expectation holds, 1 when one fails (it is shown with the answer's
    explanation), 2 on a spec error.
    """
    from liclogic.queries.expect import run_expectations

    lib, _, ids = spec_library(paths, timeout_ms)
    outcomes = run_expectations(lib, ids, solver_settings(timeout_ms))
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
@click.argument("targets", nargs=-1, metavar="[SPEC|ID]...")
@click.option("--text", "text_file", type=click.Path(path_type=Path, dir_okay=False),
              help="The license's text (default: the bundled text, or licensedcode-data).")
@click.option("--marked", is_flag=True, help="Print the whole text, cited spans in ⟦ ⟧.")
@click.option("--html", "html_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write an HTML view: the text with cited spans highlighted (a click "
                   "shows the clause), operative sentences no clause cites underlined.")
@click.option("--all", "every", is_flag=True, help="Every license of the library.")
@click.option("--markdown", is_flag=True,
              help="With --all: a Markdown table (quotes verified, sentences cited).")
@output_options
@output_formats("text", "json", fail_on=False)
@handles_errors
def coverage(targets: tuple[str, ...], text_file: Path | None, marked: bool,
             html_out: Path | None, every: bool, markdown: bool, as_json: bool,
             timeout_ms: int) -> int:
    """What of a license's text its spec models: the operative sentences (may, must, shall,
    may not, provided that, unless, terminate …) no clause cites — the spec writer's to-do
    list. SPEC is a spec file (its licenses) or ID a library license.

    Exit 0 when every operative sentence is cited, 1 when some are not.
    """
    from liclogic.lang.texts import LicenseText, find_text
    from liclogic.limits import read_text
    from liclogic.queries import coverage as cv
    from liclogic.queries.quotes import check_license_quotes

    files = tuple(Path(t) for t in targets if t.endswith(".lic") or Path(t).is_dir())
    lib, _, ids = spec_library(files, timeout_ms)
    names = [t for t in targets if Path(t) not in files]
    ids = [lib.get(n).id for n in names] + (ids if files else [])
    if every:
        ids = [i for i in lib.licenses if " WITH " not in i]
    if not ids:
        raise LiclogicError("nothing to cover", hint="give a spec file, a license id or --all")
    results: list[cv.Coverage] = []
    rows: list[tuple[str, cv.Coverage | None, int, int]] = []
    for lid in ids:
        lic = lib.get(lid)
        found = (LicenseText(lic.id, read_text(text_file), str(text_file)) if text_file
                 else find_text(lic.id))
        if found is None and every:
            rows.append((lic.id, None, 0, 0))
            continue
        cov = cv.coverage(lic, found)
        results.append(cov)
        q = check_license_quotes(lic, found)
        rows.append((lic.id, cov, q.verified + q.paraphrased, q.quotes))
    if html_out is not None and results:
        write_output(html_out, cv.render_html(results[0]))
    if as_json:
        emit_json({"check": "coverage", "licenses": [c.to_json() for c in results]})
    elif markdown:
        click.echo("\n".join(cv.library_table(rows)))
    else:
        for c in results:
            click.echo(cv.render_marked(c) if marked else cv.render_text(c))
    return 1 if any(c.uncited for c in results) else 0


@click.command()
@click.argument("license_id", metavar="ID")
@click.option("--based-on", "based_on", metavar="LICENSE",
              help="The new license is this library license plus what you add (based_on).")
@click.option("--from", "start_from", metavar="LICENSE",
              help="Start from a copy of this library license's own clauses.")
@click.option("--name", help="The license's full name.")
@click.option("--kind", default="software", show_default=True,
              type=click.Choice(["software", "content", "data", "model", "exception"]))
@click.option("--url", help="Where its text is published.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the spec to this file (never over an existing one); default: print.")
@handles_errors
def new(license_id: str, based_on: str | None, start_from: str | None, name: str | None,
        kind: str, url: str | None, output: Path | None) -> int:
    """Scaffold a spec for license ID: metadata, a vocabulary hook, expectation placeholders
    and commented examples (--based-on MIT: the parent's clauses apply; --from Apache-2.0: a
    copy of its clauses to edit). The result parses and checks as it is."""
    from liclogic.lang.check import id_problem
    from liclogic.lang.library import bundled_library
    from liclogic.lang.scaffold import scaffold

    problem = id_problem(license_id)
    if problem:
        raise LiclogicError(f"license id {license_id!r} {problem}",
                            hint="e.g. liclogic new LicenseRef-Acme-1.0")
    if based_on and start_from:
        raise LiclogicError("--based-on and --from exclude each other")
    lib = bundled_library()
    text = scaffold(license_id, name=name, kind=kind, url=url,
                    based_on=lib.get(based_on) if based_on else None,
                    start_from=lib.get(start_from) if start_from else None)
    if output is None:
        click.echo(text, nl=False)
        return 0
    try:
        with open(output, "x", encoding="utf-8") as fh:  # never over an existing file
            fh.write(text)
    except FileExistsError:
        raise LiclogicError(f"{output} exists; nothing was written",
                            hint="choose another name, or remove it first") from None
    except OSError as exc:
        raise LiclogicError(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"wrote {output}: liclogic check {output}  (then: liclogic test {output})",
               err=True)
    return 0


@click.command()
@click.argument("draft", metavar="DRAFT")
@click.option("--previous", metavar="OLD", help="The previous draft (a spec file or an id): "
              "what changed in meaning, and in the OSD and compatibility verdicts.")
@click.option("--html", "html_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the report as HTML to this file.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the Markdown to this file instead of printing it.")
@output_options
@handles_errors
def review(draft: str, previous: str | None, html_out: Path | None, output: Path | None,
           as_json: bool, timeout_ms: int) -> int:
    """A license-review report of DRAFT (a spec file, or a library license id), in Markdown
    (to paste into a mailing-list post) and HTML: the OSD criterion by criterion with
    witnesses and readings, the closest licenses of the library by entailment (equivalent /
    stricter / looser, with the scenarios that differ), compatibility both ways with the
    most used licenses (choosealicense.com's list, then those the bundled real SBOMs declare
    most), what changed since --previous, and the contested readings.

    Exit: the OSD verdict's (0 yes, 1 no, 3 depends, 4 unknown).
    """
    from liclogic.cli.review_report import render_html, render_markdown
    from liclogic.queries.review import review as make_review

    given = tuple(Path(x) for x in (draft, previous) if x and x.endswith(".lic"))
    lib, _, ids = spec_library(given, timeout_ms)
    by_file = dict(zip([str(g) for g in given], ids, strict=False)) if given else {}

    def license_of(x: str) -> str:
        return by_file.get(x) or lib.get(x).id

    r = make_review(lib, license_of(draft), license_of(previous) if previous else None,
                    settings=solver_settings(timeout_ms))
    text = render_markdown(r, lib)
    decided(r.osd.verdict.exit_code)  # before the output: a reader that stops early keeps it
    if html_out is not None:
        write_output(html_out, render_html(text, f"License review: {r.license.name}"))
    if as_json:
        from liclogic.cli.output import with_versions

        emit_json(with_versions({
            "check": "review", "license": r.license.id, "markdown": text,
            "osd": r.osd.to_json(), "equivalent": r.neighbours.equivalent,
            "stricter_than": r.neighbours.stricter_than,
            "looser_than": r.neighbours.looser_than,
            "compat_into": {k: v.value for k, v in r.compat_into.items()},
            "compat_from": {k: v.value for k, v in r.compat_from.items()}}))
    elif output is not None:
        write_output(output, text)
    else:
        click.echo(text, nl=False)
    return r.osd.verdict.exit_code


@click.command()
def lsp() -> None:
    """Run the language server for spec files over stdio (for VS Code, Neovim, Emacs: see
    docs/editors.md): diagnostics, hover, completion, go to definition, formatting and
    document symbols."""
    from liclogic.lsp.server import main as serve

    serve()
