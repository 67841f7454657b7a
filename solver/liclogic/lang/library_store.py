"""The library through the on-disk cache (``liclogic.cache``): stored as inert JSON — the
vocabulary, the lookup table and, per license, its tree and inherited clauses as a JSON text
of its own (``StoredLicense``), decoded only when the license is first used
(``LicenseModel.__getattr__``): a new question reads two licenses, not 140. The licenses'
texts follow the head (one line of JSON: the vocabulary, the lookup table, where each
license's text starts and ends), one after the other, so that reading the library parses
the head alone — not 1.2 MB of license texts quoted inside one JSON document.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from liclogic import codec
from liclogic.lang.library import Library, LicenseModel, StoredLicense, load_paths
from liclogic.lang.paths import library_key, portable_key, spec_paths
from liclogic.lang.vocabulary import Vocabulary
from liclogic.limits import Deadline


def load_library_cached(extra: Iterable[Path] = (), key: str | None = None,
                        deadline: Deadline | None = None,
                        reaches: Sequence[str] | None = None) -> Library:
    """``load_library`` through the on-disk cache (see liclogic.cache): a library whose spec
    files, grammar and tool version are unchanged is read back instead of parsed. ``key``:
    ``library_key(extra)`` when the caller has just computed it. ``reaches``: the license
    names (or expressions) the one question asked of the library names — with the cache off
    and no pre-built library, only the spec files they reach are parsed
    (``library_reached``), when that can be told."""
    from liclogic import cache

    key = key or library_key(extra)
    if key is None:
        base, user = spec_paths(None, extra)
        found = _prebuilt(base, user, None)
        if found is None and reaches and not user:
            from liclogic.lang.library_reached import expression_names, reached_library

            found = reached_library(expression_names(reaches), deadline)
        return found or load_paths(base, user, deadline)
    text = cache.store().get_text(key, STORED_LIBRARY)
    hit = library_from_json(text, key) if text is not None else None
    if hit is not None:
        return hit
    base, user = spec_paths(None, extra)
    prebuilt = _prebuilt(base, user, key)
    if prebuilt is not None:
        return prebuilt  # not copied into the cache: the wheel's file serves the next run too
    lib = load_paths(base, user, deadline)
    lib.key = key
    with contextlib.suppress(codec.CodecError):  # not storable as data: answered, not kept
        cache.store().put_text(key, library_to_json(lib), STORED_LIBRARY)
    return lib


def _prebuilt(base: list[Path], user: list[Path], key: str | None) -> Library | None:
    """The wheel's pre-built library (``prebuilt``) when there is one and it is exactly the
    library these spec files make (its portable key: content, not location); None otherwise
    — a user's own specs, another build, a file that does not decode. ``key``: the cache key
    the library goes by (None: no cache), as a parsed one would."""
    from liclogic.lang.prebuilt import PREBUILT, prebuilt_text

    if user or not PREBUILT.is_file():
        return None
    text = prebuilt_text()
    return None if text is None else library_from_json(text, key, expect=portable_key(base))


def write_prebuilt(path: Path) -> None:
    """Parse the bundled specs and write the library as the wheel ships it (``prebuilt``;
    for the build hook, hatch_build.py): keyed by its portable key."""
    base, user = spec_paths(None, ())
    lib = load_paths(base, user)
    lib.key = portable_key(base)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(library_to_json(lib), encoding="utf-8")


STORED_LIBRARY = "Library"


def library_to_json(lib: Library) -> str:
    """The library as inert JSON (``liclogic.codec``): a head line — the vocabulary, the
    lookup table and, per license, where its text lies in what follows — then each license's
    tree and inherited clauses as a JSON text of their own, decoded only when the license is
    first used (a new question reads two licenses, not 140)."""
    licenses: dict[str, tuple[str, str | None, int, int]] = {}
    texts: list[str] = []
    at = 0
    for lid, m in lib.licenses.items():
        own = m.tree.clauses
        # where the tree's own clauses sit: after the inherited ones, before the added ones
        start = next((i for i, sc in enumerate(m.clauses)
                      if sc.origin == lid and own and sc.clause is own[0]), len(m.clauses))
        end = start + len(own)
        if end > len(m.clauses) or any(sc.origin != lid or sc.clause is not c
                                       for sc, c in zip(m.clauses[start:end], own, strict=True)):
            raise codec.CodecError(f"{lid}: its clauses are not its tree's")
        inherited = tuple((sc.origin, sc.clause) for sc in m.clauses[:start])
        added = tuple((sc.origin, sc.clause) for sc in m.clauses[end:])
        text = codec.dumps(StoredLicense(m.tree, inherited, added), StoredLicense)
        licenses[lid] = (m.path, m.parent, at, at + len(text))
        texts.append(text)
        at += len(text)
    head = codec.dumps(_StoredLibrary(lib.vocab, dict(lib._lookup), lib.key, licenses),
                       _StoredLibrary)
    return head + "\n" + "".join(texts)  # JSON text holds no raw newline: the head is a line


def library_from_json(text: str, key: str | None, expect: str | None = None) -> Library | None:
    """The library ``library_to_json`` stored (None when the data is not one, or not the one
    asked for: its key must be ``expect``, by default ``key``, which the library goes by).
    Only the head is decoded here; each license's text, when the license is first used."""
    cut = text.find("\n")  # the license texts are sliced out of ``text``, never copied whole
    if cut < 0:
        return None
    try:
        data = codec.loads(text[:cut], _StoredLibrary)
    except codec.CodecError:
        return None
    if data.key != (expect or key) or set(data.lookup.values()) - set(data.licenses):
        return None
    size, at = len(text) - cut - 1, cut + 1
    if any(not 0 <= start <= end <= size for _, _, start, end in data.licenses.values()):
        return None  # a license's text is not where the head says
    lib = Library(data.vocab, {}, dict(data.lookup), key or "")
    for lid, (path, parent, start, end) in data.licenses.items():
        model = object.__new__(LicenseModel)
        model.__dict__.update(id=lid, path=path, parent=parent,
                              _stored=text[at + start:at + end])
        lib.licenses[lid] = model
    return lib


@dataclass(frozen=True)
class _StoredLibrary:
    vocab: Vocabulary
    lookup: dict[str, str]
    key: str
    licenses: dict[str, tuple[str, str | None, int, int]]  # path, parent, where its text is
