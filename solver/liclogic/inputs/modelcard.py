"""Hugging Face model cards: the YAML front matter of a README.md.

Fields read (huggingface/hub-docs, modelcard.md): ``license`` (a Hub license id, or
``other``), ``license_name`` and ``license_link`` (for ``other``), ``base_model`` (a model id
or a list, for merges), ``base_model_relation`` (``finetune``, ``adapter``, ``merge``,
``quantized``) and ``datasets`` (huggingface_hub's ModelCardData: "List of datasets that were
used to train this model", Hub dataset ids; the evaluation datasets of ``model-index`` are not
read). A card without front matter, or whose front matter is not a YAML mapping, is an error
that says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known
from liclogic.inputs.normalize import Normalized, hf_license_ids, name_key, normalize

RELATIONS = ("finetune", "adapter", "merge", "quantized")


@dataclass
class Card:
    model_id: str
    source: str
    license: Normalized | None  # None: the card declares no license
    base_models: list[str] = field(default_factory=list)
    relation: str | None = None  # base_model_relation, when the card gives it
    datasets: list[str] = field(default_factory=list)  # what it was trained on (Hub ids)
    meta: dict[str, Any] = field(default_factory=dict)


def front_matter(text: str, source: str) -> dict[str, Any]:
    from liclogic.inputs.read import load_yaml

    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise LiclogicError(f"{source}: no YAML front matter",
                            hint="a model card starts with a '---' line, the metadata "
                                 "(license: …, base_model: …) and another '---' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise LiclogicError(f"{source}: the front matter has no closing '---' line") from None
    data = load_yaml(source, "\n".join(lines[1:end]), "front matter")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LiclogicError(f"{source}: the front matter is not a YAML mapping")
    return data


def license_of(meta: dict[str, Any], known: Known = frozenset(),
               extra: dict[str, str] | None = None) -> Normalized | None:
    """The card's license: a Hub id, or for ``other`` the license_name / license_link."""
    lic = meta.get("license")
    if isinstance(lic, list):
        lic = lic[0] if len(lic) == 1 else " OR ".join(map(str, lic))
    if lic is None or str(lic).strip() == "":
        return None
    lic = str(lic).strip()
    if lic.lower() in ("other", "unknown"):
        name = str(meta.get("license_name") or "").strip()
        link = str(meta.get("license_link") or "").strip()
        raw = f"{lic} (license_name={name or '-'}, license_link={link or '-'})"
        n = normalize(name=name or None, url=link if "://" in link else None, known=known,
                      extra=extra)
        if n.recognised:
            return Normalized(raw, n.expression, n.how)
        if name and name_key(name) in known:
            return Normalized(raw, name, "library alias")
        return Normalized(raw, None, "unrecognised")
    n = normalize(name=lic, known=known, extra=extra)
    if n.recognised:
        return n
    if lic.lower() in hf_license_ids():  # a Hub id the library may not have a spec for
        return Normalized(lic, lic.lower(), "Hugging Face license id")
    return n


def parse_card(text: str, source: str, model_id: str | None = None, known: Known = frozenset(),
               extra: dict[str, str] | None = None) -> Card:
    meta = front_matter(text, source)
    base = meta.get("base_model")
    bases = [str(b) for b in base] if isinstance(base, list) else [str(base)] if base else []
    rel = meta.get("base_model_relation")
    mid = model_id or str(meta.get("model_id") or meta.get("model_name") or "") or \
        _id_from_path(source)
    return Card(mid, source, license_of(meta, known, extra), bases,
                str(rel).strip().lower() if rel else None, _ids(meta.get("datasets")), meta)


def _ids(value: Any) -> list[str]:
    """A front-matter list of ids (or one id), blanks and non-text entries dropped."""
    items = value if isinstance(value, list) else [value] if value else []
    return list(dict.fromkeys(i.strip() for i in items if isinstance(i, str) and i.strip()))


def read_card(path: Path, known: Known = frozenset(), extra: dict[str, str] | None = None
              ) -> Card:
    from liclogic.inputs.read import read_text

    return parse_card(read_text(path), str(path), known=known, extra=extra)


def _id_from_path(source: str) -> str:
    p = Path(source)
    if p.name.lower() in ("readme.md", "modelcard.md"):
        parts = p.resolve().parts
        return "/".join(parts[-3:-1]) if len(parts) >= 3 else p.parent.name
    return p.stem


def read_card_inventory(path: Path, known: Known = frozenset(),
                        extra: dict[str, str] | None = None) -> Inventory:
    """A model card as an inventory of one component (the model), for ``scan``."""
    card = read_card(path, known, extra)
    comp = Component(card.model_id, None, [card.license] if card.license else [], "AND",
                     kind="model", note=None if card.license else "no license in the card")
    inv = Inventory("Hugging Face model card", str(path), [comp])
    if card.base_models:
        rel = card.relation or "unspecified relation"
        inv.notes.append(f"base_model: {', '.join(card.base_models)} ({rel}); "
                         "check the chain with `liclogic lineage`")
    if card.datasets:
        inv.notes.append(f"trained on the datasets {', '.join(card.datasets)}; check them "
                         "with `liclogic lineage` (their cards, or --parent-license)")
    inv.extra["card"] = card
    return inv
