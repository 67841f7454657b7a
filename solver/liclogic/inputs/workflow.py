"""ML workflow files (YAML): works, the operations that make new works from them, and a release.

    workflow: fine-tune-and-sell
    works:
      base:   {type: model, license: Apache-2.0}
      corpus: {type: data, license: CC-BY-NC-4.0}
    steps:
      tuned:  {op: fine_tune, base: base, data: corpus}
    release: {work: tuned, as: sell, form: raw, license: Apache-2.0}

Each operation relates each of its inputs to its output by a relation of the vocabulary
(``RELATIONS`` below; the docs table is docs/workflows.md). A work's relation to the released
work is the composition of the relations along its path (``compose``): a dataset combined
into a corpus that trains a model is ``train``; a model whose outputs train another model is
``train_on_outputs``. Helpers — a teacher, a generator, a translator — are inputs like any
other; their relation (distill, output) decides, through each license's ``derivative`` clauses
and the readings, whether their terms reach the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError, did_you_mean
from liclogic.inputs.resolve import Missing, resolve_expression
from liclogic.lang.library import Library

TYPES = ("model", "data", "software", "mix")
FORMS = {"raw": "source", "binary": "object", "service": "service", "source": "source",
         "object": "object", "weights": "weights", "saas": "service"}
RELEASES = {"personal": "use", "share": "distribute", "sell": "sell"}

# op → {role: (relation, output type or None)}; "inputs"/"input" are the primary role.
OPS: dict[str, dict[str, str]] = {
    "copy": {"input": "verbatim"},
    "modify": {"input": "modified"},
    "combine": {"inputs": "static_link"},
    "merge": {"inputs": "merge"},
    "quantize": {"input": "quantize"},
    "train": {"data": "train", "base": "fine_tune"},
    "fine_tune": {"base": "fine_tune", "data": "train"},
    "distill": {"teacher": "distill", "student": "fine_tune", "data": "train"},
    "generate": {"model": "output", "input": "output"},
    "embed": {"data": "embed", "using": "output"},
}
ALIASES = {"amalgamate": "merge", "finetune": "fine_tune", "fine-tune": "fine_tune",
           "concatenate": "combine", "bundle": "combine", "translate": "embed"}
OUTPUT_TYPE = {"train": "model", "fine_tune": "model", "distill": "model", "merge": "model",
               "quantize": "model", "generate": "data", "embed": "data"}
# relations an operation may be told to use instead of its default (``relation:``)
OVERRIDABLE = ("static_link", "dynamic_link", "aggregate", "modified", "embed", "output")

MAX_WAYS = 64  # distinct ways (relation, part, relations met) from one work into another

CONTAINED = frozenset({"modified", "patch", "static_link", "embed", "fine_tune", "merge",
                       "quantize"})
HELPER_ORDER = ("dynamic_link", "train", "output", "distill", "train_on_outputs")


def compose(a: str, b: str) -> str:
    """The relation of a work to W2, when it relates to W1 by ``a`` and W1 to W2 by ``b``."""
    if a == "verbatim":
        return b
    if b == "verbatim":
        return a
    if b == "aggregate":
        return "aggregate"
    if a == "aggregate":
        return b
    if a in CONTAINED:
        return a if b in CONTAINED else b
    if b in CONTAINED:  # a is a helper relation: the product is carried along
        return a
    if a == "output" and b in ("train", "distill"):
        return "train_on_outputs"
    return max(a, b, key=lambda r: HELPER_ORDER.index(r) if r in HELPER_ORDER else -1)


@dataclass(frozen=True)
class Work:
    id: str
    name: str
    type: str
    license: str | None  # None: an intermediate without a license of its own
    form: str = "source"


@dataclass(frozen=True)
class Edge:
    source: str  # the input work's id
    relation: str
    role: str


@dataclass(frozen=True)
class Step:
    id: str
    op: str
    inputs: tuple[Edge, ...]
    work: Work


@dataclass(frozen=True)
class Release:
    work: str
    kind: str  # personal / share / sell
    act: str  # use / distribute / sell / host
    form: str  # source / object / weights / service
    commercial: bool
    license: str | None
    facts: dict[str, Any] = field(default_factory=dict)
    readings: dict[str, bool] = field(default_factory=dict)


@dataclass
class Workflow:
    name: str
    source: str
    works: dict[str, Work]  # leaves and step outputs
    steps: dict[str, Step]
    release: Release
    description: str = ""
    expect: dict[str, Any] = field(default_factory=dict)  # optional: what the author expects

    @property
    def leaves(self) -> list[Work]:
        return [w for w in self.works.values() if w.id not in self.steps]

    def ways(self, leaf: str, target: str, limit: int = MAX_WAYS) -> tuple[list[Way], bool]:
        """The distinct ways from ``leaf`` into ``target``: the relation composed along a
        path, the relation of the part holding the leaf, and the relations met on the way —
        one example path each. Computed over the DAG, node by node in topological order
        (a chain of n diamonds has 2^n paths but a few ways); at most ``limit`` ways per
        node, and True when some were left out."""
        out_edges: dict[str, list[tuple[str, str]]] = {}
        for s in self.steps.values():
            for e in s.inputs:
                out_edges.setdefault(e.source, []).append((s.id, e.relation))
        start: Way = Way("verbatim", "verbatim", (), (leaf,))
        found: dict[str, dict[tuple[str, str, frozenset[str]], Way]] = {
            leaf: {start.key: start}}
        truncated = False
        for node in _topological(leaf, out_edges):
            for way in list(found.get(node, {}).values()):
                for sid, r in out_edges.get(node, ()):
                    if r == "aggregate":
                        part = way.relation if way.relation != "aggregate" else way.part
                        rel = "aggregate"
                    else:
                        rel = part = compose(way.relation, r)
                    nxt = Way(rel, part, (*way.steps, rel), (*way.path, sid))
                    here = found.setdefault(sid, {})
                    if nxt.key in here:
                        continue
                    if len(here) >= limit:
                        truncated = True
                        continue
                    here[nxt.key] = nxt
        return list(found.get(target, {}).values()), truncated


@dataclass(frozen=True)
class Way:
    """One way a work goes into another: see ``Workflow.ways``."""

    relation: str
    part: str
    steps: tuple[str, ...]  # the composed relation at each step
    path: tuple[str, ...]  # work ids, the input first

    @property
    def key(self) -> tuple[str, str, frozenset[str]]:
        return (self.relation, self.part, frozenset(self.steps))


def _topological(leaf: str, out_edges: dict[str, list[tuple[str, str]]]) -> list[str]:
    """The nodes reachable from ``leaf``, each before every node it feeds (no recursion)."""
    order: list[str] = []
    seen = {leaf}
    stack: list[tuple[str, int]] = [(leaf, 0)]
    while stack:
        node, i = stack.pop()
        edges = out_edges.get(node, [])
        if i < len(edges):
            stack.append((node, i + 1))
            nxt = edges[i][0]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, 0))
        else:
            order.append(node)
    return order[::-1]


# ------------------------------------------------------------------ loading


def load_workflow(path: Path) -> Workflow:
    from liclogic.inputs.read import load_yaml, read_text

    return workflow_from(load_yaml(path, read_text(path), "workflow"), str(path))


def workflow_from(data: Any, source: str) -> Workflow:
    from liclogic.inputs.read import unexpected_shape

    with unexpected_shape(source):
        return _workflow_from(data, source)


def _workflow_from(data: Any, source: str) -> Workflow:
    def err(msg: str, hint: str | None = None) -> LiclogicError:
        return LiclogicError(f"{source}: {msg}", hint=hint)

    if not isinstance(data, dict):
        raise err("a workflow is a YAML mapping with works:, steps: and release:")
    known = ("workflow", "description", "source", "works", "steps", "release", "expect")
    for k in data:
        if k not in known:
            raise err(f"unknown key {k!r}", did_you_mean(str(k), known))
    works: dict[str, Work] = {}
    raw_works = data.get("works")
    if not isinstance(raw_works, dict) or not raw_works:
        raise err("works: must map work ids to {type:, license:}")
    for wid, w in raw_works.items():
        if isinstance(w, str):
            w = {"license": w}
        if not isinstance(w, dict):
            raise err(f"work {wid!r}: expected {{type:, license:, form:}}")
        works[str(wid)] = _work(str(wid), w, err, leaf=True)
    steps: dict[str, Step] = {}
    raw_steps = data.get("steps") or {}
    if isinstance(raw_steps, list):  # a list of steps with id:
        raw_steps = {str(s.get("id")): s for s in raw_steps if isinstance(s, dict)}
    if not isinstance(raw_steps, dict):
        raise err("steps: must map step ids to {op:, …}")
    for sid, s in raw_steps.items():
        sid = str(sid)
        if sid in works:
            raise err(f"step {sid!r} has the id of a work", "give it another id")
        if not isinstance(s, dict) or "op" not in s:
            raise err(f"step {sid!r}: expected {{op: …, inputs: …}}",
                      "ops: " + ", ".join(OPS))
        op = ALIASES.get(str(s["op"]), str(s["op"]))
        if op not in OPS:
            raise err(f"step {sid!r}: unknown op {s['op']!r}",
                      did_you_mean(str(s["op"]), [*OPS, *ALIASES]) or "ops: " + ", ".join(OPS))
        roles = OPS[op]
        edges: list[Edge] = []
        override = s.get("relation")
        if override is not None and override not in OVERRIDABLE:
            raise err(f"step {sid!r}: relation {override!r} cannot replace {op}'s",
                      "one of: " + ", ".join(OVERRIDABLE))
        input_rel = s.get("input_relation")
        for key, value in s.items():
            if key in ("op", "relation", "input_relation", "type", "form", "name", "license",
                       "note"):
                continue
            role = "inputs" if key in ("inputs", "input") and (
                "inputs" in roles or "input" in roles) else key
            if role == "inputs" and "inputs" not in roles:
                role = "input"
            if role not in roles:
                raise err(f"step {sid!r}: {op} takes no {key!r}",
                          f"{op} takes: " + ", ".join(roles))
            rel = roles[role]
            if override is not None and role in ("inputs", "input", "data") and op in (
                    "combine", "copy", "modify", "embed"):
                rel = override
            if input_rel is not None and op == "generate" and role == "input":
                rel = str(input_rel)
            for src in value if isinstance(value, list) else [value]:
                src = str(src)
                if src not in works and src not in raw_steps:
                    raise err(f"step {sid!r}: {src!r} is neither a work nor a step",
                              did_you_mean(src, [*works, *raw_steps]))
                edges.append(Edge(src, rel, role))
        if not edges:
            raise err(f"step {sid!r}: {op} needs inputs", f"{op} takes: " + ", ".join(roles))
        steps[sid] = Step(sid, op, tuple(edges), _step_work(sid, op, s, edges, works, raw_steps,
                                                            err))
        works[sid] = steps[sid].work
    _check_acyclic(steps, err)
    release = _release(data.get("release"), works, err)
    return Workflow(str(data.get("workflow") or Path(source).stem), source, works, steps,
                    release, str(data.get("description") or "").strip(),
                    dict(data.get("expect") or {}))


def _work(wid: str, w: dict, err, leaf: bool) -> Work:
    for k in w:
        if k not in ("name", "type", "license", "form", "note", "url"):
            raise err(f"work {wid!r}: unknown key {k!r}",
                      did_you_mean(str(k), ("name", "type", "license", "form")))
    typ = str(w.get("type", "data" if leaf else "mix"))
    if typ not in TYPES:
        raise err(f"work {wid!r}: type {typ!r} is not one of {', '.join(TYPES)}")
    lic = w.get("license")
    if leaf and not lic:
        raise err(f"work {wid!r} has no license", "give license: SPDX-EXPRESSION")
    form = str(w.get("form", "raw"))
    if form not in FORMS:
        raise err(f"work {wid!r}: form {form!r} is not one of raw, binary, service")
    return Work(wid, str(w.get("name") or wid), typ, str(lic) if lic else None, FORMS[form])


def _step_work(sid: str, op: str, s: dict, edges: list[Edge], works: dict[str, Work],
               raw_steps: dict, err) -> Work:
    typ = s.get("type") or OUTPUT_TYPE.get(op)
    if typ is None:
        kinds = {works[e.source].type if e.source in works else "mix" for e in edges}
        typ = kinds.pop() if len(kinds) == 1 else "mix"
    return _work(sid, {"name": s.get("name") or sid, "type": typ, "form": s.get("form", "raw"),
                       "license": s.get("license")}, err, leaf=False)


def _check_acyclic(steps: dict[str, Step], err) -> None:
    """A cycle among the steps is an error naming it (a depth-first walk, without
    recursion: a workflow may be thousands of steps deep)."""
    state: dict[str, int] = {}
    for root in steps:
        if state.get(root):
            continue
        trail: list[str] = []
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            n, i = stack.pop()
            if i == 0:
                if state.get(n) == 1:
                    raise err("the steps form a cycle: " + " → ".join(
                        [*trail[trail.index(n):], n]))
                if state.get(n) == 2 or n not in steps:
                    continue
                state[n] = 1
                trail.append(n)
            inputs = steps[n].inputs
            if i < len(inputs):
                stack.append((n, i + 1))
                stack.append((inputs[i].source, 0))
            else:
                state[n] = 2
                trail.pop()


def _release(r: Any, works: dict[str, Work], err) -> Release:
    if not isinstance(r, dict):
        raise err("release: must say {work:, as: personal|share|sell, form:, license:}")
    for k in r:
        if k not in ("work", "as", "form", "license", "commercial", "licensee", "readings",
                     "purpose"):
            raise err(f"release: unknown key {k!r}",
                      did_you_mean(str(k), ("work", "as", "form", "license", "commercial")))
    wid = str(r.get("work", ""))
    if wid not in works:
        raise err(f"release: work {wid!r} is not defined", did_you_mean(wid, works))
    kind = str(r.get("as", "share"))
    if kind not in RELEASES:
        raise err(f"release: as {kind!r} is not one of personal, share, sell")
    form_word = str(r.get("form", "raw"))
    if form_word not in FORMS:
        raise err(f"release: form {form_word!r} is not one of raw, binary, service")
    form = FORMS[form_word]
    act = RELEASES[kind]
    if form == "service" and kind != "personal":
        act = "host"
    commercial = bool(r.get("commercial", kind == "sell"))
    facts: dict[str, Any] = {f"licensee.{k}": v for k, v in (r.get("licensee") or {}).items()}
    if r.get("purpose"):
        facts["purpose"] = str(r["purpose"])
    readings = {str(k): bool(v) for k, v in (r.get("readings") or {}).items()}
    lic = r.get("license")
    return Release(wid, kind, act, form, commercial, str(lic) if lic else None, facts, readings)


@dataclass
class Use:
    """One licensed input's way into the release."""

    work: Work
    license: str  # library id
    relation: str  # composed relation of the input to the released work
    part: str  # relation of the input to the part of the release that holds it
    path: list[str]  # work ids, input first
    steps: list[str]  # relation of the input to each work along the path


# ------------------------------------------------------------------ the licensed inputs' ways in


def uses_of(lib: Library, wf: Workflow, pending: list[str], notes: list[str]) -> list[Use]:
    """Every licensed work's ways into the release: one ``Use`` per license and path, its
    relation to the release composed along the path. A license the library cannot decide is
    noted in ``pending``; a choice of licenses (OR) takes the first alternative it can."""
    target = wf.release.work
    out: list[Use] = []
    licensed = [w for w in wf.works.values() if w.license]
    for w in licensed:
        resolved = resolve_expression(lib, w.license or "")
        alts = [a for a in resolved.alternatives if not any(isinstance(x, Missing) for x in a)]
        if not alts:
            for m in resolved.missing:
                pending.append(f"{w.name}: license {m.text} — "
                               + ("the library has no spec for it" if m.reason == "no spec"
                                  else "not a license id or name liclogic can read"))
            continue
        if len(resolved.alternatives) > 1:
            notes.append(f"{w.name}: {resolved.text} is a choice; "
                         f"taking {' AND '.join(map(str, alts[0]))}")
        ways, truncated = wf.ways(w.id, target)
        if truncated:
            pending.append(f"{w.name}: more than {MAX_WAYS} distinct ways into the release; "
                           f"the first {MAX_WAYS} are checked")
        if not ways:
            notes.append(f"{w.name} does not reach the released work {target}")
            continue
        for lic in dict.fromkeys(alts[0]):
            out += [Use(w, str(lic), way.relation, way.part, list(way.path), list(way.steps))
                    for way in ways]
    return out
