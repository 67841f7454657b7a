"""PyYAML's safe loader with two bounds checked before any Python object is built: how deep
collections nest, and how many nodes the document holds once every alias is expanded — the
size of what a reader walking the data would see. "Billion laughs" (nine aliases of nine
aliases …) composes to a few dozen nodes but expands to 10⁹; it is refused here."""

from __future__ import annotations

from typing import Any

import yaml


class YamlBoundError(Exception):
    """A YAML document past a bound (the message says which, and where)."""


class BoundedLoader(yaml.SafeLoader):
    def __init__(self, text: str, max_depth: int, max_nodes: int) -> None:
        super().__init__(text)
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # composing is recursive in PyYAML: the depth is counted on the way down
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                mark = self.peek_event().start_mark
                raise YamlBoundError(f"nests more than {self.max_depth} levels deep "
                                     f"(line {mark.line + 1})")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        size = expanded_size(node, self.max_nodes)
        if size > self.max_nodes:
            raise YamlBoundError(f"expands to more than {self.max_nodes:,} nodes through its "
                                 "aliases (&anchor / *alias)")
        return self.construct_document(node)


def expanded_size(root: yaml.Node, bound: int) -> int:
    """The number of nodes a walk of the document meets, an alias counting as a copy of what
    it names; computed over the node graph (each node once), stopping past ``bound``. A
    document that contains itself (``&a [*a]``) has no bound at all."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            sizes[key] = min(bound + 1, 1 + sum(sizes[id(k)] for k in _children(node)))
            continue
        if key in sizes:
            continue
        if key in active:
            return bound + 1  # a cycle: endless once expanded
        active.add(key)
        stack.append((node, True))
        for k in _children(node):
            if id(k) in active:
                return bound + 1
            if id(k) not in sizes:
                stack.append((k, False))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []
