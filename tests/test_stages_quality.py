"""Quality stage glue: scoring split over processes gives the rows one process gives, in order."""

from __future__ import annotations

from pathlib import Path

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
