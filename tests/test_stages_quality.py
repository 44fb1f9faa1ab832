"""Quality stage glue: scoring split over processes gives the rows one process gives, in order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from litreview import quality as engine
from litreview.stages import quality as stage

PROJECT = Path(__file__).resolve().parents[1]
ABSTRACT = (
    "Transarterial chemoembolization for neuroendocrine liver metastases\n\n"
    "We retrospectively reviewed {n} consecutive patients treated between 2005 and 2015 at a "
    "single centre. Median follow-up was 40 months. Outcomes were assessed with RECIST. "
    "Multivariable Cox regression identified grade as a predictor of survival."
)


def test_scoring_split_over_processes_matches_one_process(monkeypatch):
    instruments = engine.load_instruments(
        sorted(str(p) for p in (PROJECT / "config" / "instruments").glob("*.yaml"))
    )
    texts = [ABSTRACT.format(n=20 + i) for i in range(7)]
    profiles = [
        {
            "design": "retrospective_cohort",
            "n_arms": 1,
            "modalities": ["tace"],
            "n_patients": 20 + i,
        }
        for i in range(7)
    ]
    monkeypatch.setattr(stage, "PARALLEL_MIN_STUDIES", 1)
    serial = stage.score_studies(texts, profiles, instruments, workers=1)
    parallel = stage.score_studies(texts, profiles, instruments, workers=2)
    assert parallel == serial
    # seven studies, each scored on every item of every instrument, in the order given
    per_study = sum(len(i.items) for i in instruments)
    assert [len(items) for items in parallel] == [per_study] * 7


# --- batch scores reused by the stage, and scored again after a reviewer's correction ----------

# The record is the second of its export, so every offset into its region counts from 17.
HEADER = "Record 1 of two\n\n"
RECORD = (
    "Chemoembolization for liver metastases\n\n"
    "This study aimed to evaluate chemoembolization for liver metastases. We treated 40 "
    "patients with chemoembolization between 2005 and 2015 at one hospital.\n"
)
SOURCE = HEADER + RECORD


def _tables(tmp_path, design: str, curation: str = ""):
    """A one-record batch: the record's region of its source, its records table, and one
    extracted design."""
    from litreview.regions import region_line
    from litreview.tables import write_table
    from litreview.textio import sha256_bytes

    sha = sha256_bytes(SOURCE.encode("utf-8"))
    title, abstract = RECORD.strip().split("\n\n")
    record = {
        "record_id": "R1",
        "source_sha256": sha,
        "char_start": len(HEADER),
        "char_end": len(SOURCE),
        "title": title,
        "abstract": abstract,
    }
    regions = tmp_path / "batch.regions.jsonl"
    regions.write_text(region_line(record, SOURCE) + "\n", encoding="utf-8")
    tables = {
        "records": [record],
        "studies": [
            {
                "value_id": "V1",
                "record_id": "R1",
                "field": "design",
                "value": design,
                "unit": "",
                "count": "",
                "char_start": "",
                "char_end": "",
                "curation": curation,
            }
        ],
        "status": [{"record_id": "R1", "status": "extracted"}],
        "decisions": [
            {"record_id": "R1", "study_id": "S1", "decision": "include", "source_sha256": sha}
        ],
    }
    paths = {"regions": str(regions)}
    for name, rows in tables.items():
        paths[name] = str(tmp_path / f"{name}-{design}.csv")
        write_table(pd.DataFrame(rows), paths[name])
    return paths


def _m03(path) -> dict:
    from litreview.tables import read_table

    items = read_table(path)
    return items[(items["instrument"] == "minors") & (items["item_id"] == "M03")].iloc[0].to_dict()


def test_stage_takes_batch_scores_and_rescores_a_corrected_study(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    instruments = sorted(str(p) for p in (PROJECT / "config" / "instruments").glob("*.yaml"))
    batch = _tables(tmp_path, "retrospective_cohort")
    stage.score_batch(
        batch["records"],
        batch["regions"],
        batch["studies"],
        batch["status"],
        instruments,
        str(tmp_path / "batch.items.csv"),
    )
    # the batch scores the design it extracted (the text names none): retrospective, 1 point
    scored = _m03(tmp_path / "batch.items.csv")
    assert (scored["score"], scored["rule_id"]) == ("1", "minors.M03.retrospective_design")
    # evidence found in the region points into the whole source
    from litreview.tables import read_table

    quoted = read_table(tmp_path / "batch.items.csv")
    quoted = quoted[quoted["quote"] != ""]
    # the stated aim (MINORS M01) is quoted
    assert "This study aimed to evaluate chemoembolization" in " ".join(quoted["quote"])
    for row in quoted.itertuples():
        assert SOURCE[int(row.char_start) : int(row.char_end)] == row.quote
        assert int(row.char_start) >= len(HEADER)

    def run(studies_csv, name):
        out = {
            key: str(tmp_path / name / f"{key}.csv")
            for key in ("item_scores", "summary", "agreement", "disagreements")
        }
        stage.score_quality(
            batch["records"],
            [batch["regions"]],
            batch["decisions"],
            studies_csv,
            [str(tmp_path / "batch.items.csv")],
            instruments,
            [],
            out,
        )
        return _m03(out["item_scores"])

    same = run(batch["studies"], "same")
    assert (same["study_id"], same["score"], same["rule_id"]) == (
        "S1",
        "1",
        "minors.M03.retrospective_design",
    )
    # a reviewer corrected the design to prospective: the batch's score no longer stands
    corrected = _tables(tmp_path, "prospective_cohort", curation="corrected")
    rescored = run(corrected["studies"], "corrected")
    assert (rescored["study_id"], rescored["score"], rescored["rule_id"]) == (
        "S1",
        "2",
        "minors.M03.prospective_design",
    )


def test_profile_keys_follow_values_not_row_order():
    rows = pd.DataFrame(
        [
            {
                "record_id": "R",
                "value_id": "V1",
                "field": "design",
                "value": "rct",
                "char_start": "5",
            },
            {
                "record_id": "R",
                "value_id": "V2",
                "field": "n_patients",
                "value": "40",
                "char_start": "9",
            },
            {
                "record_id": "Q",
                "value_id": "V3",
                "field": "design",
                "value": "rct",
                "char_start": "7",
            },
        ]
    ).assign(unit="", count="", char_end="", curation="")
    keys = stage.profile_keys(stage._in_text_order(rows))
    assert keys == stage.profile_keys(stage._in_text_order(rows.iloc[::-1]))
    assert set(keys) == {"R", "Q"} and keys["R"] != keys["Q"]
    changed = stage.profile_keys(stage._in_text_order(rows.assign(value=["rct", "41", "rct"])))
    assert changed["R"] != keys["R"] and changed["Q"] == keys["Q"]
    # a value a reviewer rejected is no longer scored with
    rejected = stage.profile_keys(stage._in_text_order(rows.assign(curation=["", "rejected", ""])))
    assert rejected["R"] != keys["R"]
