"""The editor files in editors/ stay true to the grammar."""

from __future__ import annotations

from pathlib import Path


def test_the_vscode_grammar_knows_every_keyword():
    """editors/vscode/liclogic.tmLanguage.json highlights every word the grammar reserves."""
    import json
    import re

    from lark import Lark
    from liclogic.lang.paths import grammar_path

    root = Path(__file__).resolve().parent.parent / "editors" / "vscode"
    grammar = json.loads((root / "liclogic.tmLanguage.json").read_text())
    highlighted = set(re.findall(r"[a-z_]+", json.dumps(grammar["repository"])))
    lark = Lark(grammar_path().read_text(), parser="lalr")
    words = {t.pattern.value for t in lark.terminals if t.pattern.type == "str"
             and re.fullmatch(r"[a-z_]+", t.pattern.value)}
    words |= {w for t in lark.terminals if t.name in ("META_KEY", "KIND_KEY")
              for w in re.findall(r"[a-z_]+", t.pattern.value)}
    assert words - highlighted == set()
    package = json.loads((root / "package.json").read_text())
    assert package["contributes"]["languages"][0]["extensions"] == [".lic"]
