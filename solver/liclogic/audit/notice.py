"""``liclogic notice``: the attribution (NOTICE) file that the licenses' duties call for.

Which duties apply is not a table here: each shipped component's license is asked
compat(license, outbound) in the scan's context, and the duties of that yes (the checklist
compat lists, each with its clause) are what the notice performs — the copyright notices
(``notice``), the license texts (``license_copy``, each text once), display duties ("Built
with Llama", ``display``), state-changes notes (``state_changes``) and a NOTICE file's
attribution notices (``notice_file``, Apache-2.0 §4(d)): the input's own (SPDX
attributionText, a Python package's NOTICE file), carried verbatim, or said to be not in
it. Other duties of the yes (source offers, same license, …) are listed as duties this file
does not perform.

Nothing is invented: a component's copyright line is the SBOM's (CycloneDX ``copyright``,
SPDX ``copyrightText``) or "copyright notice not stated in the SBOM"; a license text not at
hand is said so, and the notice is then incomplete (``complete`` False).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from liclogic.audit.policy import ScanPolicy
from liclogic.audit.scan import NO_LICENSE, NOT_SHIPPED, Entry, scan, scan_context
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.inputs.inventory import Inventory
from liclogic.lang.expression import alternatives, parse_expression
from liclogic.lang.library import Library
from liclogic.lang.texts import LicenseText, find_text

# The duties a notice file performs; any other duty of a yes is listed, not performed.
PERFORMED = ("notice", "license_copy", "display", "state_changes", "notice_file")
NOT_STATED = "copyright notice not stated in the SBOM"
NO_NOTICE_FILE = ("its NOTICE file is not in the input (SPDX attributionText, a package's "
                  "NOTICE): if the work has one, copy its attribution notices here")


@dataclass
class Section:
    """One component (or one license, for a notice from licenses) that owes attribution."""

    name: str
    expression: str  # the licenses its duties come from (the chosen alternative of an OR)
    copyright: str | None  # None: not stated (or, from licenses, not known)
    duties: list[dict[str, Any]]  # compat's checklist items that the notice performs
    others: list[dict[str, Any]] = field(default_factory=list)  # duties it does not perform
    attribution: list[str] = field(default_factory=list)  # the input's NOTICE contents

    @property
    def notice_file(self) -> bool:
        return any(d["duty"] == "notice_file" for d in self.duties)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "licenses": self.expression,
                               "copyright": self.copyright, "duties": self.duties,
                               "other_duties": self.others}
        if self.notice_file:
            out["notice_file"] = self.attribution or None
        return out


@dataclass
class Notice:
    source: str
    outbound: str | None
    sections: list[Section]
    texts: dict[str, LicenseText | None]  # every license whose text a duty asks for
    not_covered: list[tuple[str, str]]  # (component, why no duties could be derived)
    no_duties: list[str]  # components whose licenses ask nothing of a notice file
    from_sbom: bool = True

    @property
    def missing_texts(self) -> list[str]:
        return [k for k, v in self.texts.items() if v is None]

    @property
    def complete(self) -> bool:
        """Every text at hand and every shipped component's duties derived."""
        return not self.missing_texts and not self.not_covered

    def to_json(self) -> dict[str, Any]:
        return {
            "check": "notice", "source": self.source, "outbound": self.outbound,
            "complete": self.complete, "missing_texts": self.missing_texts,
            "sections": [s.to_json() for s in self.sections],
            "texts": {k: ({"origin": v.origin} if v else None) for k, v in self.texts.items()},
            "not_covered": [{"name": n, "why": w} for n, w in self.not_covered],
            "no_duties": self.no_duties,
        }


class _Duties:
    """compat(license, outbound)'s duties of a yes, asked once per distinct pair."""

    def __init__(self, lib: Library, ctx: Context, settings: SolverSettings) -> None:
        self.lib, self.ctx, self.settings = lib, ctx, settings
        self.memo: dict[tuple[str, str], tuple[Verdict, list[dict[str, Any]]]] = {}

    def of(self, leaf: str, outbound: str) -> tuple[Verdict, list[dict[str, Any]]]:
        from liclogic.queries.compat import compat

        key = (leaf, outbound)
        if key not in self.memo:
            r = compat(self.lib, leaf, outbound, self.ctx, self.settings)
            own = [d for d in r.extra.get("duties") or [] if d.get("license") == leaf]
            self.memo[key] = (r.verdict, own)
        return self.memo[key]


def notice_for_inventory(lib: Library, inv: Inventory, outbound: str | None = None,
                         policy: ScanPolicy | None = None,
                         settings: SolverSettings = DEFAULT_SETTINGS) -> Notice:
    """The notice for a scan input: a section per shipped component whose license's duties
    (on going into the outbound license, in the scan's context) ask something of it."""
    policy = policy or ScanPolicy()
    result = scan(lib, inv, outbound, policy, settings, explain=False)
    duties = _Duties(lib, scan_context(policy), settings)
    notice = Notice(inv.source, result.outbound, [], {}, [], [])
    for e in result.entries:
        if e.status == NOT_SHIPPED:
            continue
        leaves = _chosen(lib, e)
        if leaves is None:
            why = (e.component.note or "no license declared" if e.status == NO_LICENSE
                   else f"verdict {e.if_shipped or e.verdict}: "
                        + (e.reasons[0] if e.reasons else e.status))
            notice.not_covered.append((e.component.label, why))
            continue
        _add(notice, duties, e.component.label, e.component.copyright, leaves,
             result.outbound, e.component.attribution)
    return notice


def notice_for_licenses(lib: Library, expressions: list[str], outbound: str | None = None,
                        ctx: Context | None = None,
                        settings: SolverSettings = DEFAULT_SETTINGS) -> Notice:
    """The notice for licenses named on the command line: a section per license whose
    duties (distributing it under ``outbound``, or under itself) ask something of it. No
    copyright holders are known: each section says so."""
    duties = _Duties(lib, ctx or Context(), settings)
    notice = Notice(", ".join(expressions), outbound, [], {}, [], [], from_sbom=False)
    for text in expressions:
        parsed = parse_expression(lib, text)
        alts = alternatives(parsed.expression)
        # an OR is the licensee's choice: the first alternative whose licenses all go
        # into the outbound license (without one, the first: each goes under itself)
        ok = [a for a in alts if outbound is None
              or all(duties.of(x, outbound)[0] != Verdict.NO for x in a)]
        chosen = (ok or alts)[0]
        for leaf in dict.fromkeys(chosen):
            _add(notice, duties, leaf, None, (leaf,), outbound or leaf)
    return notice


def _chosen(lib: Library, e: Entry) -> tuple[str, ...] | None:
    """The licenses whose duties a component owes: those of its verdict's chosen
    alternative; None when there is no yes (or depends) to take duties from."""
    if e.verdict not in (Verdict.YES, Verdict.DEPENDS) or not e.expression:
        return None
    if e.chosen:
        return tuple(x.strip() for x in e.chosen.split(" AND "))
    alts = alternatives(parse_expression(lib, e.expression).expression)
    return alts[0] if len(alts) == 1 else None


def _add(notice: Notice, duties: _Duties, name: str, copyright: str | None,
         leaves: tuple[str, ...], outbound: str, attribution: list[str] | None = None) -> None:
    performed: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for leaf in leaves:
        verdict, items = duties.of(leaf, outbound)
        if verdict not in (Verdict.YES, Verdict.DEPENDS):
            notice.not_covered.append((name, f"{leaf} into {outbound}: {verdict}"))
            return
        for d in items:
            kind = d["duty"].split("(", 1)[0]  # display("Built with Llama") → display
            (performed if kind in PERFORMED and not d.get("term") else others).append(d)
            if d["duty"] == "license_copy":
                # "L WITH E": the license's text and the exception's, each once
                for part in leaf.split(" WITH "):
                    if part not in notice.texts:
                        notice.texts[part] = find_text(part.strip())
    if not performed:
        notice.no_duties.append(name)
        return
    notice.sections.append(Section(name, " AND ".join(leaves), copyright, performed, others,
                                   list(attribution or [])))


def _cites(d: dict[str, Any]) -> str:
    cites = dict.fromkeys(f"{b['license']} {b['cite']}" for b in d.get("because") or []
                          if b.get("cite"))
    return "; ".join(cites) or d["license"]


def _notice_file(s: Section, from_input: bool, markdown: bool) -> list[str]:
    """A NOTICE file's attribution notices, as the input carries them (Apache-2.0 §4(d): "a
    readable copy"), or what to add."""
    if not s.attribution:
        return ["  " + (NO_NOTICE_FILE if from_input else
                        "its NOTICE file is not known to liclogic: if the work has one, "
                        "copy its attribution notices here")]
    out = ["  its NOTICE file's attribution notices:"]
    for text in s.attribution:
        if markdown:
            out += ["", "  ```text", *(f"  {x}".rstrip() for x in text.splitlines()), "  ```"]
        else:
            out += [f"    {x}".rstrip() for x in text.splitlines()]
    return out


def render(notice: Notice, markdown: bool = False) -> str:
    """The NOTICE file: a section per component (its copyright line, the display and
    state-changes duties, each cited), then each license text once."""
    h1, h2, h3 = ("# ", "## ", "### ") if markdown else ("", "== ", "-- ")
    out = [f"{h1}Third-party notices: {notice.source}", ""]
    if notice.outbound:
        out.append(f"Distributed under {notice.outbound}. ")
    out += ["These notices are what the components' licenses require on distribution "
            "(each duty cites its clause); generated by liclogic.", ""]
    for s in notice.sections:
        out += [f"{h2}{s.name}", "", f"License: {s.expression}"]
        kinds = {d["duty"].split("(", 1)[0] for d in s.duties}
        if "notice" in kinds:
            line = s.copyright or (NOT_STATED if notice.from_sbom else
                                   "copyright notice: the copyright holders' notices "
                                   "(not known to liclogic: add them)")
            out.append(f"Copyright: {line}")
        for d in s.duties:
            when = f" ({d['when']})" if d.get("when") else ""
            out.append(f"- {d['text']}{when} [{_cites(d)}]")
            if d["duty"] == "license_copy":
                parts = " and ".join(f"\"{x}\"" for x in d["license"].split(" WITH "))
                out.append(f"  the text: below, under {parts}")
            if d["duty"] == "notice_file":
                out += _notice_file(s, notice.from_sbom, markdown)
        for d in s.others:
            what = "a term that stays with it" if d.get("term") else "a duty"
            out.append(f"- {what}, not performed by this file: {d['text']} [{_cites(d)}]")
        out.append("")
    if notice.not_covered:
        out += [f"{h2}Components without a derived notice", ""]
        out += [f"- {n}: {w}" for n, w in notice.not_covered] + [""]
    if notice.texts:
        out += [f"{h2}License texts", ""]
        for lic, t in notice.texts.items():
            out += [f"{h3}{lic}", ""]
            if t is None:
                out += [f"[the text of {lic} is not at hand: liclogic bundles no text for it; "
                        "add it before distributing]", ""]
            elif markdown:
                out += ["```text", t.text.rstrip("\n"), "```", ""]
            else:
                out += [t.text.rstrip("\n"), ""]
    return "\n".join(out).rstrip("\n") + "\n"


__all__ = ["NOT_STATED", "Notice", "Section", "notice_for_inventory", "notice_for_licenses",
           "render"]
