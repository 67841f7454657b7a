"""matrix: compat verdicts for every ordered pair of licenses (verdicts only; explanations on
demand with ``liclogic compat``)."""

from __future__ import annotations

from ..context import Context
from ..library import Library
from ..solve import DEFAULT_SETTINGS, SolverSettings
from .compat import compat_pair


def matrix(lib: Library, ids: list[str], ctx: Context | None = None,
           settings: SolverSettings = DEFAULT_SETTINGS) -> dict[str, dict[str, str]]:
    return {a: {b: compat_pair(lib, a, b, ctx, settings, explain=False).verdict.value
                for b in ids} for a in ids}
