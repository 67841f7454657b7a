"""The ``liclogic`` command line. Exit codes: 0 yes · 1 no · 2 usage or input error ·
3 depends · 4 unknown (check: 0 clean, 1 findings; fmt --check: 1 when a file would change)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from liclogic.errors import LiclogicError
from liclogic.version import __version__

EXIT_USAGE = 2
EXIT_INTERNAL = 70


# ------------------------------------------------------------------ shared plumbing


def _console(err: bool = False):
    from rich.console import Console

    return Console(stderr=err, highlight=False, soft_wrap=False)


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def handles_errors(fn: Callable) -> Callable:
    """Turn user errors into a clear message and exit 2; never show a traceback for them."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        as_json = kwargs.get("as_json", False)
        _library_keys.clear()  # spec files may have changed since the last command
        try:
            code = fn(*args, **kwargs)
        except LiclogicError as exc:
            if as_json:
                _emit_json(exc.to_json())
            else:
                click.echo(exc.render(), err=True)
            sys.exit(EXIT_USAGE)
        except AssertionError as exc:  # a witness that does not replay: an engine bug
            click.echo(f"internal error: {exc}", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(code or 0)

    return wrapper


def library_option(fn: Callable) -> Callable:
    return click.option(
        "--spec", "specs", multiple=True, type=click.Path(path_type=Path),
        help="An extra spec file or folder (yours): its licenses join the library, replacing "
             "any bundled license with the same id. Repeatable.")(fn)


def output_options(fn: Callable) -> Callable:
    fn = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(fn)
    fn = click.option("--timeout", "timeout_ms", type=click.IntRange(min=1), default=10_000,
                      show_default=True, metavar="MS",
                      help="Solver time limit per query; a timeout answers 'unknown'.")(fn)
    return fn


def reading_options(fn: Callable) -> Callable:
    fn = click.option("--reading", "on", multiple=True, metavar="NAME",
                      help="Assume this reading holds (e.g. strict-osd). Repeatable.")(fn)
    fn = click.option("--no-reading", "off", multiple=True, metavar="NAME",
                      help="Assume this reading does not hold. Repeatable.")(fn)
    return fn


def context_options(fn: Callable) -> Callable:
    opts = [
        click.option("--relation", multiple=True, metavar="REL",
                     help="How the inbound work is combined (default: static_link and "
                          "modified). Repeatable."),
        click.option("--act", multiple=True, metavar="ACT",
                     help="What is done with the combined work (default: distribute)."),
        click.option("--purpose", metavar="PURPOSE", help="Field of endeavor of the use."),
        click.option("--commercial/--non-commercial", default=None,
                     help="Whether the use is commercial (default: either)."),
        click.option("--form", metavar="FORM", help="source, object, weights or service."),
        click.option("--licensee", multiple=True, metavar="KEY=VALUE",
                     help="A fact about the licensee, e.g. monthly_active_users=800000000."),
        click.option("--set", "settings", multiple=True, metavar="FIELD=VALUE",
                     help="Fix any scenario field, e.g. product=true."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return reading_options(fn)


_library_keys: dict[tuple[Path, ...], str | None] = {}


def _library_key(specs: tuple[Path, ...]) -> str | None:
    """The library's cache key, hashed once per command (it reads every spec file)."""
    if specs not in _library_keys:
        from liclogic.lang.paths import library_key

        _library_keys[specs] = library_key(specs)
    return _library_keys[specs]


def _library(specs: tuple[Path, ...]):
    from liclogic.lang.library import load_library_cached

    return load_library_cached(extra=specs, key=_library_key(specs))


def _answer(specs: tuple[Path, ...], question: tuple, compute: Callable):
    """A command's result through the on-disk cache (see liclogic.cache), keyed by the spec
    files' content hash and the question exactly as asked. On a hit nothing else is loaded:
    a cached question was a valid one (errors are never cached). On a miss, ``compute(lib)``
    loads, checks and solves."""
    answer_key = _answer_key(specs, question)
    if answer_key is None:
        return compute(_library(specs))
    from liclogic.cache import store

    hit = store().get(answer_key)
    if hit is not None:
        return hit
    result = compute(_library(specs))
    store().put(answer_key, result)
    return result


def _answer_key(specs: tuple[Path, ...], question: tuple) -> str | None:
    key = _library_key(specs)
    if key is None:
        return None
    from liclogic.cache import digest

    return digest(key, *question)


def _terminal() -> tuple:
    """What printed text depends on besides the answer: whether stdout is a terminal, its
    width, and the environment variables rich reads for width and colour."""
    import os
    import shutil

    return (sys.stdout.isatty(), shutil.get_terminal_size((80, 24)).columns,
            *(os.environ.get(k) for k in ("COLUMNS", "TERM", "COLORTERM", "NO_COLOR",
                                          "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")))


def _show_answer(specs: tuple[Path, ...], question: tuple, compute: Callable,
                 as_json: bool) -> int:
    """``_show(_answer(...))``, with the printed text cached as well (per terminal): asked
    again, a question is answered without loading the renderer."""
    answer_key = None if as_json else _answer_key(specs, question)
    if answer_key is None:
        return _show(_answer(specs, question, compute), as_json)
    from liclogic.cache import digest, store

    text_key = digest(answer_key, "text", _terminal())
    hit = store().get(text_key)
    if isinstance(hit, tuple) and len(hit) == 2:
        sys.stdout.write(hit[0])
        sys.stdout.flush()
        return hit[1]
    result = _answer(specs, question, compute)
    from liclogic.cli.report import render_result

    console = _console()
    with console.capture() as captured:
        render_result(console, result)
    text = captured.get()
    sys.stdout.write(text)
    store().put(text_key, (text, result.verdict.exit_code))
    return result.verdict.exit_code


def _readings(lib, on: tuple[str, ...], off: tuple[str, ...]) -> dict[str, bool]:
    clash = set(on) & set(off)
    if clash:
        raise LiclogicError(f"reading {sorted(clash)[0]} is both assumed and denied")
    readings = {**{r: True for r in on}, **{r: False for r in off}}
    from liclogic.engine.context import Context

    Context(readings=readings).validate(lib.vocab)
    return readings


def _context(lib, relation, act, purpose, commercial, form, licensee, settings, on, off):
    from liclogic.engine.context import Context, parse_fact

    facts: dict[str, Any] = {}
    if purpose:
        facts["purpose"] = purpose
    if commercial is not None:
        facts["commercial"] = commercial
    if form:
        facts["form"] = form
    for item in licensee:
        k, v = parse_fact(item, lib.vocab, prefix="licensee.")
        facts[k] = v
    for item in settings:
        k, v = parse_fact(item, lib.vocab)
        facts[k] = v
    ctx = Context(tuple(act) or None, tuple(relation) or None, facts, _readings(lib, on, off))
    return ctx.validate(lib.vocab)


def _solver(timeout_ms: int):
    from liclogic.engine.settings import SolverSettings

    return SolverSettings(timeout_ms=timeout_ms)


def _show(result, as_json: bool) -> int:
    if as_json:
        _emit_json(result.to_json())
    else:
        from liclogic.cli.report import render_result

        render_result(_console(), result)
    return result.verdict.exit_code


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
def compat(inbound, outbound, relation, act, purpose, commercial, form, licensee, settings, on,
           off, specs, as_json, timeout_ms):
    """Can a work under INBOUND be part of a work distributed under OUTBOUND?

    Licenses are SPDX ids or aliases (Hugging Face ids such as llama3.1 work too).
    """
    def compute(lib):
        from liclogic.queries.compat import compat as run

        ctx = _context(lib, relation, act, purpose, commercial, form, licensee, settings, on,
                       off)
        return run(lib, inbound, outbound, ctx, _solver(timeout_ms))

    question = ("compat", inbound, outbound, relation, act, purpose, commercial, form,
                licensee, settings, on, off, timeout_ms)
    return _show_answer(specs, question, compute, as_json)


@main.command()
@click.argument("licenses", nargs=-1, required=True)
@context_options
@library_option
@output_options
@handles_errors
def combine(licenses, relation, act, purpose, commercial, form, licensee, settings, on, off,
            specs, as_json, timeout_ms):
    """Can works under LICENSES be combined and distributed, and under which licenses?"""
    def compute(lib):
        from liclogic.queries.combine import combine as run

        ctx = _context(lib, relation, act, purpose, commercial, form, licensee, settings, on,
                       off)
        return run(lib, list(licenses), ctx, _solver(timeout_ms))

    question = ("combine", licenses, relation, act, purpose, commercial, form, licensee,
                settings, on, off, timeout_ms)
    return _show_answer(specs, question, compute, as_json)


@main.command()
@click.argument("licenses", nargs=-1, metavar="LICENSE...")
@click.option("--all", "every", is_flag=True,
              help="Every license of the library (exceptions aside), one line each.")
@reading_options
@library_option
@output_options
@handles_errors
def osd(licenses, every, on, off, specs, as_json, timeout_ms):
    """Check LICENSE against the ten criteria of the Open Source Definition.

    With several licenses (or --all): one line each, the verdict, the criteria not met and
    the readings that decide it; the exit code is that of "are all of them open source?".
    """
    if not licenses and not every:
        raise click.UsageError("name a license (or several), or use --all")
    if len(licenses) == 1 and not every:
        license = licenses[0]

        def compute(lib):
            from liclogic.queries.osd import osd as run

            return run(lib, license, _readings(lib, on, off), _solver(timeout_ms))

        return _show_answer(specs, ("osd", license, on, off, timeout_ms), compute, as_json)

    def compute_many(lib):
        from liclogic.queries.osd import osd_rows
        from liclogic.queries.workers import default_jobs

        ids = list(licenses) or sorted(
            (i for i, m in lib.licenses.items() if m.kind != "exception"), key=str.lower)
        return osd_rows(lib, ids, _readings(lib, on, off), _solver(timeout_ms),
                        jobs=default_jobs(), extra_specs=[str(p) for p in specs])

    rows = _answer(specs, ("osd-rows", licenses, every, on, off, timeout_ms), compute_many)
    if as_json:
        _emit_json({"check": "osd", "licenses": rows})
    else:
        from liclogic.cli.report import render_osd_rows

        render_osd_rows(_console(), rows)
    from liclogic.engine.result import Verdict, all_of

    return all_of([Verdict(r["verdict"]) for r in rows]).exit_code


@main.command()
@click.argument("left")
@click.argument("right")
@library_option
@output_options
@handles_errors
def diff(left, right, specs, as_json, timeout_ms):
    """Where LEFT and RIGHT decide differently: permission per act, duties, carried terms,
    reach, relicensing. Exit 0 when they decide alike, 1 when they differ."""
    def compute(lib):
        from liclogic.queries.diff import diff as run

        return run(lib, left, right, _solver(timeout_ms))

    return _show_answer(specs, ("diff", left, right, timeout_ms), compute, as_json)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handles_errors
def check(paths, as_json):
    """Parse, type-check and lint spec files (or folders of them).

    Exit 0 when clean, 1 when lint finds something, 2 on a syntax or type error.
    """
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
    ids = [i.id for f in files for i in parse_file(f, display_path(f)).items
           if hasattr(i, "clauses")]
    findings = lint_library(lib, ids)
    if as_json:
        _emit_json({"check": "check", "files": [display_path(f) for f in files],
                    "licenses": ids, "findings": [d.to_json() for d in findings]})
    else:
        for d in findings:
            click.echo(d.render())
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
def fmt(paths, check_only, write, as_json):
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
    changed = []
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
        _emit_json({"check": "fmt", "files": [str(f) for f in files],
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
def list_(kind, specs, as_json):
    """List the licenses in the library."""
    lib = _library(specs)
    rows = [{"id": m.id, "name": m.name, "kind": m.kind, "aliases": list(m.aliases)}
            for m in sorted(lib.licenses.values(), key=lambda m: m.id.lower())
            if kind is None or m.kind == kind]
    if as_json:
        _emit_json(rows)
    else:
        from liclogic.cli.report import render_list

        render_list(_console(), rows)
    return 0


@main.command()
@click.argument("license")
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handles_errors
def show(license, specs, as_json):
    """Show what a license grants, requires, carries and accepts, with citations."""
    from liclogic.queries.show import describe_license

    lib = _library(specs)
    info = describe_license(lib, lib.get(license))
    if as_json:
        _emit_json(info)
    else:
        from liclogic.cli.report import render_show

        render_show(_console(), info)
    return 0


@main.command()
@click.argument("licenses", nargs=-1)
@context_options
@library_option
@output_options
@click.option("--kind", type=str, help="Only licenses of this kind.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per CPU core, at most 8).")
def matrix(licenses, relation, act, purpose, commercial, form, licensee, settings, on, off,
           specs, as_json, timeout_ms, kind, jobs):
    """Compatibility verdicts for every ordered pair of LICENSES (default: the whole library,
    exceptions aside)."""

    @handles_errors
    def run(as_json=as_json):
        def compute(lib):
            from liclogic.queries.matrix import matrix as run
            from liclogic.queries.workers import default_jobs

            ctx = _context(lib, relation, act, purpose, commercial, form, licensee, settings,
                           on, off)
            chosen = [lib.get(x) for x in licenses] or list(lib.licenses.values())
            ids = sorted(dict.fromkeys(m.id for m in chosen if m.kind != "exception" and (
                kind is None or m.kind == kind)), key=str.lower)
            return ids, run(lib, ids, ctx, _solver(timeout_ms), jobs=jobs or default_jobs(),
                            extra_specs=[str(p) for p in specs])

        question = ("matrix", licenses, relation, act, purpose, commercial, form, licensee,
                    settings, on, off, timeout_ms, kind)
        ids, table = _answer(specs, question, compute)
        if as_json:
            _emit_json({"check": "matrix", "licenses": ids, "compat": table})
        else:
            from liclogic.cli.report import render_matrix

            render_matrix(_console(), ids, table)
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
def scan(path, outbound, policy_file, python_env, problems, relation, act, purpose, commercial,
         form, licensee, settings, on, off, specs, as_json, timeout_ms):
    """Check every component of PATH against the project's outbound license.

    PATH is a CycloneDX (1.2-1.6) or SPDX 2.x JSON SBOM, a Component,License CSV, a Hugging
    Face model card (README.md), or a pyproject.toml (its dependencies, read from the
    installed metadata). Exit 1 when any component is no; else 4 when any is unknown
    (unrecognised license, no spec, no license), 3 when any depends, 0 when all are yes.
    """
    from liclogic.audit.policy import ScanPolicy, load_policy
    from liclogic.audit.scan import scan as run
    from liclogic.inputs.inventory import read_inventory
    from liclogic.inputs.pyenv import read_environment
    from liclogic.inputs.resolve import known_names

    if (path is None) == (not python_env):
        raise LiclogicError("give a PATH to scan, or --python-env (not both)")
    lib = _library(specs)
    pol = load_policy(policy_file, lib) if policy_file else ScanPolicy()
    cli_ctx = _context(lib, relation, act, purpose, commercial, form, licensee, settings, on,
                       off)
    pol.context = _merge_context(pol.context, cli_ctx)
    known = known_names(lib)
    inv = (read_environment(known, pol.licenses) if python_env
           else read_inventory(path, known, pol.licenses, pol.license_list))
    show_bar = not as_json and sys.stderr.isatty() and len(inv.components) > 50
    if show_bar:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(),
                      console=_console(err=True), transient=True) as bar:
            task = bar.add_task("scan", total=len(inv.components))
            result = run(lib, inv, outbound, pol, _solver(timeout_ms),
                         progress=lambda n: bar.advance(task, n))
    else:
        result = run(lib, inv, outbound, pol, _solver(timeout_ms))
    if as_json:
        _emit_json(result.to_json())
    else:
        from liclogic.cli.report_inputs import render_scan

        render_scan(_console(), result, problems)
    return result.exit_code


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@reading_options
@library_option
@output_options
@handles_errors
def workflow(file, on, off, specs, as_json, timeout_ms):
    """Check an ML workflow FILE (YAML): may its release happen, under which licenses, with
    which duties, and on which readings does the answer depend? See docs/workflows.md.

    Exit 0 allowed, 1 a violation, 3 depends on a reading, 4 an input the library lacks.
    """
    from dataclasses import replace

    from liclogic.audit.workflow import check_workflow
    from liclogic.inputs.workflow import load_workflow

    wf = load_workflow(file)  # a bad file is reported before the library is loaded
    lib = _library(specs)
    fixed = _readings(lib, on, off)
    if fixed:
        wf.release = replace(wf.release, readings={**wf.release.readings, **fixed})
    result = check_workflow(lib, wf, _solver(timeout_ms))
    if as_json:
        _emit_json(result.to_json())
    else:
        from liclogic.cli.report_inputs import render_workflow

        render_workflow(_console(), result)
    return result.verdict.exit_code


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--parent-license", "parents", multiple=True, metavar="MODEL=LICENSE",
              help="The license of a base model the input does not include. Repeatable.")
@library_option
@output_options
@handles_errors
def lineage(paths, parents, specs, as_json, timeout_ms):
    """Check model -> base-model links: can each child's license follow from its parent's?

    PATHS are Hugging Face model cards (README.md, or folders of them), a model-tree CSV
    (model_id, license_tags, base_models, base_model_relations) or LF AI Model Openness
    Tool records (.jsonl). Exit 1 when a link is no; else 4 unknown, 3 depends, 0 yes.
    """
    from liclogic.audit.lineage import check_lineage, read_models

    lib = _library(specs)
    given = {}
    for item in parents:
        if "=" not in item:
            raise LiclogicError(f"expected MODEL=LICENSE, got {item!r}")
        k, v = item.split("=", 1)
        given[k.strip()] = v.strip()
    models, notes = read_models(list(paths), lib)
    result = check_lineage(lib, models, _solver(timeout_ms), given, notes)
    if as_json:
        _emit_json(result.to_json())
    else:
        from liclogic.cli.report_inputs import render_lineage

        render_lineage(_console(), result)
    return result.verdict.exit_code


def _merge_context(base, over):
    """The policy's context with the command line's options on top."""
    from liclogic.engine.context import Context

    return Context(over.acts or base.acts, over.relations or base.relations,
                   {**base.facts, **over.facts}, {**base.readings, **over.readings})


if __name__ == "__main__":  # pragma: no cover
    main()
