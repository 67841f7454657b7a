"""The exit code a command has decided before all its output is written, and its
``--fail-on``: a reader that goes away mid-output (``liclogic matrix | head``) must not turn
a "no" into exit 0 (``cli.main.run``). One command runs per process, so module state is
enough."""

from __future__ import annotations

from typing import Any

VERDICT_CODES = {1: "no", 3: "depends", 4: "unknown", 5: "unsupported"}

_decided: dict[str, Any] = {}


def decided(code: int) -> None:
    """The command's exit code, known before the rest of its output is printed. The first
    one said stands: a policy answer decides by the policy, then prints the law's verdict."""
    _decided.setdefault("code", code)


def ended(code: int) -> None:
    """The command has returned: its own exit code is the verdict (its output, captured for
    ``--format`` or ``--output``, is written after)."""
    _decided["code"] = code


def begin(verdicts: tuple[str, ...] | None) -> None:
    """A command starts, with its ``--fail-on`` (None: a command whose exit code is no
    verdict); nothing an earlier command in this process decided carries over."""
    _decided.clear()
    _decided["fail"] = verdicts


def apply_fail_on(code: int, fail: tuple[str, ...]) -> int:
    """The exit code once ``--fail-on`` is applied: a verdict not named exits 0."""
    if not fail or code not in VERDICT_CODES:
        return code
    return code if VERDICT_CODES[code] in fail else 0


def decided_exit() -> int:
    """The exit code for a run whose reader went away: the decided verdict (after
    ``--fail-on``), or 0 when the command had decided none (``list``, ``show``)."""
    code = _decided.get("code")
    if not isinstance(code, int):
        return 0
    fail = _decided.get("fail")
    return code if fail is None else apply_fail_on(code, fail)
