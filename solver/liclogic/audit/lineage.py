"""``liclogic lineage``: model → base-model links, each checked from the license specs.

A link says: CHILD was made from PARENT by RELATION (Hugging Face ``base_model_relation``:
finetune, adapter, merge, quantized). The check: can the child's declared license follow from
the parent's under that relation — ``compat(parent, child)`` with act distribute and the
relation mapped to the vocabulary (finetune and adapter → fine_tune, merge → merge,
quantized → quantize; a link that names no relation is read as fine_tune). A parent with a
choice of licenses (OR) needs one that works; a child offering several needs each to work.
The models come from ``liclogic.inputs.models`` (model cards, model-tree CSVs, MOT records);
a child or parent without a readable license is an explicit entry, never dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from liclogic.audit.judge import Judge
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict, all_of
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.inputs.models import Model
from liclogic.inputs.normalize import normalize
from liclogic.inputs.resolve import NO_SPEC, UNRECOGNISED, known_names, resolve_declared
from liclogic.lang.library import Library

RELATION_MAP = {"finetune": "fine_tune", "fine_tune": "fine_tune", "adapter": "fine_tune",
                "merge": "merge", "quantized": "quantize", "quantize": "quantize",
                "distill": "distill", "distillation": "distill", "train": "train"}


def vocab_relation(lib: Library, rel: str | None) -> str:
    """The vocabulary's relation for a link's: the Hub's spellings (``RELATION_MAP``), a
    relation the vocabulary names (``static_link``, ``train``, …) as it is, else fine_tune
    (what a model's base_model link is when it says nothing more)."""
    r = (rel or "").lower()
    if r in RELATION_MAP:
        return RELATION_MAP[r]
    return r if r in lib.vocab.relations else "fine_tune"


@dataclass
class Link:
    child: str
    parent: str
    relation: str  # as the input says it (finetune, …, or "unspecified")
    child_license: str | None
    parent_license: str | None
    verdict: Verdict
    status: str  # ok / no license / parent unknown / unrecognised / no spec
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"child": self.child, "parent": self.parent, "relation": self.relation,
                "child_license": self.child_license, "parent_license": self.parent_license,
                "verdict": self.verdict.value, "status": self.status, "reasons": self.reasons}


@dataclass
class LineageResult:
    models: list[Model]
    links: list[Link]
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(x.verdict.value for x in self.links)
        return {v: c.get(v, 0) for v in ("yes", "no", "depends", "unknown")}

    @property
    def verdict(self) -> Verdict:
        """No when any is no; else unknown, depends, yes (none at all: yes)."""
        return all_of([x.verdict for x in self.links])

    def to_json(self) -> dict[str, Any]:
        return {"check": "lineage", "verdict": self.verdict.value,
                "summary": {"models": len(self.models), "links": len(self.links),
                            "verdicts": self.counts(),
                            "statuses": dict(Counter(x.status for x in self.links))},
                "links": [x.to_json() for x in self.links], "notes": self.notes}


# ------------------------------------------------------------------ the check


def check_lineage(lib: Library, models: list[Model], settings: SolverSettings =
                  DEFAULT_SETTINGS, parent_licenses: dict[str, str] | None = None,
                  notes: list[str] | None = None, explain: bool = True,
                  readings: dict[str, bool] | None = None) -> LineageResult:
    """Each model → base-model link judged as ``compat(parent, child)`` under the link's
    relation; ``readings`` fixes readings (the others are left open)."""
    known = known_names(lib)
    by_id: dict[str, Model] = {}
    for m in models:
        by_id.setdefault(m.id.lower(), m)
    for pid, lic in (parent_licenses or {}).items():
        if pid.lower() not in by_id:
            by_id[pid.lower()] = Model(pid, normalize(name=lic, known=known), [],
                                       "--parent-license")
    judges: dict[tuple, Judge] = {}
    links: list[Link] = []
    for m in models:
        for parent_id, rel in m.bases:
            links.append(decide_link(lib, m, parent_id, rel, by_id.get(parent_id.lower()), judges,
                               settings, explain, dict(readings or {})))
    res = LineageResult(models, links, list(notes or []))
    missing = Counter(x.parent for x in links if x.status == "parent unknown")
    if missing:
        res.notes.append("parents not in the input (give their licenses with "
                         "--parent-license ID=LICENSE): "
                         + ", ".join(f"{p} ({n})" for p, n in missing.most_common()))
    return res


def decide_link(lib: Library, child: Model, parent_id: str, rel: str | None,
                parent: Model | None, judges: dict[tuple, Judge], settings: SolverSettings,
                explain: bool = True, readings: dict[str, bool] | None = None) -> Link:
    """One parent → child link decided: the child's license resolved, the parent's terms
    judged for the relation (``judges`` caches a Judge per parent expression and context),
    the verdict with its reasons. ``lineage`` calls it per link, and the hub audit
    (audit/hub/decide) per distinct question, so both decide alike."""
    relation = rel or "unspecified"
    link = Link(child.id, parent_id, relation, child.license.raw if child.license else None,
                parent.license.raw if parent and parent.license else None, Verdict.UNKNOWN,
                "ok")
    if parent is None:
        link.status = "parent unknown"
        link.reasons.append(f"{parent_id} is not in the input; its license is unknown")
        return link
    if child.license is None:
        link.status = "no license"
        link.reasons.append(f"{child.id} declares no license: recipients get no license to "
                            f"the model, and {parent_id}'s terms cannot be passed on")
        return link
    if parent.license is None:
        link.status = "parent unknown"
        link.reasons.append(f"{parent_id} declares no license")
        return link
    c, p = resolve_declared(lib, [child.license]), resolve_declared(lib, [parent.license])
    for who, r in (("child", c), ("parent", p)):
        if r.missing:
            m = r.missing[0]
            link.status = UNRECOGNISED if m.reason == UNRECOGNISED else NO_SPEC
            link.reasons.append(f"the {who}'s license {m.text!r}: "
                                + ("cannot be read as a license" if m.reason == UNRECOGNISED
                                   else "the library has no spec for it"))
    if link.reasons:
        return link
    vocab_rel = vocab_relation(lib, rel)
    key = (c.alternatives, vocab_rel)
    if key not in judges:
        judges[key] = Judge(lib, c, Context(("distribute",), (vocab_rel,),
                                            readings=readings or {}), settings,
                            explain=explain)
    j = judges[key]
    verdict = j.judge(p)
    link.verdict = verdict.verdict
    if rel is None:
        link.reasons.append("no relation given: read as fine_tune")
    elif rel.lower() == "adapter":
        link.reasons.append("adapter read as fine_tune (a derivative trained on the base)")
    elif vocab_rel == "fine_tune" and rel.lower() not in RELATION_MAP:
        link.reasons.append(f"relation {rel!r} is not in the vocabulary: read as fine_tune")
    for lv in verdict.leaves:
        for out in c.leaves:
            if isinstance(lv.leaf, str):
                link.reasons.append(j.explain(lv.leaf, out).summary if explain
                                    else f"{lv.leaf} → {out}: {j.verdict(lv.leaf, out).value}")
    link.reasons = list(dict.fromkeys(link.reasons))
    return link

