"""benchmarks/hub_shape.py and benchmarks/hub.py: the committed shape is what the real data
measures, and the synthetic hub has the shape it claims (acyclic, the link count asked for,
only the real declarations and relations, the real children-per-model bound at each depth)."""

from __future__ import annotations

import json

import duckdb
import pytest

from benchmarks import hub, hub_shape

SHAPE = json.loads(hub_shape.OUT.read_text(encoding="utf-8"))


@pytest.mark.skipif(not hub_shape.DATA.is_dir(), reason="../shared/realworld is not beside "
                                                         "the repository")
def test_committed_shape_is_what_the_real_data_measures():
    now = hub_shape.measure(hub_shape.DATA)
    for d in (now, SHAPE):
        d["provenance"].pop("date")
    assert now == SHAPE


def test_shape_counts_add_up():
    """Each source's license counts cover each of its models once; the trees' links and
    children agree."""
    for src, n in SHAPE["distinct_models"].items():
        assert sum(SHAPE["licenses"][src].values()) == n, src
    for t in SHAPE["trees"].values():
        kids = sum(int(k) * v for k, v in t["children_per_parent"].items())
        assert kids == t["links_to_a_model_of_the_source"] == sum(t["child_license"].values())
        assert sum(t["depth"].values()) == t["models_in_a_tree"]


def test_synthetic_hub_has_the_claimed_shape(tmp_path):
    made = hub.generate(3000, 4000, tmp_path, seed=7)
    assert made["models"] == 3000 and made["links"] == 4000
    models = duckdb.sql(f"SELECT id, license FROM '{tmp_path / 'models.parquet'}'").fetchall()
    links = duckdb.sql(f"SELECT child, parent, relation FROM '{tmp_path / 'links.parquet'}'"
                       ).fetchall()
    index = {m: int(m.rsplit("-", 1)[1]) for m, _ in models}
    assert len(index) == 3000
    # every parent is an earlier model: no cycle, no self-link, no unknown id
    assert all(index[p] < index[c] for c, p, _ in links)
    assert len({(c, p) for c, p, _ in links}) == len(links)
    pooled = set(SHAPE["licenses"]["pooled"])
    assert {lic or "" for _, lic in models} <= pooled
    real_relations = {r for t in SHAPE["trees"].values() for r in t["relations"]}
    rel = {r or "unspecified" for _, _, r in links}
    assert rel <= real_relations | {"merge"}
    tree = [(c, p) for c, p, r in links if r != "merge"]
    assert len(tree) == made["tree_links"] == 3000 - made["roots"]
    # no model has more tree children than the most any real model has
    most = max(int(k) for t in SHAPE["trees"].values() for k in t["children_per_parent"])
    per_parent: dict[str, int] = {}
    for _, p in tree:
        per_parent[p] = per_parent.get(p, 0) + 1
    assert max(per_parent.values()) <= most
    # seeded: the same graph again
    again = tmp_path / "again"
    hub.generate(3000, 4000, again, seed=7)
    assert duckdb.sql(f"SELECT * FROM '{again / 'links.parquet'}'").fetchall() == links
