"""The syntax tree of the DSL: frozen dataclasses, each node with its source span.

Spans and comments never take part in equality, so ``parse(format(tree)) == tree`` compares
meaning and layout-independent structure only.
"""

from __future__ import annotations

from dataclasses import field

from liclogic.lang.ast_expr import (
    And as And,
)
from liclogic.lang.ast_expr import (
    BoolField as BoolField,
)
from liclogic.lang.ast_expr import (
    BoolLit as BoolLit,
)
from liclogic.lang.ast_expr import (
    Compare as Compare,
)
from liclogic.lang.ast_expr import (
    Const as Const,
)
from liclogic.lang.ast_expr import (
    DerivativeRef as DerivativeRef,
)
from liclogic.lang.ast_expr import (
    Expr as Expr,
)
from liclogic.lang.ast_expr import (
    FieldRef as FieldRef,
)
from liclogic.lang.ast_expr import (
    IntLit as IntLit,
)
from liclogic.lang.ast_expr import (
    Literal as Literal,
)
from liclogic.lang.ast_expr import (
    Member as Member,
)
from liclogic.lang.ast_expr import (
    NameLit as NameLit,
)
from liclogic.lang.ast_expr import (
    Not as Not,
)
from liclogic.lang.ast_expr import (
    Or as Or,
)
from liclogic.lang.ast_expr import (
    ReadingRef as ReadingRef,
)
from liclogic.lang.ast_expr import (  # re-exported: the tree is one namespace
    Span as Span,
)
from liclogic.lang.ast_expr import (
    StrLit as StrLit,
)
from liclogic.lang.ast_expr import (
    _comments as _comments,
)
from liclogic.lang.ast_expr import (
    _span as _span,
)
from liclogic.lang.ast_expr import (
    expr_depth as expr_depth,
)
from liclogic.lang.ast_expr import node
from liclogic.lang.ast_expr import (
    walk_expr as walk_expr,
)

# ------------------------------------------------------------------ clauses


@node
class Cite:
    """Where a clause comes from: the section of the license text and, in its own words, a
    quote. ``paraphrase``: the quote was reviewed as not verbatim (``cite "§" paraphrase "…"``),
    so ``check --texts`` does not look for it in the text."""

    section: str
    quote: str | None = None
    span: Span | None = _span()
    paraphrase: bool = False


ONE_OF = "one_of"  # the kind of a duty alternative: do one of its options


@node
class Duty:
    """A duty instance: its kind and, for kinds that take one, its text: display("Kimi K2").
    A duty alternative (``one of {…}``, kind ``one_of``) has its options, each with its own
    condition and citation; its text names the options (``rename | same_license``)."""

    kind: str
    text: str | None = None
    span: Span | None = _span()
    options: tuple[Option, ...] = ()

    @staticmethod
    def choice(options: tuple[Option, ...], span: Span | None = None) -> Duty:
        return Duty(ONE_OF, " | ".join(str(o.duty) for o in options), span=span,
                    options=options)

    def __str__(self) -> str:
        return self.kind if self.text is None else f'{self.kind}("{self.text}")'


@node
class Option:
    """One option of a duty alternative: a plain duty, where it can be chosen, and the clause
    of the text that offers it."""

    duty: Duty
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()


@node
class Permit:
    acts: tuple[str, ...] | None  # None: any act
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class Forbid:
    acts: tuple[str, ...] | None
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    unless: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class Reserve:
    """Withholds acts without banning them ("no trademark licenses are granted"), whatever the
    other grants say: for what is permitted, a forbid; what it says: "not granted (reserved)"."""

    acts: tuple[str, ...] | None
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class Require:
    duties: tuple[Duty, ...]
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class Derivative:
    relations: tuple[str, ...]
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class Carries:
    terms: tuple[str, ...]
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class Accepts:
    terms: tuple[str, ...]
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class Relicense:
    """Outbound licenses the work may take. ``keeps_terms`` (``keeping terms``): the work's own
    terms still bind its part (AGPL-3.0 §13, MPL-2.0 §3.3) instead of being replaced (LGPL
    §3, "or later")."""

    targets: tuple[str, ...]
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    keeps_terms: bool = False


@node
class Waive:
    """Lifts duties or carried terms that other clauses impose (exceptions use it)."""

    terms: tuple[str, ...]
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class Disclaims:
    """Warranty / liability disclaimers: they restrict no licensee, so no check depends on
    them, but a faithful spec records them (choosealicense lists them as limitations)."""

    terms: tuple[str, ...]
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


BASE = "%base"  # relicense target `base`: the license an exception is attached to

Clause = (Permit | Forbid | Reserve | Require | Derivative | Carries | Accepts | Relicense
          | Waive | Disclaims)
Ban = Forbid | Reserve  # clauses that withhold acts: for what is permitted, the same


VERDICTS = ("yes", "no", "depends", "unknown")


@node
class Expect:
    """An executable example a spec carries (``liclogic test`` runs it): the verdict a
    question about this license must get, and where that verdict comes from.

    ``question``: ``compat`` (this license's work into a work under ``other``), ``compat_from``
    (``other``'s work into one under this license), ``osd`` (the whole verdict, or
    ``criterion``'s), ``permits`` (``acts`` [``relations``] in the scenarios ``when`` allows).
    ``readings``: readings fixed on (True) or off (False) for the question."""

    question: str
    verdict: str
    other: str | None = None
    criterion: int | None = None
    acts: tuple[str, ...] | None = None  # permits: None is any act
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    readings: tuple[tuple[str, bool], ...] = ()
    source: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class Meta:
    """A metadata line: name, version, url, aliases, based_on (strings) or kind (a name)."""

    key: str
    values: tuple[str, ...]
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class License:
    id: str
    items: tuple[Meta | Clause | Expect, ...]
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    closing_comments: tuple[str, ...] = _comments()

    @property
    def metas(self) -> tuple[Meta, ...]:
        return tuple(i for i in self.items if isinstance(i, Meta))

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(i for i in self.items if not isinstance(i, Meta | Expect))

    @property
    def expectations(self) -> tuple[Expect, ...]:
        return tuple(i for i in self.items if isinstance(i, Expect))

    def meta(self, key: str) -> Meta | None:
        return next((m for m in self.metas if m.key == key), None)

    def meta_value(self, key: str) -> str | None:
        m = self.meta(key)
        return m.values[0] if m and m.values else None

    @property
    def name(self) -> str | None:
        return self.meta_value("name")

    @property
    def kind(self) -> str | None:
        return self.meta_value("kind")

    @property
    def based_on(self) -> str | None:
        return self.meta_value("based_on")

    @property
    def aliases(self) -> tuple[str, ...]:
        m = self.meta("aliases")
        return m.values if m else ()


# ------------------------------------------------------------------ vocabulary


@node
class Gloss:
    """What people read about a vocabulary name: a short label and a one-line gloss."""

    label: str | None = None
    doc: str | None = None


@node
class EnumDecl:
    name: str
    values: tuple[str, ...]
    doc: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    glosses: tuple[Gloss | None, ...] = ()  # one per value when any value has one, else ()


@node
class ExtendDecl:
    name: str
    values: tuple[str, ...]
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    glosses: tuple[Gloss | None, ...] = ()


@node
class FieldDecl:
    path: str
    type: str  # "int", "bool" or an enum name
    default: Literal | None = None
    group: str | None = None
    doc: str | None = None
    label: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class DutyDecl:
    name: str
    takes_text: bool = False
    doc: str | None = None
    label: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class TermDecl:
    name: str
    doc: str | None = None
    label: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class ReadingDecl:
    name: str
    doc: str | None = None
    label: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@node
class TagDecl:
    name: str
    members: tuple[str, ...]
    doc: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


VocabItem = EnumDecl | ExtendDecl | FieldDecl | DutyDecl | TermDecl | ReadingDecl | TagDecl


@node
class Vocabulary:
    name: str
    items: tuple[VocabItem, ...]
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    closing_comments: tuple[str, ...] = _comments()


@node
class SpecFile:
    path: str = field(compare=False)
    items: tuple[Vocabulary | License, ...]
    trailing_comments: tuple[str, ...] = _comments()
    source: str = field(default="", compare=False, repr=False, kw_only=True)  # the text read


def choice_parts(text: str | None) -> list[tuple[str, str | None]]:
    """The options a duty alternative's text names: ``rename | display("X")`` →
    [("rename", None), ("display", "X")] (option texts hold no ``|`` nor quote)."""
    out: list[tuple[str, str | None]] = []
    for part in (text or "").split(" | "):
        kind, _, rest = part.partition('("')
        out.append((kind, rest[:-2] if rest.endswith('")') else None))
    return out


def choices(clause: Clause) -> tuple[Duty, ...]:
    """The duty alternatives among a require clause's duties."""
    return tuple(d for d in clause.duties if d.options) if isinstance(clause, Require) else ()


def option_conditions(clause: Clause) -> tuple[Expr, ...]:
    """The conditions of the options of a clause's duty alternatives."""
    return tuple(o.when for d in choices(clause) for o in d.options if o.when is not None)
