"""The inventory: the components a real input lists, each with its declared licenses.

Readers (``liclogic.inputs.read`` picks one by content) build an ``Inventory``; ``scan``
judges each ``Component`` against the project's outbound license.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from liclogic.inputs.normalize import Normalized

NOT_SHIPPED = {  # CycloneDX 1.7 §scope; SPDX 2.3 §11 relationship types, SPDX 3 lifecycle scopes
    "optional": "scope optional: not installed or reachable at run time",
    "excluded": "scope excluded: not part of what runs (tests, build tools)",
    "service": "a service the project calls, not distributed with it",
    "dev": "a development dependency or tool: not part of what is shipped",
    "test": "a test dependency or tool: not part of what is shipped",
    "build": "a build dependency or tool: not part of what is shipped",
    "provided": "a dependency the running environment provides: not shipped with the project",
}


@dataclass
class Component:
    name: str
    version: str | None
    declared: list[Normalized]  # one entry per license the input lists
    op: str = "AND"  # how several declarations combine
    ref: str | None = None  # purl or bom-ref
    kind: str = "library"
    note: str | None = None  # e.g. "no license declared", "not installed"
    scope: str | None = None  # CycloneDX: required / optional / excluded; "service"
    basis: str | None = None  # what the licenses are: declared / concluded / evidence
    line: int | None = None  # where the input lists it (1-based), when known
    copyright: str | None = None  # the SBOM's copyright text (CycloneDX copyright, SPDX
    # copyrightText), verbatim; None when the SBOM does not state one
    replaced: list[str] = field(default_factory=list)  # the licenses the input declares
    # that its concluded ones replace (CycloneDX acknowledgement: declared), verbatim
    evidence: list[str] = field(default_factory=list)  # what an analysis found (CycloneDX
    # evidence.licenses) beside declared or concluded licenses that differ from it, verbatim
    attribution: list[str] = field(default_factory=list)  # attribution notices the input
    # carries (SPDX attributionText, a Python package's NOTICE file): what a NOTICE-file
    # duty (Apache-2.0 §4(d)) asks to be passed on, verbatim

    @property
    def shipped(self) -> bool:
        """Distributed with the project: not an optional or excluded component (CycloneDX
        scope: not installed, or a test or build tool), nor a service it calls."""
        return self.scope not in NOT_SHIPPED

    @property
    def not_shipped_reason(self) -> str | None:
        return NOT_SHIPPED.get(self.scope or "")

    @property
    def declared_text(self) -> str:
        return "; ".join(d.raw for d in self.declared)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}" if self.version else self.name


@dataclass
class Inventory:
    format: str  # "CycloneDX 1.2", "SPDX-2.3", "python environment", …
    source: str
    components: list[Component] = field(default_factory=list)
    project: Component | None = None  # the thing the inventory describes, when it says
    list_op: str = "AND"
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # the library's parsed document, where the reader has it whole (SPDX 2: spdx-tools'
    # Document), for writing it back (scan --annotate)
    document: Any = field(default=None, repr=False, compare=False)


Known = frozenset[str]


def ref_lines(text: str, pattern: str) -> dict[str, int]:
    """Where an input names each reference (1-based line of its first mention), found in one
    pass: the component a finding points at (SARIF). ``pattern`` captures the reference."""
    import re

    out: dict[str, int] = {}
    line, pos = 1, 0
    for m in re.finditer(pattern, text):
        ref = m.group(m.lastindex or 0)  # the one group that matched
        if ref not in out:
            start = m.start()
            line += text.count("\n", pos, start)
            pos = start
            out[ref] = line
    return out
