"""Hover and go-to-definition: a clause in plain words with its citation and the license's
own text around the quote; a vocabulary name with its gloss; a license id with its name."""

from __future__ import annotations

import functools
from pathlib import Path

from liclogic.lang import ast, clause_kinds, words
from liclogic.lang.clause_kinds import Category
from liclogic.lang.format import format_expr
from liclogic.lang.library import Library, SpecClause
from liclogic.lang.paths import specs_dir
from liclogic.lang.quotes import Words, find_quote
from liclogic.lang.texts import find_text
from liclogic.lang.vocabulary import Vocabulary

CONTEXT_CHARS = 240  # of the license's text on each side of a quote

_SAYS = {
    Category.GRANT: "Grants", Category.BAN: "Forbids", Category.DUTY: "Requires",
    Category.REACH: "Counts as a derivative (within the license's reach)",
    Category.CARRIED: "Carries (these stay with the work whatever license it is shipped under)",
    Category.TOLERANCE: "Forbids further restrictions, except",
    Category.RELICENSE: "Lets a derived work be licensed under",
    Category.WAIVER: "Lifts", Category.DECLARATION: "Disclaims",
}


def _labelled(what: str, item: object) -> tuple[str, str | None]:
    """What a name is, with its label when the vocabulary gives one, and its gloss."""
    label = getattr(item, "label", None)
    return (f"{what} — {label}" if label else what), getattr(item, "doc", None)


def gloss(name: str, vocab: Vocabulary) -> tuple[str, str | None] | None:
    """(what the name is — its label, its gloss) for a vocabulary name, None when it is
    none."""
    if name in vocab.duties:
        d = vocab.duties[name]
        what = f"duty `{name}`" + (" (takes a text)" if d.takes_text else "")
        # the gloss's {license} / {text} placeholders in words, as checklists say them
        return (f"{what} — {words.duty_label(vocab, name)}" if d.label else what,
                words.duty_gloss(vocab, name) if d.doc else None)
    if name in vocab.terms:
        t = vocab.terms[name]
        return (f"carried term `{name}`" + (f" — {t.label}" if t.label else ""),
                words.term_gloss(vocab, name) if t.doc else None)
    if name in vocab.readings:
        return _labelled(f"reading `{name}`", vocab.readings[name])
    if name in vocab.fields:
        f = vocab.fields[name]
        return _labelled(f"field `{name}`: {f.describe()}" +
                         (f", group {f.group}" if f.group else ""), f)
    for path, ft in vocab.fields.items():
        if ft.kind == "enum" and name in ft.values:
            kind = "act" if path == "act" else "relation" if path == "relation" else \
                f"a value of `{path}` ({ft.enum})"
            value_gloss = getattr(vocab, "value_gloss", None)  # labelled vocabularies
            g = value_gloss(path, name) if value_gloss else None
            return _labelled(f"{kind} `{name}`", g) if g else (f"{kind} `{name}`", None)
    if name in vocab.tags:
        return f"tag `{name}`: " + ", ".join(sorted(vocab.tags[name])), vocab.tag_docs.get(name)
    return None


def _names_text(names: tuple[str, ...] | None, vocab: Vocabulary) -> str:
    if names is None:
        return "every act"
    out = []
    for n in names:
        g = gloss(n, vocab)
        out.append(f"`{n}`" + (f" ({g[1]})" if g and g[1] else ""))
    return ", ".join(out)


def plain_sentence(c: ast.Clause, license_id: str | None, lib: Library) -> str | None:
    """The clause as explanations say it ('Grants using, copying and modifying it.'), the
    same words as `show` and `compat`; None for kinds that have no sentence."""
    if not isinstance(c, words.SENTENCE_CLAUSES):
        return None
    said = words.clause_words(lib, SpecClause(c, license_id or "this license", 0), cite=False)
    return said[:1].upper() + said[1:] + "."


def clause_words(c: ast.Clause, vocab: Vocabulary) -> str:
    """What a clause says, by its kind and the vocabulary's names and glosses."""
    kind = clause_kinds.kind_of(c)
    head = getattr(c, kind.field)
    if kind.head == "duties":
        listed = ", ".join(f"`{d}`" + (f" ({words.duty_gloss(vocab, d.kind, d.text)})"
                                       if d.kind in vocab.duties and vocab.duties[d.kind].doc
                                       else "") for d in head)
    elif kind.head == "targets":
        listed = ", ".join("the license it is attached to" if t == ast.BASE else f"`{t}`"
                           for t in head)
    elif kind.head == "term_set" and not head:
        listed = "nothing"
    else:
        listed = _names_text(head, vocab)
    text = f"**{_SAYS[kind.category]}** {listed}"
    relations = getattr(c, "relations", None)
    if relations and relations != head:  # a reach clause's head is its relations
        text += f", on {_names_text(relations, vocab)}"
    for part, word in (("when", "when"), ("unless", "unless")):
        cond = getattr(c, part, None) if part in kind.parts else None
        if cond is not None:
            text += f", {word} `{format_expr(cond)}`"
    return text + "."


@functools.lru_cache(maxsize=256)
def _words(license_id: str) -> tuple[str, Words] | None:
    found = find_text(license_id)
    return (found.origin, Words.of(found.text)) if found else None


def text_around(license_id: str, quote: str) -> str | None:
    """The license's own text around the quote (the quote in bold), when the text is at hand."""
    found = _words(license_id)
    if found is None:
        return None
    origin, words = found
    spans = find_quote(words, quote)
    if not spans:
        return None
    text = words.text
    start, end = spans[0][0], spans[-1][1]
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    body = (("…" if lo else "") + text[lo:start] + "**" + text[start:end] + "**" + text[end:hi]
            + ("…" if hi < len(text) else ""))
    return " ".join(body.split()) + f"\n\n_({Path(origin).name})_"


def hover_clause(c: ast.Clause, license_id: str | None, vocab: Vocabulary,
                 lib: Library) -> str:
    """The clause in plain words (what a reader of `show` sees; by its kind and glosses for
    the kinds `show` has no sentence for), its citation and the license's text around the
    quote."""
    sentence = plain_sentence(c, license_id, lib)
    parts = [sentence or clause_words(c, vocab)]
    if c.cite is not None:
        cite = f"Cites **{c.cite.section}**"
        if c.cite.quote:
            marker = " (paraphrase)" if c.cite.paraphrase else ""
            cite += f"{marker}: “{c.cite.quote}”"
        parts.append(cite)
        if c.cite.quote and license_id and not c.cite.paraphrase:
            around = text_around(license_id, c.cite.quote)
            parts.append(f"In the text:\n\n> {around}" if around else
                         "_The quote is not in the license's text at hand._")
    # a duty alternative: each option with its own citation and quote
    for d in ast.choices(c):
        for o in d.options:
            line = f"Option `{o.duty}`" + (f" (when `{format_expr(o.when)}`)" if o.when else "")
            if o.cite is not None:
                line += f" cites **{o.cite.section}**" + (f": “{o.cite.quote}”"
                                                          if o.cite.quote else "")
            parts.append(line)
    return "\n\n".join(parts)


def hover_name(name: str, vocab: Vocabulary, lib: Library) -> str | None:
    g = gloss(name, vocab)
    if g is not None:
        return g[0] + (f"\n\n{g[1]}" if g[1] else "")
    lic = lib.find(name)
    if lic is not None:
        return f"license `{lic.id}`: {lic.name} ({lic.kind})" + (
            f"\n\nbased on {lic.parent}" if lic.parent else "")
    return None


def _file(span_file: str) -> str:
    """A span's file as a path: bundled spans may name it relative to the library."""
    p = Path(span_file)
    if not p.is_absolute() and span_file.startswith("specs/"):
        p = specs_dir() / span_file[len("specs/"):]
    return str(p.resolve()) if p.exists() else span_file


def definition(name: str, vocab: Vocabulary, lib: Library) -> ast.Span | None:
    """Where a vocabulary name or a license is declared (its file as an absolute path)."""
    span: ast.Span | None = None
    for table in (vocab.duties, vocab.terms, vocab.readings, vocab.fields):
        item = table.get(name)
        if item is not None:
            span = item.span
            break
    if span is None:
        lic = lib.find(name)
        if lic is not None:
            span = lic.tree.span
    if span is None:
        for enum, values in vocab.enums.items():
            if name in values:
                span = _enum_declaration(enum, name, lib)
                break
    if span is None:
        return None
    return ast.Span(_file(span.file), span.line, span.column, span.end_line, span.end_column)


def _enum_declaration(enum: str, value: str, lib: Library) -> ast.Span | None:
    """The enum (or extension) that declares a value, from the spec trees kept with it."""
    del lib  # the vocabulary keeps no trees: find the declaration among the parsed files
    from liclogic.lsp.documents import bundled_files

    for f in bundled_files():
        for block in f.items:
            if isinstance(block, ast.Vocabulary):
                for item in block.items:
                    if isinstance(item, ast.EnumDecl | ast.ExtendDecl) and \
                            item.name == enum and value in item.values:
                        return item.span
    return None
