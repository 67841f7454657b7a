"""The inventory: the components a real input lists, each with its declared licenses.

Readers (``liclogic.inputs.read`` picks one by content) build an ``Inventory``; ``scan``
judges each ``Component`` against the project's outbound license.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from liclogic.inputs.normalize import Normalized


@dataclass
class Component:
    name: str
    version: str | None
    declared: list[Normalized]  # one entry per license the input lists
    op: str = "AND"  # how several declarations combine
    ref: str | None = None  # purl or bom-ref
    kind: str = "library"
    note: str | None = None  # e.g. "no license declared", "not installed"

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


Known = frozenset[str]
