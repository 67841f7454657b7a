"""Argument checks for the public API (``import liclogic``): a wrong type or value is a
``LiclogicError`` naming the argument and what it takes, not an ``AttributeError`` three calls
further down (or, worse, a string iterated as a tuple of one-letter acts)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from liclogic.engine.settings import SolverSettings
from liclogic.errors import LiclogicError
from liclogic.lang.library import Library


def _name(v: Any) -> str:
    return type(v).__name__


def check_arguments(lib: Any, names: Mapping[str, Any], ctx: Any = None,
                    settings: Any = None) -> None:
    """``lib`` a Library; each of ``names`` a non-empty license name or expression; ``ctx`` a
    Context or None; ``settings`` SolverSettings."""
    from liclogic.engine.context import Context

    if not isinstance(lib, Library):
        raise LiclogicError(f"lib must be a liclogic.Library, not {_name(lib)}",
                            hint="liclogic.bundled_library() or liclogic.load_library(...)")
    for arg, value in names.items():
        if not isinstance(value, str):
            raise LiclogicError(f"{arg} must be a license name or expression (str), not "
                                f"{_name(value)}")
        if not value.strip():
            raise LiclogicError(f"{arg} is empty: name a license")
    if ctx is not None and not isinstance(ctx, Context):
        raise LiclogicError(f"ctx must be a liclogic.Context or None, not {_name(ctx)}")
    if settings is not None and not isinstance(settings, SolverSettings):
        raise LiclogicError(f"settings must be liclogic.SolverSettings, not {_name(settings)}")


def license_names(value: Any, arg: str, at_least: int = 0) -> list[str]:
    """A list (or tuple) of license names; a lone string is refused rather than iterated."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise LiclogicError(f"{arg} must be a list of license names, not {_name(value)}",
                            hint='e.g. ["MIT", "Apache-2.0"]')
    names = list(value)
    for n in names:
        if not isinstance(n, str) or not n.strip():
            raise LiclogicError(f"{arg} must hold license names (non-empty str), not {n!r}")
    if len(names) < at_least:
        raise LiclogicError(f"{arg} must name at least {at_least} license(s)")
    return names


def readings_map(value: Any, arg: str = "readings") -> dict[str, bool]:
    """A mapping reading name → bool (or None: none fixed)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise LiclogicError(f"{arg} must map reading names to True/False, not {_name(value)}",
                            hint='e.g. {"strict-osd": True}')
    for k, v in value.items():
        if not isinstance(k, str) or not isinstance(v, bool):
            raise LiclogicError(f"{arg} must map reading names to True/False, not "
                                f"{k!r}: {v!r}")
    return dict(value)
