"""GGUF model files (tests/data/gguf, written by gguf-py) and pip-licenses JSON (real output,
tests/data/sbom/pip-licenses): what each reads, checked against the reference readers and the
packages' own metadata, and hostile GGUF headers refused quickly."""

from __future__ import annotations

import struct
import time

import pytest
from liclogic.audit.scan import scan
from liclogic.errors import LiclogicError
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.gguf import base_models, read_metadata
from liclogic.inputs.resolve import known_names

from .conftest import DATA, write

GGUF = DATA / "gguf"
PIP = DATA / "sbom" / "pip-licenses"


@pytest.mark.parametrize("name", ["llama-3.2-1b-finetune.gguf", "qwen-research-merge.gguf",
                                  "apache-no-base.gguf", "llama-3.1-8b-nc-tune.gguf"])
def test_gguf_metadata_is_what_the_reference_reader_reads(name):
    gguf = pytest.importorskip("gguf")
    ref = {k: f.contents() for k, f in gguf.GGUFReader(GGUF / name).fields.items()
           if k.startswith("general.")}
    assert read_metadata(GGUF / name) == ref


def test_gguf_license_and_base_models(lib):
    inv = read_inventory(GGUF / "llama-3.2-1b-finetune.gguf", known_names(lib))
    (model,) = inv.components
    assert inv.format == "GGUF model" and model.kind == "model"
    assert model.name == "Llama 3.2 1B Support Bot"
    assert model.declared[0].expression == "llama3.2"  # the Hub id: the library's alias
    assert "meta-llama/Llama-3.2-1B-Instruct" in inv.notes[0]
    # the Llama 3.2 license's acceptable-use policy and duties are not Apache-2.0's
    assert scan(lib, inv, "Apache-2.0").verdict.value == "no"
    assert scan(lib, read_inventory(GGUF / "apache-no-base.gguf", known_names(lib)),
                "Apache-2.0").verdict.value == "yes"
    other = read_inventory(GGUF / "qwen-research-merge.gguf", known_names(lib)).components[0]
    assert "license_name=qwen-research" in other.declared[0].raw
    assert base_models(read_metadata(GGUF / "qwen-research-merge.gguf")) == [
        "Qwen/Qwen2.5-3B", "Qwen/Qwen2.5-3B-Instruct"]


def test_gguf_lineage_links_to_its_base_model(lib):
    from liclogic.audit.lineage import check_lineage
    from liclogic.engine.settings import SolverSettings
    from liclogic.inputs.models import read_models

    models, _ = read_models([GGUF / "llama-3.2-1b-finetune.gguf"], lib)
    r = check_lineage(lib, models, SolverSettings(),
                      {"meta-llama/Llama-3.2-1B-Instruct": "llama3.2"}, [])
    (link,) = r.links
    assert link.parent == "meta-llama/Llama-3.2-1B-Instruct" and link.child_license


def _header(kv_count: int, body: bytes, version: int = 3) -> bytes:
    return b"GGUF" + struct.pack("<IQQ", version, 0, kv_count) + body


def _key(k: str) -> bytes:
    return struct.pack("<Q", len(k)) + k.encode()


@pytest.mark.parametrize(("data", "message"), [
    (b"GGML" + bytes(20), "not a GGUF file"),
    (_header(0, b"", version=1), "GGUF version 1 is not supported"),
    (_header(2**62, b""), "claiming"),
    # a string that says it is 2^60 bytes long
    (_header(1, _key("general.name") + struct.pack("<IQ", 8, 2**60)), "ends inside"),
    # an array of 2^60 strings
    (_header(1, _key("tokenizer.x") + struct.pack("<IIQ", 9, 8, 2**60)), "ends inside"),
    # arrays nested 10,000 deep
    (_header(1, _key("a") + struct.pack("<I", 9) + struct.pack("<IQ", 9, 1) * 10_000),
     "nested more than"),
    (_header(1, _key("a") + struct.pack("<I", 77)), "unknown GGUF value type 77"),
])
def test_hostile_gguf_headers_are_refused_quickly(tmp_path, data, message):
    p = tmp_path / "m.gguf"
    p.write_bytes(data)
    start = time.perf_counter()
    with pytest.raises(LiclogicError, match=message):
        read_metadata(p)
    assert time.perf_counter() - start < 1.0


def test_gguf_larger_than_the_bound_reads_its_header_only(tmp_path, monkeypatch):
    monkeypatch.setenv("LICLOGIC_MAX_INPUT_BYTES", "1M")
    p = tmp_path / "big.gguf"
    p.write_bytes((GGUF / "apache-no-base.gguf").read_bytes() + bytes(3 << 20))  # "weights"
    assert read_metadata(p)["general.license"] == "apache-2.0"


# what each package's own metadata says (pip show; PKG-INFO): the classifier's LGPLv2+ for
# chardet, whose License field only says "LGPL"
PIP_EXPECTED = {"certifi": "MPL-2.0", "chardet": "LGPL-2.0-or-later",
                "charset-normalizer": "MIT", "idna": "BSD-3-Clause", "requests": "Apache-2.0",
                "urllib3": "MIT"}


@pytest.mark.parametrize("name", ["pip-licenses-mixed.json", "pip-licenses-all.json",
                                  "pip-licenses-license-finder.json"])
def test_pip_licenses_every_format(lib, name):
    inv = read_inventory(PIP / name, known_names(lib))
    assert inv.format.startswith("pip-licenses JSON")
    assert {c.name: c.declared[0].expression for c in inv.components} == PIP_EXPECTED
    r = scan(lib, inv, "Apache-2.0")
    assert r.counts()["yes"] == 5
    # the library has no LGPL-2.0 spec: said so, not guessed
    chardet = next(e for e in r.entries if e.component.name == "chardet")
    assert chardet.status == "no spec" and chardet.verdict.value == "unknown"


def test_pip_licenses_unknown_is_no_license(tmp_path, lib):
    p = write(tmp_path, "pl.json", '[{"Name": "x", "Version": "1", "License": "UNKNOWN"}]')
    (c,) = read_inventory(p, known_names(lib)).components
    assert c.declared == [] and "UNKNOWN" in c.note


def test_a_model_csv_with_a_plain_license_column_is_read(tmp_path):
    """PeaTMOSS's model table names the column ``license``, not the HF tree's ``license_tags``:
    an audit of it given as a source must not report every model as unlicensed."""
    import json

    from click.testing import CliRunner
    from liclogic.cli.main import main

    r = CliRunner().invoke(main, ["audit", str(DATA / "hub" / "peatmoss_models_sample.csv"),
                                  "--out", str(tmp_path / "out"), "--json", "--jobs", "1"],
                           catch_exceptions=False)
    stats = json.loads(r.output)
    assert stats["models"] == 101
    assert stats["missing_licenses"]["models_without_license"] == 0


def test_gguf_datasets_are_links_it_was_trained_on(lib):
    """``general.dataset.N.*`` (what convert_hf_to_gguf.py writes from a card's ``datasets``)
    become ``train`` links, after the base model's; the dataset's id from its Hugging Face
    URL with or without ``datasets/``; scan notes them."""
    from liclogic.audit.lineage import check_lineage
    from liclogic.inputs.gguf import datasets
    from liclogic.inputs.models import read_models

    path = GGUF / "llama-3.1-8b-nc-tune.gguf"
    assert datasets(read_metadata(path)) == ["someone/nc-chat", "other/open-set"]
    (model,), _ = read_models([path], lib)
    assert model.bases == [("meta-llama/Llama-3.1-8B", None), ("someone/nc-chat", "train"),
                           ("other/open-set", "train")]
    r = check_lineage(lib, [model], parent_licenses={"meta-llama/Llama-3.1-8B": "llama3.1",
                                                     "someone/nc-chat": "cc-by-nc-4.0",
                                                     "other/open-set": "cc-by-4.0"})
    assert {x.parent: x.verdict.value for x in r.links} == {
        "meta-llama/Llama-3.1-8B": "depends",  # Llama 3.1 §2: above 700M monthly users
        "someone/nc-chat": "depends",  # on reading training as making a derivative
        "other/open-set": "yes"}
    inv = read_inventory(path, known_names(lib))
    assert any("someone/nc-chat" in n and "trained on" in n for n in inv.notes)
