"""The ``liclogic`` command line: the group, and the commands by family — questions about
licenses (``questions``), the spec writer's and the library's commands (``specs``), checks over
real inputs (``audits``). Exit codes: 0 yes · 1 no · 2 usage or input error · 3 depends ·
4 unknown · 5 unsupported (check: 0 clean, 1 findings; fmt --check: 1 when a file would change).

Each command reads its options (``options``), answers through the cache (``answer``) and
prints with ``report`` / ``report_inputs``; the engine is imported inside the commands, so a
cached answer never loads it.
"""

from __future__ import annotations

import importlib
from typing import TextIO

import click

from liclogic.cli import helptext
from liclogic.version import __version__

# name → (module under liclogic.cli, attribute): a command's module is imported only when that
# command runs (or --help lists them all), so `liclogic compat` does not load the scanners,
# the workbench or the language server
COMMANDS: dict[str, tuple[str, str]] = {
    "compat": ("questions", "compat"), "combine": ("questions", "combine"),
    "osd": ("questions", "osd"), "diff": ("questions", "diff"),
    "check": ("specs", "check"), "fmt": ("specs", "fmt"), "list": ("specs", "list_"),
    "show": ("specs", "show"), "explain-term": ("specs", "explain_term"),
    "matrix": ("questions", "matrix"), "classify": ("derived", "classify"),
    "terms": ("derived", "terms"), "scan": ("audits", "scan"), "notice": ("notices", "notice"),
    "workflow": ("audits", "workflow"), "lineage": ("audits", "lineage"),
    "cache": ("cache_commands", "cache"), "test": ("workbench", "test"),
    "coverage": ("workbench", "coverage"), "new": ("workbench", "new"),
    "review": ("workbench", "review"), "lsp": ("workbench", "lsp"),
    "audit": ("hub_audit", "audit"),  # the hub-scale model-tree audit (its own module)
    "obligations": ("obligations", "obligations"),
    "serve": ("serve_command", "serve"),  # the local web application (cli/serve)
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (``COMMANDS``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attr = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(f"liclogic.cli.{module}"), attr)
            helptext.use_for(command)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="liclogic")
def main() -> None:
    """liclogic: license compatibility, combinability and Open Source Definition checks that
    follow from the license terms, through a solver, with the clauses and a scenario that
    decide each verdict.

    Exit codes: 0 yes, 1 no, 2 usage or input error, 3 depends, 4 unknown, 5 unsupported (a
    valid SPDX id the library has no spec for).
    """


helptext.use_for(main)


def run() -> None:
    """The ``liclogic`` executable: ``main`` with a stdout that cannot crash it — text an
    ASCII or Latin-1 terminal cannot show ("→") is escaped, not an error, and output cut off
    by a closed pipe (``liclogic matrix | head``) ends quietly, with the verdict's exit code."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    from liclogic.cli import answer

    answer.WHOLE_PROCESS = True
    stdout = sys.stdout
    try:
        main()
    except BrokenPipeError:
        _reader_gone(stdout)
    except SystemExit:
        if sys.stdout is not stdout:  # click's own EPIPE handling swapped it, to exit 1
            _reader_gone(stdout)
        raise


def _reader_gone(stdout: TextIO) -> None:
    """The reader of stdout went away: drop what is left, so that the interpreter's flush at
    exit is quiet, and exit with the verdict the command had decided (a "no" piped into
    ``head`` still fails a ``pipefail`` step), or 0 for a command that decides none."""
    import os
    import sys

    from liclogic.cli.exit_status import decided_exit

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stdout.fileno())
    sys.exit(decided_exit())


if __name__ == "__main__":  # pragma: no cover
    run()
