"""What a check returns: a verdict, the clauses that decide it, witnesses, and the readings it
depends on. ``to_json`` gives the stable --json schema (docs/json.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def value_text(value: Any) -> str:
    """A field value as people write it: true / 700,000,001 / military."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class Verdict(StrEnum):
    YES = "yes"
    NO = "no"
    DEPENDS = "depends"
    UNKNOWN = "unknown"

    @property
    def exit_code(self) -> int:
        return {"yes": 0, "no": 1, "depends": 3, "unknown": 4}[self.value]


def merge_verdicts(verdicts: list[Verdict]) -> Verdict:
    """The verdict over a union of cases: the common one, else unknown if any case is unknown,
    else depends."""
    kinds = set(verdicts)
    if len(kinds) == 1:
        return verdicts[0]
    if Verdict.UNKNOWN in kinds:
        return Verdict.UNKNOWN
    return Verdict.DEPENDS


def best_of(verdicts: list[Verdict]) -> Verdict:
    """The verdict of a choice among alternatives (an SPDX OR): the best one on offer."""
    for v in (Verdict.YES, Verdict.DEPENDS, Verdict.UNKNOWN):
        if v in verdicts:
            return v
    return Verdict.NO


def all_of(verdicts: list[Verdict]) -> Verdict:
    """The verdict of a conjunction of independent checks (e.g. the OSD's ten criteria)."""
    if Verdict.NO in verdicts:
        return Verdict.NO
    if Verdict.UNKNOWN in verdicts:
        return Verdict.UNKNOWN
    if Verdict.DEPENDS in verdicts:
        return Verdict.DEPENDS
    return Verdict.YES


@dataclass(frozen=True)
class Because:
    """A clause that decides a verdict, with its citation and where it is written."""

    license: str
    clause: str
    cite: str
    quote: str | None
    at: str
    role: str = ""  # what the clause does in this verdict, in words

    def to_json(self) -> dict[str, Any]:
        d = {"license": self.license, "clause": self.clause, "cite": self.cite, "at": self.at}
        if self.quote:
            d["quote"] = self.quote
        if self.role:
            d["role"] = self.role
        return d


@dataclass(frozen=True)
class Witness:
    """A concrete scenario (replayed through the reference evaluator) that shows one side."""

    label: str
    scenario: dict[str, Any]
    pair: dict[str, Any] | None = None  # the other scenario of a relational witness
    readings: dict[str, bool] = field(default_factory=dict)
    text: str = ""  # the scenario in plain words, for people

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"label": self.label, "scenario": self.scenario}
        if self.pair is not None:
            d["versus"] = self.pair
        if self.readings:
            d["readings"] = self.readings
        if self.text:
            d["text"] = self.text
        return d


@dataclass
class ReadingInfo:
    name: str
    assumed: bool | None  # fixed by --reading / --no-reading, or None when left open
    decisive: bool  # the verdict differs between the reading on and off
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # "on" / "off" → verdict
    doc: str | None = None
    label: str | None = None  # the question in plain words

    def to_json(self) -> dict[str, Any]:
        return {
            "assumed": self.assumed,
            "decisive": self.decisive,
            "verdicts": {k: v.value for k, v in self.verdicts.items()},
        }


@dataclass
class CheckResult:
    check: str
    verdict: Verdict
    summary: str
    because: list[Because] = field(default_factory=list)
    witnesses: list[Witness] = field(default_factory=list)
    readings: dict[str, ReadingInfo] = field(default_factory=dict)
    subject: dict[str, Any] = field(default_factory=dict)  # inbound / outbound / license / …
    extra: dict[str, Any] = field(default_factory=dict)  # check-specific fields (criteria, …)
    context: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # e.g. deprecated SPDX ids read as current

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"check": self.check, **self.subject, "verdict": self.verdict.value,
                             "summary": self.summary}
        d.update(self.extra)
        d["because"] = [b.to_json() for b in self.because]
        d["witnesses"] = [w.to_json() for w in self.witnesses]
        d["readings"] = {k: v.to_json() for k, v in self.readings.items()}
        if self.context:
            d["context"] = self.context
        if self.warnings:
            d["warnings"] = self.warnings
        return d
