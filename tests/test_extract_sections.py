"""Sections of structured abstracts: headings in the forms journals and databases print them."""

import pytest

from litreview.extract.sections import (
    background_sentences,
    conclusion_sentences,
    heading_name,
    section_of_each,
)
from litreview.extract.sentences import sentence_spans

WORDS = frozenset({"background", "introduction", "purpose", "aims", "objective"})


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("Background: Liver metastases are common.", "background"),
        ("ABSTRACT.RESULTS:.", "results"),
        ("Patients and Methods: Sixty patients were treated.", "patients and methods"),
        ("BACKGROUND AND AIMS: To compare two treatments.", "background and aims"),
        ("CONCLUSIONS", "conclusions"),
        ("Median survival was 20 months.", ""),
        ("The response rate: 40%.", ""),
    ],
)
def test_heading_name(sentence, name):
    assert heading_name(sentence) == name


def labels(text):
    spans = sentence_spans(text)
    found = section_of_each(text, spans, WORDS)
    return [(text[a:b][:12], lab) for (a, b), lab in zip(spans, found, strict=True)]


def test_sections_run_from_their_heading_to_the_next():
    text = (
        "Title of a study\n\nBACKGROUND AND AIMS: Survival is poor. It is 12 months.\n"
        "METHODS: We treated 40 patients. RESULTS: Survival was 20 months. "
        "Conclusions: Treatment works."
    )
    assert labels(text) == [
        ("Title of a s", ""),
        ("BACKGROUND A", "background"),
        ("It is 12 mon", "background"),
        ("METHODS: We ", ""),
        ("RESULTS: Sur", ""),
        ("Conclusions:", "conclusion"),
    ]


def test_background_sentences_stop_at_the_first_about_this_study():
    text = (
        "Background: Other series report 30% response. In our earlier trial, response was "
        "40%. The difference was small. Methods: We treated 40 patients."
    )
    spans = sentence_spans(text)
    found = sorted(text[a:b][:20] for a, b in background_sentences(text, spans, WORDS))
    assert found == ["Background: Other se"]


def test_unstructured_abstracts_have_no_background_but_may_conclude():
    text = "Survival was 20 months. In conclusion, survival was 20 months."
    spans = sentence_spans(text)
    assert background_sentences(text, spans, WORDS) == set()
    assert [text[a:b][:13] for a, b in sorted(conclusion_sentences(text, spans, WORDS))] == [
        "In conclusion"
    ]
