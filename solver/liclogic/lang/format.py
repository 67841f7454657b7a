"""Syntax tree → canonical source text. ``parse(format(tree)) == tree`` and formatting is
idempotent; comments are kept (end-of-line comments move above their line)."""

from __future__ import annotations

from liclogic.lang import ast, clause_kinds

WIDTH = 100
INDENT = "  "


# ------------------------------------------------------------------ expressions

_PREC = {ast.Or: 1, ast.And: 2, ast.Not: 3}


def format_literal(lit: ast.Literal) -> str:
    if isinstance(lit, ast.IntLit):
        return format_int(lit.value)
    if isinstance(lit, ast.BoolLit):
        return "true" if lit.value else "false"
    if isinstance(lit, ast.NameLit):
        return lit.name
    return quote(lit.value)


def format_int(n: int) -> str:
    return f"{n:_}" if abs(n) >= 10_000 else str(n)


def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_expr(e: ast.Expr, parent_prec: int = 0) -> str:
    prec = _PREC.get(type(e), 4)
    match e:
        case ast.Or(operands=ops):
            text = " or ".join(format_expr(o, prec) for o in ops)
        case ast.And(operands=ops):
            text = " and ".join(format_expr(o, prec) for o in ops)
        case ast.Not(operand=o):
            text = "not " + format_expr(o, prec)
        case ast.Compare(field=f, op=op, value=v):
            text = f"{f.path} {op} {format_literal(v)}"
        case ast.Member(field=f, values=vals, negated=neg):
            inner = ", ".join(format_literal(v) for v in vals)
            text = f"{f.path} {'not in' if neg else 'in'} {{{inner}}}"
        case ast.BoolField(field=f):
            text = f.path
        case ast.Const(value=v):
            text = "true" if v else "false"
        case ast.ReadingRef(name=n):
            text = f"reading({n})"
        case ast.DerivativeRef():
            text = "derivative"
        case _:
            raise TypeError(f"not a condition: {e!r}")
    # `not` binds tightest, then `and`, then `or`; a nested and/or at the same or a tighter
    # level keeps its parentheses so the tree reads back unchanged.
    return f"({text})" if isinstance(e, ast.Or | ast.And) and prec <= parent_prec else text


def _wrap_expr(e: ast.Expr, indent: str, keyword: str) -> list[str]:
    """A long condition: top-level or/and operands one per line; long sets wrapped."""
    one = f"{indent}{keyword} {format_expr(e)}"
    if len(one) <= WIDTH:
        return [one]
    if isinstance(e, ast.Or | ast.And):
        joiner = "or" if isinstance(e, ast.Or) else "and"
        prec = _PREC[type(e)]
        lines = [f"{indent}{keyword} {format_expr(e.operands[0], prec)}"]
        pad = indent + " " * (len(keyword) - len(joiner))
        lines += [f"{pad}{joiner} {format_expr(o, prec)}" for o in e.operands[1:]]
        return lines
    if isinstance(e, ast.Member):
        head = f"{indent}{keyword} {e.field.path} {'not in' if e.negated else 'in'} {{"
        return [head, *_wrap_words([format_literal(v) for v in e.values], indent + "    "),
                f"{indent}}}"]
    return [one]


def _wrap_words(words: list[str], indent: str) -> list[str]:
    lines, cur = [], indent
    for i, w in enumerate(words):
        piece = w + ("," if i < len(words) - 1 else "")
        if cur.strip() and len(cur) + 1 + len(piece) > WIDTH:
            lines.append(cur.rstrip())
            cur = indent
        cur += ("" if not cur.strip() else " ") + piece
    lines.append(cur.rstrip())
    return lines


# ------------------------------------------------------------------ clauses


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def _head(c: ast.Clause) -> str:
    """The keyword, what the clause's kind lists after it, and ``on`` when it has one."""
    kind = clause_kinds.kind_of(c)
    value = getattr(c, kind.field)
    if kind.head == "acts":
        listed = "any" if value is None else _names(value)
    elif kind.head == "duties":
        listed = ", ".join(_duty(d) for d in value)
    elif kind.head == "term_set":
        listed = f"{{{_names(value)}}}" if value else "{}"
    elif kind.head == "targets":
        listed = ", ".join("base" if t == ast.BASE else quote(t) for t in value)
    else:
        listed = _names(value)
    head = f"{kind.keyword} {listed}"
    if kind.flag is not None and getattr(c, kind.flag.field):
        head += f" {kind.flag.words}"
    if "on" in kind.parts and c.relations is not None:  # type: ignore[union-attr]
        head += f" on {_names(c.relations)}"  # type: ignore[union-attr]
    return head


def _duty(d: ast.Duty) -> str:
    return d.kind if d.text is None else f"{d.kind}({quote(d.text)})"


def format_cite(cite: ast.Cite) -> str:
    if cite.quote is None:
        return f"cite {quote(cite.section)}"
    marker = " paraphrase" if cite.paraphrase else ""
    return f"cite {quote(cite.section)}{marker} {quote(cite.quote)}"


def format_expect(e: ast.Expect, indent: str = "") -> list[str]:
    """An expectation: the question, the verdict, the readings fixed, the source."""
    if e.question in ("compat", "compat_from"):
        head = f"expect compat {'from ' if e.question == 'compat_from' else ''}" \
               f"{quote(e.other or '')} {e.verdict}"
    elif e.question == "osd":
        head = f"expect osd {e.verdict}" + (f" criterion {e.criterion}"
                                            if e.criterion is not None else "")
    else:
        head = "expect permits " + ("any" if e.acts is None else _names(e.acts))
        if e.relations is not None:
            head += f" on {_names(e.relations)}"
        if e.when is not None:
            head += f" when {format_expr(e.when)}"
        head += f" {e.verdict}"
    parts = [head, *(f"{'with' if on else 'without'} {name}" for name, on in e.readings)]
    if e.source is not None:
        parts.append(f"source {quote(e.source)}")
    one = indent + " ".join(parts)
    if len(one) <= WIDTH or len(parts) == 1:
        return [one]
    return [indent + parts[0], *(indent + "  " + p for p in parts[1:])]


def format_clause(c: ast.Clause, indent: str = "", *, with_cite: bool = True) -> list[str]:
    if ast.choices(c):
        return _format_choosing(c, indent, with_cite)
    parts = [_head(c)]
    kind = clause_kinds.kind_of(c)
    conds: list[tuple[str, ast.Expr]] = [
        (part, getattr(c, part)) for part in ("when", "unless")
        if part in kind.parts and getattr(c, part) is not None]
    parts += [f"{k} {format_expr(e)}" for k, e in conds]
    if with_cite and c.cite is not None:
        parts.append(format_cite(c.cite))
    one = indent + " ".join(parts)
    if len(one) <= WIDTH:
        return [one]
    # Greedy: keep each part on the current line while it fits, else start a continuation
    # line (indented two more); a condition too long for a line of its own is wrapped.
    cont = indent + "  "
    lines = [indent + parts[0]]
    wrapped = False  # a condition spread over several lines: the citation gets its own
    for k, e in conds:
        text = f"{k} {format_expr(e)}"
        if len(lines) == 1 and len(lines[-1]) + 1 + len(text) <= WIDTH:
            lines[-1] += " " + text
        else:
            block = _wrap_expr(e, cont, k)
            wrapped = wrapped or len(block) > 1
            lines += block
    if with_cite and c.cite is not None:
        text = format_cite(c.cite)
        if not wrapped and len(lines[-1]) + 1 + len(text) <= WIDTH:
            lines[-1] += " " + text
        else:
            lines.append(cont + text)
    return lines


def _format_choosing(c: ast.Clause, indent: str, with_cite: bool) -> list[str]:
    """A require clause with a duty alternative: each option on a line of its own (its
    citation on the next when the line is full), then the clause's condition and citation."""
    assert isinstance(c, ast.Require)
    cont, inner = indent + "  ", indent + "    "
    lines = [indent + "require "]
    for i, d in enumerate(c.duties):
        sep = ", " if i < len(c.duties) - 1 else ""
        if not d.options:
            lines[-1] += _duty(d) + sep
            continue
        lines[-1] += "one of {"
        for j, o in enumerate(d.options):
            comma = "," if j < len(d.options) - 1 else ""
            text = inner + _duty(o.duty) + (f" when {format_expr(o.when)}" if o.when else "")
            if with_cite and o.cite is not None:
                cited = format_cite(o.cite)
                if len(text) + 1 + len(cited) + len(comma) <= WIDTH:
                    text += " " + cited
                else:
                    lines.append(text)
                    text = inner + "  " + cited
            lines.append(text + comma)
        lines.append(cont + "}" + sep)
    if c.relations is not None:
        lines[-1] += f" on {_names(c.relations)}"
    if c.when is not None:
        lines += _wrap_expr(c.when, cont, "when")
    if with_cite and c.cite is not None:
        lines.append(cont + format_cite(c.cite))
    return lines


def clause_text(c: ast.Clause) -> str:
    """One-line rendering of a clause without its citation, for explanations."""
    return " ".join(line.strip() for line in format_clause(c, with_cite=False))


def _comments(comments: tuple[str, ...], indent: str) -> list[str]:
    return [indent + c.strip() for c in comments]


def format_meta(m: ast.Meta) -> str:
    if m.key == "kind":
        return f"kind {m.values[0]}"
    return f"{m.key} " + ", ".join(quote(v) for v in m.values)


def format_license(lic: ast.License) -> list[str]:
    out = _comments(lic.comments, "")
    out.append(f"license {quote(lic.id)} {{")
    for n, item in enumerate(lic.items):
        is_meta = isinstance(item, ast.Meta)
        after_metas = n > 0 and isinstance(lic.items[n - 1], ast.Meta) and not is_meta
        if n > 0 and (after_metas or item.comments):
            out.append("")  # a blank line after the metadata and before each commented section
        out += _comments(item.comments, INDENT)
        if isinstance(item, ast.Meta):
            out.append(INDENT + format_meta(item))
        elif isinstance(item, ast.Expect):
            out += format_expect(item, INDENT)
        else:
            out += format_clause(item, INDENT)
    if lic.closing_comments:
        out += _comments(lic.closing_comments, INDENT)
    out.append("}")
    return out


# ------------------------------------------------------------------ vocabulary


def _gloss(label: str | None, doc: str | None) -> str:
    """`` label "…" "gloss"`` as written after a vocabulary name ("" is a doc too)."""
    return ((f" label {quote(label)}" if label is not None else "")
            + (f" {quote(doc)}" if doc is not None else ""))


def _enum_values(i: ast.EnumDecl | ast.ExtendDecl, kw: str, doc: str) -> list[str]:
    if i.glosses:  # one value a line, each with its label and gloss
        lines = [f"{INDENT}{kw} {i.name} {{"]
        for n, (v, g) in enumerate(zip(i.values, i.glosses, strict=True)):
            comma = "," if n < len(i.values) - 1 else ""
            text = v + (_gloss(g.label, g.doc) if g is not None else "")
            one = INDENT * 2 + text + comma
            if len(one) <= WIDTH or g is None or g.doc is None:
                lines.append(one)
            else:  # a long gloss goes below its value
                lines += [INDENT * 2 + v + _gloss(g.label, None),
                          INDENT * 3 + quote(g.doc) + comma]
        return [*lines, f"{INDENT}}}{doc}"]
    one = f"{INDENT}{kw} {i.name} {{ {_names(i.values)} }}{doc}"
    if len(one) <= WIDTH:
        return [one]
    return [f"{INDENT}{kw} {i.name} {{", *_wrap_words(list(i.values), INDENT * 2),
            f"{INDENT}}}{doc}"]


def _vocab_item(i: ast.VocabItem) -> list[str]:
    doc = _gloss(getattr(i, "label", None), getattr(i, "doc", None))
    match i:
        case ast.EnumDecl() | ast.ExtendDecl():
            kw = "enum" if isinstance(i, ast.EnumDecl) else "extend"
            return _enum_values(i, kw, _gloss(None, getattr(i, "doc", None)))
        case ast.FieldDecl():
            text = f"field {i.path}: {i.type}"
            if i.default is not None:
                text += f" = {format_literal(i.default)}"
            if i.group:
                text += f" group {i.group}"
        case ast.DutyDecl():
            text = f"duty {i.name}" + ("(text)" if i.takes_text else "")
        case ast.TermDecl():
            text = f"term {i.name}"
        case ast.ReadingDecl():
            text = f"reading {i.name}"
        case ast.TagDecl():
            text = f"tag {i.name} {{ {_names(i.members)} }}"
        case _:
            raise TypeError(i)
    one = INDENT + text + doc
    if len(one) <= WIDTH or not doc:
        return [one]
    label, gloss = getattr(i, "label", None), getattr(i, "doc", None)
    if label is not None and gloss is not None:  # the label stays with the name if it fits
        first = INDENT + text + _gloss(label, None)
        if len(first) <= WIDTH:
            return [first, INDENT * 2 + quote(gloss)]
    return [INDENT + text, INDENT * 2 + doc.strip()]  # a long doc string goes below


def format_vocabulary(v: ast.Vocabulary) -> list[str]:
    out = _comments(v.comments, "")
    out.append(f"vocabulary {quote(v.name)} {{")
    for n, item in enumerate(v.items):
        new_section = n and type(item) is not type(v.items[n - 1])
        if n and (item.comments or new_section):
            out.append("")
        out += _comments(item.comments, INDENT)
        out += _vocab_item(item)
    out += _comments(v.closing_comments, INDENT)
    out.append("}")
    return out


# ------------------------------------------------------------------ files


def format_file(f: ast.SpecFile) -> str:
    blocks = [format_vocabulary(i) if isinstance(i, ast.Vocabulary) else format_license(i)
              for i in f.items]
    text = "\n\n".join("\n".join(b) for b in blocks)
    if f.trailing_comments:
        text += ("\n\n" if text else "") + "\n".join(c.strip() for c in f.trailing_comments)
    return text + "\n"
