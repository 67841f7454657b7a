"""GGUF model files (llama.cpp's format): the license and base models in their metadata.

Keys read (ggml-org/ggml docs/gguf.md, "General metadata"): ``general.license`` (a Hugging
Face license id such as ``llama3.2`` or ``apache-2.0``, or ``other`` with
``general.license.name`` / ``general.license.link``), ``general.name``, ``general.version``,
``general.base_model.count`` and each ``general.base_model.N.name`` / ``.organization`` /
``.repo_url`` (a Hugging Face repository URL gives the base model's id).

Only the header is read, never the weights: at most ``max_input_bytes()`` from the start of
the file (a model of many gigabytes is fine; metadata larger than that is an error), through
``limits.read_bytes``. The key-value section is walked with explicit bounds — every length is
checked against what was read before anything is allocated, arrays are stepped over without
being built, nesting is bounded — so a hostile header cannot make it loop or allocate past the
bytes it holds. (gguf-py, the reference reader, memory-maps the whole file and builds every
tensor's record; the tests check this reader against it.)
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known
from liclogic.limits import MAX_NESTING, max_input_bytes, read_bytes

MAGIC = b"GGUF"
# value type → struct format of a scalar (8 string and 9 array are read apart)
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9


class _Header:
    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name, self.pos = data, name, 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            what = ("ends inside its metadata" if len(self.data) < max_input_bytes() else
                    f"has more than {max_input_bytes():,} bytes of metadata")
            raise LiclogicError(f"{self.name}: a GGUF file that {what}",
                                hint="raise the bound with LICLOGIC_MAX_INPUT_BYTES=…"
                                if "more than" in what else None)
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def scalar(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        raw = self.take(self.scalar("<Q"))
        return raw.decode("utf-8", errors="replace")

    def value(self, kind: int, keep: bool, depth: int = 0) -> Any:
        if kind in _SCALARS:
            return self.scalar(_SCALARS[kind])
        if kind == _STRING:
            if keep:
                return self.string()
            self.take(self.scalar("<Q"))
            return None
        if kind == _ARRAY:
            if depth >= MAX_NESTING:
                raise LiclogicError(f"{self.name}: GGUF arrays nested more than "
                                    f"{MAX_NESTING} deep")
            item, count = self.scalar("<I"), self.scalar("<Q")
            if item in _SCALARS:  # fixed size: stepped over at once
                self.take(count * struct.calcsize(_SCALARS[item]))
                return None
            if count > len(self.data) - self.pos:  # each item takes at least a byte
                self.take(len(self.data) + 1)
            out = [self.value(item, keep, depth + 1) for _ in range(count)]
            return out if keep else None
        raise LiclogicError(f"{self.name}: unknown GGUF value type {kind} at byte {self.pos}")


def is_gguf(path: Path) -> bool:
    """A ``.gguf`` file, or a regular file that starts with the GGUF magic (a FIFO or a device
    is never opened here: the bounded reader refuses it later)."""
    if path.suffix.lower() == ".gguf":
        return True
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, 4) == MAGIC
    except OSError:
        return False
    finally:
        os.close(fd)


def read_metadata(path: Path) -> dict[str, Any]:
    """The ``general.*`` metadata of a GGUF file (version 2 or 3)."""
    h = _Header(read_bytes(path, max_input_bytes(), head=True), str(path))
    if h.take(4) != MAGIC:
        raise LiclogicError(f"{path}: not a GGUF file (no GGUF magic)")
    version = h.scalar("<I")
    if version not in (2, 3):
        raise LiclogicError(f"{path}: GGUF version {version} is not supported",
                            hint="liclogic reads GGUF versions 2 and 3")
    h.scalar("<Q")  # tensor count: the tensors are not read
    count = h.scalar("<Q")
    if count > len(h.data):  # each entry takes more than a byte
        raise LiclogicError(f"{path}: a GGUF header claiming {count:,} metadata entries")
    meta: dict[str, Any] = {}
    for _ in range(count):
        key = h.string()
        kind = h.scalar("<I")
        value = h.value(kind, keep=key.startswith("general."))
        if key.startswith("general."):
            meta[key] = value
    return meta


def base_models(meta: dict[str, Any]) -> list[str]:
    """The base models' ids: a Hugging Face repository URL's ``org/name``, else the name."""
    return _sources(meta, "general.base_model")


def datasets(meta: dict[str, Any]) -> list[str]:
    """The ids of the datasets it was trained on (``general.dataset.N.*``, which llama.cpp's
    convert_hf_to_gguf.py writes from a card's ``datasets``): a Hugging Face URL's
    ``org/name`` (with or without its ``datasets/``), else the name."""
    return _sources(meta, "general.dataset")


def _sources(meta: dict[str, Any], prefix: str) -> list[str]:
    out = []
    n = meta.get(f"{prefix}.count")
    for i in range(n if isinstance(n, int) and 0 <= n <= 1_000 else 0):
        url = str(meta.get(f"{prefix}.{i}.repo_url") or "")
        if "huggingface.co/" in url:
            path = url.split("huggingface.co/", 1)[1].strip("/").split("/")
            out.append("/".join(path[1:3] if path[0] == "datasets" else path[:2]))
        elif meta.get(f"{prefix}.{i}.name"):
            out.append(str(meta[f"{prefix}.{i}.name"]))
    return out


def card_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """The metadata as a model card's front matter (license, license_name, license_link)."""
    return {"license": meta.get("general.license"),
            "license_name": meta.get("general.license.name"),
            "license_link": meta.get("general.license.link")}


def read_gguf_inventory(path: Path, known: Known = frozenset(),
                        extra: dict[str, str] | None = None) -> Inventory:
    """A GGUF model as an inventory of one component (the model), for ``scan``."""
    from liclogic.inputs.modelcard import license_of

    meta = read_metadata(path)
    lic = license_of(card_meta(meta), known, extra)
    name = str(meta.get("general.name") or path.stem)
    version = meta.get("general.version")
    comp = Component(name, str(version) if version else None, [lic] if lic else [], "AND",
                     kind="model", note=None if lic else "no general.license in the GGUF file")
    inv = Inventory("GGUF model", str(path), [comp])
    bases = base_models(meta)
    if bases:
        inv.notes.append(f"general.base_model: {', '.join(bases)}; check the chain with "
                         "`liclogic lineage`")
    data = datasets(meta)
    if data:
        inv.notes.append(f"general.dataset (trained on): {', '.join(data)}; check them with "
                         "`liclogic lineage`")
    inv.extra["gguf"] = meta
    return inv
