"""HTML reports (``--format html``), each rendered from a command's JSON document, as
``cli/formats`` renders Markdown, CSV and SARIF: a report says what the JSON says.

One self-contained file per report: the CSS and the few lines of JavaScript inline, nothing
fetched (a Content-Security-Policy forbids every request and lets only the report's own
script run, by its hash). Every string from a spec is escaped by Jinja2's autoescape.
Without JavaScript the report still reads: a cell is a link to its explanation; the script
adds filtering and sorting. Built so far: ``matrix``, ``combine``, ``scan``,
``workflow`` and ``lineage`` (an SVG graph, cli/html/graph), ``audit`` (the hub audit's
summary).
"""

from __future__ import annotations

from typing import Any


def html(data: Any) -> str:
    """The HTML report of a command's JSON document."""
    from liclogic.errors import LiclogicError

    check = data.get("check") if isinstance(data, dict) else None
    if check == "matrix":
        from liclogic.cli.html.matrix import render_matrix

        return render_matrix(data)
    if check in ("workflow", "lineage"):
        from liclogic.cli.html.graph import render_graph

        return render_graph(data)
    if check == "combine":
        from liclogic.cli.html.page import render

        return render("combine.html.j2", data=data)
    if check == "audit":
        from liclogic.cli.html.page import render

        return render("audit.html.j2", data=data)
    if check == "scan":
        from liclogic.cli.html.scan import render_scan

        return render_scan(data)
    raise LiclogicError(f"--format html has no report for {check}",
                        hint="html is for matrix, combine, scan, workflow, lineage and "
                             "audit (review writes its own with --html)")
