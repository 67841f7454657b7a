"""A REUSE project (https://reuse.software): ``REUSE.toml``, ``.reuse/dep5`` and the
``SPDX-License-Identifier`` headers of its files, read with the REUSE tool's own library.

``scan path/to/REUSE.toml`` (or ``path/to/.reuse/dep5``) reads the project rooted beside it:
each file is a component, its licenses the expressions REUSE finds for it — in the file's
header or its ``.license`` file, in REUSE.toml or dep5, combined as the REUSE specification's
precedence says — all of which apply (AND). A file without licensing information is listed
as such. Files are bounded: at most ``MAX_REUSE_FILES``, each no larger than the input bound
(a larger file is listed, not read), regular files only.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known
from liclogic.inputs.normalize import normalize
from liclogic.limits import MAX_REUSE_FILES, max_input_bytes


def reuse_root(path: Path) -> Path | None:
    """The project a REUSE file belongs to: REUSE.toml's folder, dep5's folder's parent."""
    if path.name == "REUSE.toml":
        return path.parent
    if path.name == "dep5" and path.parent.name == ".reuse":
        return path.parent.parent
    return None


def read_reuse(path: Path, root: Path, known: Known = frozenset(),
               extra: dict[str, str] | None = None) -> Inventory:
    from reuse.project import Project

    logging.getLogger("reuse").setLevel(logging.ERROR)  # its notes per file are not ours
    try:
        with warnings.catch_warnings():  # dep5's deprecation: said in the notes below
            warnings.simplefilter("ignore")
            project = Project.from_directory(root)
    except Exception as exc:  # the library raises several kinds for a bad REUSE.toml / dep5
        raise LiclogicError(f"{path}: not a readable REUSE project ({type(exc).__name__}: "
                            f"{str(exc)[:200]})",
                            hint="reuse lint says more; liclogic reads REUSE 3.x") from None
    source = "REUSE.toml" if path.name == "REUSE.toml" else ".reuse/dep5"
    inv = Inventory(f"REUSE project ({source})", str(path))
    limit, skipped = max_input_bytes(), 0
    for n, file in enumerate(sorted(project.all_files(), key=str)):
        if n >= MAX_REUSE_FILES:
            raise LiclogicError(f"{root}: more than {MAX_REUSE_FILES:,} files",
                                hint="scan a smaller part of the project")
        rel = str(project.relative_from_root(file))
        if not file.is_file() or file.is_symlink():
            continue
        if file.stat().st_size > limit:
            skipped += 1
            inv.components.append(Component(rel, None, [], "AND", rel, "file",
                                             f"not read: larger than {limit:,} bytes"))
            continue
        expressions = sorted({str(e) for info in project.reuse_info_of(file)
                              for e in info.spdx_expressions})
        declared = [normalize(expression=e, known=known, extra=extra) for e in expressions]
        inv.components.append(Component(rel, None, declared, "AND", rel, "file",
                                        None if declared else "no licensing information",
                                        basis="declared" if declared else None))
    inv.notes.append("each file's license expressions all apply (AND), as REUSE gives them: "
                     "its header or .license file, REUSE.toml or .reuse/dep5 by precedence")
    if source == ".reuse/dep5":
        inv.notes.append(".reuse/dep5 is deprecated by REUSE 3.2 in favour of REUSE.toml "
                         "(reuse convert-dep5); it is read all the same")
    if skipped:
        inv.notes.append(f"{skipped} file(s) larger than the input bound were not read")
    return inv
