"""The same records exported in two formats normalise to the same title, year, DOI and first
author (the README names these pairs)."""

from __future__ import annotations

import re

import pytest

from litreview.normalize import author_key
from litreview.readers import read_source
from litreview.schema import split_list

PAIRS = [
    ("asreview_embase.csv", "asreview_embase.ris", 6),
    ("synthesisr_Scopus_bib_example.bib", "synthesisr_Scopus_ris_example.ris", 3),
    ("knh_Embase_ovid_endnote_r3001-3002.cgi", "knh_Embase_ovid_citavi_r3001-3002.ovd", 2),
]


def key(record):
    authors = split_list(record["authors"])
    # Titles compared as the source gives them, bar case and whitespace: exports of one
    # database differ in nothing else.
    title = re.sub(r"\s+", " ", record["title"]).strip().lower()
    return (title, record["year"], record["doi"], author_key(authors[0]) if authors else "")


@pytest.mark.parametrize(("left", "right", "count"), PAIRS)
def test_same_records_normalise_alike(formats_dir, left, right, count):
    a = read_source(left, (formats_dir / left).read_bytes(), left).records
    b = read_source(right, (formats_dir / right).read_bytes(), right).records
    assert len(a) == len(b) == count
    assert sorted(map(key, a)) == sorted(map(key, b))
    assert all(k[0] and k[1] and k[3] for k in map(key, a))


def test_scopus_record_also_in_both_wos_exports(formats_dir):
    # README: "Li 2020 Soil fauna diversity ... Lake Taihu" (doi 10.1080/20964129.2020.1722034)
    # appears in the Scopus .bib/.ris and both WoS files.
    keys = set()
    for name in [
        "synthesisr_Scopus_bib_example.bib",
        "synthesisr_Scopus_ris_example.ris",
        "synthesisr_WoS_ciw_example.ciw",
        "synthesisr_WoS_txt_example.txt",
    ]:
        records = read_source(name, (formats_dir / name).read_bytes(), name).records
        (li,) = [r for r in records if r["doi"] == "10.1080/20964129.2020.1722034"]
        keys.add((li["year"], author_key(split_list(li["authors"])[0])))
    assert keys == {("2020", "li w")}
