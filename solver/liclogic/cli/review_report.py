"""``liclogic review``'s report as Markdown (to paste into a mailing-list post) and HTML: the
OSD criterion by criterion, the nearest licenses of the library, compatibility both ways
with the most used licenses, what changed since the previous draft, the contested readings.
Plain words first; the DSL and machine names only in citations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liclogic.engine.result import Verdict
from liclogic.lang import words
from liclogic.lang.library import Library, prose_name
from liclogic.lang.vocabulary import Vocabulary
from liclogic.queries.review import MOST_USED, Review

_VERDICT = {"yes": "yes", "no": "**no**", "depends": "*depends*", "unknown": "unknown"}


Names = Callable[[str], str]


def _names(r: Review, lib: Library) -> Names:
    """How the report names a license: as compat and show do (Library.prose), the draft
    under review by the same rule although it may not be in the library."""
    return lambda x: prose_name(r.license) if x == r.license.id else lib.prose(x)


def _difference(d: dict[str, Any], left: str, right: str, vocab: Vocabulary) -> str:
    """One difference of ``diff`` in words (the vocabulary's labels, never machine names)."""
    aspect, subject = d.get("aspect"), str(d.get("subject"))
    lv = d.get("left")
    holder, other = (left, right) if lv else (right, left)
    rel = (d.get("scenario") or {}).get("relation")
    on = f" on {words.relation(vocab, rel)}" if rel else ""
    duty_on = "" if rel == "verbatim" else on  # a duty on the work itself: say nothing more
    if aspect == "reach":
        return (f"{holder} counts {words.relation(vocab, subject)} as a derivative (within "
                f"its reach: its terms apply to it); {other} does not, so such a work is "
                "outside its terms.")
    if aspect == "permitted":
        # the other license does not grant it: silence is not a ban (DESIGN.md)
        acts = words.join((words.gerund(words.act(vocab, a.strip()))
                           for a in subject.split(",")), "and")
        return f"{holder} grants {acts}{on}; {other} does not grant that."
    if aspect == "duty":
        kind, text = _duty_subject(subject)
        return (f"{holder} requires you to {words.duty_gloss(vocab, kind, text, holder)}"
                f"{duty_on} where {other} does not.")
    if aspect == "term":
        return (f"{holder} carries {words.term_gloss(vocab, subject)}{duty_on} where {other} "
                "does not.")
    return str(d.get("summary", ""))


def _duty_subject(subject: str) -> tuple[str, str | None]:
    """diff names a duty as the DSL writes it: 'display("Kimi K2")' → ('display', 'Kimi K2')."""
    kind, paren, rest = subject.partition("(")
    if paren and rest.endswith(")"):
        return kind, rest[:-1].strip().strip('"')
    return subject, None


def _value(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v).lower() \
        if isinstance(v, bool) else str(v)


def _cite_lines(d: dict[str, Any], nm: Names) -> list[str]:
    out = []
    for b in d.get("because", [])[:2]:
        quote = f": “{b['quote']}”" if b.get("quote") else ""
        out.append(f"  - {nm(b['license'])} {b.get('cite', '')}{quote} (`{b['clause']}`)")
    return out


def render_markdown(r: Review, lib: Library) -> str:
    lic, vocab, nm = r.license, lib.vocab, _names(r, lib)
    lines = [f"# License review: {lic.name}", "",
             f"`{lic.id}` ({lic.kind})" + (f", based on {lic.parent}" if lic.parent else "")
             + (f" — {lic.url}" if lic.url else "") + ".", "",
             "Made by `liclogic review` from the spec's clauses through the solver; every "
             "scenario below was replayed through liclogic's reference evaluator. Not legal "
             "advice.", ""]
    lines += _in_short(r, vocab, nm) + _osd(r, vocab, nm) + _neighbours(r, vocab, nm) \
        + _compat(r, nm)
    if r.change is not None:
        lines += _change(r, vocab, nm)
    lines += _readings(r, vocab)
    return "\n".join(lines).rstrip("\n") + "\n"


def _added_duties(r: Review, vocab: Vocabulary, nm: Names) -> str:
    """The duties a license adds to its parent, in words: 'one duty: to prominently display
    “Kimi K2” when commercial and either at more than 100,000,000 monthly active users or
    … (modification clause)'."""
    from liclogic.lang import ast

    own = [sc.clause for sc in r.license.clauses
           if sc.origin == r.license.id and isinstance(sc.clause, ast.Require)]
    parts = []
    for c in own:
        text = "to " + words.join(words.duty_gloss(vocab, d.kind, d.text, nm(r.license.id))
                                  for d in c.duties)
        if c.when is not None:
            text += words.when(words.condition(vocab, c.when))
        if c.cite is not None:
            text += f" ({c.cite.section})"
        parts.append(text)
    count = sum(len(c.duties) for c in own)
    return ("one duty" if count == 1 else f"{count} duties") + ": " + "; ".join(parts)


def _in_short(r: Review, vocab: Vocabulary, nm: Names) -> list[str]:
    """What the license is, in a sentence or two: its nearest license and what it adds, and
    the OSD verdict with the readings it turns on."""
    out = ["## In short", ""]
    lic, n = r.license, r.neighbours
    parent = lic.parent
    base = parent if parent in n.differences else next(iter(n.differences), None)
    if n.equivalent:
        out.append(f"- {nm(lic.id)} means the same as {', '.join(map(nm, n.equivalent))}: "
                   "every scenario is decided alike.")
    elif base is not None and base in n.stricter_than:
        diffs = n.differences[base].extra.get("differences", [])
        duties = [d for d in diffs if d.get("aspect") == "duty"]
        if diffs and len(duties) == len(diffs) and base == parent:
            out.append(f"- {nm(lic.id)} is {nm(base)} plus " + _added_duties(r, vocab, nm) + ".")
        else:
            out.append(f"- {nm(lic.id)} is stricter than {nm(base)}: {len(diffs)} difference(s) "
                       "below.")
    elif base is not None:
        count = len(n.differences[base].extra.get("differences", []))
        out.append(f"- Nearest in the library: {nm(base)} ({count} difference(s) below).")
    if r.change is not None:
        c = r.change
        said = _reach_words(r, vocab) or f"{len(c.diff.extra.get('differences', []))} " \
            "difference(s) in meaning"
        osd = ", ".join(f"criterion {k} {b} → {a}" for k, _, b, a in c.osd) or "unchanged"
        compat = f"{len(c.compat)} verdict(s) change" if c.compat else "unchanged"
        out.append(f"- Since {nm(c.previous)}: {said} The OSD: {osd}; compatibility with the "
                   f"most used licenses: {compat} (below).")
    crit = [c for c in r.osd.extra.get("criteria", []) if c["verdict"] != "yes"]
    if not crit:
        out.append("- The OSD: every criterion is met.")
    for c in crit:
        decisive = {k: i for k, i in c.get("readings", {}).items() if i.get("decisive")}
        why = "".join(
            f"; {i.get('verdicts', {}).get('on', '?')} under the reading that "
            f"{words.reading_label(vocab, k)} (`{k}`), {i.get('verdicts', {}).get('off', '?')}"
            " without it" for k, i in decisive.items())
        out.append(f"- OSD criterion {c['number']} ({c['title']}): {c['verdict']}{why}.")
    return [*out, ""]


def _witness(vocab: Vocabulary, w: dict[str, Any]) -> str:
    """A witness in words: the scenario, and for a pair the one field that tips it."""
    from liclogic.lang.vocabulary import ACT, RELATION

    scen, versus = w.get("scenario", {}), w.get("versus") or {}
    if ACT not in scen or RELATION not in scen:  # not a full scenario: say it as it is
        return ", ".join(f"{k}={_value(v)}" for k, v in scen.items())
    changed = [k for k, v in versus.items() if scen.get(k) != v]
    same = [k for k in words.off_default(vocab, scen) if k not in changed]
    said = words.scenario_phrase(vocab, scen, same)
    if not changed:
        return said
    return (said + ": with " + words.join(words.field_phrase(vocab, k, scen[k]) for k in changed)
            + " versus " + words.join(words.field_phrase(vocab, k, versus[k]) for k in changed)
            + " the license decides differently")


def _osd(r: Review, vocab: Vocabulary, nm: Names) -> list[str]:
    out = ["## Open Source Definition", "", f"Overall: {_VERDICT[r.osd.verdict.value]}. "
           f"{r.osd.summary}", "", "| criterion | verdict | why |", "|---|---|---|"]
    for c in r.osd.extra.get("criteria", []):
        why = " ".join(str(c.get("summary", "")).split())
        out.append(f"| {c['number']}. {c['title']} | {_VERDICT[c['verdict']]} | {why} |")
    out.append("")
    for c in r.osd.extra.get("criteria", []):
        if c["verdict"] == "yes":
            continue
        out.append(f"**Criterion {c['number']} ({c['title']}): {c['verdict']}.**")
        for name, info in c.get("readings", {}).items():
            verdicts = info.get("verdicts", {})
            if info.get("decisive"):
                out.append(f"- It depends on the reading that {words.reading_label(vocab, name)}"
                           f" (`{name}`): with it, {verdicts.get('on', '?')}; without it, "
                           f"{verdicts.get('off', '?')}.")
        for w in c.get("witnesses", [])[:2]:
            out.append(f"- Witness: {_witness(vocab, w)}.")
        for b in c.get("because", [])[:3]:
            quote = f" “{b['quote']}”" if b.get("quote") else ""
            out.append(f"- because {nm(b['license'])} {b.get('cite', '')}{quote}")
        out.append("")
    return out


def _neighbours(r: Review, vocab: Vocabulary, nm: Names) -> list[str]:
    n = r.neighbours
    out = ["## Closest licenses in the library", "",
           "By entailment over every scenario: a license is *stricter* than another when whoever "
           "follows it also follows the other (it permits no more, imposes every duty and "
           "carried term of the other).", ""]
    if n.equivalent:
        out.append(f"- **Equivalent** (each entails the other — it duplicates them in "
                   f"effect): {', '.join(map(nm, n.equivalent))}.")
    else:
        out.append("- Equivalent to no license of the library: it duplicates none in effect.")
    if n.stricter_than:
        out.append(f"- Stricter than {n.stricter_count} license(s); the nearest: "
                   f"{', '.join(map(nm, n.stricter_than))}.")
    if n.looser_than:
        out.append(f"- Looser than {n.looser_count} license(s); the nearest: "
                   f"{', '.join(map(nm, n.looser_than))}.")
    out.append("")
    for other, d in n.differences.items():
        diffs = d.extra.get("differences", [])
        if not diffs:
            continue
        out.append(f"Where {nm(other)} and {nm(r.license.id)} differ:")
        for x in diffs[:6]:
            out.append(f"- {_difference(x, nm(other), nm(r.license.id), vocab)}")
        out.append("")
    return out


def _compat(r: Review, nm: Names) -> list[str]:
    out = ["## Compatibility with the most used licenses", "",
           f"*Into*: can a work under {nm(r.license.id)} be part of a work distributed under the "
           f"other license; *from*: can the other license's work be part of a work under "
           f"{nm(r.license.id)}. A work combined into a larger one (compat's default).", "",
           "| license | into | from |", "|---|---|---|"]
    for x in (x for x in MOST_USED if x in r.compat_into):
        out.append(f"| {nm(x)} | {_VERDICT[r.compat_into[x].value]} | "
                   f"{_VERDICT[r.compat_from[x].value]} |")
    out.append("")
    for side, table in (("Into", r.compat_into), ("From", r.compat_from)):
        by = {v: [x for x, w in table.items() if w == v] for v in Verdict}
        out.append(f"- {side}: yes for {len(by[Verdict.YES])} of {len(table)}; no for "
                   f"{', '.join(map(nm, by[Verdict.NO])) or 'none'}; depends for "
                   f"{', '.join(map(nm, by[Verdict.DEPENDS])) or 'none'}"
                   + (f"; unknown for {', '.join(map(nm, by[Verdict.UNKNOWN]))}"
                      if by[Verdict.UNKNOWN] else "") + ".")
    return [*out, ""]


def _change(r: Review, vocab: Vocabulary, nm: Names) -> list[str]:
    c = r.change
    assert c is not None
    new, old = nm(r.license.id), nm(c.previous)
    out = [f"## What changed since {old}", ""]
    diffs = c.diff.extra.get("differences", [])
    if not diffs:
        out += ["No difference in meaning: every scenario is decided alike.", ""]
    for d in diffs:
        out.append(f"- {_difference(d, old, new, vocab)}")
        out += _cite_lines(d, nm)
    out.append("")
    plain = _reach_words(r, vocab)
    if plain:
        out += [f"In plain words: {plain}", ""]
    out.append("What that changes:")
    if c.osd:
        for k, title, before, after in c.osd:
            out.append(f"- OSD criterion {k} ({title}): {before} → {after}.")
    else:
        out.append(f"- The OSD: nothing (every criterion as before; overall "
                   f"{c.osd_before.verdict.value} → {r.osd.verdict.value}).")
    if c.compat:
        for other, direction, relation, before, after in c.compat:
            what = f"for {words.relation(vocab, relation)}" if relation else \
                "for a combined work"
            arrow = f"{new} into {nm(other)}" if direction == "into" else \
                f"{nm(other)} into {new}"
            out.append(f"- Compatibility {arrow}, {what}: {before} → {after}.")
    else:
        scope = " (also for " + words.join(words.relation(vocab, x) for x in c.reach) + \
            ")" if c.reach else ""
        out.append(f"- Compatibility with the most used licenses: nothing{scope}.")
    out.append("")
    return out


def _reach_words(r: Review, vocab: Vocabulary) -> str | None:
    """The change of reach between the drafts, in a sentence (None: reach did not change)."""
    c = r.change
    if c is None or not c.reach:
        return None
    diffs = c.diff.extra.get("differences", [])
    said = words.join(words.relation(vocab, x) for x in c.reach)
    gained = [d for d in diffs if d.get("aspect") == "reach" and d.get("right")]
    lost = [d for d in diffs if d.get("aspect") == "reach" and d.get("left")]
    if lost and not gained:
        return (f"the new text no longer counts {said} as a derivative of the licensed model; "
                "the old one did.")
    if gained and not lost:
        return (f"the new text counts {said} as a derivative of the licensed model; the old "
                "one did not.")
    return f"the drafts count different works as derivatives ({said})."


def _readings(r: Review, vocab: Vocabulary) -> list[str]:
    out = ["## Contested readings", ""]
    decisive = {name: info for c in r.osd.extra.get("criteria", [])
                for name, info in c.get("readings", {}).items() if info.get("decisive")}
    if not r.readings and not decisive:
        return [*out, "None: the text settles every question the checks ask.", ""]
    for name, info in decisive.items():
        out.append(f"- That {words.reading_label(vocab, name)} (`{name}`) decides part of the "
                   "OSD verdict (with it: "
                   f"{info.get('verdicts', {}).get('on', '?')}, without: "
                   f"{info.get('verdicts', {}).get('off', '?')}).")
    for name, doc in r.readings:
        out.append(f"- `{name}`: {doc or ''} — the spec's clauses take it into account.")
    return [*out, ""]


def render_html(markdown: str, title: str) -> str:
    """The Markdown report as one HTML page. Everything in it comes from a spec the user may
    not have written (a draft under review), so raw HTML in the Markdown is not passed
    through (markdown-it's `html` option off: `<script>` shows as text), the title is escaped,
    and a Content-Security-Policy forbids scripts and any network fetch outright."""
    import html

    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'style-src \'unsafe-inline\'">'
            f"<title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;"
            "line-height:1.45}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
            f"padding:.2em .5em}}</style></head><body>\n{body}</body></html>\n")
