"""coverage(L): what of the license's text its spec models — the spans its clauses quote, and
the operative sentences (grants, conditions, prohibitions, terminations: "may", "must",
"shall", "may not", "provided that", "unless", "terminate", "hereby grants"; five words or
more, so headings are not counted) that no clause cites: the spec
writer's to-do list. A sentence counts as cited when a quote of any clause of the license
(its own or inherited: a based_on license's text repeats its parent's) overlaps it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.lang.format import clause_text
from liclogic.lang.library import LicenseModel
from liclogic.lang.quotes import Words, find_quote
from liclogic.lang.texts import LicenseText

OPERATIVE = re.compile(r"\b(may|must|shall|provided that|unless|terminat\w*|will not|"
                       r"agree(?:s|d)? to|is prohibited|are prohibited|required? to|"
                       r"hereby grant\w*|is hereby granted|grants? (?:you|to you))\b",
                       re.IGNORECASE)
MIN_WORDS = 5  # shorter: a heading ("Term and Termination."), not a sentence that operates
# a sentence ends at . ; or : before a space, or at a blank line; list markers start one
_BREAK = re.compile(r"(?<=[.;:])\s+(?=\S)|\n\s*\n")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    line: int  # 1-based line of the text where it starts
    text: str
    operative: bool
    cited_by: tuple[int, ...]  # indexes of the clauses whose quotes overlap it


@dataclass
class Coverage:
    license: str
    text_origin: str
    text: str
    marks: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, clause
    clauses: list[str] = field(default_factory=list)  # clause index → its text and cite
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def operative(self) -> list[Sentence]:
        return [s for s in self.sentences if s.operative]

    @property
    def uncited(self) -> list[Sentence]:
        return [s for s in self.operative if not s.cited_by]

    @property
    def share(self) -> float:
        ops = self.operative
        return round(100 * (len(ops) - len(self.uncited)) / len(ops), 1) if ops else 100.0

    def to_json(self) -> dict[str, Any]:
        return {"license": self.license, "text": self.text_origin,
                "operative_sentences": len(self.operative),
                "cited": len(self.operative) - len(self.uncited), "share": self.share,
                "cited_spans": [{"start": s, "end": e, "clause": c} for s, e, c in self.marks],
                "uncited": [{"line": s.line, "text": s.text} for s in self.uncited]}


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace-trimmed."""
    out, at = [], 0
    for m in [*_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[at:end]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            out.append((at + lead, at + len(chunk.rstrip())))
        at = m.end() if m else len(text)
    return out


def coverage(lic: LicenseModel, found: LicenseText | None) -> Coverage:
    if found is None:
        raise LiclogicError(f"no text of {lic.id} at hand",
                            hint="give one with --text FILE (or install liclogic[texts])")
    words = Words.of(found.text)
    cov = Coverage(lic.id, found.origin, found.text)
    for n, sc in enumerate(lic.clauses):
        cite = sc.clause.cite
        where = f"{cite.section}: " if cite else ""
        cov.clauses.append(f"{where}{clause_text(sc.clause)}")
        if cite is None or cite.quote is None or cite.paraphrase:
            continue
        for start, end in find_quote(words, cite.quote) or ():
            cov.marks.append((start, end, n))
    cov.marks.sort()
    line_starts = [0] + [m.end() for m in re.finditer("\n", found.text)]
    import bisect

    for start, end in sentences(found.text):
        body = " ".join(found.text[start:end].split())
        by = tuple(sorted({c for s, e, c in cov.marks if s < end and e > start}))
        cov.sentences.append(Sentence(start, end, bisect.bisect_right(line_starts, start),
                                      body, len(body.split()) >= MIN_WORDS
                                      and bool(OPERATIVE.search(body)), by))
    return cov


def render_text(cov: Coverage, width: int = 100) -> str:
    """The to-do list: each operative sentence no clause cites, with its line."""
    out = [f"{cov.license}: {len(cov.operative) - len(cov.uncited)} of {len(cov.operative)} "
           f"operative sentences cited ({cov.share}%), text: {cov.text_origin}"]
    for s in cov.uncited:
        body = s.text if len(s.text) <= width else s.text[: width - 1] + "…"
        out.append(f"  line {s.line}: {body}")
    return "\n".join(out)


def render_marked(cov: Coverage) -> str:
    """The text with cited spans between ⟦ and ⟧ and the citing clause numbers."""
    out, at = [], 0
    for start, end, n in _merged(cov.marks):
        if start < at:
            continue
        out += [cov.text[at:start], "⟦", cov.text[start:end], f"⟧[{n}]"]
        at = end
    out.append(cov.text[at:])
    return "".join(out)


def _merged(marks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for s, e, c in sorted(marks):
        if out and s < out[-1][1]:
            ps, pe, pc = out[-1]
            out[-1] = (ps, max(pe, e), pc)
        else:
            out.append((s, e, c))
    return out


def render_html(cov: Coverage) -> str:
    """A page: the text with cited spans highlighted (a click shows the clause) and operative
    sentences no clause cites underlined."""
    uncited = [(s.start, s.end) for s in cov.uncited]
    events: list[tuple[int, int, str]] = []  # (offset, order, tag)
    for s, e, c in _merged(cov.marks):
        events.append((s, 1, f'<mark data-clause="{c}">'))
        events.append((e, 0, "</mark>"))
    for s, e in uncited:
        events.append((s, 2, '<span class="todo">'))
        events.append((e, -1, "</span>"))
    events.sort()
    out, at = [], 0
    for offset, _, tag in events:
        out.append(html.escape(cov.text[at:offset]))
        out.append(tag)
        at = offset
    out.append(html.escape(cov.text[at:]))
    body = _balanced("".join(out))
    clauses = "".join(f'<li id="c{n}">{html.escape(t)}</li>' for n, t in enumerate(cov.clauses))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Coverage of {html.escape(cov.license)}</title>
<style>
body {{ font-family: sans-serif; display: flex; gap: 2em; margin: 1em; }}
pre {{ white-space: pre-wrap; max-width: 52em; line-height: 1.4; }}
mark {{ background: #cfe8ff; cursor: pointer; }}
.todo {{ text-decoration: underline wavy #c00; }}
#clause {{ position: sticky; top: 1em; max-width: 30em; }}
li.shown {{ background: #cfe8ff; }}
</style></head><body>
<main><h1>{html.escape(cov.license)}</h1>
<p>{len(cov.operative) - len(cov.uncited)} of {len(cov.operative)} operative sentences cited
({cov.share}%). Highlighted: quoted by a clause (click to see it); underlined: an operative
sentence no clause cites. Text: {html.escape(cov.text_origin)}.</p>
<pre>{body}</pre></main>
<aside id="clause"><h2>Clauses</h2><ol start="0">{clauses}</ol></aside>
<script>
document.querySelectorAll("mark").forEach(m => m.addEventListener("click", () => {{
  document.querySelectorAll("li.shown").forEach(li => li.classList.remove("shown"));
  const li = document.getElementById("c" + m.dataset.clause);
  li.classList.add("shown"); li.scrollIntoView({{block: "nearest"}});
}}));
</script></body></html>
"""


def _balanced(markup: str) -> str:
    """Marks and to-do spans may cross; close and reopen so the markup nests."""
    out, stack = [], []
    for part in re.split(r"(<mark[^>]*>|</mark>|<span class=\"todo\">|</span>)", markup):
        if part.startswith(("<mark", '<span class="todo"')):
            stack.append(part)
            out.append(part)
        elif part in ("</mark>", "</span>"):
            opener = "<mark" if part == "</mark>" else "<span"
            reopen = []
            while stack and not stack[-1].startswith(opener):
                top = stack.pop()
                out.append("</mark>" if top.startswith("<mark") else "</span>")
                reopen.append(top)
            if stack:
                stack.pop()
            out.append(part)
            for top in reversed(reopen):
                out.append(top)
                stack.append(top)
        else:
            out.append(part)
    return "".join(out)


def library_table(rows: list[tuple[str, Coverage | None, int, int]]) -> list[str]:
    """docs/library.md's table: (id, coverage or None, quotes verified, quotes)."""
    out = ["| license | quotes verified | operative sentences cited |", "|---|---|---|"]
    for lid, cov, ok, total in rows:
        quotes = f"{ok} of {total}" if total else "–"
        cited = (f"{len(cov.operative) - len(cov.uncited)} of {len(cov.operative)} "
                 f"({cov.share}%)") if cov else "no text at hand"
        out.append(f"| {lid} | {quotes} | {cited} |")
    return out


__all__ = ["Coverage", "coverage", "library_table", "render_html", "render_marked",
           "render_text"]
