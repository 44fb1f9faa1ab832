"""BibTeX reader (bibtexparser v2). Values read off the Scopus .bib fixture."""

from __future__ import annotations

from litreview.readers import bibtex, read_source
from litreview.readers.base import Parsed, Rejected


def test_scopus_fixture_including_duplicate_field_entry(formats_dir):
    path = formats_dir / "synthesisr_Scopus_bib_example.bib"
    result = read_source(path, path.read_bytes(), path.name)
    assert result.source_format == "bibtex"
    # Li2020 repeats "funding_details": bibtexparser flags it; it is still a record.
    assert len(result.records) == 3 and result.rejected == []
    first = result.records[0]
    assert first["title"] == (
        "Soil fauna diversity at different stages of reed restoration in a lakeshore wetland at "
        "Lake Taihu, China"
    )
    assert first["authors"].split("; ")[:2] == ["Li, W.", "Dou, Z."]
    assert (first["year"], first["volume"], first["issue"]) == ("2020", "6", "1")
    assert first["doi"] == "10.1080/20964129.2020.1722034"
    assert first["database"] == "Scopus"
    assert first["line_start"] == 2
    assert [r["doi"] for r in result.records][1:] == [
        "10.1080/20964129.2020.1749010",
        "10.1007/s11220-019-0265-8",
    ]


def test_failed_block_rejected_rest_ingests():
    text = (
        "@article{a, title={First}, author={Smith, J}, year=2019}\n\n"
        "@article{b, title={Broken, author={Doe, A}\n\n"
        "@article{c, title={Third}, author={Roe, B and Poe, C}, year={2020}, pages={69--80}}\n"
    )
    result = list(bibtex.parse(text))
    assert [type(i) for i in result][0] is Parsed
    assert any(isinstance(i, Rejected) for i in result)
    last = result[-1]
    assert isinstance(last, Parsed) and last.fields["title"] == "Third"
    assert last.fields["authors"] == "Roe, B; Poe, C"
    assert last.fields["pages"] == "69-80"
    assert [i.record_index for i in result] == list(range(len(result)))


def test_latex_markup_decoded_and_percent_kept():
    text = '@article{k, title={The {IL-6} effect in 45% of {\\"u}ber cases \\& more}, year=2001}\n'
    (record,) = list(bibtex.parse(text))
    assert record.fields["title"] == "The IL-6 effect in 45% of über cases & more"
    assert text[record.char_start : record.char_end] == text.strip()
