"""The package's shape: the wings import in one direction, no import circle (lazy imports
inside functions and TYPE_CHECKING imports included), no module over 450 lines, and every
clause kind handled wherever the table says it is."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from liclogic.lang import ast as spec_ast
from liclogic.lang import clause_kinds
from liclogic.strategies.licenses import CLAUSE_KINDS as STRATEGY_KINDS

PACKAGE = Path(__file__).resolve().parent.parent / "solver" / "liclogic"
MAX_LINES = 450
# lower wings may never import higher ones (inputs feed audit; strategies and testing sit
# beside the queries they test)
RANK = {"errors": 0, "version": 0, "limits": 0, "codec": 0, "cache": 0, "lang": 1,
        "engine": 2, "inputs": 2, "queries": 3, "testing": 4, "strategies": 5, "audit": 5,
        "lsp": 6, "cli": 6, "__main__": 7}
# what a wing may never import, beyond the ranks: the language and the inputs stand apart
NEVER = {"lang": {"engine", "queries", "inputs", "audit", "cli", "testing", "strategies"},
         "inputs": {"engine", "queries", "audit", "cli", "testing", "strategies"},
         "engine": {"queries", "inputs", "audit", "cli", "testing", "strategies"},
         "audit": {"cli", "testing", "strategies"},
         # the language server: the language and the queries, never the command line
         "lsp": {"cli", "audit", "inputs", "strategies", "testing"}}


def modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = f.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = f
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every liclogic module this one imports, wherever the import statement is."""
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("liclogic")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join([*pkg, base] if base else pkg)
            if not base.startswith("liclogic"):
                continue
            for a in node.names:
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base)
    return found - {name}


GRAPH = {n: imports(n, p, set(modules())) for n, p in modules().items()}


def wing(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_no_import_circle():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(GRAPH.get(n, ())):
            if state.get(m) == 1:
                circle = [*stack[stack.index(m):], m]
                pytest.fail("import circle: " + " → ".join(circle))
            if m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(GRAPH):
        if n not in state:
            visit(n)


def test_nothing_imports_the_package_front_door():
    """``liclogic/__init__`` imports everything lazily; nothing may import it back."""
    importers = sorted(n for n, deps in GRAPH.items() if "liclogic" in deps)
    assert importers == []


@pytest.mark.parametrize("module", sorted(n for n in GRAPH if wing(n)))
def test_wings_import_downwards(module):
    here = wing(module)
    for dep in GRAPH[module]:
        there = wing(dep)
        if there is None or there == here or here is None:
            continue
        assert there not in NEVER.get(here, set()), f"{module} imports {dep}"
        assert RANK[there] <= RANK[here], f"{module} ({here}) imports {dep} ({there})"


def test_no_module_over_the_limit():
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in modules().items()}
    assert {n: k for n, k in long.items() if k > MAX_LINES} == {}


def test_every_clause_node_has_a_row_and_a_strategy():
    nodes = set(spec_ast.Clause.__args__)  # type: ignore[attr-defined]
    assert nodes == set(clause_kinds.BY_NODE)
    assert set(STRATEGY_KINDS) == set(clause_kinds.KEYWORDS)
    grammar = (PACKAGE.parent.parent / "grammar" / "license.lark").read_text(encoding="utf-8")
    for kind in clause_kinds.CLAUSE_KINDS:
        assert f'\n{kind.keyword}: "{kind.keyword}"' in grammar, kind.keyword
        assert set(kind.parts) <= {"on", "when", "unless"}
        assert kind.field in kind.node.__dataclass_fields__
