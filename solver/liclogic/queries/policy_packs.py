"""Organisation policy packs (``--policy asf|google|osi-fsf``): an organisation's licensing
policy as rules over the categories ``classify`` derives, with the organisation's own
per-license lists kept beside them as expectations (tests/test_policy_packs.py shows where the
rules and the lists differ, and why).

A policy answer is never the law: it says what the organisation lets its projects do, names
the rule that decided it, and leaves the licenses' own verdict (``compat``) beside it.
The packs are data files bundled with liclogic (``queries/policies/*.yml``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from liclogic.engine.result import Verdict
from liclogic.errors import LiclogicError, did_you_mean
from liclogic.lang.library import Library
from liclogic.queries.classify import Cited, Classification, classify

PACKS = Path(__file__).parent / "policies"
NOT_LAW = "a policy, not the law"


@dataclass(frozen=True)
class Condition:
    """What the organisation asks of an inclusion its outcome allows (ASF Category B: the
    inclusion labelled), in plain words and in the organisation's own."""

    what: str
    quote: str

    def to_json(self) -> dict[str, str]:
        return {"what": self.what, "quote": self.quote}


@dataclass(frozen=True)
class Outcome:
    name: str
    verdict: Verdict
    says: str
    when_form: tuple[str, ...] = ()  # the verdict holds in these forms only …
    otherwise: Verdict | None = None  # … and this one in the others
    requires: tuple[Condition, ...] = ()  # listed with every answer that is not a no

    def verdict_for(self, form: str | None) -> Verdict:
        if not self.when_form or self.otherwise is None:
            return self.verdict
        if form is None:
            return Verdict.DEPENDS
        return self.verdict if form in self.when_form else self.otherwise


@dataclass(frozen=True)
class PackRule:
    id: str
    outcome: str
    says: str
    category: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()  # any of them holds ("not:NAME": it does not)
    base_category: tuple[str, ...] = ()

    def matches(self, c: Classification) -> bool:
        def holds(name: str) -> bool:
            if name.startswith("not:"):
                a = c.answers.get(name[4:])
                return a is not None and a.holds is False
            return c.holds(name)

        return ((not self.category or c.category in self.category)
                and (not self.kind or c.kind in self.kind)
                and (not self.flags or any(f.name in self.flags for f in c.flags))
                and (not self.properties or any(holds(p) for p in self.properties))
                and (not self.base_category or c.base_category in self.base_category))


@dataclass(frozen=True)
class Pack:
    name: str
    organisation: str
    title: str
    source: str
    question: str
    outcomes: dict[str, Outcome]
    rules: tuple[PackRule, ...]
    expected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    expected_source: str = ""

    def decide(self, c: Classification) -> PackRule | None:
        return next((r for r in self.rules if r.matches(c)), None)


def pack_names() -> list[str]:
    return sorted(p.stem for p in PACKS.glob("*.yml"))


@functools.cache
def load_pack(name: str) -> Pack:
    """A bundled pack by name; an unknown name is an error with the nearest names."""
    names = pack_names()
    if name not in names:
        raise LiclogicError(f"unknown policy pack {name!r}",
                            hint=did_you_mean(name, names) or "packs: " + ", ".join(names))
    raw = yaml.safe_load((PACKS / f"{name}.yml").read_text(encoding="utf-8"))
    outcomes = {k: Outcome(k, Verdict(v["verdict"]), v["says"], tuple(v.get("when_form", ())),
                           Verdict(v["otherwise"]) if "otherwise" in v else None,
                           tuple(Condition(" ".join(c["what"].split()),
                                           " ".join(c["quote"].split()))
                                 for c in v.get("requires") or ()))
                for k, v in raw["outcomes"].items()}
    rules = tuple(PackRule(r["id"], r["outcome"], " ".join(r["says"].split()),
                           *(tuple(r.get(k, ())) for k in
                             ("category", "kind", "flags", "properties", "base_category")))
                  for r in raw["rules"])
    exp = dict(raw.get("expected") or {})
    source = " ".join(str(exp.pop("source", "")).split())
    return Pack(raw["name"], raw["organisation"], raw["title"], raw["source"],
                raw["question"], outcomes, rules,
                {k: tuple(v) for k, v in exp.items()}, source)


@dataclass(frozen=True)
class PolicyAnswer:
    pack: Pack
    license: str
    outcome: Outcome | None
    rule: PackRule | None
    verdict: Verdict
    classification: Classification

    @property
    def headline(self) -> str:
        if self.outcome is None or self.rule is None:
            return (f"{self.pack.title} has no rule for {self.license} "
                    f"({self.classification.category}): unknown ({NOT_LAW})")
        return (f"By the {self.pack.title} ({NOT_LAW}): {self.license} is "
                f"{self.outcome.says}. Rule {self.rule.id}: {self.rule.says}.")

    @property
    def evidence(self) -> tuple[Cited, ...]:
        """The clauses behind the deciding rule: those of the properties and flags it names
        that hold, else those of the category's own reasons."""
        c, rule = self.classification, self.rule
        named = [*(rule.properties if rule else ()), *(rule.flags if rule else ())]
        held = [c.answers[n] for n in named if not n.startswith("not:") and c.holds(n)]
        answers = held or [a for a in c.reasons if a.holds]
        return tuple(dict.fromkeys(x for a in answers for x in a.clauses))

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """What the organisation asks of the inclusion, where the answer is not a no."""
        if self.outcome is None or self.verdict == Verdict.NO:
            return ()
        return self.outcome.requires

    def to_json(self) -> dict[str, Any]:
        return {"policy": self.pack.name, "organisation": self.pack.organisation,
                "title": self.pack.title, "source": self.pack.source, "note": NOT_LAW,
                "question": self.pack.question, "license": self.license,
                "outcome": self.outcome.name if self.outcome else None,
                "verdict": self.verdict.value, "rule": self.rule.id if self.rule else None,
                "rule_says": self.rule.says if self.rule else None,
                "conditions": [x.to_json() for x in self.conditions],
                "category": self.classification.category,
                "evidence": [x.to_json() for x in self.evidence],
                "classification": self.classification.to_json()}


def policy_answer(lib: Library, pack: Pack, name: str, form: str | None = None
                  ) -> PolicyAnswer:
    """What the pack says of a work under ``name`` (in ``form``, when the outcome depends on
    it: Category B in binary form only)."""
    c = classify(lib, name)
    rule = pack.decide(c)
    outcome = pack.outcomes[rule.outcome] if rule else None
    verdict = outcome.verdict_for(form) if outcome else Verdict.UNKNOWN
    return PolicyAnswer(pack, c.license, outcome, rule, verdict, c)
