"""Expected values are what a reader of each input would write down by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from litreview.normalize import (
    author_key,
    clean_text,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    pages,
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
