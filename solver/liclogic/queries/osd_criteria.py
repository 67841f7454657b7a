"""The Open Source Definition's ten criteria as data: each a list of requirements of three
kinds — ``Exists`` (some permitted scenario has one of these shapes), ``Never`` (no scenario
of this shape carries a duty with this vocabulary tag), ``Invariant`` (scenarios that differ
only in a group of fields are treated alike). ``liclogic.queries.osd`` turns each into a
solver question; adding a criterion, or a requirement to one, is one row here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from liclogic.lang.vocabulary import ACT, RELATION

STRICT_OSD = "strict-osd"
Shape = dict[str, tuple[str | bool, ...]]  # field → allowed values


@dataclass(frozen=True)
class Exists:
    """Some permitted scenario has one of the shapes. ``own_part``: the work's own copy in
    that scenario (the same act on the work itself) must be permitted too — as for a
    component of an aggregate, which is still a copy of the work."""

    text: str
    shapes: tuple[Shape, ...]
    own_part: bool = False


@dataclass(frozen=True)
class Never:
    """No scenario of the shape carries a duty of a kind with this vocabulary tag."""

    text: str
    shape: Shape
    tag: str


@dataclass(frozen=True)
class Invariant:
    """Scenarios differing only in the fields of ``vary`` (a vocabulary group or one field)
    are treated alike. ``duties``: "strict" — differing duties count under strict-osd;
    "none" — only permission counts; "added" — the right side may not lose permission or
    gain a duty."""

    text: str
    vary: str
    left: Shape = field(default_factory=dict)
    right: Shape = field(default_factory=dict)
    duties: str = "strict"


Requirement = Exists | Never | Invariant


@dataclass(frozen=True)
class Criterion:
    number: int
    title: str
    requirements: tuple[Requirement, ...]


REDISTRIBUTE: Shape = {ACT: ("distribute", "sell"), RELATION: ("verbatim", "aggregate")}
IN_AGGREGATE: Shape = {RELATION: ("aggregate",), "bundled": (True,)}

CRITERIA: tuple[Criterion, ...] = (
    # "shall not restrict any party from selling or giving away the software as a component of
    # an aggregate software distribution": the aggregate and the work's own copy in it
    Criterion(1, "Free Redistribution", (
        Exists("selling it as a component of an aggregate is permitted",
               ({ACT: ("sell",), **IN_AGGREGATE},), own_part=True),
        Exists("giving it away as a component of an aggregate is permitted",
               ({ACT: ("distribute",), **IN_AGGREGATE},), own_part=True),
        Never("redistribution carries no royalty or fee", REDISTRIBUTE, "fee"),
    )),
    Criterion(2, "Source Code", (
        Exists("distribution as source is permitted",
               ({ACT: ("distribute",), "form": ("source",)},)),
        Exists("distribution in compiled form is permitted",
               ({ACT: ("distribute",), "form": ("object", "weights")},)),
    )),
    Criterion(3, "Derived Works", (
        Exists("modification is permitted", ({ACT: ("modify",), RELATION: ("modified",)},)),
        # "under the same terms": with the license itself as outbound, same_license is met
        Exists("modified versions may be distributed under the same terms",
               ({ACT: ("distribute",), RELATION: ("modified",)},)),
    )),
    Criterion(4, "Integrity of The Author's Source Code", (
        Exists("modified source, or patches to it, may be distributed",
               ({ACT: ("distribute",), RELATION: ("modified",), "form": ("source",)},
                {ACT: ("distribute",), RELATION: ("patch",)})),
    )),
    Criterion(5, "No Discrimination Against Persons or Groups", (
        Invariant("licensees are treated alike whoever they are", "licensee"),
    )),
    Criterion(6, "No Discrimination Against Fields of Endeavor", (
        Invariant("every field of endeavor is treated alike", "endeavor", duties="none"),
    )),
    Criterion(7, "Distribution of License", (
        Never("recipients need no additional license", {}, "additional_license"),
    )),
    Criterion(8, "License Must Not Be Specific to a Product", (
        Invariant("rights do not depend on the product the work is part of", "product",
                  duties="none"),
    )),
    Criterion(9, "License Must Not Restrict Other Software", (
        Invariant("distributing it alongside other works adds no restriction or duty", RELATION,
                  {RELATION: ("verbatim",)}, {RELATION: ("aggregate",)}, duties="added"),
    )),
    Criterion(10, "License Must Be Technology-Neutral", (
        Invariant("rights do not depend on the interface or style of assent", "interface",
                  duties="none"),
        Never("no click-wrap duty", {}, "click_wrap"),
    )),
)
