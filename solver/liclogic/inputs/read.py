"""Real inputs → an inventory: ``read_inventory`` picks the reader from the file's name and
content (CycloneDX or SPDX JSON, a license CSV, a Hugging Face model card, a pyproject.toml),
and every malformed input is a ``LiclogicError`` naming the file and what is wrong, never a
traceback. Adding an input format: a reader module in inputs/ and one branch here.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Inventory, Known


def read_inventory(path: Path, known: Known = frozenset(), extra: dict[str, str] | None = None,
                   list_op: str | None = None) -> Inventory:
    """Read PATH, whatever it is: an SBOM, a license CSV, a model card, a Python project."""
    with unexpected_shape(path):
        return _read_inventory(path, known, extra, list_op)


class unexpected_shape:
    """Input whose structure is not what its format says (a list where an object belongs, …)
    is an input error naming the file, never a traceback."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> Literal[False]:
        if exc is not None and isinstance(exc, AttributeError | TypeError | KeyError |
                                          ValueError | IndexError):
            raise LiclogicError(f"{self.path}: unexpected content for its format "
                                f"({type(exc).__name__}: {exc})") from None
        return False


def _read_inventory(path: Path, known: Known, extra: dict[str, str] | None,
                    list_op: str | None) -> Inventory:
    if not path.exists():
        raise LiclogicError(f"no such file or directory: {path}")
    if path.is_dir():
        for name in ("README.md", "pyproject.toml"):
            if (path / name).is_file():
                return _read_inventory(path / name, known, extra, list_op)
        raise LiclogicError(f"{path} is a directory without README.md (a model card) or "
                            "pyproject.toml (a Python project)",
                            hint="give an SBOM file, a model card or a pyproject.toml")
    if path.name == "pyproject.toml":
        from liclogic.inputs.pyenv import read_project  # importlib.metadata, tomllib: on demand

        return read_project(path, known, extra)
    if path.suffix.lower() in (".md", ".markdown"):
        from liclogic.inputs.modelcard import read_card_inventory

        return read_card_inventory(path, known, extra)
    text = read_text(path)
    if path.suffix.lower() == ".gz":  # a compressed SBOM: read what it holds
        path = path.with_suffix("")
    if path.suffix.lower() == ".csv":
        from liclogic.inputs.sbom import read_license_csv

        return read_license_csv(path, text, known, extra)
    from liclogic.inputs.sbom import read_cyclonedx, read_spdx

    data = load_json(path, text)
    if isinstance(data, dict) and data.get("bomFormat") == "CycloneDX":
        return read_cyclonedx(path, data, known, extra, list_op)
    if isinstance(data, dict) and str(data.get("spdxVersion", "")).startswith("SPDX-"):
        return read_spdx(path, data, known, extra)
    raise LiclogicError(f"{path}: not a CycloneDX or SPDX JSON document",
                        hint="CycloneDX has \"bomFormat\": \"CycloneDX\"; SPDX has "
                             "\"spdxVersion\": \"SPDX-2.3\"")


def read_text(path: Path) -> str:
    try:
        if path.suffix.lower() == ".gz":
            import gzip

            try:
                return gzip.decompress(path.read_bytes()).decode("utf-8-sig")
            except (OSError, EOFError) as exc:
                raise LiclogicError(f"{path}: not a gzip file ({exc})") from None
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LiclogicError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
                            ) from None
    except OSError as exc:
        raise LiclogicError(f"cannot read {path}: {exc.strerror}") from None


def load_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LiclogicError(f"{path}: malformed JSON at line {exc.lineno}, column "
                            f"{exc.colno}: {exc.msg}") from None
