"""The checks over real inputs: ``scan``, ``workflow`` and ``lineage``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from liclogic.cli.answer import Answers, console, emit_json
from liclogic.cli.exit_status import decided
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
from liclogic.cli.output import output_formats
from liclogic.errors import LiclogicError

if TYPE_CHECKING:
    from liclogic.audit.policy import ScanPolicy
    from liclogic.audit.scan import ScanResult
    from liclogic.audit.workflow import WorkflowResult
    from liclogic.engine.result import Verdict
    from liclogic.inputs.inventory import Inventory
    from liclogic.inputs.workflow import Workflow
    from liclogic.lang.library import Library


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--outbound", metavar="EXPR",
              help="The project's license (default: the policy's, else the SBOM's own).")
@click.option("--policy", "policy_file", type=click.Path(path_type=Path),
              help="A policy file (allow / deny / prefer, context, license mappings), or a "
                   "bundled policy pack: asf, google, osi-fsf (a policy, not the law).")
@click.option("--python-env", is_flag=True,
              help="Scan the installed Python environment instead of PATH.")
@click.option("--problems", is_flag=True, help="List only components that are not yes.")
@click.option("--annotate", "annotate_to", type=click.Path(path_type=Path), metavar="OUT",
              help="Also write the SBOM (CycloneDX, SPDX 2.x or SPDX 3.0, in its own "
                   "format) to OUT with each component's (and service's) concluded "
                   "license and liclogic's verdict and reason; validated after writing. "
                   "OUT ending .gz is written compressed. OUT may be the input only when "
                   "named exactly as given.")
@context_options(relations="static_link: each component shipped unmodified inside the project")
@library_option
@output_options
@output_formats("text", "json", "markdown", "csv", "sarif", "html")
@handles_errors
def scan(path: Path | None, outbound: str | None, policy_file: Path | None, python_env: bool,
         problems: bool, annotate_to: Path | None, context: ContextArgs,
         specs: tuple[Path, ...], as_json: bool, timeout_ms: int) -> int:
    """Check every component of PATH against the project's outbound license.

    PATH is a CycloneDX 1.2-1.7 SBOM (JSON or XML), an SPDX 2.2/2.3 document (JSON, YAML,
    tag-value, RDF/XML, XML) or SPDX 3.0.1 JSON-LD, ScanCode or pip-licenses JSON, a
    Component,License CSV, a Hugging Face model card (README.md), a GGUF model, a REUSE
    project (its REUSE.toml or .reuse/dep5: every file), or a pyproject.toml (its
    dependencies, read from the installed metadata). Exit 1 when any
    component is no; else 4 when any is unknown (unrecognised license, no spec, no
    license), 3 when any depends, 0 when all are yes (--fail-on chooses which fail).
    """
    from liclogic.audit.scan import scan as run

    if (path is None) == (not python_env):
        raise LiclogicError("give a PATH to scan, or --python-env (not both)")
    lib = Answers(specs).library()
    pol, pack, inv = scan_inputs(lib, path, policy_file, context)
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
    if annotate_to is not None:
        if path is None:
            raise LiclogicError("--annotate writes an SBOM back: give its PATH")
        from liclogic.audit.annotate import annotate

        n = annotate(result, path, annotate_to)
        click.echo(f"annotated {n} of {len(result.entries)} component(s): {annotate_to}",
                   err=True)
    code, data, by_pack = scan_outcome(lib, result, pack, context, stream=as_json)
    if as_json:
        emit_json(data)
    else:
        from liclogic.cli.report_inputs import render_scan

        decided(code)
        render_scan(console(), result, problems)
        if pack and by_pack is not None:
            from liclogic.cli.policy_answer import render_scan_policy

            render_scan_policy(pack, *by_pack)
    return code


def scan_inputs(lib: Library, path: Path | None, policy_file: Path | None,
                context: ContextArgs) -> tuple[ScanPolicy, str | None, Inventory]:
    """What ``scan`` checks: the policy (a file, or a bundled pack's name), with the context
    options on top, and the inventory read from PATH (None: the Python environment)."""
    from liclogic.audit.policy import ScanPolicy, load_policy
    from liclogic.cli.policy_answer import is_pack
    from liclogic.inputs.dispatch import read_inventory
    from liclogic.inputs.pyenv import read_environment
    from liclogic.inputs.resolve import known_names

    pack = str(policy_file) if is_pack(policy_file) else None
    pol = load_policy(policy_file, lib) if policy_file and not pack else ScanPolicy()
    if pack:
        pol.source = f"the {pack} policy pack (below: a policy, not the law)"
    pol.context = merge_context(pol.context, context.build(lib))
    known = known_names(lib)
    inv = (read_environment(known, pol.licenses) if path is None
           else read_inventory(path, known, pol.licenses, pol.license_list))
    return pol, pack, inv


def scan_outcome(lib: Library, result: ScanResult, pack: str | None, context: ContextArgs,
                 stream: bool = False
                 ) -> tuple[int, dict[str, Any], tuple[Verdict, dict[str, Any]] | None]:
    """The exit code and the ``--json`` document of a scan (with a policy pack: its verdict
    over the components' licenses, and that verdict with the licenses it decided). With
    ``stream`` the components are written one at a time by emit_json (cli/jsonwrite)."""
    if stream:
        from liclogic.cli.jsonwrite import Stream

        data = result.to_json(components=False)
        data["components"] = Stream(len(result.entries),
                                    lambda: (e.to_json() for e in result.entries))
    else:
        data = result.to_json()
    if not pack:
        return result.exit_code, data, None
    from liclogic.cli.policy_answer import scan_by_policy

    verdict, decided = scan_by_policy(lib, pack, [e.expression for e in result.entries],
                                      context.form)
    data["policy"] = {"name": pack, "note": "a policy, not the law", "verdict": verdict.value,
                      "licenses": {k: v.to_json() for k, v in decided.items()}}
    return verdict.exit_code, data, (verdict, decided)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@reading_options
@library_option
@output_options
@output_formats("text", "json", "markdown", "html", "dot")
@handles_errors
def workflow(file: Path, on: tuple[str, ...], off: tuple[str, ...], specs: tuple[Path, ...],
             as_json: bool, timeout_ms: int) -> int:
    """Check an ML workflow FILE (YAML): may its release happen, under which licenses, with
    which duties, and on which readings does the answer depend? See docs/workflows.md.

    Exit 0 allowed, 1 a violation, 3 depends on a reading, 4 an input the library lacks.
    """
    from liclogic.inputs.workflow import load_workflow

    wf = load_workflow(file)  # a bad file is reported before the library is loaded
    result = workflow_result(Answers(specs).library(), wf, on, off, timeout_ms)
    if as_json:
        emit_json(result.to_json())
    else:
        from liclogic.cli.report_inputs import render_workflow

        decided(result.verdict.exit_code)
        render_workflow(console(), result)
    return result.verdict.exit_code


def workflow_result(lib: Library, wf: Workflow, on: tuple[str, ...], off: tuple[str, ...],
                    timeout_ms: int) -> WorkflowResult:
    """``workflow``'s check of a loaded workflow, --reading / --no-reading on top of the
    readings its release fixes."""
    from dataclasses import replace

    from liclogic.audit.workflow import check_workflow

    fixed = readings(lib, on, off)
    if fixed:
        wf.release = replace(wf.release, readings={**wf.release.readings, **fixed})
    return check_workflow(lib, wf, solver_settings(timeout_ms))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--parent-license", "parents", multiple=True, metavar="MODEL=LICENSE",
              help="The license of a base model or dataset the input does not include. "
                   "Repeatable.")
@reading_options
@library_option
@output_options
@output_formats("text", "json", "markdown", "csv", "html", "dot")
@handles_errors
def lineage(paths: tuple[Path, ...], parents: tuple[str, ...], on: tuple[str, ...],
            off: tuple[str, ...], specs: tuple[Path, ...], as_json: bool,
            timeout_ms: int) -> int:
    """Check model -> base-model links: can each child's license follow from its parent's?

    PATHS are Hugging Face model cards (README.md, or folders of them: base_model links,
    and a train link from each dataset the card lists under datasets, whose own card in
    PATHS gives its license), a model-tree CSV (model_id, license_tags, base_models,
    base_model_relations) or LF AI Model Openness Tool records (.jsonl). Exit 1 when a
    link is no; else 4 unknown, 3 depends, 0 yes.
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
    result = check_lineage(lib, models, solver_settings(timeout_ms), given, notes,
                           readings=readings(lib, on, off))
    if as_json:
        emit_json(result.to_json())
    else:
        from liclogic.cli.report_inputs import render_lineage

        decided(result.verdict.exit_code)
        render_lineage(console(), result)
    return result.verdict.exit_code

