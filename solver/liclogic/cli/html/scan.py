"""The ``scan`` report: the verdict and its totals, the policy and context applied, then one
row per component (name, version, declared and normalised license, verdict, status, reasons),
sortable by any column and filterable by text and by verdict; the unrecognised declarations
and the licenses without a spec listed as the text report lists them. Rendered from the
``scan --json`` document; without JavaScript it is a plain table, problems first."""

from __future__ import annotations

from typing import Any

from liclogic.cli.html.page import render

ORDER = {"no": 0, "unknown": 1, "unsupported": 2, "depends": 3, "yes": 4}


def render_scan(data: dict[str, Any]) -> str:
    components = sorted(data.get("components") or [],
                        key=lambda c: (ORDER.get(c.get("verdict"), 5), c.get("name") or ""))
    summary = data.get("summary") or {}
    return render("scan.html.j2", data=data, components=components, summary=summary,
                  verdicts=[v for v in ORDER if (summary.get("verdicts") or {}).get(v)])
