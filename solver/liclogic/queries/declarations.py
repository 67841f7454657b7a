"""Licensor declarations: facts the notice of a particular work states, which the license text
leaves to the licensor — EPL-2.0's Secondary License designation (Exhibit A), MPL-2.0's
"Incompatible With Secondary Licenses" notice (Exhibit B), "or (at your option) any later
version", a GPL-3.0 §14 proxy's acceptance of later versions.

A declaration rewrites the license the work is under into what the notice makes of it, as
SPDX writes it (`EPL-2.0 OR GPL-2.0-or-later`, `MPL-2.0-no-copyleft-exception`,
`GPL-2.0-or-later`). ``compat`` with ``--declared KEY=VALUE`` asks about the rewritten license;
without one, a license whose notice may carry a declaration that changes the verdict answers
`depends` on it, naming the declaration and both sides. An SPDX id that already states the
declaration (`-only`, `-or-later`, `MPL-2.0-no-copyleft-exception`) needs none: only EPL-2.0's
designation has no SPDX id of its own, so it alone is left open by default.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from liclogic.engine.context import Context
from liclogic.engine.result import Because, CheckResult, Verdict
from liclogic.engine.settings import DEFAULT_SETTINGS, SolverSettings
from liclogic.errors import LiclogicError, did_you_mean
from liclogic.lang.expression import Leaf, parse_expression
from liclogic.lang.library import Library


@dataclass(frozen=True)
class Declaration:
    key: str
    licenses: tuple[str, ...]  # the licenses whose notice may state it
    says: str  # what it declares, in plain words
    section: str  # where the license provides for it
    quote: str
    values: tuple[str, ...] = ("true",)  # the values it takes ("true", or license ids)
    open_by_default: bool = False  # undeclared: the answer depends on it


DECLARATIONS: tuple[Declaration, ...] = (
    Declaration("secondary_license", ("EPL-2.0",),
                "the initial Contributor designates a Secondary License (Exhibit A)",
                "§3.2(a)", "the initial Contributor attached to the Source Code the notice "
                "described in Exhibit A of this Agreement, then the Program may be made "
                "available under the terms of such Secondary Licenses",
                ("GPL-2.0-or-later", "GPL-2.0-only WITH Classpath-exception-2.0",
                 "GPL-2.0-or-later WITH Classpath-exception-2.0"), open_by_default=True),
    Declaration("incompatible_with_secondary", ("MPL-2.0",),
                "the notice marks the code Incompatible With Secondary Licenses (Exhibit B)",
                "§1.5", "the initial Contributor has attached the notice described in "
                "Exhibit B to the Covered Software"),
    Declaration("or_later", ("GPL-2.0-only", "GPL-3.0-only", "LGPL-2.1-only", "LGPL-3.0-only",
                             "AGPL-3.0-only", "GFDL-1.3-only"),
                "the notice says \u201cor (at your option) any later version\u201d",
                "§14 (GPL-3.0; GPL-2.0 §9 alike)",
                "If the Program specifies that a certain numbered version of the GNU General "
                "Public License \"or any later version\" applies to it"),
    Declaration("proxy", ("GPL-3.0-only", "LGPL-3.0-only", "AGPL-3.0-only"),
                "a proxy the notice names has accepted later versions (GPL-3.0 §14)", "§14",
                "a proxy can decide which future versions of the GNU General Public License "
                "can be used"),
)
BY_KEY = {d.key: d for d in DECLARATIONS}


def parse_declared(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``KEY=VALUE`` pairs, checked against the declarations liclogic knows."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if key not in BY_KEY:
            raise LiclogicError(f"unknown declaration {key!r}",
                                hint=did_you_mean(key, BY_KEY) or
                                "declarations: " + ", ".join(BY_KEY))
        d = BY_KEY[key]
        value = value if sep else "true"
        if value not in (*d.values, "none", "false"):
            raise LiclogicError(f"{key} takes {', '.join(d.values)} (or none)",
                                hint=f"e.g. --declared {key}={d.values[0]}")
        out[key] = value
    return out


def declared_license(lib: Library, lid: str, declared: dict[str, str]) -> str:
    """The license expression a work under ``lid`` is under, given its notice's declarations."""
    for key, value in declared.items():
        d = BY_KEY[key]
        if lid not in d.licenses or value in ("none", "false"):
            continue
        if key == "secondary_license":
            return f"{lid} OR {value}"
        if key == "incompatible_with_secondary":
            return "MPL-2.0-no-copyleft-exception"
        if key in ("or_later", "proxy"):
            return lid.replace("-only", "-or-later")
    return lid


def open_declarations(lid: str, declared: dict[str, str]) -> list[Declaration]:
    return [d for d in DECLARATIONS
            if d.open_by_default and lid in d.licenses and d.key not in declared]


def compat_declared(lib: Library, inbound: str, outbound: str, declared: dict[str, str],
                    ctx: Context | None = None, settings: SolverSettings = DEFAULT_SETTINGS,
                    in_sbom: bool = False) -> CheckResult:
    """compat, with the inbound work's declarations applied; a declaration its notice may
    carry and the question leaves open is a `depends` when it changes the verdict.
    ``in_sbom``: the question comes from a scanned inventory, which states a declaration
    in the expression it gives (the hint says how), not with ``--declared``."""
    from liclogic.queries.compat import compat

    parsed = parse_expression(lib, inbound).expression
    if not isinstance(parsed, Leaf):
        return compat(lib, inbound, outbound, ctx, settings)
    lid = parsed.id
    plain = compat(lib, declared_license(lib, lid, declared), outbound, ctx, settings)
    for d in open_declarations(lid, declared):
        sides = [(v, compat(lib, declared_license(lib, lid, {**declared, d.key: v}),
                            outbound, ctx, settings)) for v in d.values]
        differing = [(v, r) for v, r in sides if r.verdict != plain.verdict]
        if not differing:
            continue
        value, other = differing[0]
        summary = (f"Depends on the licensor's declaration: {plain.verdict.value} as the "
                   f"{lid} text stands (no declaration); {other.verdict.value} if "
                   f"{d.says} naming {value} ({lid} {d.section}). "
                   + (f"An SBOM states it as {declared_license(lib, lid, {d.key: value})}."
                      if in_sbom else
                      f"Give --declared {d.key}={value} (or =none) to decide it."))
        because = [Because(lid, f"declaration {d.key}", d.section, d.quote, "<declaration>",
                           role=f"provides for the declaration {d.key}"),
                   *plain.because, *other.because]
        yes_side = other if other.verdict == Verdict.YES else plain
        return replace(plain, verdict=Verdict.DEPENDS, summary=summary, because=because,
                       extra={**plain.extra, "headline": summary, "also": [],
                              "duties": yes_side.extra.get("duties") or [],
                              "declaration": {"key": d.key, "open": True,
                                              "without": plain.verdict.value,
                                              "with": {value: other.verdict.value}}},
                       witnesses=[*plain.witnesses, *other.witnesses])
    if declared:
        rewritten = declared_license(lib, lid, declared)
        plain.extra = {**plain.extra, "declaration": {"declared": declared,
                                                      "reads_as": rewritten}}
        if rewritten != lid:
            note = (f" (read as {rewritten}: the notice's declaration "
                    f"{', '.join(f'{k}={v}' for k, v in declared.items())})")
            plain.summary += note
            if plain.extra.get("headline"):
                plain.extra["headline"] += note
    return plain
