"""``liclogic obligations``: are the duties of a model's verdict fulfilled in its repository?

A model repository folder holds the card (README.md), the license text (LICENSE), attribution
notices (NOTICE) and a use policy (USE_POLICY). The duties come from the verdict, not from a
table: the base model's license (``--base-license``; else the model's own, the terms it
redistributes) asked against the card's declared license for the card's relation, as
``lineage`` and ``audit`` decide a link (``decide_link``), with every duty of that answer and
the clause it comes from. Each duty is then looked for in the files:

- ``license_copy``: a license file is the license's text (against its bundled or licensedcode
  text: 90% of the file's word triples are in that text, and the file holds at least half of
  the text's), or, with no reference text, names it;
- ``notice``: where the clause quotes the notice itself ("Llama 3.1 is licensed under …"),
  that line is in NOTICE; else a NOTICE file, or a copyright line in LICENSE or the card;
- ``display(TEXT)``: TEXT on the card ("Built with Llama");
- ``name_prefix(TEXT)``: the model's name (the card's model_name, else the last part of its
  id) begins with TEXT;
- ``pass_through``: where the license's use restrictions are a policy document of their own
  (the spec cites them as "AUP §…", "PUP §…"), a USE_POLICY file; else the copy of the license
  text carries them (the license_copy check);
- ``state_changes``: the card names the base model (base_model) or says it was changed;
- other duties (use restrictions, source offers, …) are not things a folder can show: listed
  as not checked, never as fulfilled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liclogic.audit.lineage import decide_link, vocab_relation
from liclogic.engine.solve import DEFAULT_SETTINGS, SolverSettings
from liclogic.errors import LiclogicError
from liclogic.inputs.modelcard import Card, license_of, parse_card
from liclogic.inputs.models import Model
from liclogic.inputs.normalize import Normalized
from liclogic.inputs.read import read_text
from liclogic.inputs.resolve import known_names, resolve_declared
from liclogic.lang.library import Library

KINDS = {"card": ("readme.md", "modelcard.md"),
         "license": ("license", "licence", "copying", "license_agreement"),
         "notice": ("notice", "notices"),
         "use_policy": ("use_policy", "acceptable_use_policy", "prohibited_use_policy",
                        "aup", "responsible_use_policy")}
# a license file is a license's text when 90% of its word triples are in the reference text
# and it holds half of the reference's (a reference text may carry more: Llama's bundled
# texts end with the Acceptable Use Policy, which repositories ship as USE_POLICY.md)
MATCH = 0.9
HOLDS = 0.5
# a copyright statement: "Copyright (c) 2024 Name", "© 2024 Name" (a year; not a template's
# "Copyright [yyyy] [name]", not a sentence about copyright notices)
COPYRIGHT = re.compile(r"\s*(copyright\s+(\(c\)\s*|©\s*)?|©\s*|\(c\)\s*)(\d{4})",
                       re.IGNORECASE)


@dataclass
class Repo:
    folder: Path
    files: dict[str, list[Path]]  # kind -> the files of that kind, sorted
    text: dict[Path, str]
    card: Card

    def of(self, kind: str) -> list[Path]:
        return self.files.get(kind, [])


@dataclass
class Check:
    duty: str
    license: str
    status: str  # fulfilled | missing | not checked
    evidence: str  # where it was found, or what is missing
    because: list[dict[str, Any]] = field(default_factory=list)  # license, cite, quote, at

    def to_json(self) -> dict[str, Any]:
        return {"duty": self.duty, "license": self.license, "status": self.status,
                "evidence": self.evidence, "because": self.because}


@dataclass
class Obligations:
    folder: str
    model: str
    name: str
    declared: str | None
    base: str | None
    relation: str
    verdict: str
    reason: str
    checks: list[Check]
    notes: list[str]

    @property
    def missing(self) -> list[Check]:
        return [c for c in self.checks if c.status == "missing"]

    def to_json(self) -> dict[str, Any]:
        return {"folder": self.folder, "model": self.model, "name": self.name,
                "declared": self.declared, "base_license": self.base,
                "relation": self.relation, "verdict": self.verdict, "reason": self.reason,
                "fulfilled": not self.missing and self.verdict != "no",
                "missing": len(self.missing), "checks": [c.to_json() for c in self.checks],
                "notes": self.notes}


def _kind(path: Path) -> str | None:
    stem = path.name.lower()
    for suffix in (".md", ".txt", ".markdown", ".rst"):
        stem = stem.removesuffix(suffix)
    if path.name.lower() in KINDS["card"]:
        return "card"
    for kind in ("license", "notice", "use_policy"):
        if any(stem == k or stem.startswith(k + "-") or stem.startswith(k + "_")
               or stem.startswith(k + ".") for k in KINDS[kind]):
            return kind
    return None


def read_repo(folder: Path, lib: Library) -> Repo:
    if not folder.is_dir():
        raise LiclogicError(f"not a folder: {folder}",
                            hint="give a model repository folder (README.md, LICENSE, "
                                 "NOTICE, USE_POLICY)")
    files: dict[str, list[Path]] = {}
    for p in sorted(folder.iterdir()):
        kind = _kind(p) if p.is_file() else None
        if kind:
            files.setdefault(kind, []).append(p)
    if not files.get("card"):
        raise LiclogicError(f"{folder}: no model card (README.md)",
                            hint="a model repository has its card in README.md, with the "
                                 "license in the front matter")
    text = {p: read_text(p) for ps in files.values() for p in ps}
    card_path = files["card"][0]
    card = parse_card(text[card_path], str(card_path), known=known_names(lib))
    return Repo(folder, files, text, card)


def model_name(card: Card) -> str:
    name = card.meta.get("model_name")
    if not name:
        index = card.meta.get("model-index")
        if isinstance(index, list) and index and isinstance(index[0], dict):
            name = index[0].get("name")
    return str(name or card.model_id.rsplit("/", 1)[-1]).strip()


def check_repo(lib: Library, folder: Path, base_license: str | None = None,
               settings: SolverSettings = DEFAULT_SETTINGS,
               readings: dict[str, bool] | None = None) -> Obligations:
    repo = read_repo(folder, lib)
    card = repo.card
    notes: list[str] = []
    declared = card.license
    relation = card.relation or ("finetune" if card.base_models else None)
    if base_license:
        base = license_of({"license": base_license}, known_names(lib))
        if base is None or base.expression is None:
            raise LiclogicError(f"--base-license {base_license}: not a license the library "
                                "reads", hint="an SPDX id, an alias or a Hugging Face id")
    else:
        base = declared
        if card.base_models:
            notes.append(f"the base model ({', '.join(card.base_models)}) is named but its "
                         "license is not given (--base-license): the duties are those of the "
                         "model's own license")
    name = model_name(card)
    if declared is None or base is None:
        checks = [Check("license", "", "missing", f"{_rel(repo, repo.of('card')[0])}: the "
                        "card declares no license (front matter license:)")]
        return Obligations(str(folder), card.model_id, name, None,
                           base.raw if base else None, relation or "none", "unknown",
                           "the model declares no license", checks, notes)
    judges: dict[tuple[Any, ...], Any] = {}
    link = decide_link(lib, Model("child", declared), "parent", relation,
                       Model("parent", base), judges, settings, True, dict(readings or {}))
    duties: list[dict[str, Any]] = []
    if link.status == "ok":
        duties = _duties(lib, judges, base, declared, relation)
    else:
        notes.append(f"no duties derived: {' | '.join(link.reasons)}")
    checks = [_check(lib, repo, d, name) for d in duties]
    return Obligations(str(folder), card.model_id, name, declared.raw, base.raw,
                       relation or "none", link.verdict.value, " | ".join(link.reasons),
                       checks, notes)


def _duties(lib: Library, judges: dict[tuple[Any, ...], Any], parent: Normalized,
            child: Normalized, relation: str | None) -> list[dict[str, Any]]:
    """The duties of the decision's answers (every license pair), each once."""
    c = resolve_declared(lib, [child])
    p = resolve_declared(lib, [parent])
    judge = judges[(c.alternatives, vocab_relation(lib, relation))]
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for a in p.leaves:
        for b in c.leaves:
            for d in judge.explain(a, b).to_json().get("duties", []):
                out.setdefault((d["duty"], d.get("license") or ""), d)
    return list(out.values())


def _rel(repo: Repo, p: Path) -> str:
    return p.name if p.parent == repo.folder else str(p)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("©", " c "))


def _triples(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def _find_line(text: str, needle: str) -> int | None:
    want = " ".join(_words(needle))
    for n, line in enumerate(text.splitlines(), 1):
        if want and want in " ".join(_words(line)):
            return n
    return None


def _license_copy(lib: Library, repo: Repo, lic: str) -> tuple[bool, str]:
    from liclogic.lang.texts import find_text

    files = repo.of("license")
    if not files:
        return False, "no license file (LICENSE, LICENSE.md, LICENSE.txt)"
    ref = find_text(lic)
    if ref is None:
        names = [lic, *(a for a in _aliases(lib, lic))]
        for p in files:
            for nm in names:
                n = _find_line(repo.text[p], nm)
                if n:
                    return True, f"{_rel(repo, p)}:{n} names {nm} (no reference text to " \
                                 "compare the file with)"
        return False, f"{', '.join(_rel(repo, p) for p in files)}: does not name {lic}"
    want = _triples(_words(ref.text))
    best = (0.0, 0.0, files[0])
    for p in files:
        have = _triples(_words(repo.text[p]))
        inside = len(want & have)
        best = max(best, (inside / max(1, len(have)), inside / max(1, len(want)), p),
                   key=lambda t: min(t[0], t[1] / HOLDS))
    within, holds, p = best
    shares = f"{within:.0%} of the file is in it, the file holds {holds:.0%} of it"
    if within >= MATCH and holds >= HOLDS:
        return True, f"{_rel(repo, p)} is the text of {lic} ({shares})"
    return False, f"{_rel(repo, p)} is not the text of {lic} ({shares}; reference: " \
                  f"{ref.origin.rsplit('/', 1)[-1]})"


def _aliases(lib: Library, lic: str) -> list[str]:
    try:
        m = lib.get(lic)
    except (KeyError, LiclogicError):
        return []
    return [m.name, *m.aliases] if m.name else list(m.aliases)


def _policy_document(lib: Library, lic: str) -> str | None:
    """The name the spec gives a separate use-policy document ("AUP", "PUP"), if its use
    restrictions are cited from one."""
    try:
        m = lib.get(lic)
    except (KeyError, LiclogicError):
        return None
    for b in m.bans:
        section = b.clause.cite.section if b.clause.cite else ""
        head = section.split(" ", 1)[0]
        if head and head[0] != "§" and head.isalpha() and head.isupper():
            return head
    return None


def _check(lib: Library, repo: Repo, d: dict[str, Any], name: str) -> Check:
    duty, lic = d["duty"], d.get("license") or ""
    because = [{k: b.get(k) for k in ("license", "cite", "quote", "at")}
               for b in d.get("because", [])]
    arg = re.match(r'^\w+\("(.*)"\)$', duty)
    text_arg = arg.group(1) if arg else ""
    card = repo.of("card")[0]
    kind = duty.split("(", 1)[0]
    ok: bool | None
    if kind == "license_copy":
        ok, ev = _license_copy(lib, repo, lic)
    elif kind == "display":
        n = _find_line(repo.text[card], text_arg)
        ok, ev = (True, f"{_rel(repo, card)}:{n}") if n else \
            (False, f"{_rel(repo, card)} does not show “{text_arg}”")
    elif kind == "name_prefix":
        ok = name.lower().startswith(text_arg.lower())
        ev = f"the model's name “{name}” " + ("begins" if ok else "does not begin") + \
            f" with “{text_arg}”"
    elif kind == "notice":
        ok, ev = _notice(repo, because)
    elif kind == "pass_through":
        ok, ev = _pass_through(lib, repo, lic)
    elif kind == "state_changes":
        n = _find_line(repo.text[card], "base_model") or next(
            (m for w in ("fine-tuned", "fine tuned", "finetuned", "modified", "merged",
                         "quantized") if (m := _find_line(repo.text[card], w))), None)
        ok, ev = (True, f"{_rel(repo, card)}:{n} states what the model was made from") if n \
            else (False, f"{_rel(repo, card)} does not say the model was changed, nor from "
                         "which base model")
    else:
        ok, ev = None, "not a duty files can show (it binds what is done, not what is shipped)"
    status = "not checked" if ok is None else "fulfilled" if ok else "missing"
    return Check(duty, lic, status, ev, because)


def _notice(repo: Repo, because: list[dict[str, Any]]) -> tuple[bool, str]:
    quoted = next((b["quote"] for b in because if b.get("quote")
                   and "licensed under" in b["quote"] and "copyright" in b["quote"].lower()),
                  None)
    notices = repo.of("notice")
    if quoted:
        for p in notices:
            n = _find_line(repo.text[p], quoted)
            if n:
                return True, f"{_rel(repo, p)}:{n}"
        where = ", ".join(_rel(repo, p) for p in notices) or "no NOTICE file"
        return False, f"the attribution notice “{quoted}” is not in a NOTICE file ({where})"
    if notices:
        return True, _rel(repo, notices[0])
    for p in [*repo.of("license"), *repo.of("card")]:
        n = next((i for i, line in enumerate(repo.text[p].splitlines(), 1)
                  if COPYRIGHT.match(line)), None)
        if n:
            return True, f"{_rel(repo, p)}:{n} (a copyright line)"
    return False, "no NOTICE file and no copyright line in LICENSE or the card"


def _pass_through(lib: Library, repo: Repo, lic: str) -> tuple[bool, str]:
    doc = _policy_document(lib, lic)
    if doc:
        policies = repo.of("use_policy")
        if policies:
            return True, f"{_rel(repo, policies[0])} (the {doc} passed on)"
        return False, f"no use policy file (USE_POLICY.md): {lic}'s use restrictions are its " \
                      f"{doc}, a document of its own"
    ok, ev = _license_copy(lib, repo, lic)
    return ok, ("the use restrictions are in the license text: " + ev)
