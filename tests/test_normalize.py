"""Expected values are what a reader of each input would write down by hand."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from litreview.normalize import (
    _TYPE_LOOKUP,
    CONTROL_CHARS,
    author_key,
    clean_text,
    database_name,
    has_control_characters,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    pages,
    publication_type,
    split_author,
    year,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1016/J.JHEP.2019.01.002", "10.1016/j.jhep.2019.01.002"),
        ("https://doi.org/10.1245/s10434-018-6700-1", "10.1245/s10434-018-6700-1"),
        ("http://dx.doi.org/10.1097/SLA.0000000000001234", "10.1097/sla.0000000000001234"),
        ("doi: 10.1002/cncr.30123.", "10.1002/cncr.30123"),
        ("DOI 10.1002/cncr.30123", "10.1002/cncr.30123"),
        ("  10.1080/20964129.2020.1722034 ", "10.1080/20964129.2020.1722034"),
        ("https://doi.org/doi:10.1000/xyz", "10.1000/xyz"),
        ("10.1016/S0140-6736(20)30183-5", "10.1016/s0140-6736(20)30183-5"),
        ("(10.1000/abc)", "10.1000/abc"),
        ("10.1000/abc; 10.2000/def", "10.1000/abc"),
        ("https://doi.org/10.1000%2Fabc", "10.1000/abc"),
        # a link percent-encodes brackets too (The Lancet, SICI DOIs)
        ("https://doi.org/10.1016/S0140-6736%2820%2930183-5", "10.1016/s0140-6736(20)30183-5"),
        (
            "https://www.scopus.com/inward/record.uri?doi=10.1002%2F%28SICI%291097-0142&partnerID=40",
            "10.1002/(sici)1097-0142",
        ),
        # outside a link a "%" is left as written
        ("10.1000/100%25", "10.1000/100%25"),
        ("not a doi", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_doi(raw, expected):
    assert normalize_doi(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31234567", "31234567"),
        ("PMID: 31234567 [Indexed for MEDLINE]", "31234567"),
        ("031234567", "31234567"),
        ("", ""),
        ("none", ""),
    ],
)
def test_normalize_pmid(raw, expected):
    assert normalize_pmid(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("PMC6543210", "PMC6543210"), ("pmc 6543210", "PMC6543210"), ("6543210", ""), (None, "")],
)
def test_normalize_pmcid(raw, expected):
    assert normalize_pmcid(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019 Mar 12", "2019"),
        ("2019/03/12/", "2019"),
        ("Spring 2018", "2018"),
        ("12/03/2019", "2019"),
        ("1998", "1998"),
        ("n.d.", ""),
        ("12345", ""),
        (None, ""),
    ],
)
def test_year(raw, expected):
    assert year(raw) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("69", "80", "69-80"),
        ("69-80", None, "69-80"),
        ("69--80", None, "69-80"),
        ("pp. 69\u201380", None, "69-80"),
        ("1234-56", None, "1234-1256"),
        ("e123", None, "e123"),
        ("e123", "e123", "e123"),
        ("", "", ""),
        (None, "15", "15"),
    ],
)
def test_pages(start, end, expected):
    assert pages(start, end) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Smith, John A.", ("Smith", "John A.")),
        ("Smith JA", ("Smith", "JA")),
        ("van der Berg, K", ("van der Berg", "K")),
        ("van der Berg K", ("van der Berg", "K")),
        ("John A. Smith", ("Smith", "John A.")),
        ("WHO", ("WHO", "")),
        ("European Neuroendocrine Tumor Society", ("European Neuroendocrine Tumor Society", "")),
        ("", ("", "")),
    ],
)
def test_split_author(raw, expected):
    assert split_author(raw) == expected


def test_author_key_folds_accents_and_forms():
    assert author_key("Müller, Hans") == author_key("Muller H") == "muller h"
    assert author_key("Smith, J.A.") == author_key("Smith JA") == "smith j"


def test_clean_text_joins_continuation_lines():
    assert clean_text("Liver metastases\r\n      of NETs") == "Liver metastases of NETs"
    assert clean_text(None) == ""


@given(st.text())
def test_normalizers_never_raise(value):
    for function in (normalize_doi, normalize_pmid, normalize_pmcid, year, pages, author_key):
        assert isinstance(function(value), str)
    doi = normalize_doi(value)
    assert doi == "" or (doi.startswith("10.") and doi == doi.lower())


# The fast paths (plain values skip the regular expressions) must answer as the regular
# expressions do, for any input.
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_PMID_RE = re.compile(r"(?<!\d)0*([1-9]\d{0,8})(?!\d)")
_DIGITS_AND_NOISE = st.text(alphabet=st.sampled_from(list("0123456789 /-aM١²\u0660")), max_size=14)


@given(_DIGITS_AND_NOISE)
def test_year_fast_path_agrees_with_pattern(value):
    match = _YEAR_RE.search(value)
    assert year(value) == (match.group(1) if match else "")


@given(_DIGITS_AND_NOISE)
def test_pmid_fast_path_agrees_with_pattern(value):
    match = _PMID_RE.search(value)
    assert normalize_pmid(value) == (match.group(1) if match else "")


@given(st.text(alphabet=st.sampled_from(list("JOURjour @\tArticle")), max_size=20))
def test_publication_type_fast_path_agrees_with_folding(value):
    key = " ".join(value.strip().lower().lstrip("@").split())
    assert publication_type(value) == (_TYPE_LOOKUP.get(key, key) if value else "")


@given(
    st.text(
        alphabet=st.sampled_from(list("\x00\x07\x0b\x1f\x7f\x85\x9f\xa0\t\n\r aé\u2013")),
        max_size=30,
    )
)
def test_has_control_characters_agrees_with_pattern(text):
    assert has_control_characters(text, chunk=4) == bool(CONTROL_CHARS.search(text))


def test_fast_path_examples():
    assert year("2019 Mar 12") == "2019"
    assert year("20190312") == ""  # eight digits are not a year
    assert year("199") == ""
    assert normalize_pmid("12345678") == "12345678"
    assert normalize_pmid("0012345") == "12345"
    assert normalize_pmid("1234567890") == ""  # ten digits: not a PMID
    assert publication_type("JOUR") == "journal-article"
    assert database_name("Scopus") == "Scopus"
    assert database_name("  scopus ") == "Scopus"
