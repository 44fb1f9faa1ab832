"""Web of Science tagged text. Expected values read off the fixtures."""

from __future__ import annotations

import pytest

from litreview.readers import read_source, wos
from litreview.readers.base import Parsed, Rejected


def ingest(path):
    return read_source(path, path.read_bytes(), path.name)


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("knh_WoS_other_reference_software_r4001-4012.txt", 12),
        ("rispy_example_wos.ris", 2),
        ("synthesisr_WoS_ciw_example.ciw", 5),
        ("synthesisr_WoS_txt_example.txt", 4),
    ],
)
def test_fixture_record_counts(formats_dir, name, count):
    result = ingest(formats_dir / name)
    assert result.source_format == "wos"  # .ris extension or not: read by content
    assert len(result.records) == count and result.rejected == []


def test_first_record_fields(formats_dir):
    first = ingest(formats_dir / "knh_WoS_other_reference_software_r4001-4012.txt").records[0]
    assert first["title"] == (
        "Caregivers' views on stigmatization and discrimination of people affected by leprosy "
        "in Ghana"
    )
    assert first["authors"].split("; ")[0] == "Asampong, Emmanuel"  # AF, one per line
    assert (first["year"], first["volume"], first["issue"]) == ("2018", "12", "1")
    assert first["pages"] == "e0006219"  # AR article number when there are no pages
    assert first["doi"] == "10.1371/journal.pntd.0006219"
    assert first["pmid"] == "29377890"
    assert first["journal"] == "PLOS NEGLECTED TROPICAL DISEASES"
    assert first["database"] == "Web of Science"
    assert first["line_start"] == 3  # after the FN/VR header


def test_missing_er_is_rejected():
    text = (
        "FN Clarivate Analytics Web of Science\nVR 1.0\n"
        "PT J\nAU Smith, J\nTI First\nER\n\n"
        "PT J\nAU Doe, A\nTI No end\n\n"
        "PT J\nAU Roe, B\nTI Third\nER\n\nEF\n"
    )
    result = list(wos.parse(text))
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "missing end tag" in result[1].reason
    assert result[2].fields["title"] == "Third"
