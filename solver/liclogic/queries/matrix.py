"""matrix: compat verdicts for every ordered pair of licenses (verdicts only; explanations on
demand with ``liclogic compat``). Rows are shared out among worker processes (``workers``)."""

from __future__ import annotations

import dataclasses
import functools

from liclogic.engine.arguments import check_arguments, license_names
from liclogic.engine.context import COMPAT_RELATIONS, Context, compat_context
from liclogic.engine.encoding import encoding_for
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.errors import LiclogicError
from liclogic.lang.library import Library
from liclogic.queries.compat import verdict_row
from liclogic.queries.profile import profile
from liclogic.queries.workers import default_jobs, pool, shared, worker_library

__all__ = ["default_jobs", "matrix"]


def _profiles(args: tuple[list[str], Context, SolverSettings], lib: Library | None = None
              ) -> dict:
    """Stage 1: the per-license profiles of some licenses, for each relation of the context
    (in a worker, or here with ``lib``)."""
    names, ctx, settings = args
    lib = lib or worker_library()
    enc = encoding_for(lib)
    for name in names:
        for r in ctx.relations or COMPAT_RELATIONS:
            profile(enc, lib.get(name), dataclasses.replace(ctx, relations=(r,)), settings)
    return dict(enc.profiles)


def _rows(args: tuple[list[str], list[str], Context, SolverSettings, dict],
          lib: Library | None = None) -> dict[str, dict[str, str]]:
    """Stage 2: some rows of the matrix, with every profile already known."""
    rows, ids, ctx, settings, profiles = args
    lib = lib or worker_library()
    encoding_for(lib).profiles.update(profiles)
    return _compute(lib, rows, ids, ctx, settings)


def _compute(lib: Library, rows: list[str], ids: list[str], ctx: Context | None,
             settings: SolverSettings) -> dict[str, dict[str, str]]:
    return {a: {b: v.value for b, v in verdict_row(lib, a, ids, ctx, settings).items()}
            for a in rows}


def matrix(lib: Library, ids: list[str], ctx: Context | None = None,
           settings: SolverSettings = DEFAULT_SETTINGS, jobs: int = 1,
           extra_specs: list[str] | None = None) -> dict[str, dict[str, str]]:
    """Every ordered pair of ``ids``; with jobs > 1, rows are computed in that many processes:
    this one and jobs - 1 workers (with this library, or — one that loads
    its licenses when asked — the bundled library plus ``extra_specs``)."""
    check_arguments(lib, {}, ctx, settings)
    ids = license_names(ids, "ids")
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise LiclogicError(f"jobs is a number of worker processes ≥ 1, not {jobs!r}")
    ctx = compat_context(ctx, lib.vocab)
    if jobs <= 1 or len(ids) < 8:
        return _compute(lib, ids, ids, ctx, settings)
    # interleaved, so every share has cheap and costly licenses alike; more shares than
    # processes, so that one that starts late (a worker loading its library) takes fewer
    n = jobs * 4
    shares = [s for s in (ids[i::n] for i in range(n)) if s]
    out: dict[str, dict[str, str]] = {}
    here = functools.partial(_profiles, lib=lib)
    with pool(jobs - 1, extra_specs, lib) as workers:
        profiles: dict = {}
        for part in shared(workers, jobs - 1, _profiles, here,
                           [(names, ctx, settings) for names in shares]):
            profiles.update(part)
        tasks = [(rows, ids, ctx, settings, profiles) for rows in shares]
        for found in shared(workers, jobs - 1, _rows, functools.partial(_rows, lib=lib), tasks):
            out.update(found)
    return {a: out[a] for a in ids}
