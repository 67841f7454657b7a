"""The ``liclogic`` command line: the group, and the commands by family — questions about
licenses (``questions``), the spec writer's and the library's commands (``specs``), checks over
real inputs (``audits``). Exit codes: 0 yes · 1 no · 2 usage or input error · 3 depends ·
4 unknown · 5 unsupported (check: 0 clean, 1 findings; fmt --check: 1 when a file would change).

Each command reads its options (``options``), answers through the cache (``answer``) and
prints with ``report`` / ``report_inputs``; the engine is imported inside the commands, so a
cached answer never loads it.
"""

from __future__ import annotations

import click

from liclogic.cli import (
    audits,
    cache_commands,
    derived,
    helptext,
    hub_audit,
    notices,
    questions,
    serve_command,
    specs,
    workbench,
)
from liclogic.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="liclogic")
def main() -> None:
    """liclogic: license compatibility, combinability and Open Source Definition checks that
    follow from the license terms, through a solver, with the clauses and a scenario that
    decide each verdict.

    Exit codes: 0 yes, 1 no, 2 usage or input error, 3 depends, 4 unknown, 5 unsupported (a
    valid SPDX id the library has no spec for).
    """


for command in (questions.compat, questions.combine, questions.osd, questions.diff,
                specs.check, specs.fmt, specs.list_, specs.show, specs.explain_term,
                questions.matrix, derived.classify, derived.terms,
                audits.scan, notices.notice, audits.workflow, audits.lineage, cache_commands.cache,
                workbench.test, workbench.coverage, workbench.new, workbench.review,
                workbench.lsp):
    main.add_command(command)
main.add_command(hub_audit.audit)  # the hub-scale model-tree audit (its own module)
main.add_command(serve_command.serve)  # the local web application (cli/serve)
helptext.use_for(main)


def run() -> None:
    """The ``liclogic`` executable: ``main`` with a stdout that cannot crash it — text an
    ASCII or Latin-1 terminal cannot show ("→") is escaped, not an error, and output cut off
    by a closed pipe (``liclogic matrix | head``) ends quietly."""
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        main()
    except BrokenPipeError:
        # the reader went away: drop what is left, so the interpreter's flush at exit is quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    run()
