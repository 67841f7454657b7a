"""The ``matrix`` report: a heatmap, rows inbound and columns outbound, a cell per ordered
pair coloured by its verdict; each cell a link to that pair's explanation (the ``compat
--json`` document of the pair, rendered by the shared pieces), filters by kind and family."""

from __future__ import annotations

from typing import Any

from liclogic.cli.html.page import render

# a report explains every pair up to this many (12 licenses); beyond, it shows verdicts only,
# and says so (each explanation costs a compat query: ~0.1 s and ~6 kB of HTML)
MAX_EXPLAINED_PAIRS = 144


def render_matrix(data: dict[str, Any]) -> str:
    ids: list[str] = list(data["licenses"])
    about: dict[str, dict[str, Any]] = data.get("about") or {}
    explanations: dict[str, dict[str, Any]] = data.get("explanations") or {}
    rows = [{"id": a, "n": i, "kind": about.get(a, {}).get("kind", ""),
             "family": about.get(a, {}).get("family", ""),
             "cells": [{"outbound": b, "m": j, "verdict": data["compat"][a][b],
                        "explained": b in explanations.get(a, {})}
                       for j, b in enumerate(ids)]}
            for i, a in enumerate(ids)]
    counts: dict[str, int] = {}
    for row in rows:
        for cell in row["cells"]:
            counts[cell["verdict"]] = counts.get(cell["verdict"], 0) + 1
    return render("matrix.html.j2", data=data, rows=rows, ids=ids, about=about,
                  explanations=explanations, counts=counts,
                  kinds=sorted({r["kind"] for r in rows if r["kind"]}),
                  families=sorted({r["family"] for r in rows if r["family"]}))
