"""Quality figures stage: the figures drawn from results/quality/items.csv, in a job of their own,
are the bytes the quality stage drew from its scoring rows in memory before the split."""

from __future__ import annotations

from litreview.quality_figures import write_quality_figures
from litreview.stages.quality import ITEM_COLUMNS
from litreview.stages.quality_figures import draw_quality_figures
from litreview.tables import frame, write_table


def item(study, order, score, max_score=2, **extra):
    return {
        "study_id": study,
        "instrument": "minors",
        "kind": "score",
        "item_id": f"M{order:02d}",
        "item_order": order,
        "item": f"Item {order}",
        "applies": "yes" if score is not None else "no",
        "score": score,
        "max_score": max_score,
        "not_reported": "yes" if score == 0 else "no",
        "score_source": "rule",
        **extra,
    }


# Rows as the quality stage holds them: typed scores, twelve items (as text, item 10 would sort
# before item 2), study S2 reported twice (its second record's rows come last, and win), a
# reviewer's score, a level-of-evidence row the figures leave out.
ROWS = (
    [item("S1", order, 2 if order % 3 else 1) for order in range(1, 13)]
    + [item("S2", order, 0) for order in range(1, 13)]
    + [item("S2", order, None if order == 4 else 2) for order in range(1, 13)]
    + [item("S3", order, 1, score_source="reviewer") for order in range(1, 13)]
    + [{**item("S1", 1, 3), "instrument": "oxford_cebm_2011", "kind": "level", "item_id": "LOE"}]
)


def test_figures_from_the_item_table_are_the_bytes_drawn_from_the_scoring_rows(tmp_path):
    items = tmp_path / "items.csv"
    # written as score_quality writes it
    order = ["study_id", "instrument", "item_order"]
    write_table(frame(ROWS, ITEM_COLUMNS), items, ITEM_COLUMNS, order)
    draw_quality_figures(str(items), str(tmp_path / "split"), max_studies=2)
    labels = {r["study_id"]: r["study_id"] for r in ROWS}
    before = write_quality_figures(ROWS, tmp_path / "before", labels=labels, max_studies=2)
    assert sorted(p.name for p in before) == sorted(
        f"{kind}_minors.{ext}" for kind in ("summary", "traffic_light") for ext in ("png", "svg")
    )
    for path in before:
        assert (tmp_path / "split" / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_second_run_restores_the_figures_from_its_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_table(frame(ROWS, ITEM_COLUMNS), "items.csv", ITEM_COLUMNS)
    draw_quality_figures("items.csv", "figures", memo_path="memo.zip")
    first = {p.name: p.read_bytes() for p in (tmp_path / "figures").iterdir()}
    for path in (tmp_path / "figures").iterdir():
        path.unlink()
    draw_quality_figures("items.csv", "figures", memo_path="memo.zip")
    assert {p.name: p.read_bytes() for p in (tmp_path / "figures").iterdir()} == first


def test_no_scored_study_leaves_an_empty_folder(tmp_path):
    write_table(frame([], ITEM_COLUMNS), tmp_path / "items.csv", ITEM_COLUMNS)
    draw_quality_figures(str(tmp_path / "items.csv"), str(tmp_path / "figures"))
    assert (tmp_path / "figures").is_dir() and not list((tmp_path / "figures").iterdir())
