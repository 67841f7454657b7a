"""The per-batch decision: distinct (parent, child, relation) questions → verdicts.

The decision is ``audit.lineage``'s own (``decide_link``: the same resolution, Judge and reasons),
so a hub audit and ``liclogic lineage`` cannot disagree on a link. ``BatchDecider`` keeps the
library and its judges warm between batches: a process-pool worker, a Ray Data stateful
``map_batches`` class or a Spark pandas UDF can each hold one. A batch is a dict of equal-length
columns (``parent_raw``, ``parent_expression``, ``parent_how``, the same for the child, and
``relation``); the answer adds ``verdict``, ``status``, ``clause``, ``duties``, ``readings``
and ``reason``.
"""

from __future__ import annotations

from typing import Any

from liclogic.audit.lineage import decide_link, vocab_relation
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.inputs.models import Model
from liclogic.inputs.normalize import Normalized
from liclogic.inputs.resolve import resolve_declared
from liclogic.lang.library import Library

OUT_COLUMNS = ("verdict", "status", "clause", "duties", "readings", "reason")


class BatchDecider:
    def __init__(self, lib: Library | None = None, settings: SolverSettings = DEFAULT_SETTINGS,
                 readings: dict[str, bool] | None = None) -> None:
        if lib is None:
            from liclogic.lang.library_store import load_library_cached

            lib = load_library_cached()
        self.lib = lib
        self.settings = settings
        self.readings = dict(readings or {})
        self.judges: dict[tuple, Any] = {}

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        cols = {k: list(v) for k, v in batch.items()}
        out: dict[str, list[Any]] = {k: [] for k in OUT_COLUMNS}
        for i in range(len(cols["relation"])):
            rel = cols["relation"][i]  # none given: the edges say "unspecified"
            row = self.decide(_norm(cols, "parent", i), _norm(cols, "child", i),
                              None if rel in (None, "", "unspecified") else rel)
            for k in OUT_COLUMNS:
                out[k].append(row[k])
        return {**cols, **out}

    def decide(self, parent: Normalized, child: Normalized, relation: str | None
               ) -> dict[str, Any]:
        """One question, decided as ``lineage`` decides a link between two declared licenses."""
        link = decide_link(self.lib, Model("child", child), "parent", relation,
                     Model("parent", parent), self.judges, self.settings, True, self.readings)
        clause, duties, readings = "", list[str](), list[str]()
        if link.status == "ok":
            clause, duties, readings = self._explained(parent, child, relation)
        return {"verdict": link.verdict.value, "status": link.status, "clause": clause,
                "duties": duties, "readings": readings, "reason": " | ".join(link.reasons)}

    def _explained(self, parent: Normalized, child: Normalized, relation: str | None
                   ) -> tuple[str, list[str], list[str]]:
        """The deciding clause (of the first pair that is not yes, else the first pair), the
        duties of every pair and the readings the verdict turns on."""
        c = resolve_declared(self.lib, [child])
        p = resolve_declared(self.lib, [parent])
        judge = self.judges[(c.alternatives, vocab_relation(self.lib, relation))]
        results = [judge.explain(a, b) for a in p.leaves for b in c.leaves]
        if not results:
            return "", [], []
        decisive = next((r for r in results if r.verdict.value != "yes"), results[0])
        data = decisive.to_json()
        because = [b for r in data.get("reasons", []) for b in r.get("because", [])] \
            or data.get("because", [])
        clause = (f"{because[0]['license']} {because[0]['cite']}: {because[0]['clause']}"
                  if because else "")
        duties: list[str] = []
        readings: list[str] = []
        for r in results:
            j = r.to_json()
            for d in j.get("duties", []):
                cites = ", ".join(f"{b['license']} {b['cite']}" for b in d.get("because", []))
                duties.append(f"{d['duty']} ({cites})" if cites else d["duty"])
            readings += [k for k, v in r.readings.items() if v.decisive]
        return clause, list(dict.fromkeys(duties)), list(dict.fromkeys(readings))


def _norm(cols: dict[str, list[Any]], who: str, i: int) -> Normalized:
    return Normalized(cols[f"{who}_raw"][i] or "", cols[f"{who}_expression"][i] or None,
                      cols[f"{who}_how"][i] or "unrecognised")

