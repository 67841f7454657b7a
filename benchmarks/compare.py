"""BENCHMARKS.md's "Against the previous run": the headline figures of this run beside those of
the run before it (benchmarks/results.json as it was), with issue 17's floors. A figure that a
run did not measure shows as "—"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# (label, path into results.json, unit, floor): the figures the speed issue asks for
ROWS: list[tuple[str, str, str, str]] = [
    ("`compat` as a whole process, cached answer", "one_query/liclogic (cached answer)/median_s",
     "ms", ""),
    ("`compat`, a new question (library cached)",
     "one_query/liclogic (new question, library cached)/median_s", "ms", "≤ 120 / 180 ms"),
    ("`compat`, cold (nothing cached)", "one_query/liclogic (no cache)/median_s", "ms",
     "≤ 350 ms"),
    ("`compat` from the installed wheel, a new question (library cached)",
     "one_query/liclogic wheel (new question, library cached)/median_s", "ms",
     "≤ 120 / 180 ms"),
    ("`compat` from the installed wheel, cold (nothing cached)",
     "one_query/liclogic wheel (no cache)/median_s", "ms", "≤ 350 ms"),
    ("100 warm distinct queries in process", "in_process/cold/warm_s", "s", ""),
    ("`matrix --json`, 128 licenses", "matrix/median_s", "s", "≤ 5 s"),
    ("`osd --all --json`", "osd/cli_median_s", "s", ""),
    ("`scan` of Keycloak's SBOM (903 components), no cache", "scan/keycloak_cold_s", "s", ""),
    ("`scan --json` of 100,000 components", "scan/growth/100000/seconds", "s", "≤ 5 s"),
    ("`scan --json` of 1,000,000 components", "scan/growth/1000000/seconds", "s", "≤ 60 s"),
    ("`matrix --json` of 600 generated licenses", "library600/wall_s", "s", "≤ 60 s"),
    ("`combine` of 40 inputs, explained, no cache", "combine/40/wall_s", "s", "≤ 5 s"),
    ("`combine` of 100 inputs, explained, no cache", "combine/100/wall_s", "s", "≤ 15 s"),
    ("2,000 distinct warm queries with contexts, in process", "contexts/wall_s", "s",
     "≤ 1 s (2,000/s)"),
]


def lookup(results: dict[str, Any], path: str) -> float | None:
    node: Any = results
    for key in path.split("/"):
        if isinstance(node, list):  # a growth table: the row whose first value is the key
            node = next((row for row in node if isinstance(row, dict) and row
                         and str(next(iter(row.values()))) == key), None)
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return None
    return float(node) if isinstance(node, int | float) and not isinstance(node, bool) else None


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if unit == "ms" else f"{value:.2f} s"


def section(new: dict[str, Any], old: dict[str, Any] | None) -> list[str]:
    if not old:
        return []
    then = old.get("machine", {})
    lines = ["## Against the previous run", "",
             f"This run beside the one before it ({then.get('date', '?')}, liclogic "
             f"{then.get('liclogic', '?')}), same machine kind; each a median as its section "
             "says.", "", "| figure | before | now | now / before | floor |",
             "|---|---|---|---|---|"]
    for label, path, unit, floor in ROWS:
        a, b = lookup(old, path), lookup(new, path)
        ratio = f"{b / a:.2f}" if a and b is not None else "—"
        lines.append(f"| {label} | {_fmt(a, unit)} | {_fmt(b, unit)} | {ratio} | {floor} |")
    return [*lines, ""]


_MARKED = re.compile(r"<!-- ([a-z0-9-]+) -->.*?<!-- /\1 -->", re.S)


def kept_sections(path: Path, new_text: str) -> list[str]:
    """The marked sections of the old BENCHMARKS.md (written by other scripts: a baseline
    comparison, the hub audit) that this run did not write, kept as they were."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    return [m.group(0) for m in _MARKED.finditer(old)
            if f"<!-- {m.group(1)} -->" not in new_text]
