"""What every command shares about its output: ``--format``, ``--output FILE`` and
``--fail-on``.

A command prints text (rich) or, with ``--json``, its JSON document; every other format is
rendered from that JSON document (``cli/formats``), so each format says exactly what the JSON
says. Every JSON document carries the tool, spec-library and schema versions (``tool``).
``--output FILE`` writes the output atomically (``lang/rewrite.write_output``); ``--fail-on``
chooses which verdicts make the exit code non-zero (usage errors always exit 2).
"""

from __future__ import annotations

import functools
import io
import json
import sys
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import click

from liclogic.cli import exit_status
from liclogic.errors import LiclogicError

FAIL_ON = ("no", "depends", "unknown", "unsupported")


def output_formats(*allowed: str, fail_on: bool = True) -> Callable[[Any], Any]:
    """``--format`` (one of ``allowed``, the first the default), ``--output FILE`` and, for a
    command whose exit code is a verdict, ``--fail-on``. Applied above ``handles_errors``."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, out_format: str | None, output: Path | None,
                    fail: tuple[str, ...] = (), **kwargs: Any) -> None:
            as_json = bool(kwargs.get("as_json"))
            if as_json and out_format not in (None, "json"):
                raise click.UsageError(f"--json and --format {out_format} exclude each other")
            fmt = out_format or ("json" if as_json else allowed[0])
            if "as_json" in kwargs:
                kwargs["as_json"] = fmt != "text"
            ctx = click.get_current_context(silent=True)
            if ctx is not None:
                ctx.meta["liclogic.format"] = fmt
            exit_status.begin(fail if fail_on else None)
            code = _run(fn, args, kwargs, fmt, output)
            sys.exit(exit_status.apply_fail_on(code, fail) if fail_on else code)

        opts = [click.option("--format", "out_format", type=click.Choice(allowed),
                             default=None, help="Output format (default: "
                             f"{allowed[0]}; --json is short for --format json)."),
                click.option("--output", "-o", "output", type=click.Path(path_type=Path),
                             default=None, metavar="FILE",
                             help="Write the output to FILE (atomically) instead of stdout.")]
        if fail_on:
            opts.append(click.option(
                "--fail-on", "fail", type=click.Choice(FAIL_ON), multiple=True,
                help="A verdict that makes the exit code non-zero (repeatable; default: all "
                     "of no, depends, unknown, unsupported). With --fail-on no, a depends or "
                     "unknown verdict exits 0."))
        out: Callable[..., Any] = wrapper
        for opt in reversed(opts):
            out = opt(out)
        return out

    return decorate


def _run(fn: Callable[..., Any], args: Any, kwargs: dict[str, Any], fmt: str,
         output: Path | None) -> int:
    """Run the command (it exits through ``handles_errors``) and print or write its output."""
    capture = fmt != "text" or output is not None
    buf = io.StringIO()
    code: Any = 0
    handed: list[Any] = []  # the command's JSON document, handed over by emit_json
    ctx = click.get_current_context(silent=True)
    if ctx is not None and fmt != "text":
        from liclogic.cli.answer import JSON_SINK

        ctx.meta[JSON_SINK] = handed
    try:
        if capture:
            with redirect_stdout(buf):
                fn(*args, **kwargs)
        else:
            fn(*args, **kwargs)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    if not capture:
        return int(code)
    exit_status.ended(int(code))
    text = buf.getvalue()
    if fmt != "text":
        from liclogic.cli import jsonwrite

        if handed and not text.strip():
            data = handed[0]
        elif handed:  # printed something beside its document: keep the printed order
            text = jsonwrite.dumps(handed[0]) + text
            data = None
        else:
            try:
                data = json.loads(text) if text.strip() else None
            except ValueError:  # a command that printed something else: pass it on
                data = None
        if isinstance(data, dict) and "error" in data and code == 2:
            if fmt == "json":
                sys.stdout.write(text or json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            else:
                hint = f"\nhint: {data['hint']}" if data.get("hint") else ""
                click.echo(f"error: {data['error']}{hint}", err=True)
            return 2
        if data is not None and fmt == "json" and output is None:
            jsonwrite.write(sys.stdout, with_versions(data))  # a piece at a time
            return int(code)
        if data is not None:
            text = _render(fmt, data)
    if output is None:
        sys.stdout.write(text)
    elif text or code != 2:
        from liclogic.lang.rewrite import write_output

        try:
            write_output(output, text)
        except LiclogicError as exc:
            click.echo(exc.render(), err=True)
            return 2
    return int(code)


def requested_format() -> str | None:
    """The ``--format`` the running command was asked for (a command whose HTML report
    shows more than its JSON, ``matrix``'s explanations, asks)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("liclogic.format") if ctx is not None else None


def _render(fmt: str, data: Any) -> str:
    from liclogic.cli import jsonwrite

    if fmt == "json":
        return jsonwrite.dumps(with_versions(data))
    from liclogic.cli import formats, html
    from liclogic.cli.html import graph

    return {"markdown": formats.markdown, "csv": formats.csv_text, "sarif": formats.sarif,
            "html": html.html, "dot": graph.dot}[fmt](jsonwrite.materialise(data))


def with_versions(data: Any) -> Any:
    """The JSON document with ``tool``: liclogic's version, the bundled spec library's digest
    and the schema version of the document's shape."""
    if not isinstance(data, dict):
        return data
    from liclogic.cli.formats import versions

    return {**data, "tool": versions()}

