"""``liclogic new``: a spec to start from — the metadata, a vocabulary hook and expectation
placeholders, built as a syntax tree and printed by the formatter (so it always parses).

- ``based_on``: the new license is the parent plus what the writer adds (Kimi K2 = MIT plus
  one duty): no clauses of its own yet, commented examples of the usual additions;
- ``start_from``: a copy of a library license's own clauses under the new id, to edit;
- neither: an empty license with commented examples of every clause kind.
"""

from __future__ import annotations

from liclogic.lang import ast
from liclogic.lang.format import format_file
from liclogic.lang.library import LicenseModel

VOCABULARY_HOOK = (
    "# Your own vocabulary, when the prelude lacks a name the license needs:",
    "# extend Purpose { gambling }",
    '# field licensee.employees: int group licensee "the licensee\'s head count"',
    '# duty share_weights "publish the weights of derived models"',
)

CLAUSE_EXAMPLES = (
    "# Each clause cites the section and quotes the license's own words",
    "# (liclogic check --texts looks every quote up in the text):",
    '# permit use, reproduce, modify, distribute cite "§1" "…"',
    '# forbid distribute when purpose == military cite "§2" "…"',
    '# require notice, license_copy when act == distribute cite "§3" "…"',
    '# require display("Built with …") when commercial cite "§4" "…"',
    "# derivative modified, static_link, fine_tune cite \"§1\" \"…\"",
)


def _expect_placeholders(lid: str, parent: LicenseModel | None) -> tuple[str, ...]:
    other = parent.id if parent else "MIT"
    return (
        "# Expectations: the verdicts an outside source gives (liclogic test runs them).",
        f'# expect compat "{other}" yes source "…"',
        f'# expect compat from "{other}" yes source "…"',
        '# expect osd yes source "OSI license review"',
        "# expect permits use when licensee.monthly_active_users > 700_000_000 no",
    )


def scaffold(lid: str, *, name: str | None = None, kind: str = "software",
             url: str | None = None, based_on: LicenseModel | None = None,
             start_from: LicenseModel | None = None) -> str:
    """The text of a new spec file for the license ``lid``."""
    source = based_on or start_from
    metas = [ast.Meta("name", (name or f"{lid.removeprefix('LicenseRef-')} License",),
                      comments=(f"# {lid}: a draft made by liclogic new.",)),
             ast.Meta("kind", (source.kind if source else kind,)),
             ast.Meta("url", (url or (source.url if source and source.url else "https://…"),))]
    items: list[ast.Meta | ast.Clause | ast.Expect] = list(metas)
    closing: list[str] = []
    if based_on is not None:
        items.append(ast.Meta("based_on", (based_on.id,),
                              comments=(f"# {based_on.id}'s clauses apply; add what differs.",)))
        closing += CLAUSE_EXAMPLES
    elif start_from is not None:
        own = [sc.clause for sc in start_from.clauses if sc.origin == start_from.id]
        if start_from.parent:
            items.append(ast.Meta("based_on", (start_from.parent,)))
        for n, c in enumerate(own):
            note = (f"# From {start_from.id} ({start_from.path}): edit to the new text.",) \
                if n == 0 else ()
            items.append(c if not note else _with_comments(c, note))
    else:
        closing += CLAUSE_EXAMPLES
    closing += _expect_placeholders(lid, based_on or start_from)
    vocab = ast.Vocabulary(lid, (), closing_comments=VOCABULARY_HOOK)
    lic = ast.License(lid, tuple(items), closing_comments=tuple(closing))
    return format_file(ast.SpecFile("<new>", (vocab, lic)))


def _with_comments(c: ast.Clause, comments: tuple[str, ...]) -> ast.Clause:
    import dataclasses

    return dataclasses.replace(c, comments=(*comments, *c.comments))
