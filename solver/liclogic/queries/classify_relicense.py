"""A copyleft is no stronger than the weakest license the licensee may move a modified version
to. The FSF's entries for the EUPL (gnu.org/licenses/license-list.html#EUPL-1.2): "By itself,
it has a copyleft comparable to the GPL's ... However, it gives recipients ways to relicense
the work under the terms of other selected licenses, and some of those—the Eclipse Public
License in particular—only provide a weaker copyleft. Thus, developers can't rely on this
license to provide a strong copyleft." It is the logic that keeps the Artistic licenses
permissive: where the licensee may choose, the weakest option is what the license asks.

The step counts where the licensee can take it alone: a modified version distributed,
combined with code of the licensee's own under the target license (the FSF's two-step
relicensing: "you need to first write a piece of code which you can license under the CeCILL
v2 ... and add it to the program"). A compatibility clause that bars its offer to the sole
copyright holder of that code (LiLiQ §4.2, ``not combined_with_own_code``) does not count.
Only relicensing that replaces the work's terms counts (AGPL-3.0 §13 and MPL-2.0 §3.3 keep
them). The closure is the library's: each license carries the relicensing its chains reach
(``lang/relicense_chain.py``), each step cited; a target is taken by itself (its own clauses,
no relicensing of its own), so the weakest is over the whole closure without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from liclogic.engine import evaluate as ev
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import Value

# From the weakest copyleft (none) to the strongest; a step moves a copyleft down this scale
# only (a relicensing to a stronger copyleft, LGPL §3 to the GPL, changes nothing).
STRENGTH = ("public-domain", "permissive", "weak-copyleft-file", "weak-copyleft-library",
            "strong-copyleft", "network-copyleft")
COPYLEFT = STRENGTH[2:]
# where the step is taken: a modified version distributed, combined with the licensee's own
# code under the target license
STEP_SCENARIO: dict[str, Value] = {"act": "distribute", "relation": "modified",
                                   "combined_with_own_code": True}


@dataclass(frozen=True)
class Relicensed:
    """The relicensing step that decides the category: the weakest license reachable."""

    target: str
    category: str  # the target's category, by itself
    by_itself: str  # the license's own category, without the step
    section: str | None  # the step's citation (a chain: every step, "§5, then EUPL-1.2 §5")
    quote: str | None
    at: str

    def says(self, lid: str) -> str:
        where = f"{lid} {self.section}" if self.section else lid
        return (f"by itself {self.by_itself}, but {where} lets a modified version go under "
                f"{self.target} ({self.category}): its copyleft is no stronger than that")

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "target_category": self.category,
                "by_itself": self.by_itself, "section": self.section, "quote": self.quote,
                "at": self.at}


def step_scenario(lib: Library) -> ev.Scenario | None:
    vocab = lib.vocab
    if any(p not in vocab.fields for p in STEP_SCENARIO):
        return None  # a vocabulary without these fields: no step to take
    return ev.default_scenario(vocab, **STEP_SCENARIO)


def weakest_step(lib: Library, lic: LicenseModel, category: str,
                 category_of: dict[str, str]) -> Relicensed | None:
    """The relicensing that takes a copyleft furthest down ``STRENGTH`` (None: none does).
    ``category_of`` gives each target's own category (by itself)."""
    if category not in COPYLEFT:
        return None
    s = step_scenario(lib)
    if s is None:
        return None
    best: Relicensed | None = None
    rank = STRENGTH.index(category)
    for sc in lic.relicensing():
        c = sc.clause
        if c.keeps_terms or not ev.applies(c, lic, s):
            continue
        for target in c.targets:
            got = category_of.get(target)
            if got not in STRENGTH or STRENGTH.index(got) >= rank:
                continue
            rank = STRENGTH.index(got)
            best = Relicensed(target, got, category, c.cite.section if c.cite else None,
                              c.cite.quote if c.cite else None, sc.at)
    return best
