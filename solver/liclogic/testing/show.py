"""Scenarios in one line, for failure messages and hypothesis reports."""

from __future__ import annotations

from liclogic.engine.evaluate import Scenario, duty_text
from liclogic.lang.vocabulary import Vocabulary


def scenario_text(s: Scenario, vocab: Vocabulary | None = None) -> str:
    """A scenario in one line, fields at their defaults left out (act and relation always
    shown): what hypothesis prints for a drawn scenario."""
    if vocab is None:
        from liclogic.lang.library import bundled_library

        vocab = bundled_library().vocab
    parts = []
    for path, value in s.values.items():
        ft = vocab.fields.get(path)
        if path in ("act", "relation") or ft is None or value != ft.default:
            shown = f"{value:_}" if isinstance(value, int) and not isinstance(value, bool) \
                else str(value).lower() if isinstance(value, bool) else str(value)
            parts.append(f"{path}={shown}")
    if s.outbound is not None:
        parts.append(f"outbound={s.outbound!r}")
    if s.performed:
        parts.append("performed={" + ", ".join(sorted(duty_text(k) for k in s.performed)) + "}")
    on = sorted(r for r, v in s.readings.items() if v)
    if on:
        parts.append("readings={" + ", ".join(on) + "}")
    return "Scenario(" + ", ".join(parts) + ")"
