"""PDF reader: a PDF with a text layer (made here with matplotlib) and one without."""

from __future__ import annotations

import io

import pytest

from litreview.readers import pdf, read_source
from litreview.readers.base import UnreadableSource
from litreview.textio import decode_with

LINES = [
    "Hepatic arterial embolisation for neuroendocrine liver metastases",
    "",
    "Abstract",
    "Background: We reviewed 42 patients treated with bland embolisation.",
    "Results: Median overall survival was 38 months.",
    "Keywords: neuroendocrine; embolisation",
    "doi: 10.1234/net.2020.001",
]


@pytest.fixture(scope="module")
def text_pdf() -> bytes:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    matplotlib.rcParams["pdf.fonttype"] = 42
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(8.27, 11.69))
    for i, line in enumerate(LINES):
        figure.text(0.1, 0.9 - i * 0.04, line, fontsize=10)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf", metadata={"CreationDate": None})
    plt.close(figure)
    return buffer.getvalue()


def test_text_layer_record(text_pdf):
    result = read_source("paper one.pdf", text_pdf, "paper one.pdf")
    assert (result.source_format, result.decoding) == ("pdf", "pdf-text")
    (record,) = result.records
    assert record["title"] == LINES[0]
    assert record["doi"] == "10.1234/net.2020.001"
    assert record["abstract"] == (
        "Background: We reviewed 42 patients treated with bland embolisation. "
        "Results: Median overall survival was 38 months."
    )
    text = decode_with(text_pdf, "pdf-text")  # the text every offset points into
    assert text[record["char_start"] : record["char_end"]] == text
    assert pdf.pdf_text(text_pdf) == text  # deterministic
    assert result.text == text  # what ingest writes regions from, without extracting again


def test_pdf_without_text_layer_is_reported():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableSource, match="no text layer.*OCR"):
        read_source("scan.pdf", buffer.getvalue(), "scan.pdf")


def test_corrupt_pdf_is_reported():
    with pytest.raises(UnreadableSource, match="PDF"):
        read_source("broken.pdf", b"%PDF-1.4\n%garbage without objects\n", "broken.pdf")
