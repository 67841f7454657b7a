"""The graphs of ``workflow`` (inputs → operations → release) and ``lineage`` (parent → child),
read from their JSON documents into one small form — nodes and edges, each with a verdict and
its reasons — and written as Graphviz DOT (``--format dot``) or drawn as SVG in an HTML report
(``--format html``) whose nodes and edges open their reasons.

The SVG layout is layered and deterministic: a node's column is the length of the longest
path that reaches it, its row its order of appearance in the document; edges are straight
lines. No layout engine is needed for graphs of this shape (a release a few steps from its
inputs; a base model and its derivatives)."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from liclogic.errors import LiclogicError


@dataclass
class Node:
    id: str
    label: str
    verdict: str = "none"  # none: an operation, judged by the edges into the release
    detail: list[str] = field(default_factory=list)
    x: int = 0
    y: int = 0
    width: int = 0


@dataclass
class Edge:
    source: str
    target: str
    label: str
    verdict: str = "none"
    reasons: list[str] = field(default_factory=list)


@dataclass
class Graph:
    title: str
    verdict: str
    nodes: dict[str, Node]
    edges: list[Edge]


def _node(nodes: dict[str, Node], id: str, label: str) -> Node:
    return nodes.setdefault(id, Node(id, label))


def workflow_graph(data: dict[str, Any]) -> Graph:
    """Inputs (coloured by what the check found for them), the steps' works, the release."""
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    findings: dict[str, tuple[str, list[str]]] = {}
    for kind, verdict in (("conditional", "depends"), ("violations", "no")):
        for f in data.get(kind) or []:
            findings[str(f.get("work"))] = (verdict, [str(f.get("text", ""))])
    release = (data.get("release") or {}).get("work")
    for use in data.get("inputs") or []:
        path, steps = list(use.get("path") or []), list(use.get("steps") or [])
        if not path:
            continue
        first = _node(nodes, path[0], f"{use.get('work')} ({use.get('license')})")
        first.verdict, first.detail = findings.get(
            str(use.get("work")), ("none", ["the check found no violation and no condition "
                                            "for this input"]))
        for i, (a, b) in enumerate(itertools.pairwise(path)):
            _node(nodes, b, b)
            step = steps[i] if i < len(steps) else ""
            edges.setdefault((a, b, step), Edge(a, b, step.replace("_", " ")))
    if release in nodes:
        nodes[release].verdict = str(data.get("verdict"))
        nodes[release].detail = [str(data.get("summary", ""))]
        nodes[release].label = f"{release} (released)"
    return Graph(f"Workflow {data.get('workflow')}", str(data.get("verdict")), nodes,
                 list(edges.values()))


def lineage_graph(data: dict[str, Any]) -> Graph:
    """Models, each link parent → child coloured by its verdict."""
    nodes: dict[str, Node] = {}
    edges = []
    for link in data.get("links") or []:
        p = _node(nodes, str(link["parent"]), str(link["parent"]))
        c = _node(nodes, str(link["child"]), str(link["child"]))
        p.detail = [f"license: {link.get('parent_license') or 'not stated'}"]
        c.detail = [f"license: {link.get('child_license') or 'not stated'}"]
        c.verdict = str(link.get("verdict"))
        edges.append(Edge(p.id, c.id, str(link.get("relation", "")), str(link.get("verdict")),
                          [str(r) for r in link.get("reasons") or []]
                          + ([f"status: {link['status']}"] if link.get("status") != "ok"
                             else [])))
    s = data.get("summary") or {}
    return Graph(f"Lineage of {s.get('models', len(nodes))} models", str(data.get("verdict")),
                 nodes, edges)


def graph_of(data: Any) -> Graph:
    check = data.get("check") if isinstance(data, dict) else None
    if check == "workflow":
        return workflow_graph(data)
    if check == "lineage":
        return lineage_graph(data)
    raise LiclogicError(f"--format dot has no graph for {check}",
                        hint="dot is for workflow and lineage")


def dot(data: Any) -> str:
    """Graphviz DOT: nodes filled by verdict, edges coloured by verdict and labelled by
    relation or step (``dot -Tsvg`` draws it)."""
    from liclogic.cli.html.page import COLOURS

    g = graph_of(data)
    # a DOT string escapes quotes and backslashes as JSON does; other characters as they are
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    out = [f"digraph {q(g.title)} {{", "  rankdir=LR;",
           '  node [shape=box, style="rounded,filled", fontname="sans-serif"];']
    for n in g.nodes.values():
        fill = COLOURS.get(n.verdict, COLOURS["none"])
        out.append(f"  {q(n.id)} [label={q(n.label)}, fillcolor={q(fill)}, "
                   f"tooltip={q('; '.join(n.detail) or n.verdict)}];")
    for e in g.edges:
        colour = "#555555" if e.verdict == "none" else COLOURS.get(e.verdict, "#555555")
        out.append(f"  {q(e.source)} -> {q(e.target)} [label={q(e.label)}, color={q(colour)}"
                   f", tooltip={q('; '.join(e.reasons) or e.label)}];")
    return "\n".join([*out, "}"]) + "\n"


def layout(g: Graph) -> tuple[int, int]:
    """Columns by longest path from the sources, rows in document order; the drawing's size.
    Longest paths by Kahn's order, without recursion: a lineage is untrusted input and may be
    a chain of any length; nodes on a cycle (bad input, reported by lineage) stay in column 0."""
    out: dict[str, list[str]] = {n: [] for n in g.nodes}
    waiting = dict.fromkeys(g.nodes, 0)
    for e in g.edges:
        out[e.source].append(e.target)
        waiting[e.target] += 1
    column = dict.fromkeys(g.nodes, 0)
    ready = [n for n, k in waiting.items() if k == 0]
    while ready:
        name = ready.pop()
        for m in out[name]:
            column[m] = max(column[m], column[name] + 1)
            waiting[m] -= 1
            if waiting[m] == 0:
                ready.append(m)
    widths: dict[int, int] = {}
    for n in g.nodes.values():
        n.width = 16 + 7 * min(len(n.label), 60)
        widths[column[n.id]] = max(widths.get(column[n.id], 0), n.width)
    left, x = {}, 10
    for c in sorted(widths):
        left[c], x = x, x + widths[c] + 90
    rows: dict[int, int] = {}
    for n in g.nodes.values():
        c = column[n.id]
        n.x, n.y = left[c], 10 + 40 * rows.get(c, 0)
        rows[c] = rows.get(c, 0) + 1
    return x - 80, 10 + 40 * max(rows.values(), default=1)


def render_graph(data: dict[str, Any]) -> str:
    from liclogic.cli.html.page import render

    g = graph_of(data)
    width, height = layout(g)
    return render("graph.html.j2", data=data, g=g, width=width, height=height,
                  nodes=list(g.nodes.values()), by_id=g.nodes)
