"""The bundled library, pre-built into the wheel: the same inert JSON the on-disk cache keeps
(``library_store.library_to_json``: plain data decoded by ``liclogic.codec`` against the
types it must have, never a pickle), written by the wheel's build hook (hatch_build.py, with
``library_store.write_prebuilt``) as liclogic/_data/library.json, beside the specs and the
grammar it was built from.

It answers only for exactly the library it was built from: its key is the content key of the
bundled spec files (by their display names, not where they are), the grammar and the tool's
own source (``paths.portable_key``), computed again from the installed files on load. Any
difference — a spec or the code edited in place, another spec size bound — and it is not
used: the specs are parsed, as without it. It lives in the package's folder, which is as
trusted as the code beside it (docs/security.md); a file that does not decode or validate is
ignored all the same. A source checkout has none.
"""

from __future__ import annotations

import os
from pathlib import Path

from liclogic.lang.paths import PACKAGE_DIR

PREBUILT = PACKAGE_DIR / "_data" / "library.json"
MAX_PREBUILT_BYTES = 64 << 20  # the library is about 1.2 MB


def prebuilt_text(path: Path | None = None) -> str | None:
    """The pre-built library's text when the package has one (bounded), else None."""
    path = path or PREBUILT
    try:
        if os.path.getsize(path) > MAX_PREBUILT_BYTES:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
