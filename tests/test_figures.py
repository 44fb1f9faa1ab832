"""Figures: written as SVG and PNG, byte-identical across runs, and drawing the numbers they are
given (the SVG keeps text as text, so the counts can be read back)."""

from __future__ import annotations

import math

import pytest
from lxml import etree

from litreview.figures import FigureInputError, check_prisma_counts, forest_plot, prisma_flow
from litreview.meta import pool_log_hazard_ratios, pool_proportions

COUNTS = {
    "identified": {"PubMed": 120, "Embase": 98, "Cochrane CENTRAL": 12},
    "duplicates_removed": 40,
    "removed_other": {"Unreadable records": 2},
    "screened": 188,
    "excluded": {
        "Not neuroendocrine tumour": 80,
        "No liver-directed therapy": 50,
        "Case report or fewer than 10 patients": 40,
    },
    "included_studies": 15,
    "included_reports": 18,
}


def svg_texts(path) -> list[str]:
    """Every text line drawn in an SVG written with svg.fonttype 'none'."""
    tree = etree.parse(str(path))
    return [
        "".join(el.itertext())
        for el in tree.iter("{http://www.w3.org/2000/svg}text")
        if "".join(el.itertext()).strip()
    ]


def test_prisma_flow_draws_every_count(tmp_path):
    paths = prisma_flow(COUNTS, tmp_path / "prisma", title="PRISMA 2020 flow diagram")
    assert paths["svg"].is_file() and paths["png"].is_file()
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    texts = svg_texts(paths["svg"])
    for expected in [
        "PubMed (n = 120)",
        "Embase (n = 98)",
        "Cochrane CENTRAL (n = 12)",
        "Total (n = 230)",  # 120 + 98 + 12
        "Duplicate records removed (n = 40)",
        "Unreadable records (n = 2)",
        "Records screened (n = 188)",
        "Records excluded (n = 170)",  # 80 + 50 + 40
        "Not neuroendocrine tumour (n = 80)",
        "No liver-directed therapy (n = 50)",
        "Studies included in review (n = 15)",
        "Reports of included studies (n = 18)",
    ]:
        assert any(expected in t for t in texts), (expected, texts)
    # a long reason wraps, but its count stays whole
    assert any(t.strip() == "(n = 40)" or t.endswith("(n = 40)") for t in texts)
    for stage in ("Identification", "Screening", "Included"):
        assert stage in texts


def test_prisma_flow_is_byte_identical_across_runs(tmp_path):
    a = prisma_flow(COUNTS, tmp_path / "a" / "prisma")
    b = prisma_flow(COUNTS, tmp_path / "b" / "prisma")
    assert a["svg"].read_bytes() == b["svg"].read_bytes()
    assert a["png"].read_bytes() == b["png"].read_bytes()
    assert b"<dc:date>" not in a["svg"].read_bytes()


def test_prisma_full_text_stages_are_drawn_when_given(tmp_path):
    counts = dict(
        COUNTS,
        sought=18,
        not_retrieved=1,
        assessed=17,
        excluded_full_text={"Overlapping cohort": 2},
        included_reports=15,
    )
    texts = svg_texts(prisma_flow(counts, tmp_path / "p")["svg"])
    for expected in [
        "Reports sought for retrieval (n = 18)",
        "Reports not retrieved (n = 1)",
        "Reports assessed for eligibility (n = 17)",
        "Reports excluded (n = 2)",
        "Overlapping cohort (n = 2)",
    ]:
        assert any(expected in t for t in texts), expected


def test_prisma_counts_that_do_not_reconcile_are_refused(tmp_path):
    wrong = dict(COUNTS, screened=187)  # 230 - 42 = 188, not 187
    with pytest.raises(FigureInputError, match=r"do not reconcile.*= 188, but records screened"):
        prisma_flow(wrong, tmp_path / "p")
    lost = dict(COUNTS, included_reports=17)  # 188 - 170 = 18 reports go forward
    with pytest.raises(FigureInputError, match="reports of included studies = 17"):
        check_prisma_counts(lost)
    with pytest.raises(FigureInputError, match="at least one report"):
        check_prisma_counts(dict(COUNTS, included_studies=19))
    assert not (tmp_path / "p.svg").exists()


def test_prisma_rejects_unknown_keys_and_bad_numbers():
    with pytest.raises(FigureInputError, match="unknown PRISMA count keys \\['screend'\\]"):
        check_prisma_counts(dict(COUNTS, screend=1))
    with pytest.raises(FigureInputError, match="duplicates_removed' is 4.5"):
        check_prisma_counts(dict(COUNTS, duplicates_removed=4.5))
    with pytest.raises(FigureInputError, match="lack \\['screened'\\]"):
        check_prisma_counts({k: v for k, v in COUNTS.items() if k != "screened"})


def test_forest_plot_of_pooled_hazard_ratios(tmp_path):
    # Two identical studies, HR 0.5 (0.25 to 1.0): pooled log HR ln 0.5, SE = se1 / sqrt(2).
    result = pool_log_hazard_ratios(
        [0.5, 0.5], [0.25, 0.25], [1.0, 1.0], labels=["Frilling 2009", "Mayo & Co <2010>"]
    )
    paths = forest_plot(
        result.study_rows(),
        result,
        "Overall survival",
        tmp_path / "forest_os",
        xlabel="Hazard ratio",
        null_value=1,
    )
    assert paths["svg"].name == "forest_os.svg" and paths["png"].is_file()
    texts = svg_texts(paths["svg"])
    assert "Frilling 2009" in texts
    assert "Mayo & Co <2010>" in texts  # escaped in the XML, read back intact
    assert "0.50 [0.25, 1.00]" in texts
    se = math.log(4) / (2 * 1.959964) / math.sqrt(2)
    lo, hi = 0.5 * math.exp(-1.959964 * se), 0.5 * math.exp(1.959964 * se)
    assert f"0.50 [{lo:.2f}, {hi:.2f}]" in texts
    assert "50.0%" in texts  # equal weights
    assert any(t.startswith("Heterogeneity: I² = 0%") for t in texts)


def test_forest_plot_is_byte_identical_and_handles_a_single_study(tmp_path):
    result = pool_proportions([0], [12], labels=["Only 2020"])
    a = forest_plot(result.study_rows(), result, "30-day mortality", tmp_path / "a" / "f")
    b = forest_plot(result.study_rows(), result, "30-day mortality", tmp_path / "b" / "f")
    assert a["svg"].read_bytes() == b["svg"].read_bytes()
    assert a["png"].read_bytes() == b["png"].read_bytes()
    texts = svg_texts(a["svg"])
    assert "Single study (not pooled)" in texts
    assert not any(t.startswith("Heterogeneity") for t in texts)


def test_forest_plot_rows_must_have_intervals(tmp_path):
    with pytest.raises(FigureInputError, match="row 1 lacks ci_low, ci_high"):
        forest_plot([{"label": "A", "estimate": 0.2}], None, "t", tmp_path / "f")


def test_a_long_forest_plot_draws_its_most_precise_rows_and_says_so(tmp_path):
    # Five arms; the two narrowest intervals are C (0.29-0.31) and E (0.45-0.50).
    rows = [
        {"label": "A", "estimate": 0.2, "ci_low": 0.05, "ci_high": 0.5},
        {"label": "B", "estimate": 0.4, "ci_low": 0.2, "ci_high": 0.6},
        {"label": "C", "estimate": 0.3, "ci_low": 0.29, "ci_high": 0.31},
        {"label": "D", "estimate": 0.1, "ci_low": 0.01, "ci_high": 0.4},
        {"label": "E", "estimate": 0.47, "ci_low": 0.45, "ci_high": 0.5},
    ]
    paths = forest_plot(rows, None, "mortality", tmp_path / "f", max_rows=2, table="outcomes.csv")
    texts = svg_texts(paths["svg"])
    assert "C" in texts and "E" in texts
    assert not {"A", "B", "D"} & set(texts)
    assert "mortality (2 most precise of 5 rows shown; all are in outcomes.csv)" in texts


def test_pooled_forest_keeps_the_heaviest_studies_and_pools_all():
    from litreview.figures import most_precise

    rows = [
        {"label": x, "estimate": 1, "ci_low": 0.5, "ci_high": 2, "weight_pct": w}
        for x, w in [("A", 10), ("B", 50), ("C", 15), ("D", 25)]
    ]
    assert [r["label"] for r in most_precise(rows, 2)] == ["B", "D"]
    # on a log scale an interval's width is its ratio: 2-3 (x1.5) is narrower than 0.1-0.3 (x3)
    ratios = [
        {"label": "low", "estimate": 0.2, "ci_low": 0.1, "ci_high": 0.3},
        {"label": "high", "estimate": 2.5, "ci_low": 2.0, "ci_high": 3.0},
    ]
    assert [r["label"] for r in most_precise(ratios, 1, log_x=True)] == ["high"]
    assert [r["label"] for r in most_precise(ratios, 1, log_x=False)] == ["low"]


def test_figures_drawn_in_parallel_are_the_bytes_drawn_in_one_process(tmp_path):
    from litreview.figures import draw_all

    rows = [
        {"label": "A", "estimate": 0.2, "ci_low": 0.1, "ci_high": 0.35},
        {"label": "B", "estimate": 0.3, "ci_low": 0.2, "ci_high": 0.45},
    ]
    calls = [
        (forest_plot, (rows, None, f"plot {k}", str(tmp_path / folder / f"f{k}")), {})
        for folder in ("serial", "parallel")
        for k in range(3)
    ]
    draw_all(calls[:3], workers=1)
    paths = draw_all(calls[3:], workers=2)
    assert [p["svg"].name for p in paths] == ["f0.svg", "f1.svg", "f2.svg"]
    for k in range(3):
        for ext in ("svg", "png"):
            serial = (tmp_path / "serial" / f"f{k}.{ext}").read_bytes()
            assert (tmp_path / "parallel" / f"f{k}.{ext}").read_bytes() == serial
