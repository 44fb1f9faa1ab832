"""Forest plots stage: what is drawn (reviewer-rejected values left out), the index naming each
figure's sources, and diamonds that are the synthesis stage's pooled rows."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from litreview.stages.forest import draw_forests, forest_calls
from litreview.stages.synthesize import pooled_hazard_ratios, pooled_proportions
from litreview.tables import read_table

SETTINGS = {
    "pooled_outcomes": ["mortality_rate"],
    "method": "DL",
    "hartung_knapp": False,
    "continuity_correction": 0.5,
    "level": 0.95,
    "min_studies": 2,
    "forest_max_rows": 60,
}
# study ids as dedup writes them: a forest row's label shows the 12 characters after "S-"
SHA = {f"S-{n * 4}": letter * 64 for n, letter in (("1", "a"), ("2", "b"), ("3", "c"))}


def outcomes() -> pd.DataFrame:
    columns = ["study_id", "value_id", "outcome", "timepoint", "modality", "arm", "value"]
    columns += ["unit", "n_arm", "curation"]
    rate = ("mortality_rate", "30d", "tace", "TACE")
    rows = [
        ("S-1111", "V1", *rate, "4", "percent", "100", ""),
        ("S-2222", "V2", *rate, "10", "percent", "50", ""),
        # a reviewer rejected this value: it is neither pooled nor drawn
        ("S-3333", "V3", *rate, "60", "percent", "40", "rejected"),
    ]
    df = pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows])
    return df.assign(source_sha256=df["study_id"].map(SHA))


def effects() -> pd.DataFrame:
    columns = ["study_id", "value_id", "measure", "factor", "value", "ci_low", "ci_high"]
    rows = [
        ("S-1111", "E1", "hr", "resection vs no resection", "0.5", "0.3", "0.8", ""),
        ("S-2222", "E2", "hr", "Resection vs no resection ", "0.7", "0.5", "0.95", ""),
    ]
    df = pd.DataFrame([dict(zip([*columns, "curation"], r, strict=True)) for r in rows])
    return df.assign(source_sha256=df["study_id"].map(SHA))


def decisions() -> pd.DataFrame:
    return pd.DataFrame(
        {"study_id": list(SHA), "source_sha256": list(SHA.values()), "decision": ["include"] * 3}
    )


@pytest.fixture
def drawn(tmp_path):
    inputs = {}
    for name, df in (("decisions", decisions()), ("outcomes", outcomes()), ("effects", effects())):
        inputs[name] = str(tmp_path / f"{name}.csv")
        df.to_csv(inputs[name], index=False)
    out = {"forest": str(tmp_path / "forest"), "memo": str(tmp_path / "memo.zip")}
    draw_forests(inputs, SETTINGS, out)
    return tmp_path / "forest"


def test_every_indexed_figure_is_drawn_with_the_sources_it_shows(drawn):
    index = read_table(drawn / "index.csv")
    assert list(index["figure"]) == [
        "forest_hr_resection vs no resection",
        "forest_mortality_rate_30d_tace",
        "forest_studies_mortality_rate_30d",
    ]
    for figure in index["figure"]:
        assert (drawn / f"{figure}.svg").stat().st_size > 0
        assert (drawn / f"{figure}.png").stat().st_size > 0
    # S-3333's value was rejected: no figure names its source
    expected = SHA["S-1111"] + "; " + SHA["S-2222"]
    assert set(index["source_sha256"]) == {expected}


def test_a_rejected_value_is_not_drawn(drawn):
    svg = (drawn / "forest_studies_mortality_rate_30d.svg").read_text(encoding="utf-8")
    assert "1111 TACE (tace)" in svg and "2222 TACE (tace)" in svg
    assert "3333" not in svg


def test_diamonds_are_the_pooled_rows_of_the_synthesis_tables(tmp_path):
    kept = outcomes()[outcomes()["curation"] != "rejected"]
    calls, _ = forest_calls(decisions(), kept, effects(), SETTINGS, tmp_path)
    (proportion,), _ = pooled_proportions(kept, SETTINGS)
    (hazard,), _ = pooled_hazard_ratios(effects(), SETTINGS)
    pooled = {call[1][2]: call[1][1].back_transformed() for call in calls if call[1][1]}
    diamond = pooled["mortality rate 30d tace"]
    for key in ("estimate", "ci_low", "ci_high"):
        assert math.isclose(diamond[key] * 100, proportion[key], rel_tol=1e-12)
        assert math.isclose(pooled["hr resection vs no resection"][key], hazard[key])
