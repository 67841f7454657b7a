"""Messy license strings → SPDX license expressions.

Real inputs name licenses in many ways: SPDX ids (current and deprecated), SPDX expressions,
free-text names ("The Apache Software License, Version 2.0"), URLs of the license text, trove
classifiers, Hugging Face ids. ``normalize`` reads one such declaration through, in order:

1. an SPDX id or expression, when every symbol in it is a known SPDX id (license-expression's
   SPDX index) or a name the spec library knows;
2. the normalization table ``solver/data/license_names.tsv`` (name → expression, each mapping
   with its source);
3. the URL, through the same table.

What none of them reads is *unrecognised*: it is kept with its raw text, never dropped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "license_names.tsv"
HF_IDS = Path(__file__).resolve().parent / "data" / "hf_license_ids.tsv"


@dataclass(frozen=True)
class Mapping:
    expression: str
    source: str


@dataclass(frozen=True)
class Normalized:
    """One license declaration read: the SPDX expression, or None when unrecognised."""

    raw: str  # the declaration as the input gave it (id, name, expression or URL)
    expression: str | None
    how: str  # "spdx", "table: <source>", "url: <source>", "unrecognised"

    @property
    def recognised(self) -> bool:
        return self.expression is not None


def name_key(text: str) -> str:
    t = " ".join(text.strip().split()).lower()
    while True:
        u = t.rstrip(".").strip()
        if len(u) > 1 and u[0] + u[-1] in ('""', "''", "()"):
            u = u[1:-1].strip()
        if u == t:
            return t
        t = u


def url_key(url: str) -> str:
    u = url.strip().lower()
    u = re.sub(r"^[a-z]+://", "", u)
    u = u.removeprefix("www.")
    u = u.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return re.sub(r"\.(html?|txt|php)$", "", u)


@functools.cache
def table() -> tuple[dict[str, Mapping], dict[str, Mapping]]:
    """(names, urls): the normalization table, keyed by ``name_key`` / ``url_key``."""
    names: dict[str, Mapping] = {}
    urls: dict[str, Mapping] = {}
    for n, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{TABLE}:{n}: expected 3 tab-separated columns")
        key, expr, source = parts
        if key.startswith("url:"):
            urls[url_key(key[4:])] = Mapping(expr, source)
        else:
            names[name_key(key)] = Mapping(expr, source)
    return names, urls


@functools.cache
def hf_license_ids() -> dict[str, str]:
    """The Hugging Face Hub's license ids (lower-cased) → the license's name."""
    out = {}
    for line in HF_IDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, name = line.partition("\t")
            out[key.strip().lower()] = name.strip()
    return out


@functools.cache
def _spdx_ids() -> dict[str, str]:
    """Lower-cased SPDX license and exception ids (current and deprecated) → their spelling."""
    from license_expression import get_license_index

    out: dict[str, str] = {}
    for entry in get_license_index():
        main = entry.get("spdx_license_key")
        if main and not main.startswith("LicenseRef-"):
            out.setdefault(main.lower(), main)
        # Other keys are deprecated SPDX ids (GPL-2.0, LGPL-2.1+), which are versioned, and
        # ScanCode's own aliases ("GPL", "Apache"), which are not ids and say no version.
        for key in entry.get("other_spdx_license_keys", []):
            if key and not key.startswith("LicenseRef-") and re.search(r"\d", key):
                out.setdefault(key.lower(), key)
    return out


@functools.cache
def _licensing():
    from license_expression import Licensing

    return Licensing()


def spdx_expression(text: str, known: frozenset[str] = frozenset()) -> str | None:
    """``text`` as an SPDX expression when it parses and every symbol is an SPDX id (current
    or deprecated), a LicenseRef-, or one of the ``known`` names (lower-cased); else None."""
    from license_expression import ExpressionError

    text = text.strip()
    if not text or len(text) > 300:
        return None
    try:
        parsed = _licensing().parse(text)
    except (ExpressionError, Exception):  # license-expression raises several kinds
        return None
    if parsed is None:
        return None
    ids = _spdx_ids()
    for sym in _licensing().license_symbols(parsed, decompose=True):
        key = sym.key
        low = key.lower()
        if not (low in ids or low.removesuffix("+") in ids or key.startswith("LicenseRef-")
                or low in known):
            return None
    return str(parsed)


def normalize(*, id: str | None = None, name: str | None = None, url: str | None = None,
              expression: str | None = None, known: frozenset[str] = frozenset(),
              extra: dict[str, str] | None = None) -> Normalized:
    """Read one declaration (the fields of a CycloneDX license object, an SPDX expression, a
    free-text name, a URL). ``known``: lower-cased names the library knows (its ids and
    aliases); ``extra``: a project's own name → expression mappings (a policy file)."""
    return _normalize(id, name, url, expression, known,
                      tuple(sorted((extra or {}).items())))


# An SBOM repeats a few dozen declarations over thousands of components (100,000 components
# of the real SBOMs' mix: 76 distinct), so each distinct one is read once. Bounded, so a
# hostile SBOM of all-distinct declarations costs no more memory than the cache's size.
@functools.lru_cache(maxsize=8192)
def _normalize(id: str | None, name: str | None, url: str | None, expression: str | None,
               known: frozenset[str], extra: tuple[tuple[str, str], ...]) -> Normalized:
    names, urls = table()
    own = {name_key(k): v for k, v in extra}
    raw = next((x for x in (expression, id, name, url) if x and x.strip()), "")
    for text in (expression, id, name):
        if not text or not text.strip():
            continue
        key = name_key(text)
        if key in own:
            return Normalized(raw, own[key], "policy")
        if key in names:
            m = names[key]
            return Normalized(raw, m.expression, f"table: {m.source}")
        found = spdx_expression(text, known)
        if found is not None:  # deprecated "L-with-E" ids inside it become "L WITH E"
            return Normalized(raw, _substitute(found, own, deprecated_only=True), "spdx")
        found = _symbols_normalized(text, known, own)
        if found is not None:  # an expression with some names the table reads
            return Normalized(raw, found, "spdx (names read through the table)")
    if url and url.strip():
        for one in re.split(r"\s+and\s+|\s+", url.strip()):
            hit = urls.get(url_key(one)) or _spdx_url(one)
            if hit is not None:
                return Normalized(raw, hit.expression, f"url: {hit.source}")
    return Normalized(raw, None, "unrecognised")


def _symbols_normalized(text: str, known: frozenset[str], own: dict[str, str]) -> str | None:
    """An expression with operators whose symbols are SPDX ids or table names: each symbol
    normalized (``Apache 2.0 OR MIT`` → ``Apache-2.0 OR MIT``); symbols nobody reads stay
    as they are, for the resolver to list as unrecognised. None when there is no operator."""
    # SPDX operators are upper case; "Common Development and Distribution License" is a name
    if not re.search(r"\s(AND|OR|WITH)\s", text) or re.search(r"\s(and|or|with)\s", text):
        return None
    from license_expression import ExpressionError

    try:
        parsed = _licensing().parse(text)
    except (ExpressionError, Exception):
        return None
    return _substitute(str(parsed), own)


def _substitute(expression: str, own: dict[str, str], deprecated_only: bool = False) -> str:
    """Each symbol of a parsed expression read through the table (or only the deprecated
    SPDX ids the table maps, such as GPL-2.0-with-classpath-exception)."""
    names, _ = table()
    parsed = _licensing().parse(expression)
    out = str(parsed)
    changed = False
    for sym in sorted(_licensing().license_symbols(parsed, decompose=True),
                      key=lambda x: -len(x.key)):
        key = name_key(sym.key)
        hit = names.get(key)
        m = own.get(key) or (hit.expression if hit and (
            not deprecated_only or hit.source == "SPDX deprecated") else None)
        if m is not None:
            out = substitute_symbols(out, {sym.key: m})
            changed = True
    return str(_licensing().parse(out)) if changed else out


def substitute_symbols(expression: str, mapping: dict[str, str]) -> str:
    """``expression`` with each symbol that ``mapping`` names replaced by its expression, symbol
    by symbol: ``LicenseRef-foo`` never matches inside ``LicenseRef-foo-2``."""
    if not mapping:
        return expression
    keys = "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))

    def replace(m: re.Match[str]) -> str:
        return f"({mapping[m.group(0)]})"

    return re.sub(rf"(?<![\w.+-])(?:{keys})(?![\w.+-])", replace, expression)


def is_known_id(key: str) -> bool:
    """An SPDX license or exception id (current or deprecated), a LicenseRef-, or a Hugging
    Face license id: a license that exists, whether or not the library has a spec for it."""
    low = key.lower().strip()
    return (low in _spdx_ids() or low.removesuffix("+") in _spdx_ids()
            or low.startswith("licenseref-") or low in hf_license_ids())


def _spdx_url(url: str) -> Mapping | None:
    """https://spdx.org/licenses/MIT.html → MIT."""
    m = re.match(r"^spdx\.org/licenses/([A-Za-z0-9.+-]+)$", url_key(url), re.IGNORECASE)
    if not m:
        return None
    key = _spdx_ids().get(m.group(1).lower())
    return Mapping(key, "SPDX license list URL") if key else None
