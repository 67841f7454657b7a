"""review(L [, previous]): what a license-review report needs, for a license author before
OSI license review or a compliance team meeting a new vendor license:

- the OSD, criterion by criterion, with witnesses and the readings in play;
- what the license is closest to in the library, by entailment over scenarios: equivalent
  (each entails the other), stricter than (it entails them: whoever follows it follows
  them), looser than — the nearest ones only (none between), each with the scenarios where
  they differ (``diff``); OSI asks whether a new license duplicates an existing one;
- compatibility both ways with the most used licenses (MOST_USED: its sources below);
- with ``previous``: what changed in meaning (``diff``), and which OSD criteria and
  compatibility verdicts changed with it;
- the contested readings its clauses depend on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from liclogic.engine.context import Context
from liclogic.engine.result import CheckResult, Verdict
from liclogic.engine.settings import DeadlineExceeded
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.lang.library import Library, LicenseModel
from liclogic.queries.compat import compat_verdict
from liclogic.queries.diff import diff
from liclogic.queries.entail import entails
from liclogic.queries.osd import osd

# The licenses a review compares a draft with, from two cited sources (tests/test_review.py
# derives the list again from both and checks it):
# - the 13 licenses choosealicense.com lists: its front matter's `hidden: false`, "popular"
#   or filling out the spectrum from strongly conditional to unconditional
#   (tests/data/choosealicense);
# - then those that at least 10 components of the bundled real SBOMs (examples/realworld/sbom,
#   3,343 declarations) declare, most declared first: ISC 141, EPL-1.0 100,
#   LGPL-2.1-or-later 36, CDDL-1.1 24, CDDL-1.0 17.
MOST_USED = ("AGPL-3.0-only", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "BSL-1.0",
             "CC0-1.0", "EPL-2.0", "GPL-2.0-only", "GPL-3.0-only", "LGPL-2.1-only", "MIT",
             "MPL-2.0", "Unlicense",
             "ISC", "EPL-1.0", "LGPL-2.1-or-later", "CDDL-1.1", "CDDL-1.0")


@dataclass
class Neighbours:
    """Where the license sits among the library's by entailment."""

    equivalent: list[str] = field(default_factory=list)
    stricter_than: list[str] = field(default_factory=list)  # nearest looser licenses
    looser_than: list[str] = field(default_factory=list)  # nearest stricter licenses
    differences: dict[str, CheckResult] = field(default_factory=dict)  # id → diff(it, L)
    undecided: list[str] = field(default_factory=list)
    stricter_count: int = 0  # how many library licenses it is stricter than
    looser_count: int = 0


@dataclass
class Change:
    """What changed from the previous draft."""

    previous: str
    diff: CheckResult
    osd: list[tuple[int, str, str, str]]  # criterion, title, before, after (changed only)
    compat: list[tuple[str, str, str, str, str]]  # other, direction, relation, before, after
    osd_before: CheckResult
    reach: list[str]  # relations one draft counts as derivatives and the other does not


@dataclass
class Review:
    license: LicenseModel
    osd: CheckResult
    neighbours: Neighbours
    compat_into: dict[str, Verdict]  # L's work into a work under X
    compat_from: dict[str, Verdict]  # X's work into a work under L
    readings: list[tuple[str, str | None]]  # the readings its clauses refer to, with docs
    change: Change | None = None


NEAREST_POOL = 10  # candidates compared pairwise for "nearest", the most alike first


def signature(lic: LicenseModel) -> frozenset[tuple[str, str]]:
    """What a license's clauses name, by kind (grants of use, duty notice, reach distill…):
    a cheap likeness to choose which candidates to compare pairwise."""
    from liclogic.lang import clause_kinds

    out = set()
    for sc in lic.clauses:
        kind = clause_kinds.kind_of(sc.clause)
        value = getattr(sc.clause, kind.field)
        names = ("any",) if value is None else tuple(str(v) for v in value)
        out |= {(kind.keyword, n) for n in names}
    return frozenset(out)


def _alike(lic: LicenseModel, lib: Library, ids: list[str]) -> list[str]:
    mine = signature(lic)

    def score(x: str) -> float:
        theirs = signature(lib.get(x))
        return len(mine & theirs) / max(1, len(mine | theirs))

    return sorted(ids, key=lambda x: (-score(x), x))


class _Entailments:
    """Entailment answers, each asked once."""

    def __init__(self, lib: Library, settings: SolverSettings) -> None:
        self.lib, self.settings = lib, settings
        self.known: dict[tuple[str, str], bool | None] = {}

    def __call__(self, stronger: str, weaker: str) -> bool | None:
        key = (stronger, weaker)
        if key not in self.known:
            self.known[key] = entails(self.lib, stronger, weaker,
                                      settings=self.settings).holds
        return self.known[key]


def _nearest(found: list[str], looser: bool, holds: _Entailments) -> list[str]:
    """Of the licenses L entails (``looser``: those that entail L), the nearest: none of the
    others lies between L and it."""
    out = []
    for x in found:
        # y strictly between L and x (an equivalent of x is not between)
        between = any(y != x and ((holds(y, x) and not holds(x, y)) if looser else
                                  (holds(x, y) and not holds(y, x))) for y in found)
        if not between:
            out.append(x)
    return out


def neighbours(lib: Library, lic: LicenseModel, candidates: list[str] | None = None,
               settings: SolverSettings = DEFAULT_SETTINGS) -> Neighbours:
    n = Neighbours()
    holds = _Entailments(lib, settings)
    pool = candidates if candidates is not None else [
        i for i in lib.licenses if " WITH " not in i and lib.licenses[i].kind != "exception"]
    stricter, looser = [], []
    for other in pool:
        if other == lic.id:
            continue
        try:
            down, up = holds(lic.id, other), holds(other, lic.id)
        except DeadlineExceeded:
            n.undecided.append(other)
            continue
        if down is None or up is None:
            n.undecided.append(other)
        elif down and up:
            n.equivalent.append(other)
        elif down:
            stricter.append(other)
        elif up:
            looser.append(other)
    n.stricter_count, n.looser_count = len(stricter), len(looser)
    # nearest among the most alike (pairwise entailment over all would be quadratic)
    n.stricter_than = _nearest(_alike(lic, lib, stricter)[:NEAREST_POOL], True, holds)
    n.looser_than = _nearest(_alike(lic, lib, looser)[:NEAREST_POOL], False, holds)
    for other in [*n.equivalent, *n.stricter_than, *n.looser_than][:4]:
        n.differences[other] = diff(lib, other, lic.id, settings)
    return n


def _criteria(r: CheckResult) -> dict[int, tuple[str, str]]:
    return {c["number"]: (c["title"], c["verdict"]) for c in r.extra.get("criteria", [])}


def review(lib: Library, name: str, previous: str | None = None,
           candidates: list[str] | None = None, most_used: tuple[str, ...] = MOST_USED,
           settings: SolverSettings = DEFAULT_SETTINGS) -> Review:
    lic = lib.get(name)
    result = osd(lib, lic.id, None, settings)
    others = [lib.canonical(x) for x in most_used if x in lib and lib.canonical(x) != lic.id]
    into = {x: compat_verdict(lib, lic.id, x, settings=settings) for x in others}
    from_ = {x: compat_verdict(lib, x, lic.id, settings=settings) for x in others}
    readings = [(r, lib.vocab.readings[r].doc if r in lib.vocab.readings else None)
                for r in sorted(lic.readings)]
    rv = Review(lic, result, neighbours(lib, lic, candidates, settings), into, from_, readings)
    if previous is not None:
        old = lib.get(previous)
        before = osd(lib, old.id, None, settings)
        was, now = _criteria(before), _criteria(result)
        changed_osd = [(k, now[k][0], was[k][1], now[k][1]) for k in sorted(now)
                       if k in was and was[k][1] != now[k][1]]
        delta = diff(lib, old.id, lic.id, settings)
        reach = [d["subject"] for d in delta.extra.get("differences", [])
                 if d.get("aspect") == "reach"]
        rv.change = Change(old.id, delta, changed_osd,
                           _compat_changes(lib, old.id, lic.id, others, reach, settings),
                           before, reach)
    return rv


def _compat_changes(lib: Library, old: str, new: str, others: list[str], reach: list[str],
                    settings: SolverSettings) -> list[tuple[str, str, str, str, str]]:
    """Compatibility verdicts that differ between the drafts: in compat's default context
    (a work combined into a larger one), and for each relation whose reach changed (a
    distilled model, say), where the change of reach shows."""
    out = []
    contexts: list[tuple[str, Context | None]] = [("", None)]
    contexts += [(r, Context(relations=(r,))) for r in reach]
    for relation, ctx in contexts:
        for x in others:
            if x == old:
                continue
            for direction, (b, a) in (("into", ((old, x), (new, x))),
                                      ("from", ((x, old), (x, new)))):
                before = compat_verdict(lib, *b, ctx, settings)
                after = compat_verdict(lib, *a, ctx, settings)
                if before != after:
                    out.append((x, direction, relation, before.value, after.value))
    return out
