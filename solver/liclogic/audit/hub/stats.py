"""Aggregate statistics of an audit, set beside the published hub studies: the share of
derivations that are incompatible (no), depend on a reading or fact, or are unknown, per
relation and per derived category of the parent's license; license drift (a derivative
declaring another license than its parent); missing licenses (models, and adapters,
declaring none)."""

from __future__ import annotations

from typing import Any


def _shares(con: Any, by: str) -> dict[str, dict[str, Any]]:
    rows = con.execute(
        f"SELECT {by} AS k, count(*), count(*) FILTER (verdict = 'no'), "
        "count(*) FILTER (verdict = 'depends'), count(*) FILTER (verdict = 'unknown'), "
        "count(*) FILTER (verdict = 'yes') FROM results r GROUP BY k ORDER BY 2 DESC, 1"
    ).fetchall()
    return {str(k): {"edges": n, "no": no, "depends": dep, "unknown": unk, "yes": yes,
                     "no_share": _share(no, n), "depends_share": _share(dep, n),
                     "unknown_share": _share(unk, n)}
            for k, n, no, dep, unk, yes in rows}


def _share(k: int, n: int) -> float:
    return round(k / n, 4) if n else 0.0


def statistics(con: Any) -> dict[str, Any]:
    models, no_license = con.execute("SELECT count(*), count(*) FILTER (license IS NULL) "
                                     "FROM m_first").fetchone()
    edges = con.execute("SELECT count(*) FROM results").fetchone()[0]
    drift = con.execute(
        "SELECT count(*) FILTER (child_expression IS NOT NULL AND parent_expression IS NOT NULL"
        " AND child_expression <> parent_expression), count(*) FILTER (child_expression IS NOT"
        " NULL AND parent_expression IS NOT NULL), count(*) FILTER (verdict = 'no' AND "
        "child_expression <> parent_expression) FROM results WHERE relation IN "
        "('finetune', 'adapter', 'unspecified') AND status NOT IN ('self-link', 'cycle')"
    ).fetchone()
    adapters = con.execute(
        "SELECT count(DISTINCT child), count(DISTINCT child) FILTER (status = 'no license') "
        "FROM results WHERE relation = 'adapter'").fetchone()
    risky = con.execute("SELECT count(DISTINCT child) FILTER (verdict <> 'yes'), "
                        "count(DISTINCT child) FROM results").fetchone()
    bad: dict[str, int] = {}
    for k, n in con.execute("SELECT CASE WHEN reason LIKE 'unparseable license%' THEN "
                            "'unparseable license' ELSE reason END, count(*) FROM bad_rows "
                            "GROUP BY 1 ORDER BY 2 DESC").fetchall():
        bad[k] = n
    return {
        "models": models, "edges": edges,
        "verdicts": dict(con.execute("SELECT verdict, count(*) FROM results GROUP BY 1 "
                                     "ORDER BY 1").fetchall()),
        "statuses": dict(con.execute("SELECT status, count(*) FROM results GROUP BY 1 "
                                     "ORDER BY 2 DESC").fetchall()),
        "by_relation": _shares(con, "relation"),
        "by_parent_category": _by_category(con),
        "license_drift": {"derivatives_with_both_licenses": drift[1], "drifted": drift[0],
                          "share": _share(drift[0], drift[1]),
                          "drifted_and_incompatible": drift[2]},
        "missing_licenses": {"models_without_license": no_license,
                             "share": _share(no_license, models),
                             "adapters": adapters[0], "adapters_without_license": adapters[1],
                             "adapters_share": _share(adapters[1], adapters[0])},
        "children_at_risk": {"children": risky[1], "not_yes": risky[0],
                             "share": _share(risky[0], risky[1])},
        "bad_rows": bad,
    }


def parent_categories(con: Any, lib: Any) -> None:
    """Table ``parent_category``: each distinct parent expression of the results with its
    category as ``liclogic classify`` derives it from the license's clauses (permissive, weak
    copyleft, non-commercial, use-restricted, ...; queries/categories). An expression of
    several licenses is "several licenses"; the category is never a hand-written label."""
    from liclogic.audit.hub.tables import insert_many
    from liclogic.errors import LiclogicError
    from liclogic.queries.classify import classify_model

    rows = []
    for (expr,) in con.execute("SELECT DISTINCT parent_expression FROM results "
                               "WHERE parent_expression IS NOT NULL").fetchall():
        try:
            lic = lib.get(expr)
        except (KeyError, LiclogicError):
            rows.append((expr, "several licenses"))
            continue
        rows.append((expr, classify_model(lib, lic).category))
    con.execute("CREATE OR REPLACE TEMP TABLE parent_category "
                "(expression VARCHAR, category VARCHAR)")
    insert_many(con, "INSERT INTO parent_category VALUES (?, ?)", rows)


def _by_category(con: Any) -> dict[str, dict[str, Any]]:
    """Shares per derived category of the parent's license (``parent_categories`` made the
    table; the pipeline runs it before the statistics)."""
    join = "LEFT JOIN parent_category c ON r.parent_expression = c.expression"
    rows = con.execute(
        "SELECT CASE WHEN r.parent_expression IS NULL THEN 'none or unrecognised' "
        "ELSE coalesce(c.category, 'not classified') END AS k, count(*), "
        "count(*) FILTER (verdict = 'no'), count(*) FILTER (verdict = 'depends'), "
        "count(*) FILTER (verdict = 'unknown'), count(*) FILTER (verdict = 'yes') "
        f"FROM results r {join} GROUP BY k ORDER BY 2 DESC, 1").fetchall()
    return {str(k): {"edges": n, "no": no, "depends": dep, "unknown": unk, "yes": yes,
                     "no_share": _share(no, n), "depends_share": _share(dep, n),
                     "unknown_share": _share(unk, n)}
            for k, n, no, dep, unk, yes in rows}


VERDICT_RANK = "CASE verdict WHEN 'no' THEN 0 WHEN 'depends' THEN 1 WHEN 'unknown' THEN 2 " \
               "ELSE 3 END"


def highlights(con: Any, limit: int = 100) -> dict[str, Any]:
    """What a summary shows beside the shares, each list bounded by ``limit``: the clauses
    that decide the most no and depends edges, the worst edges (no, then depends, then
    unknown) with their reasons, and the bad rows with theirs (all counted in ``bad_rows``;
    the whole lists are edges.parquet and bad_rows.parquet)."""
    clauses = con.execute(
        "SELECT clause, count(*) FILTER (verdict = 'no'), count(*) FILTER (verdict = "
        "'depends'), count(*) FROM results WHERE clause <> '' AND verdict IN ('no', 'depends')"
        " GROUP BY clause ORDER BY 4 DESC, 1 LIMIT ?", [limit]).fetchall()
    cols = ("child", "parent", "relation", "child_license", "parent_license", "verdict",
            "status", "clause", "reason")
    worst = con.execute(
        f"SELECT {', '.join(cols)} FROM results WHERE verdict <> 'yes' "
        f"ORDER BY {VERDICT_RANK}, status, child, parent, relation, reason LIMIT ?",
        [limit]).fetchall()
    bad = con.execute("SELECT tbl, row_id, source, reason FROM bad_rows "
                      "ORDER BY reason, tbl, row_id, source LIMIT ?", [limit]).fetchall()
    not_yes = con.execute("SELECT count(*) FROM results WHERE verdict <> 'yes'").fetchone()[0]
    n_bad = con.execute("SELECT count(*) FROM bad_rows").fetchone()[0]
    return {
        "top_clauses": [{"clause": c, "no": no, "depends": dep, "edges": n}
                        for c, no, dep, n in clauses],
        "worst_edges": [dict(zip(cols, r, strict=True)) for r in worst],
        "worst_edges_total": not_yes,
        "bad_row_list": [{"table": t, "row": r, "source": s, "reason": why}
                         for t, r, s, why in bad],
        "bad_rows_total": n_bad,
    }
