"""Completion from the text before the cursor (so a spec that does not parse still gets it):
the last keyword that opens a list says what is listed — acts after ``permit`` / ``forbid``,
relations after ``on``, duties after ``require``, terms after ``carries`` / ``waive`` /
``accepts``, field paths and values in a condition, readings in ``reading(`` and after
``with`` / ``without``, license ids inside ``based_on`` / ``relicense`` / ``expect compat``
strings — and a line's first word is a clause keyword, a metadata key or ``expect``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from liclogic.lang import ast
from liclogic.lang.clause_kinds import KEYWORDS
from liclogic.lang.library import Library
from liclogic.lang.vocabulary import Vocabulary

META_KEYS = ("name", "kind", "version", "url", "aliases", "based_on")
VOCAB_KEYWORDS = ("enum", "extend", "field", "duty", "term", "tag", "reading")
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][A-Za-z0-9_.]*|[a-z][a-z0-9-]*|==|!=|<=|>='
                    r'|[{}(),<>]|\S')


@dataclass(frozen=True)
class Item:
    label: str
    kind: str  # keyword, act, relation, duty, term, field, value, reading, license
    detail: str | None = None


def _in_string(before: str) -> bool:
    return before.count('"') % 2 == 1 and not before.rstrip().endswith("\\")


def _tokens(before: str) -> list[str]:
    return _TOKEN.findall(before)


def complete(before: str, block: str | None, vocab: Vocabulary, lib: Library) -> list[Item]:
    """Completion items for the cursor after ``before`` (the document's text up to the
    cursor); ``block``: "license" or "vocabulary" when the cursor is inside one."""
    line = before.rsplit("\n", 1)[-1]
    if _in_string(line):
        head = line[: line.rfind('"')].split()
        if (head and head[0] in ("based_on", "relicense")) or line.lstrip().startswith(
                ("expect compat", "relicense")):
            return _licenses(lib)
        return []
    toks = _tokens(before[-2000:])
    if not line.strip() or (len(line.split()) == 1 and not line.endswith(" ")):
        if block == "vocabulary":
            return [Item(k, "keyword") for k in VOCAB_KEYWORDS]
        if block == "license":
            return [Item(k, "keyword") for k in (*KEYWORDS, *META_KEYS, "expect")]
        return [Item(k, "keyword") for k in ("license", "vocabulary")]
    # the partial word being typed is not context
    if toks and not before.endswith((" ", "\t", "(", "{", ",")):
        toks = toks[:-1]
    return _after(toks, vocab, lib)


def _after(toks: list[str], vocab: Vocabulary, lib: Library) -> list[Item]:
    last = toks[-1] if toks else ""
    if last in ("reading", "with", "without") or toks[-2:] == ["reading", "("]:
        return _readings(vocab)
    if last in ("==", "!=") or (last in ("{", ",") and _opener(toks) == "in"):
        path = _field_before(toks)
        ft = vocab.fields.get(path or "")
        if ft is not None and ft.kind == "enum":
            return [Item(v, "value", f"{ft.enum} value") for v in ft.values]
        if ft is not None and ft.kind == "bool":
            return [Item("true", "value"), Item("false", "value")]
        return []
    opener = _opener(toks)
    if opener in ("permit", "forbid", "reserve", "permits"):
        return [Item("any", "keyword", "every act"), *_names(vocab.acts, "act", vocab)]
    if opener in ("on", "derivative"):
        return _names(vocab.relations, "relation", vocab)
    if opener == "require":
        return [Item(d.name, "duty", d.doc) for d in vocab.duties.values()]
    if opener in ("carries", "waive", "accepts"):
        items = [Item(t.name, "term", t.doc) for t in vocab.terms.values()]
        return items + ([Item(d.name, "duty", d.doc) for d in vocab.duties.values()]
                        if opener != "carries" else [])
    if opener in ("when", "unless", "and", "or", "not"):
        return [Item(p, "field", f.doc) for p, f in vocab.fields.items()] + \
            [Item(k, "keyword") for k in ("reading", "derivative", "not", "true", "false")]
    if opener == "expect":
        return [Item(k, "keyword") for k in ("compat", "osd", "permits")]
    if opener in ("compat", "osd") or last in ast.VERDICTS:
        return [Item(v, "keyword") for v in ast.VERDICTS] + \
            [Item(k, "keyword") for k in ("with", "without", "source", "criterion", "from")]
    return []


_OPENERS = frozenset((*KEYWORDS, "on", "when", "unless", "and", "or", "not", "in",
                      "permits", "expect", "compat", "osd", "cite", "=="))


def _opener(toks: list[str]) -> str | None:
    """The nearest keyword before the cursor that a list follows (names and commas skipped)."""
    for t in reversed(toks):
        if t in _OPENERS:
            return t
        if t == "}" or t.startswith('"'):
            return None
    return None


def _field_before(toks: list[str]) -> str | None:
    for i in range(len(toks) - 1, -1, -1):
        if toks[i] in ("==", "!=", "in") and i > 0:
            j = i - 1
            if toks[i] == "in" and toks[j] == "not":
                j -= 1
            return toks[j]
    return None


def _names(names: tuple[str, ...], kind: str, vocab: Vocabulary) -> list[Item]:
    return [Item(n, kind, None) for n in names]


def _readings(vocab: Vocabulary) -> list[Item]:
    return [Item(r.name, "reading", r.doc) for r in vocab.readings.values()]


def _licenses(lib: Library) -> list[Item]:
    return [Item(m.id, "license", m.name) for m in sorted(lib.licenses.values(),
                                                           key=lambda m: m.id.lower())
            if " WITH " not in m.id]
