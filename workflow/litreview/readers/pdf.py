"""Full-text PDFs: the text layer, extracted with pypdf. The whole document is one record;
offsets index the extracted text (decoding label ``pdf-text``), which ``pdf_text`` reproduces
exactly from the same bytes. A PDF without a text layer (a scan) is reported, not guessed: OCR
it first."""

from __future__ import annotations

import io
import re

from litreview.normalize import normalize_doi
from litreview.readers._tagged import blank_fields
from litreview.readers.base import LineIndex, Parsed, UnreadableSource
from litreview.textio import PDF_TEXT

FORMAT = "pdf"
PAGE_SEPARATOR = "\n\n"
# Fewer letters than this per page on average: no usable text layer (a scan with a stray page
# number or watermark is not an article).
MIN_LETTERS_PER_PAGE = 20

_ABSTRACT = re.compile(
    r"^\s*(?:abstract|summary)\s*[:.]?\s*$|^\s*(?:abstract|summary)\s*[:.]\s*", re.I | re.M
)
_AFTER_ABSTRACT = re.compile(
    r"^\s*(?:key\s*words?|introduction|1\.?\s+introduction|abbreviations)\b",
    re.I | re.M,
)


def sniff_bytes(data: bytes, name: str) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def sniff(text: str, name: str) -> bool:
    return False  # PDFs are recognised from their bytes (sniff_bytes), never as text


def parse(text: str):
    return iter(())


def pdf_text(data: bytes) -> str:
    """The text layer of every page, pages joined by a blank line. Deterministic: pypdf's
    extraction depends only on the bytes."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise UnreadableSource(
                    "the PDF is encrypted; save an unencrypted copy and add that"
                ) from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableSource:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableSource(f"the PDF cannot be read ({exc}); is it complete?") from exc
    return PAGE_SEPARATOR.join(p.replace("\r\n", "\n").strip("\n") for p in pages)


def decode(data: bytes) -> tuple[str, str]:
    text = pdf_text(data)
    pages = max(text.count(PAGE_SEPARATOR) + 1, 1)
    letters = sum(c.isalpha() for c in text)
    if letters < MIN_LETTERS_PER_PAGE * pages:
        raise UnreadableSource(
            "the PDF has no text layer (a scanned image?); litreview does not guess text. Run "
            "OCR on it (e.g. ocrmypdf) and add the OCRed PDF, or add the article's abstract page "
            "or a database export instead."
        )
    return text, PDF_TEXT


def parse_bytes(data: bytes):
    text, _ = decode(data)
    fields = blank_fields()
    fields["type"] = "full-text"
    fields["title"] = _title(data, text)
    fields["abstract"] = _abstract(text)
    first_page = text.split(PAGE_SEPARATOR, 1)[0]
    fields["doi"] = normalize_doi(_first_doi(first_page) or _first_doi(text))
    # No year: the metadata's CreationDate is when the file was made, not when the article
    # was published, and guessing from the text would be a guess.
    lines = LineIndex(text)
    yield Parsed(0, 1, lines.line(max(len(text) - 1, 0)), 0, len(text), fields)


def _first_doi(text: str) -> str:
    match = re.search(r"\b10\.\d{4,9}/[^\s\"<>]+", text)
    return match.group(0) if match else ""


def _metadata(data: bytes) -> dict:
    from pypdf import PdfReader

    try:
        info = PdfReader(io.BytesIO(data), strict=False).metadata or {}
    except Exception:  # metadata is optional; a broken info dict must not lose the text
        return {}
    return {"title": str(info.get("/Title", "") or "").strip()}


def _title(data: bytes, text: str) -> str:
    # Prefer the document's metadata title unless it is a file name or a placeholder.
    title = _metadata(data).get("title", "")
    if title and not re.search(r"\.(?:docx?|pdf|tex|indd)$|^untitled|^microsoft", title, re.I):
        return " ".join(title.split())
    for line in text.splitlines():
        if len(line.strip()) >= 10:
            return " ".join(line.split())
    return ""


def _abstract(text: str) -> str:
    start = _ABSTRACT.search(text)
    if not start:
        return ""
    end = _AFTER_ABSTRACT.search(text, start.end())
    stop = end.start() if end else min(len(text), start.end() + 3000)
    return " ".join(text[start.end() : stop].split())
