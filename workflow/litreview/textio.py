"""Decoding raw bytes to the text every offset in litreview points into.

One function decides the decoding so that ingest, extraction and ``litreview verify`` all index
the same string. Newlines are *not* translated (CRLF stays CRLF), so offsets count every
character of the file after its byte-order mark.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

PDF_TEXT = "pdf-text"  # the decoding label for the text layer of a PDF (see readers.pdf)


class DecodeError(ValueError):
    """The bytes are not text in any encoding litreview tries."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def stat_key(path: str | Path) -> list[int]:
    """What any change to a file changes, as git's index compares it: size, modification and
    status-change times (ns) and inode. Every write changes the ctime, and so does os.utime,
    which can set the mtime back; a file replaced by rename gets a new inode. The raw files'
    stat cache (litreview.manifest) and provenance's trust in a stage's prints compare this."""
    st = Path(path).stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16 file, or many control bytes, mean this is not a text export."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, decoding)``. Tries, in order: UTF-8 with BOM, UTF-16 with BOM, UTF-8,
    then Windows-1252 (a superset of Latin-1's printable range, what old exports use), then
    Latin-1, which decodes any byte string. The decoding label is recorded per file."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"starts with a UTF-16 byte-order mark but is not UTF-16: {exc}"
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decode_with(data: bytes, decoding: str) -> str:
    """Decode with a recorded label, reproducing exactly the text ingest indexed."""
    if decoding == "utf-8-sig":
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if decoding == PDF_TEXT:
        from litreview.readers.pdf import pdf_text

        return pdf_text(data)
    return data.decode(decoding)


def read_source_text(path: str | Path, decoding: str) -> str:
    return decode_with(Path(path).read_bytes(), decoding)
