"""liclogic lineage: base_model links checked from the parent's license."""

from __future__ import annotations

import json

from click.testing import CliRunner
from liclogic.audit.lineage import check_lineage
from liclogic.cli.main import main
from liclogic.inputs.models import read_models

from .conftest import REALWORLD, write

TREE = REALWORLD / "hf_models" / "hf_model_tree_mistral-small-24b-base-2501.csv"
MOT = REALWORLD / "hf_models" / "lfai_mot_models.jsonl.gz"
INSTRUCT = "mistralai/Mistral-Small-24B-Instruct-2501"


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_mistral_tree(lib):
    models, _ = read_models([TREE], lib)
    assert len(models) == 67
    r = check_lineage(lib, models)
    assert len(r.links) == 66
    by = {x.child: x for x in r.links}
    # relabelling an Apache-2.0 fine-tune as MIT: allowed, Apache's notices go along
    mit = [x for x in r.links if x.child_license == "mit"]
    assert len(mit) == 4 and all(x.verdict.value == "yes" for x in mit)
    assert all("go along" in " ".join(x.reasons) for x in mit)
    # no license / "other" without a name: explicit entries
    nolic = [x for x in r.links if x.status == "no license"]
    assert len(nolic) == 4 and all(x.verdict.value == "unknown" for x in nolic)
    assert by["Mawdistical/Pawdistic-FurMittens-24B"].status == "unrecognised"
    assert r.counts() == {"yes": 61, "no": 0, "depends": 0, "unknown": 5}
    # a parent outside the input is named as unknown, not guessed; --parent-license fills it
    sub = [m for m in models if m.id != INSTRUCT]
    r = check_lineage(lib, sub)
    unknown = [x for x in r.links if x.status == "parent unknown"]
    assert unknown and all(x.parent == INSTRUCT for x in unknown)
    assert any("--parent-license" in n and INSTRUCT in n for n in r.notes)
    r = check_lineage(lib, sub, parent_licenses={INSTRUCT: "apache-2.0"})
    assert not any(x.status == "parent unknown" for x in r.links)
    same = by["AlexBefest/CardProjector-24B-v1"]
    assert same.verdict.value == "yes" and same.relation == "finetune"


def test_cards_and_cli(tmp_path, lib):
    d = tmp_path / "cards"
    (d / "org" / "base").mkdir(parents=True)
    (d / "org" / "child").mkdir(parents=True)
    (d / "org" / "quant").mkdir(parents=True)
    (d / "org" / "broken").mkdir(parents=True)
    write(d / "org" / "base", "README.md", "---\nlicense: llama2\n---\n")
    write(d / "org" / "child", "README.md",
          "---\nlicense: mit\nbase_model: org/base\nbase_model_relation: finetune\n---\n")
    write(d / "org" / "quant", "README.md",
          "---\nlicense: llama2\nbase_model: [org/base]\nbase_model_relation: quantized\n---\n")
    write(d / "org" / "broken", "README.md", "no front matter\n")
    r = run("lineage", str(d), "--json")
    out = json.loads(r.output)
    by = {x["child"]: x for x in out["links"]}
    assert by["org/child"]["verdict"] == "no"  # Llama 2's terms do not fit under MIT
    # same license, but Llama 2 §2 ends the license above 700M monthly active users
    quant = by["org/quant"]
    assert quant["verdict"] == "depends" and quant["relation"] == "quantized"
    assert "700,000,001" in " ".join(quant["reasons"])
    assert any("no YAML front matter" in n for n in out["notes"])  # skipped, and said so
    assert r.exit_code == 1


def test_mot_records(lib):
    models, _ = read_models([MOT], lib)
    assert len(models) == 273
    r = check_lineage(lib, models, explain=False)
    assert len(r.links) == 83
    statuses = {x.status for x in r.links}
    assert "parent unknown" in statuses and "ok" in statuses


def test_lineage_bad_input(tmp_path):
    p = write(tmp_path, "x.txt", "hello")
    r = run("lineage", str(p))
    assert r.exit_code == 2 and "not a model card" in r.output
    p = write(tmp_path, "README.md", "# no metadata\n")
    r = run("lineage", str(p))
    assert r.exit_code == 2 and "no YAML front matter" in r.output


def test_a_cards_datasets_are_links_it_was_trained_on(tmp_path, lib):
    """A card's ``datasets:`` (huggingface_hub's ModelCardData: "List of datasets that were
    used to train this model") are ``train`` links: a dataset card in the input gives its
    license, one outside it is named as unknown, never dropped. A Llama 3.1 fine-tune trained
    on CC BY-NC data: CC BY-NC §1(a) counts Adapted Material "derived from or based upon" the
    data, so whether the model may be sold under Llama 3.1 depends on reading training as
    making a derivative (no with it: §1(i) NonCommercial)."""
    d = tmp_path / "cards"
    for org, name, meta in [
            ("meta-llama", "Llama-3.1-8B", "license: llama3.1\n"),
            ("acme", "tuned", "license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n"
                              "base_model_relation: finetune\n"
                              "datasets:\n- someone/nc-chat\n- other/unlisted\n"),
            ("someone", "nc-chat", "license: cc-by-nc-4.0\ntask_categories:\n- text-generation\n")]:
        (d / org / name).mkdir(parents=True)
        write(d / org / name, "README.md", f"---\n{meta}---\n")
    models, _ = read_models([d], lib)
    tuned = next(m for m in models if m.id == "acme/tuned")
    assert tuned.bases == [("meta-llama/Llama-3.1-8B", "finetune"),
                           ("someone/nc-chat", "train"), ("other/unlisted", "train")]
    r = check_lineage(lib, models)
    by = {x.parent: x for x in r.links}
    nc = by["someone/nc-chat"]
    assert nc.relation == "train" and nc.parent_license == "cc-by-nc-4.0"
    assert nc.verdict.value == "depends"
    assert "training makes a derivative" in " ".join(nc.reasons)
    assert by["other/unlisted"].status == "parent unknown"
    assert any("other/unlisted" in n and "--parent-license" in n for n in r.notes)
    r = check_lineage(lib, models, parent_licenses={"other/unlisted": "cc-by-4.0"})
    assert {x.parent: x.verdict.value for x in r.links}["other/unlisted"] == "yes"
