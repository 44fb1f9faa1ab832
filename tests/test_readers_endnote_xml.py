"""EndNote XML reader: EndNote 17 (Respiratory.xml) and EndNote 20 (tafenoquine.xml), with the
counts their README gives, and UTF-16 as EndNote writes it."""

from __future__ import annotations

import codecs

import pytest

from litreview.readers import endnote_xml, read_source
from litreview.readers.base import Parsed, Rejected, UnreadableSource


def ingest(path):
    return read_source(path, path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def dedup_dir(shared_dir):
    path = shared_dir / "benchmarks" / "dedup"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path


def test_respiratory_endnote17(dedup_dir):
    result = ingest(dedup_dir / "sra_rathbone2015" / "respiratory" / "Respiratory.xml")
    assert result.source_format == "endnote_xml"
    assert len(result.records) == 1988 and result.rejected == []
    first = result.records[0]
    # The first <record> of the file, read by eye.
    assert first["title"] == (
        "Perioperative nutritional support in patients undergoing hepatectomy for "
        "hepatocellular carcinoma"
    )
    assert first["authors"] == "Ziegler, T. R."
    assert first["journal"] == "Jpen: Journal of Parenteral & Enteral Nutrition"
    assert (first["year"], first["volume"], first["issue"], first["pages"]) == (
        "1996",
        "20",
        "1112",
        "91-92",
    )


def test_tafenoquine_endnote20(dedup_dir):
    result = ingest(dedup_dir / "iebh_dedupe_sweep" / "tafenoquine.xml")
    assert len(result.records) == 179 and result.rejected == []
    # README: 170 with abstract, 156 with DOI (electronic-resource-num).
    assert sum(bool(r["abstract"]) for r in result.records) == 170
    assert sum(bool(r["doi"]) for r in result.records) == 156
    first = result.records[0]
    assert first["title"] == "8-Aminoquinoline Therapy for Latent Malaria"
    assert first["pmid"] == "31366609"
    assert first["year"] == "2019"


RECORD = (
    '<record><ref-type name="Journal Article">17</ref-type><contributors><authors><author>'
    '<style face="normal">Müller, K.</style></author></authors></contributors><titles><title>'
    '<style face="normal">TACE for {n}</style></title></titles><dates><year>2020</year></dates>'
    "<electronic-resource-num>https://doi.org/10.1000/X{n}</electronic-resource-num></record>"
)


def document(*records):
    return (
        '<?xml version="1.0" encoding="UTF-8" ?><xml><records>'
        + "".join(records)
        + ("</records></xml>")
    )


def test_utf16_with_bom_and_fields():
    text = document(RECORD.format(n=1)).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    result = read_source("lib.xml", data, "lib.xml")
    assert result.decoding == "utf-16"
    (record,) = result.records
    assert record["authors"] == "Müller, K."
    assert record["doi"] == "10.1000/x1"
    assert record["type"] == "journal-article"


def test_record_missing_end_tag_is_rejected():
    text = document(
        RECORD.format(n=1), RECORD.format(n=2).replace("</record>", ""), RECORD.format(n=3)
    )
    result = list(endnote_xml.parse(text))
    assert [type(i) for i in result] == [Parsed, Rejected, Parsed]
    assert "</record> is missing" in result[1].reason


def test_truncated_library_raises():
    text = document(RECORD.format(n=1), RECORD.format(n=2))
    with pytest.raises(UnreadableSource, match="truncated|not well-formed"):
        list(endnote_xml.parse(text[: len(text) - 40]))
