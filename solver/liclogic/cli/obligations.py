"""``liclogic obligations``: the duties of a model's verdict, looked for in its repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from liclogic.cli.answer import Answers, console, emit_json
from liclogic.cli.exit_status import decided
from liclogic.cli.options import handles_errors, library_option, reading_options, readings
from liclogic.cli.output import output_formats

MARK = {"fulfilled": "[green]fulfilled[/]", "missing": "[red]missing[/]",
        "not checked": "[dim]not checked[/]"}


@click.command("obligations")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--base-license", metavar="LICENSE",
              help="The base model's license (an SPDX id, alias or Hugging Face id); "
                   "default: the model's own declared license.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@reading_options
@library_option
@output_formats("text", "json", fail_on=False)
@handles_errors
def obligations(folder: Path, base_license: str | None, as_json: bool, on: tuple[str, ...],
                off: tuple[str, ...], specs: tuple[Path, ...]) -> int:
    """Are the duties of a model's license fulfilled in its repository FOLDER?

    FOLDER holds the card (README.md, the license in its front matter), LICENSE, NOTICE and
    USE_POLICY files. The duties are those of the verdict for the base model's license
    (--base-license, else the model's own) against the card's license and relation, each
    with its clause; each is looked for in the files: the license text, attribution
    notices, a display text such as "Built with Llama" on the card, a name prefix, the use
    policy passed through, the base model named. Exit 1 when a duty is missing or the
    verdict is no, else 0.
    """
    from liclogic.audit.obligations import check_repo

    lib = Answers(specs).library()
    result = check_repo(lib, folder, base_license, readings=readings(lib, on, off))
    code = 1 if result.missing or result.verdict == "no" else 0
    decided(code)  # before the output: a reader that stops early (| head) keeps this code
    if as_json:
        emit_json(result.to_json())
    else:
        _render(result.to_json())
    return code


def _render(r: dict[str, Any]) -> None:
    c = console()
    base = f"{r['base_license']} → " if r["base_license"] != r["declared"] else ""
    c.print(f"[bold]{r['model']}[/] (name “{r['name']}”): {base}{r['declared']}, relation "
            f"{r['relation']}: verdict {r['verdict']}")
    for ch in r["checks"]:
        c.print(f"  {MARK[ch['status']]}  {ch['duty']}: {ch['evidence']}")
        if ch["status"] == "missing":
            for b in ch["because"]:
                c.print(f"      {b['license']} {b['cite']}: “{b['quote']}”")
    for n in r["notes"]:
        c.print(f"note: {n}")
    k = r["missing"]
    if r["verdict"] == "no":
        c.print(f"[red]the verdict is no[/]: {r['reason']}")
    elif r["verdict"] == "unknown":
        c.print(f"the verdict is unknown: {r['reason']}")
    else:
        c.print(f"{k} missing" if k else "every duty that files can show is fulfilled")
