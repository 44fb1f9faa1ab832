"""Quality figures: each judgement drawn in its robvis colour, summary shares that add up, and
byte-identical files across runs. The rows are written by hand, so the expected colours, totals
and shares are counted by hand."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pytest
from lxml import etree

from litreview.quality_figures import (
    COLOURS,
    QualityFigureError,
    save_figure,
    score_category,
    summary_figure,
    traffic_light_figure,
    write_quality_figures,
)


def row(study, item, order, score, max_score=2, applies="yes", not_reported="no", **extra):
    return {
        "study_id": study,
        "instrument": "minors",
        "kind": "score",
        "item_id": item,
        "item_order": order,
        "item": f"Item {item}",
        "applies": applies,
        "score": score,
        "max_score": max_score,
        "not_reported": not_reported,
        **extra,
    }


# Three studies, three items. By hand:
#   a: M01 2 (adequate), M02 1 (partial), M03 not reported      -> total 3/6
#   b: M01 2 (adequate), M02 0 reported (inadequate), M03 n/a   -> total 2/4
#   c: M01 not reported, M02 2 by a reviewer (adequate), M03 2  -> total 4/6
ROWS = [
    row("a", "M01", 1, 2),
    row("a", "M02", 2, 1),
    row("a", "M03", 3, 0, not_reported="yes"),
    row("b", "M01", 1, 2),
    row("b", "M02", 2, 0),
    row("b", "M03", 3, None, applies="no"),
    row("c", "M01", 1, 0, not_reported="yes"),
    row("c", "M02", 2, 2, score_source="reviewer"),
    row("c", "M03", 3, 2),
    {
        "study_id": "a",
        "instrument": "oxford_cebm_2011",
        "kind": "level",
        "item_id": "LOE",
        "item_order": 1,
        "applies": "yes",
        "score": 3,
    },
]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"applies": "yes", "score": 2, "max_score": 2, "not_reported": "no"}, "adequate"),
        ({"applies": "yes", "score": 1, "max_score": 1, "not_reported": "no"}, "adequate"),
        ({"applies": "yes", "score": 1, "max_score": 2, "not_reported": "no"}, "partial"),
        ({"applies": "yes", "score": 0, "max_score": 1, "not_reported": "no"}, "inadequate"),
        ({"applies": "yes", "score": 0, "max_score": 2, "not_reported": "yes"}, "not reported"),
        ({"applies": "no", "score": None, "max_score": 2, "not_reported": None}, "not applicable"),
        # As read back from a CSV: strings and empty cells.
        ({"applies": "yes", "score": "2", "max_score": "2", "not_reported": "no"}, "adequate"),
        ({"applies": "no", "score": "", "max_score": "2", "not_reported": ""}, "not applicable"),
    ],
)
def test_score_category(values, expected):
    assert score_category(values) == expected


def _hex(rgba) -> str:
    return mcolors.to_hex(rgba).lower()


def test_traffic_light_colours_each_cell_by_its_judgement():
    fig = traffic_light_figure(ROWS, "minors")
    ax = fig.axes[0]
    # Rows are studies in id order from the top (a=0, b=1, c=2); columns are items M01..M03.
    colour_at = {}
    for collection in ax.collections:
        colours = collection.get_facecolors()
        if len(colours) == 0:  # the reviewer rings have no face
            continue
        for x, y in collection.get_offsets():
            colour_at[(int(x), int(y))] = _hex(colours[0])  # one colour per category
    expected = {
        (0, 0): "adequate",
        (1, 0): "partial",
        (2, 0): "not reported",
        (0, 1): "adequate",
        (1, 1): "inadequate",
        (2, 1): "not applicable",
        (0, 2): "not reported",
        (1, 2): "adequate",
        (2, 2): "adequate",
    }
    assert colour_at == {cell: COLOURS[cat].lower() for cell, cat in expected.items()}
    texts = [t.get_text() for t in ax.texts]
    assert {"3/6", "2/4", "4/6", "Total"} <= set(texts)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["M01", "M02", "M03"]
    rings = [c for c in ax.collections if len(c.get_facecolors()) == 0]
    assert len(rings) == 1
    assert [tuple(map(int, p)) for p in rings[0].get_offsets()] == [(1, 2)]


def test_traffic_light_uses_display_labels():
    fig = traffic_light_figure(ROWS, "minors", labels={"a": "Smith 2019"})
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Smith 2019", "b", "c"]


def test_summary_shares_per_item():
    fig = summary_figure(ROWS, "minors")
    ax = fig.axes[0]
    # One BarContainer per category, in CATEGORIES order; bar k is item k (M01, M02, M03).
    widths = {c.get_label(): [round(b.get_width(), 1) for b in c] for c in ax.containers}
    third, two_thirds = 33.3, 66.7
    assert widths["Reported, adequate (maximum score)"] == [two_thirds, third, third]
    assert widths["Reported, partly adequate"] == [0.0, third, 0.0]
    assert widths["Reported, inadequate (score 0)"] == [0.0, third, 0.0]
    assert widths["Not reported"] == [third, 0.0, third]
    assert widths["Not applicable"] == [0.0, 0.0, third]
    for k in range(3):
        assert sum(w[k] for w in widths.values()) == pytest.approx(100, abs=0.2)


def test_level_instruments_and_unknown_ids_are_refused():
    with pytest.raises(QualityFigureError, match="level-of-evidence"):
        traffic_light_figure(ROWS, "oxford_cebm_2011")
    with pytest.raises(QualityFigureError, match="no quality rows for instrument 'rob2'"):
        summary_figure(ROWS, "rob2")
    with pytest.raises(QualityFigureError, match="no scored quality rows"):
        write_quality_figures(ROWS[-1:], "unused")


def test_written_files_are_byte_identical_across_runs(tmp_path):
    first = write_quality_figures(ROWS, tmp_path / "one", names={"minors": "MINORS"})
    second = write_quality_figures(ROWS, tmp_path / "two", names={"minors": "MINORS"})
    assert [p.name for p in first] == [
        "summary_minors.png",
        "summary_minors.svg",
        "traffic_light_minors.png",
        "traffic_light_minors.svg",
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    svg = tmp_path / "one" / "traffic_light_minors.svg"
    text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in text
    drawn = ["".join(el.itertext()) for el in etree.parse(str(svg)).iter("{*}text")]
    assert "MINORS" in drawn and "4/6" in drawn


def test_save_figure_writes_svg_and_png(tmp_path):
    paths = save_figure(summary_figure(ROWS, "minors"), tmp_path / "sub" / "fig")
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths["svg"].read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_traffic_light_of_many_studies_shows_the_first_and_says_so():
    fig = traffic_light_figure(ROWS, "minors", title="MINORS", max_studies=2)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert ax.get_title(loc="left") == (
        "MINORS (first 2 studies by study id; all in the quality tables)"
    )


def test_figures_from_full_item_rows_match_direct_drawing_and_come_back_from_a_store(tmp_path):
    """write_quality_figures passes the figures only FIGURE_FIELDS: a figure reading any other
    field of an item row would come out different from one drawn from the whole row."""
    from litreview.memo import DrawingStore
    from litreview.quality_figures import save_figure

    full = [dict(r, quote="evidence text", basis="rule", reason="why", rule_id="R1") for r in ROWS]
    store = DrawingStore(tmp_path / "memo.zip", salt="test", root=tmp_path)
    written = write_quality_figures(full, tmp_path / "out", names={"minors": "MINORS"}, store=store)
    assert store.drawn == 2 and store.restored == 0
    direct = save_figure(
        traffic_light_figure(full, "minors", title="MINORS"), tmp_path / "direct" / "tl"
    )
    assert (
        direct["svg"].read_bytes() == (tmp_path / "out" / "traffic_light_minors.svg").read_bytes()
    )
    direct = save_figure(summary_figure(full, "minors", title="MINORS"), tmp_path / "direct" / "s")
    assert direct["png"].read_bytes() == (tmp_path / "out" / "summary_minors.png").read_bytes()
    before = {p.name: p.read_bytes() for p in written}
    for path in written:
        path.unlink()
    store = DrawingStore(tmp_path / "memo.zip", salt="test", root=tmp_path)
    again = write_quality_figures(full, tmp_path / "out", names={"minors": "MINORS"}, store=store)
    assert (store.drawn, store.restored) == (0, 2)
    assert {p.name: p.read_bytes() for p in again} == before


def test_a_study_added_after_the_traffic_lights_rows_redraws_only_the_summary(tmp_path):
    """At most 1 study shown: the traffic light reads studies a and b (one more, to say there
    are more), so adding study d leaves it as stored; the summary's shares change, so it is
    drawn again. Adding a study that sorts first changes what the traffic light shows."""
    from litreview.memo import DrawingStore

    labels = {"a": "Alpha 2001", "b": "Beta 2002", "c": "Gamma 2003", "d": "Delta 2004"}

    def draw(rows):
        store = DrawingStore(tmp_path / "memo.zip", salt="test", root=tmp_path)
        write_quality_figures(rows, tmp_path / "out", labels=labels, max_studies=1, store=store)
        tl = (tmp_path / "out" / "traffic_light_minors.svg").read_bytes()
        return (store.drawn, store.restored), tl

    assert draw(ROWS)[0] == (2, 0)
    counts, first = draw(ROWS + [row("d", "M01", 1, 2)])
    assert counts == (1, 1)
    direct = save_figure(
        traffic_light_figure(ROWS, "minors", labels=labels, max_studies=1), tmp_path / "tl"
    )
    assert first == direct["svg"].read_bytes()
    assert b"Alpha 2001" in first and b"Beta 2002" not in first
    counts, redrawn = draw(ROWS + [row("0", "M01", 1, 2)])
    assert counts == (2, 0) and redrawn != first
