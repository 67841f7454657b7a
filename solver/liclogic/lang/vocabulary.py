"""The vocabulary: scenario fields, enums, duty kinds, carried terms, tags and readings.

It is declared in DSL prelude files (specs/prelude.lic) and can be extended by users; this
module merges the declarations into one checked ``Vocabulary`` that the type checker, the
reference evaluator and the Z3 compiler all read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from liclogic.errors import SpecError, SpecErrors, did_you_mean
from liclogic.lang import ast

# Names the engine itself relies on. Everything else is data in the prelude.
ACT = "act"
RELATION = "relation"
SELF_RELATION = "verbatim"  # the licensed work itself: always within a license's reach
SAME_LICENSE = "same_license"  # the copyleft duty, performed by choosing an allowed outbound
FORM = "form"  # the field whose value SOURCE_FORM a disclosed part of the work takes
SOURCE_FORM = "source"
# The field of endeavor: compat takes it at its default when the question leaves it open, so
# that use restrictions bind what is done with the work (duties of the combination, listed
# with a yes) instead of making every answer depend on what the work will be used for.
PURPOSE = "purpose"
OUTBOUND = "outbound"  # pseudo-field of conditions: the outbound license, compared with ids
LICENSE_KIND_ENUM = "LicenseKind"
DISCLAIMER_ENUM = "Disclaimer"

Value = int | bool | str


@dataclass(frozen=True)
class FieldType:
    path: str
    kind: Literal["int", "bool", "enum"]
    enum: str | None
    values: tuple[str, ...]
    default: Value
    group: str | None
    doc: str | None
    span: ast.Span | None = None
    label: str | None = None

    def describe(self) -> str:
        return self.enum if self.kind == "enum" and self.enum else self.kind


@dataclass(frozen=True)
class DutyKind:
    name: str
    takes_text: bool
    doc: str | None
    span: ast.Span | None = None
    label: str | None = None


@dataclass(frozen=True)
class Named:
    name: str
    doc: str | None
    span: ast.Span | None = None
    label: str | None = None


@dataclass
class Vocabulary:
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fields: dict[str, FieldType] = field(default_factory=dict)
    duties: dict[str, DutyKind] = field(default_factory=dict)
    terms: dict[str, Named] = field(default_factory=dict)
    readings: dict[str, Named] = field(default_factory=dict)
    tags: dict[str, frozenset[str]] = field(default_factory=dict)
    tag_docs: dict[str, str | None] = field(default_factory=dict)
    # enum → value → its label and gloss, for the values that declare one (string keys: the
    # vocabulary is kept in the cache as JSON)
    value_glosses: dict[str, dict[str, Named]] = field(default_factory=dict)

    @property
    def acts(self) -> tuple[str, ...]:
        return self.fields[ACT].values

    @property
    def relations(self) -> tuple[str, ...]:
        return self.fields[RELATION].values

    @property
    def license_kinds(self) -> tuple[str, ...]:
        return self.enums.get(LICENSE_KIND_ENUM, ())

    def tagged(self, tag: str) -> frozenset[str]:
        return self.tags.get(tag, frozenset())

    def group(self, name: str) -> tuple[str, ...]:
        return tuple(p for p, f in self.fields.items() if f.group == name)

    def value_gloss(self, path: str, value: str) -> Named | None:
        """The label and gloss of an enum field's value, when the vocabulary gives one."""
        ft = self.fields.get(path)
        if ft is None or ft.enum is None:
            return None
        return self.value_glosses.get(ft.enum, {}).get(value)

    def term_doc(self, name: str) -> str:
        t = self.terms.get(name) or self.duties.get(name)
        return (t.doc if t and t.doc else name.replace("_", " "))

    def defaults(self) -> dict[str, Value]:
        return {p: f.default for p, f in self.fields.items()}


def build_vocabulary(blocks: list[ast.Vocabulary], where: ast.Span | None = None) -> Vocabulary:
    """Merge vocabulary blocks (prelude first, then user extensions) and check them.
    ``where``: the place to report a missing declaration at when there is no block at all."""
    v = Vocabulary()
    anchor = blocks[0].span if blocks else where
    errors: list[SpecError] = []
    items = [i for b in blocks for i in b.items]
    seen: dict[tuple[str, str], ast.Span | None] = {}

    def unique(ns: str, name: str, span: ast.Span | None) -> bool:
        if (ns, name) in seen:
            prev = seen[(ns, name)]
            where = f" (first declared at {prev})" if prev else ""
            errors.append(SpecError(f"{ns} {name!r} is declared twice{where}", span))
            return False
        seen[(ns, name)] = span
        return True

    def glosses(i: ast.EnumDecl | ast.ExtendDecl) -> None:
        for value, g in zip(i.values, i.glosses, strict=False):
            if g is not None and value not in v.value_glosses.get(i.name, {}):
                v.value_glosses.setdefault(i.name, {})[value] = Named(value, g.doc, i.span,
                                                                      g.label)

    for i in items:
        if isinstance(i, ast.EnumDecl) and unique("enum", i.name, i.span):
            if len(set(i.values)) != len(i.values):
                errors.append(SpecError(f"enum {i.name} lists a value twice", i.span))
            v.enums[i.name] = tuple(dict.fromkeys(i.values))
            glosses(i)
    for i in items:
        if isinstance(i, ast.ExtendDecl):
            if i.name not in v.enums:
                errors.append(SpecError(f"cannot extend unknown enum {i.name!r}", i.span,
                                        hint=did_you_mean(i.name, v.enums)))
                continue
            v.enums[i.name] = tuple(dict.fromkeys(v.enums[i.name] + i.values))
            glosses(i)
    for i in items:
        if isinstance(i, ast.FieldDecl) and unique("field", i.path, i.span):
            ft = _field_type(i, v, errors)
            if ft is not None:
                v.fields[i.path] = ft
        elif isinstance(i, ast.DutyDecl) and unique("duty", i.name, i.span):
            v.duties[i.name] = DutyKind(i.name, i.takes_text, i.doc, i.span, i.label)
        elif isinstance(i, ast.TermDecl) and unique("term", i.name, i.span):
            v.terms[i.name] = Named(i.name, i.doc, i.span, i.label)
        elif isinstance(i, ast.ReadingDecl) and unique("reading", i.name, i.span):
            v.readings[i.name] = Named(i.name, i.doc, i.span, i.label)
    known = set(v.duties) | set(v.terms) | {x for vals in v.enums.values() for x in vals}
    for i in items:
        if isinstance(i, ast.TagDecl):
            for m in i.members:
                if m not in known:
                    errors.append(SpecError(f"tag {i.name} names unknown {m!r}", i.span,
                                            hint=did_you_mean(m, known)))
            v.tags[i.name] = v.tags.get(i.name, frozenset()) | frozenset(i.members)
            v.tag_docs.setdefault(i.name, i.doc)
    for required in (ACT, RELATION):
        f = v.fields.get(required)
        if f is None or f.kind != "enum":
            errors.append(SpecError(f"the vocabulary must declare an enum field {required!r}",
                                    anchor))
    if RELATION in v.fields and SELF_RELATION not in v.fields[RELATION].values:
        errors.append(SpecError(f"enum of field 'relation' must contain {SELF_RELATION!r}",
                                v.fields[RELATION].span))
    if SAME_LICENSE not in v.duties:
        errors.append(SpecError(f"the vocabulary must declare duty {SAME_LICENSE!r}", anchor))
    if errors:
        raise SpecErrors(errors)
    return v


def _field_type(i: ast.FieldDecl, v: Vocabulary, errors: list[SpecError]) -> FieldType | None:
    if i.type in ("int", "bool"):
        kind: Literal["int", "bool", "enum"] = i.type  # type: ignore[assignment]
        values: tuple[str, ...] = ()
        default: Value = 0 if i.type == "int" else False
    elif i.type in v.enums:
        kind, values = "enum", v.enums[i.type]
        default = values[0]
    else:
        errors.append(SpecError(f"unknown type {i.type!r} for field {i.path}", i.span,
                                hint=did_you_mean(i.type, ["int", "bool", *v.enums])))
        return None
    d = i.default
    if d is not None:
        ok = (
            (kind == "int" and isinstance(d, ast.IntLit))
            or (kind == "bool" and isinstance(d, ast.BoolLit))
            or (kind == "enum" and isinstance(d, ast.NameLit) and d.name in values)
        )
        if not ok:
            errors.append(SpecError(f"default of field {i.path} is not a {i.type}",
                                    d.span or i.span))
        else:
            default = d.name if isinstance(d, ast.NameLit) else d.value
    return FieldType(i.path, kind, i.type if kind == "enum" else None, values, default, i.group,
                     i.doc, i.span, i.label)
