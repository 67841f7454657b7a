"""``liclogic audit``: the hub-scale model-tree audit over tables, on DuckDB."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from liclogic.cli.answer import Answers, console, emit_json
from liclogic.cli.options import handles_errors, library_option, reading_options, readings
from liclogic.cli.output import output_formats


@click.command("audit")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--models", "model_tables", multiple=True, type=click.Path(path_type=Path),
              help="A table of models, datasets or packages (Parquet, CSV, JSON Lines): id, "
                   "license, license_name, license_link. Repeatable.")
@click.option("--links", "link_tables", multiple=True, type=click.Path(path_type=Path),
              help="A table of links (Parquet, CSV, JSON Lines): child, parent, relation "
                   "(finetune, adapter, merge, quantized, distill; train for a dataset; "
                   "static_link, dynamic_link, ... for software). Repeatable.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("audit-out"),
              show_default=True,
              help="Folder for edges.parquet, bad_rows.parquet and stats.json.")
@click.option("--jobs", type=int, default=0,
              help="Worker processes deciding the questions (0: one per core).")
@click.option("--memory-limit", default="2GB", show_default=True,
              help="DuckDB's memory limit (past it, joins and sorts spill to a private "
                   "temporary folder); the solver's worker processes come on top.")
@click.option("--threads", type=int, default=0,
              help="DuckDB's threads (0: one per core).")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@reading_options
@library_option
@output_formats("text", "json", "html", fail_on=False)
@handles_errors
def audit(sources: tuple[Path, ...], model_tables: tuple[Path, ...],
          link_tables: tuple[Path, ...], out_dir: Path, jobs: int, memory_limit: str,
          threads: int, as_json: bool,
          on: tuple[str, ...], off: tuple[str, ...], specs: tuple[Path, ...]) -> int:
    """Audit a model tree at hub scale: every child -> parent link judged from the licenses.

    SOURCES are model cards (README.md or folders of them), GGUF files, a model-tree CSV or
    MOT records (.jsonl), as ``lineage`` reads them; --models and --links give tables. Each
    distinct (parent license, child license, relation) question is solved once, with the
    decision ``lineage`` makes; per-edge results (verdict, deciding clause, duties, readings)
    go to OUT/edges.parquet, bad rows (self-links, cycles, unknown ids, unparseable
    licenses: listed, never dropped) to OUT/bad_rows.parquet, statistics to OUT/stats.json.
    --format html writes a self-contained summary (the shares, drift, missing licenses, the
    deciding clauses, the worst edges and the bad rows, each with its reason). Exit 1 when
    an edge is no, else 0.
    """
    from liclogic.audit.hub import pipeline, tables
    from liclogic.errors import LiclogicError
    from liclogic.lang.rewrite import write_output
    from liclogic.queries.workers import default_jobs

    if not (sources or model_tables):
        raise LiclogicError("nothing to audit", hint="give model sources, or --models and "
                                                      "--links tables")
    lib = Answers(specs).library()
    with _interruptible(), tables.connect(memory_limit, threads) as con:
        tables.create(con)
        notes = tables.add_model_sources(con, list(sources), lib) if sources else []
        for p in model_tables:
            tables.add_models_table(con, p)
        for p in link_tables:
            tables.add_links_table(con, p)
        n_jobs = 1 if specs else (jobs or default_jobs())
        result = _run_with_progress(pipeline, con, lib, n_jobs, readings(lib, on, off))
        pipeline.write(con, out_dir)
    stats = {"check": "audit", **result.stats, "notes": notes}
    write_output(out_dir / "stats.json", json.dumps(stats, indent=2) + "\n")  # atomic
    if as_json:
        emit_json(stats)
    else:
        _render(stats, out_dir)
    return 1 if stats["verdicts"].get("no") else 0


@contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM raised as KeyboardInterrupt while the audit runs, so that a terminated run, as
    an interrupted one, unwinds: the worker processes' queue is cancelled and DuckDB's
    private spill folder removed (``tables.connect``). A signal that lands while DuckDB runs
    a query comes out of it as ``RuntimeError: Query interrupted`` (DuckDB turns the pending
    KeyboardInterrupt into its own error): after a signal, that is an interrupt too, so that
    click ends the run with "Aborted!", not a traceback. The previous handlers come back
    after."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def stop(signum: int, frame: Any) -> None:
        received.append(signum)
        raise KeyboardInterrupt(f"signal {signum}")

    # SIGINT only where Python raises it: a background job started with it ignored keeps that
    sigs = [signal.SIGTERM] + [signal.SIGINT] * (signal.getsignal(signal.SIGINT)
                                                 is signal.default_int_handler)
    before = {sig: signal.signal(sig, stop) for sig in sigs}
    try:
        yield
    except RuntimeError as exc:
        if received:
            raise KeyboardInterrupt(f"signal {received[0]}") from exc
        raise
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def on_terminal() -> bool:
    """A progress bar only when both stdout (the process's own, even while the output layer
    captures it for --format or --output) and stderr, where it is drawn, are terminals."""
    import sys

    out = sys.__stdout__
    return bool(out is not None and out.isatty() and sys.stderr.isatty())


def _run_with_progress(pipeline: Any, con: Any, lib: Any, jobs: int,
                       fixed: dict[str, bool]) -> Any:
    """The pipeline, with a progress bar over the distinct questions on a terminal."""
    if not on_terminal():
        return pipeline.run(con, lib, jobs, fixed)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("deciding distinct questions", total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return pipeline.run(con, lib, jobs, fixed, step)


def _render(stats: dict[str, Any], out_dir: Path) -> None:
    from rich.table import Table

    c = console()
    c.print(f"[bold]audit of {stats['models']:,} models, {stats['edges']:,} links[/]: "
            f"{stats['distinct_declarations']:,} distinct declarations, "
            f"{stats['distinct_questions']:,} distinct questions solved")
    t = Table("relation", "edges", "no", "depends", "unknown", "yes")
    for k, v in stats["by_relation"].items():
        t.add_row(k, f"{v['edges']:,}", f"{v['no_share']:.1%}", f"{v['depends_share']:.1%}",
                  f"{v['unknown_share']:.1%}", f"{v['yes']:,}")
    c.print(t)
    d, m = stats["license_drift"], stats["missing_licenses"]
    c.print(f"license drift: {d['drifted']:,} of {d['derivatives_with_both_licenses']:,} "
            f"fine-tunes ({d['share']:.1%}); models without a license: "
            f"{m['models_without_license']:,} ({m['share']:.1%}); adapters without one: "
            f"{m['adapters_without_license']:,} of {m['adapters']:,}")
    if stats["bad_rows"]:
        c.print("bad rows (listed in bad_rows.parquet): " + ", ".join(
            f"{k} {n:,}" for k, n in stats["bad_rows"].items()))
    for n in stats.get("notes", []):
        c.print(f"note: {n}")
    c.print(f"written: {out_dir}/edges.parquet, bad_rows.parquet, stats.json")
