"""Real inputs → an inventory: ``read_inventory`` picks the reader from the file's name and
content (CycloneDX or SPDX JSON, a license CSV, a Hugging Face model card, a pyproject.toml).
Adding an input format: a reader module in inputs/ (reading through ``inputs.read``) and one
branch here.
"""

from __future__ import annotations

from pathlib import Path

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Inventory, Known
from liclogic.inputs.read import bulk, load_json, load_yaml, read_text, unexpected_shape


def read_inventory(path: Path, known: Known = frozenset(), extra: dict[str, str] | None = None,
                   list_op: str | None = None) -> Inventory:
    """Read PATH, whatever it is: an SBOM, a license CSV, a model card, a Python project."""
    with unexpected_shape(path), bulk():
        inv = _read_inventory(path, known, extra, list_op)
    if path.suffix.lower() == ".gz":  # read decompressed, named as given (SARIF points at it)
        inv.source = str(path)
    return inv


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
    from liclogic.inputs.reuse_project import read_reuse, reuse_root

    root = reuse_root(path)
    if root is not None:
        return read_reuse(path, root, known, extra)
    if path.name == "pyproject.toml":
        from liclogic.inputs.pyenv import read_project  # importlib.metadata, tomllib: on demand

        return read_project(path, known, extra)
    if path.suffix.lower() in (".md", ".markdown"):
        from liclogic.inputs.modelcard import read_card_inventory

        return read_card_inventory(path, known, extra)
    from liclogic.inputs import gguf

    if gguf.is_gguf(path):
        return gguf.read_gguf_inventory(path, known, extra)
    text = read_text(path)
    if path.suffix.lower() == ".gz":  # a compressed SBOM: read what it holds
        path = path.with_suffix("")
    if path.suffix.lower() == ".csv":
        from liclogic.inputs.sbom import read_license_csv

        return read_license_csv(path, text, known, extra)
    from liclogic.inputs import cyclonedx, spdx

    head = text.lstrip()[:1]
    if head == "<":
        if cyclonedx.is_cyclonedx_xml(text):
            return cyclonedx.read_cyclonedx_xml(path, text, known, extra, list_op)
        if spdx.is_spdx_xml(text):
            return spdx.read_spdx_text(path, text, known, extra)
        raise _unsupported(path, "an XML document that is not a CycloneDX BOM nor an SPDX "
                                 "document")
    if spdx.is_tag_value(text):
        return spdx.read_spdx_text(path, text, known, extra)
    if path.suffix.lower() in (".yaml", ".yml") or head not in ("{", "["):
        data = _yaml_or_refuse(path, text)
        if isinstance(data, dict) and str(data.get("spdxVersion", "")).startswith("SPDX-"):
            return spdx.read_spdx_data(path, data, text, known, extra, "YAML")
        if isinstance(data, (dict, list)):
            raise _unsupported(path, "a YAML document that is not an SPDX document (no "
                                     "spdxVersion)")
        raise _unsupported(path, _PLAIN_TEXT)
    data = load_json(path, text, cyclonedx.json_converter)
    if isinstance(data, dict) and data.get("bomFormat") == "CycloneDX":
        return cyclonedx.read_cyclonedx_json(path, data, text, known, extra, list_op)
    if isinstance(data, dict) and str(data.get("spdxVersion", "")).startswith("SPDX-"):
        return spdx.read_spdx_data(path, data, text, known, extra)
    if isinstance(data, dict) and "@context" in data:
        from liclogic.inputs.spdx3 import is_spdx3, read_spdx3

        if is_spdx3(data):
            return read_spdx3(path, data, text, known, extra)
    from liclogic.inputs.scancode import is_scancode, read_scancode

    if is_scancode(data):
        return read_scancode(path, data, text, known, extra)
    from liclogic.inputs.piplicenses import is_pip_licenses, read_pip_licenses

    if is_pip_licenses(data):
        return read_pip_licenses(path, data, known, extra)
    raise _unsupported(path, "a JSON document that is neither CycloneDX nor SPDX, nor "
                             "ScanCode or pip-licenses output")


_PLAIN_TEXT = ("a text document that is neither JSON nor XML, nor an SPDX tag-value or "
               "YAML document")


def _yaml_or_refuse(path: Path, text: str) -> object:
    """The YAML document TEXT holds; a file that is not YAML is said to be what it is (binary,
    or plain text such as a license), not "invalid YAML", unless it is named .yaml / .yml."""
    if "\x00" in text:
        raise _unsupported(path, "a binary file (not a GGUF model nor a gzip-compressed SBOM)")
    try:
        return load_yaml(path, text, "SBOM")
    except LiclogicError as exc:
        if path.suffix.lower() in (".yaml", ".yml"):
            raise _unsupported(path, str(exc).removeprefix(f"{path}: ")) from None
        raise _unsupported(path, _PLAIN_TEXT) from None


SUPPORTED = ("CycloneDX 1.2-1.7 (JSON, XML), SPDX 2.2/2.3 (JSON, YAML, tag-value, RDF/XML, "
             "XML) and 3.0 (JSON-LD), ScanCode JSON, pip-licenses JSON, a license CSV, a "
             "Hugging Face model card (README.md), a GGUF model, a pyproject.toml, a REUSE "
             "project (REUSE.toml, .reuse/dep5)")


def _unsupported(path: Path, what: str) -> LiclogicError:
    return LiclogicError(f"{path}: {what}", hint=f"liclogic reads {SUPPORTED}")
