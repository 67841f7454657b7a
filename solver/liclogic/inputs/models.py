"""Model records for ``lineage``: each model with its declared license and its base models.

Read from Hugging Face model cards (README.md front matter, a folder of them: base models, and
the datasets a card lists as trained on, as ``train`` links), a model-tree CSV (``model_id,
license_tags, base_models, base_model_relations`` as in the PeaTMOSS / HF model-tree exports)
or LF AI Model Openness Tool records (JSON lines with ``name``,
``origin_base_model``, ``distribution_license`` and component licenses). A model without a
readable license keeps ``license=None``; it is never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from liclogic.errors import LiclogicError
from liclogic.inputs.modelcard import Card, license_of, read_card
from liclogic.inputs.normalize import Normalized
from liclogic.inputs.read import load_json, read_csv, read_text, unexpected_shape
from liclogic.inputs.resolve import known_names
from liclogic.lang.library import Library


@dataclass
class Model:
    id: str
    license: Normalized | None
    bases: list[tuple[str, str | None]] = field(default_factory=list)  # (parent, relation)
    source: str = ""


def read_models(paths: list[Path], lib: Library) -> tuple[list[Model], list[str]]:
    with unexpected_shape(", ".join(map(str, paths))):
        return _read_models(paths, lib)


def _read_models(paths: list[Path], lib: Library) -> tuple[list[Model], list[str]]:
    known = known_names(lib)
    models: list[Model] = []
    notes: list[str] = []
    for p in paths:
        if not p.exists():
            raise LiclogicError(f"no such file or directory: {p}")
        if p.is_dir():
            cards = sorted(p.rglob("*.md"))
            if not cards:
                raise LiclogicError(f"{p}: no model cards (*.md) in this folder")
            for c in cards:
                try:
                    card = read_card(c, known)
                except LiclogicError as exc:
                    notes.append(f"skipped {c}: {exc.message}")
                    continue
                models.append(_card_model(card))
        elif p.suffix.lower() in (".md", ".markdown"):
            models.append(_card_model(read_card(p, known)))
        elif _kind(p) == ".gguf":
            from liclogic.inputs.gguf import base_models, card_meta, datasets, read_metadata

            meta = read_metadata(p)
            models.append(Model(str(meta.get("general.name") or p.stem),
                                license_of(card_meta(meta), known),
                                [(b, None) for b in base_models(meta)]
                                + [(d, "train") for d in datasets(meta)], str(p)))
        elif _kind(p) == ".csv":
            models += _read_tree_csv(p, known)
        elif _kind(p) in (".jsonl", ".json"):
            models += _read_mot(p, known)
        else:
            raise LiclogicError(f"{p}: not a model card, a GGUF model, a model-tree CSV or MOT "
                                "JSON lines",
                                hint="give README.md files (or folders), .gguf files, a .csv "
                                     "or a .jsonl")
    return models, notes


def _card_model(card: Card) -> Model:
    """A card's model: its base models by the card's relation, then each dataset it lists as
    trained on (relation ``train``, a dataset's license judged as data a model learned from)."""
    return Model(card.model_id, card.license,
                 [(b, card.relation) for b in card.base_models]
                 + [(d, "train") for d in card.datasets], card.source)


def _kind(p: Path) -> str:
    """The suffix of what a file holds (``x.jsonl.gz`` → ``.jsonl``)."""
    return (p.with_suffix("") if p.suffix.lower() == ".gz" else p).suffix.lower()


def _hf_license(value: str, known: frozenset[str]) -> Normalized | None:
    value = (value or "").strip()
    if not value:
        return None
    return license_of({"license": value}, known)


def _read_tree_csv(path: Path, known: frozenset[str]) -> list[Model]:
    rows = read_csv(path, read_text(path))
    if not rows or "model_id" not in rows[0]:
        raise LiclogicError(f"{path}: a model-tree CSV needs a model_id column",
                            hint="columns: model_id, license_tags, base_models, "
                                 "base_model_relations")
    out = []
    for r in rows:
        # the HF tree exports' columns, else a plain ``license`` (PeaTMOSS's model table)
        lic = (r.get("card_license") or r.get("license_tags") or r.get("license")
               or "").split(";")[0]
        bases: list[tuple[str, str | None]] = []
        for item in (r.get("base_model_relations") or "").split(";"):
            item = item.strip()
            if not item:
                continue
            rel, _, parent = item.partition(":") if ":" in item else ("", "", item)
            bases.append((parent.strip(), rel.strip() or None))
        if not bases:
            bases = [(b.strip(), None) for b in (r.get("base_models") or "").split(";")
                     if b.strip()]
        out.append(Model(r["model_id"].strip(), _hf_license(lic, known), bases, str(path)))
    return out


def _read_mot(path: Path, known: frozenset[str]) -> list[Model]:
    out = []
    for n, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        r = load_json(f"{path}:{n}", line)
        name = str(r.get("name") or "").strip()
        if not name:
            continue
        lic = (r.get("distribution_license") or "").strip()
        if not lic:
            lic = next((str(c.get("license") or "") for c in r.get("components") or []
                        if c.get("name") == "Model parameters (Final)"), "").strip()
        base = str(r.get("origin_base_model") or "").strip()
        bases: list[tuple[str, str | None]] = \
            [(base, None)] if base and base.lower() != name.lower() else []
        out.append(Model(name, _hf_license(lic, known) if lic else None, bases,
                         f"{path}:{n}"))
    return out
