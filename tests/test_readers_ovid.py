"""Ovid tagged exports (EndNote and Citavi output styles). Values read off the knh fixtures."""

from __future__ import annotations

import pytest

from litreview.readers import ovid, read_source
from litreview.readers.base import Parsed, Rejected

STYLES = ["knh_Embase_ovid_endnote_r3001-3002.cgi", "knh_Embase_ovid_citavi_r3001-3002.ovd"]


def ingest(path):
    return read_source(path, path.read_bytes(), path.name)


@pytest.mark.parametrize("name", STYLES)
def test_fixture_counts_and_fields(formats_dir, name):
    result = ingest(formats_dir / name)
    assert result.source_format == "ovid"
    assert len(result.records) == 2 and result.rejected == []
    first = result.records[0]
    assert first["title"] == (
        "Quality of life in patients with primary ciliary dyskinesia: A systematic review."
    )
    assert first["authors"] == "Behan L.; Rubbo B.; Lucas J.S.; Galvin A.D."
    assert first["year"] == "2018"
    assert first["doi"] == "10.1186/s12919-018-0099-8"
    assert first["database"] == "Embase"
    assert first["type"] == "conference"
    assert first["journal"] == "BMC Proceedings"
    assert first["pmid"] == ""  # UI is an Embase accession number, not a PMID
    assert first["line_start"] == 1


def test_endnote_style_abstract_runs_over_unindented_lines(formats_dir):
    first = ingest(formats_dir / STYLES[0]).records[0]
    assert "wellbeing. We aimed to identify" in first["abstract"]
    assert "Method(s): We searched MEDLINE" in first["abstract"]
    assert first["abstract"].endswith(
        "Interventions that ameliorate these issues need investigation."
    )


def test_run_on_record_rejected_rest_ingests():
    text = (
        "<1. >\nDB  - Embase\nTI  - Good one\nAU  - Smith J.\n\n"
        "<2. >\nDB  - Embase\nTI  - Broken oneAU  - Doe A.\n\n"
        "<3. >\nDB  - Embase\nTI  - Good two\n"
    )
    result = list(ovid.parse(text))
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "'AU' is run into the value of 'TI'" in result[1].reason
