"""What a vocabulary name is, for ``liclogic explain-term NAME``: every declaration of that
name (a field, a value of an enum field, a duty, a carried term, a reading, a tag) with its
label, its gloss and where it is declared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from liclogic.errors import LiclogicError, did_you_mean
from liclogic.lang import ast
from liclogic.lang.vocabulary import Vocabulary


@dataclass(frozen=True)
class Term:
    name: str
    what: str  # 'a value of the field relation', 'a duty', …
    label: str | None
    gloss: str | None
    span: ast.Span | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "what": self.what, "label": self.label, "gloss": self.gloss,
                "at": f"{self.span.file}:{self.span.line}" if self.span else None}


def explain_term(vocab: Vocabulary, name: str) -> list[Term]:
    """Every declaration of ``name``; an unknown name is an error with the nearest names."""
    out: list[Term] = []
    for path, ft in vocab.fields.items():
        if name in (path, path.split(".")[-1]):
            kind = ft.enum if ft.kind == "enum" else ft.kind
            out.append(Term(path, f"a scenario field ({kind})", ft.label, ft.doc, ft.span))
    for path, ft in vocab.fields.items():
        if ft.kind == "enum" and name in ft.values:
            g = vocab.value_gloss(path, name)
            out.append(Term(name, f"a value of the field {path} ({ft.enum})",
                            g.label if g else None, g.doc if g else None, g.span if g else None))
    if name in vocab.duties:
        d = vocab.duties[name]
        out.append(Term(name, "a duty" + (" (it takes a text)" if d.takes_text else ""),
                        d.label, d.doc, d.span))
    if name in vocab.terms:
        t = vocab.terms[name]
        out.append(Term(name, "a carried term", t.label, t.doc, t.span))
    if name in vocab.readings:
        r = vocab.readings[name]
        out.append(Term(name, "a reading (a contested question: --reading / --no-reading)",
                        r.label, r.doc, r.span))
    if name in vocab.tags:
        members = ", ".join(sorted(vocab.tags[name]))
        out.append(Term(name, f"a tag the checks use ({members})", None,
                        vocab.tag_docs.get(name), None))
    if not out:
        names = (set(vocab.fields) | {p.split(".")[-1] for p in vocab.fields}
                 | {v for ft in vocab.fields.values() for v in ft.values} | set(vocab.duties)
                 | set(vocab.terms) | set(vocab.readings) | set(vocab.tags))
        raise LiclogicError(f"unknown vocabulary name {name!r}",
                            hint=did_you_mean(name, sorted(names)))
    return out
