"""``liclogic notice``: the attribution (NOTICE) file the licenses' duties call for."""

from __future__ import annotations

from pathlib import Path

import click

from liclogic.cli.answer import Answers, emit_json
from liclogic.cli.options import (
    ContextArgs,
    context_options,
    handles_errors,
    library_option,
    merge_context,
    output_options,
    solver_settings,
)
from liclogic.cli.output import output_formats, requested_format
from liclogic.errors import LiclogicError

EXIT_INCOMPLETE = 1


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--license", "-l", "licenses", multiple=True, metavar="EXPR",
              help="A license (expression) to write the notice for, instead of PATH. "
                   "Repeatable.")
@click.option("--outbound", metavar="EXPR",
              help="The project's license (default: as scan; for --license, each license "
                   "under itself).")
@click.option("--policy", "policy_file", type=click.Path(path_type=Path),
              help="A policy file, as for scan (its outbound license, context, mappings).")
@context_options(relations="static_link: each component shipped unmodified inside the project")
@library_option
@output_options
@output_formats("text", "markdown", "json", fail_on=False)
@handles_errors
def notice(path: Path | None, licenses: tuple[str, ...], outbound: str | None,
           policy_file: Path | None, context: ContextArgs, specs: tuple[Path, ...],
           as_json: bool, timeout_ms: int) -> int:
    """Write the attribution (NOTICE) file that the licenses' duties call for.

    From PATH (any input scan reads) or from --license EXPR: a section per component (or
    license) whose license asks for notices, a copy of its text, a display ("Built with
    Llama") or a state-changes note, each duty citing its clause; then each license text
    once. The duties are those of compat's yes for the component's license into the
    outbound one. A copyright line comes from the SBOM (CycloneDX copyright, SPDX
    copyrightText) or is said to be not stated. Exit 0 when the notice is complete; 1 when
    it is not (a license text not at hand, or a component whose duties could not be
    derived: its verdict is not yes, or it has no license), saying what is missing.
    """
    from liclogic.audit.notice import notice_for_inventory, notice_for_licenses, render
    from liclogic.audit.policy import ScanPolicy, load_policy

    if (path is None) == (not licenses):
        raise LiclogicError("give a PATH (an SBOM or other scan input) or --license EXPR "
                            "(not both)")
    lib = Answers(specs).library()
    settings = solver_settings(timeout_ms)
    if path is not None:
        from liclogic.inputs.dispatch import read_inventory
        from liclogic.inputs.resolve import known_names

        pol = load_policy(policy_file, lib) if policy_file else ScanPolicy()
        pol.context = merge_context(pol.context, context.build(lib))
        inv = read_inventory(path, known_names(lib), pol.licenses, pol.license_list)
        result = notice_for_inventory(lib, inv, outbound, pol, settings)
    else:
        result = notice_for_licenses(lib, list(licenses), outbound, context.build(lib),
                                     settings)
    if requested_format() == "json":
        emit_json(result.to_json())
    else:
        click.echo(render(result, markdown=requested_format() == "markdown"), nl=False)
    if not result.complete:
        missing = [f"no text at hand for {', '.join(result.missing_texts)}"] * bool(
            result.missing_texts)
        missing += [f"{len(result.not_covered)} component(s) without a derived notice"] * bool(
            result.not_covered)
        click.echo(f"notice incomplete: {'; '.join(missing)}", err=True)
        return EXIT_INCOMPLETE
    return 0
