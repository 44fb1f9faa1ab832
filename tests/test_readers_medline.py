"""MEDLINE/nbib reader. Expected values read off rispy_example_pubmed.txt and the README."""

from __future__ import annotations

import pytest

from litreview.readers import medline, read_source
from litreview.readers.base import Parsed, Rejected
from litreview.textio import decode_bytes


def ingest(path):
    return read_source(path, path.read_bytes(), path.name)


@pytest.mark.parametrize(
    ("name", "count"), [("rispy_example_pubmed.txt", 10), ("synthesisr_PubMed_example.txt", 3)]
)
def test_fixture_record_counts(formats_dir, name, count):
    result = ingest(formats_dir / name)
    assert result.source_format == "medline"
    assert len(result.records) == count and result.rejected == []


def test_first_record_fields(formats_dir):
    path = formats_dir / "rispy_example_pubmed.txt"
    first = ingest(path).records[0]
    assert first["pmid"] == "30922926"
    assert first["title"] == "Time lapse: A glimpse into prehistoric genomics."
    assert first["authors"].split("; ")[:3] == [
        "Griffin, Darren K",
        "Larkin, Denis M",
        "O'Connor, Rebecca E",
    ]
    assert (first["year"], first["volume"], first["issue"], first["pages"]) == (
        "2020",
        "63",
        "2",
        "103640",
    )
    assert first["doi"] == "10.1016/j.ejmg.2019.03.004"  # the LID marked [doi], not the [pii]
    assert first["journal"] == "European journal of medical genetics"
    assert first["language"] == "eng"
    assert first["database"] == "MEDLINE/PubMed"
    # Continuation lines are joined with one space.
    assert first["abstract"].startswith(
        "For the purpose of this review, 'time-lapse' refers to the reconstruction of ancestral"
    )
    text, _ = decode_bytes(path.read_bytes())
    raw = text[first["char_start"] : first["char_end"]]
    assert raw.startswith("PMID- 30922926") and not raw.endswith("\n")


def test_wrapped_title(formats_dir):
    first = ingest(formats_dir / "synthesisr_PubMed_example.txt").records[0]
    assert first["title"] == (
        "Differences in nitrate and phosphorus export between wooded and grassed riparian "
        "zones from farmland to receiving waterways under varying rainfall conditions."
    )
    assert first["pages"] == "188-197"


RECORD = "PMID- 111\nTI  - Embolisation of NET liver metastases.\nAU  - Smith J\n"


def test_unindented_junk_line_rejects_record_rest_ingests():
    text = RECORD + "\nPMID- 222\nTI  - Broken\nthis line is not indented\n\n" + RECORD
    result = list(medline.parse(text))
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "line 7" in result[1].reason and "indented" in result[1].reason


def test_record_without_blank_line_separator():
    result = list(medline.parse(RECORD + RECORD.replace("111", "333")))
    assert [r.fields["pmid"] for r in result] == ["111", "333"]
    assert result[1].line_start == 4


def test_sniff():
    assert medline.sniff(RECORD, "export.nbib")
    assert not medline.sniff("TY  - JOUR\nER  - \n", "x.txt")


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_tag_without_a_value_or_its_trailing_space_is_an_empty_field(ending):
    # An editor that strips trailing white space turns "AB  - " into "AB  -"; the record is
    # still whole, with no abstract, and the next tag still reads.
    text = f"PMID- 444{ending}TI  - Hepatic resection.{ending}AB  -{ending}AU  - Lee K{ending}"
    (parsed,) = medline.parse(text)
    assert isinstance(parsed, Parsed)
    assert parsed.fields["title"] == "Hepatic resection."
    assert parsed.fields["abstract"] == ""
    assert parsed.fields["authors"] == "Lee K"


def test_a_dash_inside_a_value_is_no_tag():
    text = "PMID- 555\nTI  - Liver-directed therapy\n      ABCD- continued title\n"
    (parsed,) = medline.parse(text)
    assert parsed.fields["title"] == "Liver-directed therapy ABCD- continued title"
