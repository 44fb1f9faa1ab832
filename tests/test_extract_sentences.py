"""Sentence spans never cut a decimal, "vs." or "et al." and do split glued sentences."""

from litreview.extract.sentences import sentence_spans


def sentences(text):
    return [text[a:b] for a, b in sentence_spans(text)]


def test_decimals_abbreviations_and_glued_sentences():
    text = (
        "Median OS was 12.5 vs. 8.4 months (P = .008). Smith et al. agree.This was new.\n"
        "Results: better in group A. The HR was 0.2. Chen, J. X. Rose wrote it."
    )
    assert sentences(text) == [
        "Median OS was 12.5 vs. 8.4 months (P = .008).",
        "Smith et al. agree.",
        "This was new.",
        "Results: better in group A.",
        "The HR was 0.2.",
        "Chen, J. X. Rose wrote it.",
    ]


def test_interval_abbreviations_do_not_end_a_sentence():
    text = "Risk fell (hazard ratio 0.8, 95 per cent c.i. 0.6 to 0.9). Next sentence."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Risk fell (hazard ratio 0.8, 95 per cent c.i. 0.6 to 0.9).",
        "Next sentence.",
    ]
