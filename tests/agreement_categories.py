"""Agreement of ``liclogic classify`` with ScanCode's license categories and Google's license
classifier types (tests/data/scancode, tests/data/google; provenance in each file). Rows feed
tests/agreement.py like the other sources: a disagreement must be listed, with its reason, in
tests/data/known_differences.yml.

Each source's vocabulary is not ours: the tables below say which of its words each derived
category corresponds to (the correspondence, never a license's verdict).
"""

from __future__ import annotations

import json
from pathlib import Path

from liclogic.errors import LiclogicError
from liclogic.lang.library import Library
from liclogic.queries.classify import Classification, classify

DATA = Path(__file__).parent / "data"

# liclogic category → ScanCode categories (ScanCode files non-commercial and source-available
# licenses alike under "Source-available"; a license whose grants are free but whose uses are
# restricted it files as "Free Restricted" — its own data puts the Hippocratic licenses,
# BSD-3-Clause-No-Military and C-UDA there — or, for the model licenses, "Proprietary Free":
# free of charge, not open). The first word is the one shown when they differ.
#
# ScanCode's definitions (scancode-toolkit src/licensedcode/templates/help.html, "License
# Categories") overlap in two places, and the table follows them:
# - "Public Domain: Open source software that is made available without explicit obligations";
#   "Permissive: ... These generally require attribution ... and may include other
#   obligations". A permissive license that asks nothing (0BSD, MIT-0, the WTFPL) fits both:
#   its key is "permissive, asks nothing".
# - "Source-available: ... the source can be viewed, and in some cases modified, but without
#   necessarily meeting the criteria to be called open-source" fits a use-restricted license
#   as well as "Free Restricted" ("restrictions regarding the usage of the software") does.
SCANCODE: dict[str, tuple[str, ...]] = {
    "public-domain": ("Public Domain",), "permissive": ("Permissive",),
    "permissive, asks nothing": ("Permissive", "Public Domain"),
    "weak-copyleft-file": ("Copyleft Limited",), "weak-copyleft-library": ("Copyleft Limited",),
    "strong-copyleft": ("Copyleft",), "network-copyleft": ("Copyleft",),
    "source-available": ("Source-available",), "non-commercial": ("Source-available",),
    "use-restricted": ("Proprietary Free", "Free Restricted", "Source-available"),
    "proprietary-free": ("Proprietary Free",), "other": ("Unstated License",),
}
# Google's license types are read through the google policy pack
# (solver/liclogic/queries/policies/google.yml): its rules over the derived categories and
# properties are the one correspondence between liclogic's vocabulary and Google's (types by
# license_type.go's comments: restricted = source distribution mandatory for a product
# including it; reciprocal = modifications of the code itself must be made available; notice
# = notices only; unencumbered = free for any use; forbidden; by_exception_only = only for a
# specific, approved use). Google's types and its policy are one list, so the two comparisons
# must not read it two ways.


_CACHE: dict[tuple[int, str], Classification] = {}


def classified(lib: Library, name: str) -> Classification:
    key = (id(lib), name)
    if key not in _CACHE:
        _CACHE[key] = classify(lib, name)
    return _CACHE[key]


def scancode_key(c: Classification) -> str:
    """The row of ``SCANCODE`` for a classification."""
    if c.category == "permissive" and c.answers["any_duty"].holds is False:
        return "permissive, asks nothing"
    return c.category


def scancode_rows(lib: Library) -> list:
    from .agreement import Row

    data = json.loads((DATA / "scancode" / "categories.json").read_text())["licenses"]
    rows = []
    for lid, entry in sorted(data.items()):
        if lid not in lib.licenses:
            continue
        c = classified(lib, lid)
        ours = c.category
        words = SCANCODE[scancode_key(c)]
        rows.append(Row("scancode", f"{lid}: category", entry["category"],
                        entry["category"] if entry["category"] in words
                        else f"{words[0]} ({ours})"))
    return rows


def google_names(lib: Library) -> dict[str, tuple[str, str]]:
    """Google's name → (its type, the library license or ``L WITH E`` it names)."""
    from liclogic.lang.expression import Leaf, parse_expression

    data = json.loads((DATA / "google" / "license_types.json").read_text())
    out = {}
    for kind, names in data["types"].items():
        for name in names:
            target = data["with_exceptions"].get(name, name)
            try:
                e = parse_expression(lib, target).expression
            except LiclogicError:
                continue  # not in the library
            if isinstance(e, Leaf):
                out[name] = (kind, e.id)
    return out


def google_rows(lib: Library) -> list:
    from liclogic.queries.policy_packs import load_pack

    from .agreement import Row

    pack = load_pack("google")
    rows = []
    for _name, (kind, lid) in sorted(google_names(lib).items()):
        c = classified(lib, lid)
        rule = pack.decide(c)
        said = rule.outcome if rule else "no rule"
        rows.append(Row("google", f"{lid}: type", kind,
                        said if said == kind else f"{said} ({c.category})"))
    return rows


POLICY_SOURCES = {"asf": "asf", "google-policy": "google", "osi-fsf": "osi-fsf"}


def policy_rows(lib: Library, source: str) -> list:
    """Each license an organisation's list names, decided by its pack's rules."""
    from liclogic.queries.policy_packs import load_pack

    from .agreement import Row

    pack = load_pack(POLICY_SOURCES[source])
    rows = []
    for outcome, ids in sorted(pack.expected.items()):
        for lid in ids:
            c = classified(lib, lid)
            rule = pack.decide(c)
            ours = rule.outcome if rule else "no rule"
            rows.append(Row(source, f"{lid}: {pack.name}", outcome,
                            ours if ours == outcome else
                            f"{ours} (rule {rule.id if rule else '-'}, {c.category})"))
    return rows
