"""The ``serve`` command: the local web application (cli/serve) under uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

import click

from liclogic.cli.options import handles_errors, library_option
from liclogic.errors import LiclogicError
from liclogic.limits import DEFAULT_TIMEOUT_MS

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (loopback by default: anything else serves "
                   "the API to the network).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="The port.")
@click.option("--max-timeout", "max_timeout_ms", type=click.IntRange(min=1, max=3_600_000),
              default=DEFAULT_TIMEOUT_MS, show_default=True, metavar="MS",
              help="The longest time limit a request may ask for (its timeout parameter).")
@click.option("--cache-size", type=click.IntRange(min=0, max=1_000_000), default=4096,
              show_default=True, help="Answers kept in memory (0: none).")
@library_option
@handles_errors
def serve(host: str, port: int, max_timeout_ms: int, cache_size: int,
          specs: tuple[Path, ...]) -> int:
    """Serve the explorer, the spec playground and a JSON API that mirrors the command line
    (compat, combine, osd, diff, show, classify, scan, workflow; OpenAPI at
    /api/openapi.json) on http://HOST:PORT. See docs/serve.md.

    Each answer is the document the command prints with --json. Requests are bounded as the
    command line bounds its input. Nothing is kept on disk: the on-disk cache is off (answers
    are kept in memory), and a scan upload is read from a private temporary folder removed
    when it is answered.
    """
    try:
        import uvicorn
    except ImportError:
        raise LiclogicError("liclogic serve needs Starlette and uvicorn",
                            hint="pip install 'liclogic[serve]'") from None
    from liclogic.cli.serve.app import create_app
    from liclogic.lang.library import load_library

    os.environ["LICLOGIC_NO_CACHE"] = "1"  # nothing on disk; the server keeps its answers
    lib = load_library(extra=list(specs))
    from liclogic.cli.serve.playground import base_files

    base_files(tuple(sorted(str(p) for p in specs)))  # parsed once, before the first request
    hosts = [*LOOPBACK, "[::1]"] if host in LOOPBACK else None
    app = create_app(lib, max_timeout_ms, allowed_hosts=hosts, cache_size=cache_size,
                     extra_specs=list(specs))
    if host not in LOOPBACK:
        click.echo(f"warning: serving on {host}: the API is open to the network", err=True)
    click.echo(f"liclogic serve: http://{host}:{port}/ (Ctrl-C stops it)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
