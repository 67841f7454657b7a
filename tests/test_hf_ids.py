"""Every Hugging Face Hub license id resolves to a library license (its id or an alias) or is
listed, with the reason, in tests/data/hf_unmapped.yml; no listed id resolves (the list is never
stale)."""

from __future__ import annotations

import yaml

from tests.conftest import DATA


def _hf_ids() -> list[str]:
    lines = (DATA / "huggingface" / "hf-license-ids.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0].strip() for line in lines if line.strip()]


def _unmapped() -> dict[str, str]:
    entries = yaml.safe_load((DATA / "hf_unmapped.yml").read_text(encoding="utf-8")) or []
    return {e["id"]: e["reason"] for e in entries}


def test_the_id_list_is_read():
    ids = _hf_ids()
    assert len(ids) > 50
    assert len(ids) == len(set(ids))


def test_unmapped_entries_are_well_formed():
    entries = yaml.safe_load((DATA / "hf_unmapped.yml").read_text(encoding="utf-8"))
    assert all(set(e) == {"id", "reason"} and str(e["reason"]).strip() for e in entries)
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(_hf_ids()), "hf_unmapped.yml lists ids the Hub does not have"


def test_every_hf_id_resolves_or_is_listed(lib):
    unmapped = _unmapped()
    missing = [i for i in _hf_ids() if i not in unmapped and lib.find(i) is None]
    assert not missing, f"Hugging Face ids that resolve to no library license: {missing}"


def test_no_listed_id_resolves(lib):
    stale = {i: lib.find(i).id for i in _unmapped() if lib.find(i) is not None}
    assert not stale, f"listed in hf_unmapped.yml but resolving to a library license: {stale}"
