"""A composite strategy over arguments that are too big to show (a vocabulary, a library, spec
texts): hypothesis would otherwise render every argument in the strategy's repr."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")


def drawing(fn: Callable[..., T], *args: Any, **kwargs: Any) -> st.SearchStrategy[T]:
    """``st.composite(fn)(*args, **kwargs)``, shown as ``fn()``."""

    def draw_it(draw: st.DrawFn) -> T:
        return fn(draw, *args, **kwargs)

    draw_it.__name__ = draw_it.__qualname__ = fn.__name__.lstrip("_")
    return st.composite(draw_it)()
