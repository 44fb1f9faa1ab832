"""Mapping field text back to source offsets: the invariant source[start:end] == quote."""

from litreview.spans import SourceView, align


def test_verbatim_field_maps_directly():
    source = "header\nTitle here\n\nAbstract body with 12 months.\n"
    view = SourceView(source, 0, len(source), ["Title here", "Abstract body with 12 months."])
    s, e, quote = view.quote(view.text.index("12"), view.text.index("12") + len("12 months"))
    assert quote == "12 months" and source[s:e] == quote


def test_wrapped_medline_continuation_lines():
    source = (
        "PMID- 1\nTI  - A title\nAB  - Median overall survival was 34.2\n"
        "      months in the resection group.\nFAU - X\n"
    )
    field = "Median overall survival was 34.2 months in the resection group."
    view = SourceView(source, 0, len(source), ["A title", field])
    start = view.text.index("34.2")
    s, e, quote = view.quote(start, start + len("34.2 months"))
    assert quote == "34.2\n      months"
    assert source[s:e] == quote


def test_xml_entities_and_markup():
    source = "<AbstractText>HR 0.5 (p &lt; 0.001) in <i>G1</i> tumours</AbstractText>"
    field = "HR 0.5 (p < 0.001) in G1 tumours"
    mapping = align(field, source)
    assert mapping is not None
    view = SourceView(source, 0, len(source), ["", field])
    start = view.text.index("p <")
    s, e, quote = view.quote(start, start + len("p < 0.001"))
    assert quote == "p &lt; 0.001"
    start = view.text.index("G1 tumours")
    assert view.quote(start, start + len("G1 tumours"))[2] == "G1</i> tumours"


def test_title_is_not_matched_inside_abstract():
    source = "Resection outcomes\n\nResection outcomes were good; resection outcomes matter."
    view = SourceView(source, 0, len(source), ["Resection outcomes", source.split("\n\n")[1]])
    abstract_start = view.text.index("\n\n") + 2
    s, _, _ = view.quote(abstract_start, abstract_start + 9)
    assert s == source.index("\n\n") + 2


def test_text_not_in_source_has_no_evidence():
    source = "something else entirely"
    view = SourceView(source, 0, len(source), ["", "supplied by a reader"])
    assert view.quote(0, 5) is None


def test_view_span_finds_recorded_evidence_again():
    # A wrapped MEDLINE abstract: the recorded evidence "34.2\n      months" (source offsets)
    # is "34.2 months" in the view the engines read.
    source = (
        "PMID- 1\nTI  - A title\nAB  - Median overall survival was 34.2\n"
        "      months in the resection group.\nFAU - X\n"
    )
    field = "Median overall survival was 34.2 months in the resection group."
    view = SourceView(source, 0, len(source), ["A title", field])
    start = source.index("34.2")
    end = source.index("months") + len("months")
    s, e = view.view_span(start, end)
    assert view.text[s:e] == "34.2 months"
    assert view.quote(s, e) == (start, end, source[start:end])
    # offsets of the header, which the view does not read, have no place in it
    assert view.view_span(0, 7) is None
