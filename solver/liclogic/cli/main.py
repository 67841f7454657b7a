"""The ``liclogic`` commands. Exit codes: 0 yes · 1 no · 2 usage or input error · 3 depends ·
4 unknown (check: 0 clean, 1 findings; fmt --check: 1 when a file would change).

Each command reads its options (``options``), answers through the cache (``answer``) and
prints with ``report`` / ``report_inputs``; the engine is imported inside the commands, so a
cached answer never loads it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from liclogic.cli.answer import Answers, console, emit_json
from liclogic.cli.options import (
    ContextArgs,
    context_options,
    handles_errors,
    library_option,
    merge_context,
    output_options,
    reading_options,
    readings,
    solver_settings,
)
from liclogic.errors import LiclogicError
from liclogic.version import __version__

if TYPE_CHECKING:
    from liclogic.lang.library import Library


# ------------------------------------------------------------------ commands


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="liclogic")
def main() -> None:
    """liclogic: license compatibility, combinability and Open Source Definition checks that
    follow from the license terms, through a solver, with the clauses and a scenario that
    decide each verdict.

    Exit codes: 0 yes, 1 no, 2 usage or input error, 3 depends, 4 unknown.
    """


@main.command()
@click.argument("inbound")
@click.argument("outbound")
@context_options
@library_option
@output_options
@handles_errors
def compat(inbound: str, outbound: str, context: ContextArgs, specs: tuple[Path, ...],
           as_json: bool, timeout_ms: int) -> int:
    """Can a work under INBOUND be part of a work distributed under OUTBOUND?

    Licenses are SPDX ids or aliases (Hugging Face ids such as llama3.1 work too).
    """
    def compute(lib: Library) -> Any:
        from liclogic.queries.compat import compat as run

        return run(lib, inbound, outbound, context.build(lib), solver_settings(timeout_ms))

    question = ("compat", inbound, outbound, context.key(), timeout_ms)
    return Answers(specs).print(question, compute, as_json)


@main.command()
@click.argument("licenses", nargs=-1, required=True)
@context_options
@library_option
@output_options
@handles_errors
def combine(licenses: tuple[str, ...], context: ContextArgs, specs: tuple[Path, ...],
            as_json: bool, timeout_ms: int) -> int:
    """Can works under LICENSES be combined and distributed, and under which licenses?"""
    def compute(lib: Library) -> Any:
        from liclogic.queries.combine import combine as run

        return run(lib, list(licenses), context.build(lib), solver_settings(timeout_ms))

    question = ("combine", licenses, context.key(), timeout_ms)
    return Answers(specs).print(question, compute, as_json)


@main.command()
@click.argument("licenses", nargs=-1, metavar="LICENSE...")
@click.option("--all", "every", is_flag=True,
              help="Every license of the library (exceptions aside), one line each.")
@reading_options
@library_option
@output_options
@handles_errors
def osd(licenses: tuple[str, ...], every: bool, on: tuple[str, ...], off: tuple[str, ...],
        specs: tuple[Path, ...], as_json: bool, timeout_ms: int) -> int:
    """Check LICENSE against the ten criteria of the Open Source Definition.

    With several licenses (or --all): one line each, the verdict, the criteria not met and
    the readings that decide it; the exit code is that of "are all of them open source?".
    """
    if not licenses and not every:
        raise click.UsageError("name a license (or several), or use --all")
    answers = Answers(specs)
    if len(licenses) == 1 and not every:
        license = licenses[0]

        def compute(lib: Library) -> Any:
            from liclogic.queries.osd import osd as run

            return run(lib, license, readings(lib, on, off), solver_settings(timeout_ms))

        return answers.print(("osd", license, on, off, timeout_ms), compute, as_json)

    def compute_many(lib: Library) -> Any:
        from liclogic.queries.osd import osd_rows
        from liclogic.queries.workers import default_jobs

        ids = list(licenses) or sorted(
            (i for i, m in lib.licenses.items() if m.kind != "exception"), key=str.lower)
        return osd_rows(lib, ids, readings(lib, on, off), solver_settings(timeout_ms),
                        jobs=default_jobs(), extra_specs=[str(p) for p in specs])

    rows = answers.answer(("osd-rows", licenses, every, on, off, timeout_ms), compute_many)
    if as_json:
        emit_json({"check": "osd", "licenses": rows})
    else:
        from liclogic.cli.report import render_osd_rows

        render_osd_rows(console(), rows)
    from liclogic.engine.result import Verdict, all_of

    return all_of([Verdict(r["verdict"]) for r in rows]).exit_code


@main.command()
@click.argument("left")
@click.argument("right")
@library_option
@output_options
@handles_errors
def diff(left: str, right: str, specs: tuple[Path, ...], as_json: bool, timeout_ms: int
         ) -> int:
    """Where LEFT and RIGHT decide differently: permission per act, duties, carried terms,
    reach, relicensing. Exit 0 when they decide alike, 1 when they differ."""
    def compute(lib: Library) -> Any:
        from liclogic.queries.diff import diff as run

        return run(lib, left, right, solver_settings(timeout_ms))

    return Answers(specs).print(("diff", left, right, timeout_ms), compute, as_json)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handles_errors
def check(paths: tuple[Path, ...], as_json: bool) -> int:
    """Parse, type-check and lint spec files (or folders of them).

    Exit 0 when clean, 1 when lint finds something, 2 on a syntax or type error.
    """
    from liclogic.lang import ast
    from liclogic.lang.library import load_library
    from liclogic.lang.parse import parse_file
    from liclogic.lang.paths import display_path, spec_files
    from liclogic.queries.lint import lint_library

    files = [f for p in paths for f in (spec_files(p) if p.is_dir() else [p])]
    if not files:
        raise LiclogicError("no .lic files found", hint="give spec files or folders")
    for f in files:
        if not f.exists():
            raise LiclogicError(f"no such file: {f}")
    lib = load_library(extra=files)
    parsed = [parse_file(f, display_path(f)) for f in files]
    ids = [i.id for f in parsed for i in f.items if isinstance(i, ast.License)]
    sources = {f.path: f.source for f in parsed}
    findings = lint_library(lib, ids)
    if as_json:
        emit_json({"check": "check", "files": [display_path(f) for f in files],
                    "licenses": ids, "findings": [d.to_json() for d in findings]})
    else:
        for d in findings:
            click.echo(d.render(sources))
        state = "clean" if not findings else f"{len(findings)} finding(s)"
        click.echo(f"checked {len(ids)} license(s) in {len(files)} file(s): {state}", err=True)
    return 1 if findings else 0


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing; exit 1 if a file is not formatted.")
@click.option("--write", is_flag=True, help="Rewrite the files in place (atomically).")
@click.option("--json", "as_json", is_flag=True,
              help="Print {check, files, changed} instead (with --check or --write).")
@handles_errors
def fmt(paths: tuple[Path, ...], check_only: bool, write: bool, as_json: bool) -> int:
    """Format spec files canonically (prints to stdout unless --write or --check)."""
    from liclogic.lang.format import format_file, write_atomically
    from liclogic.lang.parse import parse_file, parse_text
    from liclogic.lang.paths import spec_files

    if check_only and write:
        raise LiclogicError("--check and --write exclude each other")
    files = [f for p in paths for f in (spec_files(p) if p.is_dir() else [p])]
    if (len(files) > 1 or as_json) and not (check_only or write):
        raise LiclogicError("several files or --json: use --write or --check",
                            hint="or give a single file to print it formatted")
    changed: list[Path] = []
    for f in files:
        tree = parse_file(f)
        text = format_file(tree)
        if parse_text(text, str(f)) != tree:  # never write what does not read back the same
            raise LiclogicError(f"internal error: formatting {f} would change its meaning; "
                                "nothing was written")
        old = f.read_text(encoding="utf-8")
        if check_only or write:
            if old != text:
                changed.append(f)
                if write:
                    write_atomically(f, text)
        else:
            click.echo(text, nl=False)
    if as_json:
        emit_json({"check": "fmt", "files": [str(f) for f in files],
                    "changed": [str(f) for f in changed], "written": bool(write)})
    for f in changed:
        if not as_json:
            click.echo(f"{'reformatted' if write else 'would reformat'} {f}", err=True)
    return 1 if check_only and changed else 0


@main.command(name="list")
@click.option("--kind", type=str, help="Only licenses of this kind (software, content, model…).")
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@handles_errors
def list_(kind: str | None, specs: tuple[Path, ...], as_json: bool) -> int:
    """List the licenses in the library."""
    lib = Answers(specs).library()
    rows = [{"id": m.id, "name": m.name, "kind": m.kind, "aliases": list(m.aliases)}
            for m in sorted(lib.licenses.values(), key=lambda m: m.id.lower())
            if kind is None or m.kind == kind]
    if as_json:
        emit_json(rows)
    else:
        from liclogic.cli.report import render_list

        render_list(console(), rows)
    return 0


@main.command()
@click.argument("license")
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handles_errors
def show(license: str, specs: tuple[Path, ...], as_json: bool) -> int:
    """Show what a license grants, requires, carries and accepts, with citations."""
    from liclogic.queries.show import describe_license

    lib = Answers(specs).library()
    info = describe_license(lib, lib.get(license))
    if as_json:
        emit_json(info)
    else:
        from liclogic.cli.report import render_show

        render_show(console(), info)
    return 0


@main.command()
@click.argument("licenses", nargs=-1)
@context_options
@library_option
@output_options
@click.option("--kind", type=str, help="Only licenses of this kind.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per CPU core, at most 8).")
def matrix(licenses: tuple[str, ...], context: ContextArgs, specs: tuple[Path, ...],
           as_json: bool, timeout_ms: int, kind: str | None, jobs: int | None) -> None:
    """Compatibility verdicts for every ordered pair of LICENSES (default: the whole library,
    exceptions aside)."""

    @handles_errors
    def run(as_json: bool = as_json) -> int:
        def compute(lib: Library) -> Any:
            from liclogic.queries.matrix import matrix as run
            from liclogic.queries.workers import default_jobs

            ctx = context.build(lib)
            chosen = [lib.get(x) for x in licenses] or list(lib.licenses.values())
            ids = sorted(dict.fromkeys(m.id for m in chosen if m.kind != "exception" and (
                kind is None or m.kind == kind)), key=str.lower)
            return ids, run(lib, ids, ctx, solver_settings(timeout_ms),
                            jobs=jobs or default_jobs(), extra_specs=[str(p) for p in specs])

        question = ("matrix", licenses, context.key(), timeout_ms, kind)
        ids, table = Answers(specs).answer(question, compute)
        if as_json:
            emit_json({"check": "matrix", "licenses": ids, "compat": table})
        else:
            from liclogic.cli.report import render_matrix

            render_matrix(console(), ids, table)
        return 0

    run()


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--outbound", metavar="EXPR",
              help="The project's license (default: the policy's, else the SBOM's own).")
@click.option("--policy", "policy_file", type=click.Path(path_type=Path),
              help="A policy file: allow / deny / prefer, context, license mappings.")
@click.option("--python-env", is_flag=True,
              help="Scan the installed Python environment instead of PATH.")
@click.option("--problems", is_flag=True, help="List only components that are not yes.")
@context_options
@library_option
@output_options
@handles_errors
def scan(path: Path | None, outbound: str | None, policy_file: Path | None, python_env: bool,
         problems: bool, context: ContextArgs, specs: tuple[Path, ...], as_json: bool,
         timeout_ms: int) -> int:
    """Check every component of PATH against the project's outbound license.

    PATH is a CycloneDX (1.2-1.6) or SPDX 2.x JSON SBOM, a Component,License CSV, a Hugging
    Face model card (README.md), or a pyproject.toml (its dependencies, read from the
    installed metadata). Exit 1 when any component is no; else 4 when any is unknown
    (unrecognised license, no spec, no license), 3 when any depends, 0 when all are yes.
    """
    from liclogic.audit.policy import ScanPolicy, load_policy
    from liclogic.audit.scan import scan as run
    from liclogic.inputs.pyenv import read_environment
    from liclogic.inputs.read import read_inventory
    from liclogic.inputs.resolve import known_names

    if (path is None) == (not python_env):
        raise LiclogicError("give a PATH to scan, or --python-env (not both)")
    lib = Answers(specs).library()
    pol = load_policy(policy_file, lib) if policy_file else ScanPolicy()
    pol.context = merge_context(pol.context, context.build(lib))
    known = known_names(lib)
    inv = (read_environment(known, pol.licenses) if path is None
           else read_inventory(path, known, pol.licenses, pol.license_list))
    show_bar = not as_json and sys.stderr.isatty() and len(inv.components) > 50
    if show_bar:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(),
                      console=console(err=True), transient=True) as bar:
            task = bar.add_task("scan", total=len(inv.components))
            result = run(lib, inv, outbound, pol, solver_settings(timeout_ms),
                         progress=lambda n: bar.advance(task, n))
    else:
        result = run(lib, inv, outbound, pol, solver_settings(timeout_ms))
    if as_json:
        emit_json(result.to_json())
    else:
        from liclogic.cli.report_inputs import render_scan

        render_scan(console(), result, problems)
    return result.exit_code


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@reading_options
@library_option
@output_options
@handles_errors
def workflow(file: Path, on: tuple[str, ...], off: tuple[str, ...], specs: tuple[Path, ...],
             as_json: bool, timeout_ms: int) -> int:
    """Check an ML workflow FILE (YAML): may its release happen, under which licenses, with
    which duties, and on which readings does the answer depend? See docs/workflows.md.

    Exit 0 allowed, 1 a violation, 3 depends on a reading, 4 an input the library lacks.
    """
    from dataclasses import replace

    from liclogic.audit.workflow import check_workflow
    from liclogic.inputs.workflow import load_workflow

    wf = load_workflow(file)  # a bad file is reported before the library is loaded
    lib = Answers(specs).library()
    fixed = readings(lib, on, off)
    if fixed:
        wf.release = replace(wf.release, readings={**wf.release.readings, **fixed})
    result = check_workflow(lib, wf, solver_settings(timeout_ms))
    if as_json:
        emit_json(result.to_json())
    else:
        from liclogic.cli.report_inputs import render_workflow

        render_workflow(console(), result)
    return result.verdict.exit_code


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--parent-license", "parents", multiple=True, metavar="MODEL=LICENSE",
              help="The license of a base model the input does not include. Repeatable.")
@library_option
@output_options
@handles_errors
def lineage(paths: tuple[Path, ...], parents: tuple[str, ...], specs: tuple[Path, ...],
            as_json: bool, timeout_ms: int) -> int:
    """Check model -> base-model links: can each child's license follow from its parent's?

    PATHS are Hugging Face model cards (README.md, or folders of them), a model-tree CSV
    (model_id, license_tags, base_models, base_model_relations) or LF AI Model Openness
    Tool records (.jsonl). Exit 1 when a link is no; else 4 unknown, 3 depends, 0 yes.
    """
    from liclogic.audit.lineage import check_lineage
    from liclogic.inputs.models import read_models

    lib = Answers(specs).library()
    given = {}
    for item in parents:
        if "=" not in item:
            raise LiclogicError(f"expected MODEL=LICENSE, got {item!r}")
        k, v = item.split("=", 1)
        given[k.strip()] = v.strip()
    models, notes = read_models(list(paths), lib)
    result = check_lineage(lib, models, solver_settings(timeout_ms), given, notes)
    if as_json:
        emit_json(result.to_json())
    else:
        from liclogic.cli.report_inputs import render_lineage

        render_lineage(console(), result)
    return result.verdict.exit_code


if __name__ == "__main__":  # pragma: no cover
    main()
