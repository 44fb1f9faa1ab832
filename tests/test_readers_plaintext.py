"""The plain-text abstract-page reader, checked against what the seed pages say (read by eye)."""

import json
from pathlib import Path

import pytest

from litreview.readers import plaintext, read_source

RAW = Path(__file__).resolve().parents[1] / "raw"


def seed(prefix: str) -> dict:
    path = next(RAW.glob(f"{prefix}_*.txt"))
    result = read_source(path, path.read_bytes(), f"raw/{path.name}")
    assert result.source_format == "text_page"
    assert len(result.records) == 1 and not result.rejected
    return result.records[0]


def test_conference_page_header():
    record = seed("000")
    assert record["title"] == (
        "Post-procedure outcomes of liver-directed therapy of neuroendocrine liver metastases"
    )
    authors = record["authors"].split("; ")
    assert authors[0] == "Meloche-Dumas, Léamarie"
    assert authors[-1] == "Hallet, Julie"
    assert len(authors) == 8
    assert (record["journal"], record["year"], record["volume"], record["pages"]) == (
        "Endocrine Abstracts",
        "2023",
        "98",
        "C49",
    )
    assert record["doi"] == "10.1530/endoabs.98.c49"


def test_structured_abstract_sections_and_end():
    record = seed("000")
    labels = [label for label, _, _ in json.loads(record["sections"])]
    assert labels == ["Background", "Methods", "Results", "Conclusion"]
    assert record["abstract"].startswith("Background: While there have been major advances")
    # The page's "Abstract ID" line and widgets after it are not part of the abstract.
    assert record["abstract"].endswith("counselling, and patient preparation.")


def test_pubmed_page_takes_header_doi_not_reference_dois():
    record = seed("003")
    assert record["doi"] == "10.1245/s10434-023-13372-z"
    assert record["title"].startswith("Survival and Symptomatic Relief After Cytoreductive")
    assert record["title"].endswith("More Than 500 Patients")
    assert (record["volume"], record["issue"], record["pages"], record["year"]) == (
        "30",
        "8",
        "4840-4851",
        "2023",
    )
    assert record["authors"] == "Gudmundsdottir, Hallbera"
    assert record["journal"] == "Ann Surg Oncol"
    assert "PubMed Disclaimer" not in record["abstract"]
    assert record["abstract"].rstrip().endswith("CRH can provide durable symptomatic relief.")


def test_profile_citation_line():
    record = seed("004")
    assert record["title"] == (
        "Embolotherapy for Neuroendocrine Tumor Liver Metastases: Prognostic Factors for Hepatic "
        "Progression-Free Survival and Overall Survival"
    )
    assert record["journal"] == "Cardiovascular and interventional radiology"
    assert record["authors"].split("; ")[:2] == ["Chen, J. X.", "Rose, S."]
    assert record["authors"].split("; ")[-1] == "Soulen, M. C."
    assert (record["year"], record["volume"], record["issue"], record["pages"]) == (
        "2017",
        "40",
        "1",
        "69-80",
    )
    assert record["abstract"].startswith("The purpose of the study was to evaluate")


def test_journal_page_labels():
    record = seed("002")
    assert record["journal"] == "Annals of Surgical Oncology"
    assert (record["volume"], record["issue"], record["pages"]) == ("24", "8", "2319-2325")
    assert record["doi"] == "10.1245/s10434-017-5839-x"
    labels = [label for label, _, _ in json.loads(record["sections"])]
    assert labels == ["Background", "Methods", "Results", "Conclusions"]


def test_record_text_is_recoverable_from_its_locator():
    path = next(RAW.glob("003_*.txt"))
    text = path.read_text(encoding="utf-8")
    record = seed("003")
    raw = text[record["char_start"] : record["char_end"]]
    assert record["abstract"] in raw
    assert record["line_start"] == 1


def test_unstructured_page_without_header_still_reads_the_abstract():
    page = (
        "Home | Journals | Login\n\n"
        + "We studied forty patients treated with ablation for liver metastases. " * 3
        + "Median overall survival was 40 months. Morbidity was low.\n\nShare this article\n"
    )
    records = list(plaintext.parse(page))
    assert records[0].fields["abstract"].startswith("We studied forty patients")
    assert records[0].fields["abstract"].endswith("Morbidity was low.")
    assert records[0].fields["title"] == ""


@pytest.mark.parametrize("text", ["", "Home\nLogin\n", "short line\n" * 20])
def test_page_without_prose_is_not_claimed(text):
    assert not plaintext.sniff(text, "page.txt")


def test_headings_alone_on_their_lines_and_a_summary_after_the_abstract():
    page = (
        "TITLE.\nHepatic artery embolization for carcinoid liver metastases: a cohort study\n\n\n"
        "ABSTRACT.BACKGROUND:.\nCarcinoid liver metastases cause symptoms that embolization can "
        "relieve in many patients.\n\n"
        "ABSTRACT.DESIGN, SETTING, AND PARTICIPANTS.\nWe reviewed sixty-two patients treated at "
        "three centres between 2001 and 2012.\n\n"
        "ABSTRACT.RESULTS:\nMedian overall survival was 56 months and symptoms improved in 80%.\n\n"
        "Editors' Summary\n\n"
        "Background: Embolization blocks the blood supply of tumours in the liver and is one of "
        "several treatments that doctors can offer to patients whose cancer has spread there.\n"
    )
    (record,) = plaintext.parse(page)
    fields = record.fields
    assert fields["title"] == (
        "Hepatic artery embolization for carcinoid liver metastases: a cohort study"
    )
    assert fields["abstract"].startswith("ABSTRACT.BACKGROUND:.")
    assert fields["abstract"].endswith("symptoms improved in 80%.")
    labels = [label for label, _, _ in json.loads(fields["sections"])]
    assert labels == ["BACKGROUND", "DESIGN, SETTING, AND PARTICIPANTS", "RESULTS"]


def test_title_label_followed_by_a_heading_means_no_title():
    page = (
        "TITLE.\n\n\nABSTRACT.OBJECTIVE.\nTo compare two schedules of chemoembolization in "
        "patients with neuroendocrine liver metastases at one centre.\n"
    )
    (record,) = plaintext.parse(page)
    assert record.fields["title"] == ""


def test_short_labelled_parts_of_a_structured_abstract_do_not_end_it():
    # PubMed pages print each labelled part of a structured abstract on its own line; a short
    # one ("Study design: Retrospective review.") is no prose, but the abstract goes on.
    page = (
        "Ablation of small renal masses in older adults\n\n"
        "Purpose: To report outcomes of percutaneous cryoablation of renal masses in adults "
        "aged 75 years or older.\n"
        "Study design: Retrospective review.\n"
        "Methods: We reviewed 84 patients treated at one centre between 2008 and 2019.\n"
        "Results: Major complications occurred in 4 patients (4.8%).\n"
        "Level of evidence: IV.\n"
        "Keywords: cryoablation; kidney.\n"
        "Similar articles\n"
    )
    (record,) = plaintext.parse(page)
    abstract = record.fields["abstract"]
    assert abstract.startswith("Purpose: To report outcomes")
    assert "Methods: We reviewed 84 patients" in abstract
    assert abstract.endswith("Level of evidence: IV.")
    labels = [label for label, _, _ in json.loads(record.fields["sections"])]
    assert labels[:1] == ["Purpose"] and "Results" in labels


def test_a_short_labelled_line_after_an_unstructured_abstract_stays_out():
    page = (
        "Cryoablation of small renal masses\n\n"
        + "We treated eighty-four older adults with percutaneous cryoablation of a renal mass. " * 2
        + "Major complications occurred in 4 patients (4.8%).\n"
        "Study type: cohort.\n"
    )
    (record,) = plaintext.parse(page)
    assert record.fields["abstract"].endswith("(4.8%).")


def test_a_heading_alone_owns_its_text_however_short_and_an_editors_summary_ends_it():
    page = (
        "TITLE:\nCryoablation of small renal masses in older adults\n\n"
        "ABSTRACT.PURPOSE:\nTo report outcomes of percutaneous cryoablation of renal masses in "
        "adults aged 75 years or older.\n\n"
        "ABSTRACT.STUDY DESIGN:\nRetrospective review.\n\n"
        "ABSTRACT.RESULTS:\nMajor complications occurred in 4 patients (4.8%) and no patient died "
        "within 30 days.\n\n"
        "ABSTRACT.TRIAL REGISTRATION:\nNCT01234567.\n\n"
        "Please see later in the article for the Editors' Summary\n\n"
        "ABSTRACT.EDITORS' SUMMARY:\nABSTRACT.BACKGROUND:\nKidney tumours are often found "
        "by chance when people have scans for other reasons, and many are small.\n"
    )
    (record,) = plaintext.parse(page)
    abstract = record.fields["abstract"]
    assert "Retrospective review." in abstract
    assert "Major complications occurred in 4 patients (4.8%)" in abstract
    assert abstract.endswith("NCT01234567.")
    labels = [label for label, _, _ in json.loads(record.fields["sections"])]
    assert labels == ["PURPOSE", "STUDY DESIGN", "RESULTS", "TRIAL REGISTRATION"]
