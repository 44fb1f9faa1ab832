"""The ingest stage on awkward files: each ingests or stops with a message naming the file."""

import codecs
from pathlib import Path

import pandas as pd
import pytest

from litreview.logs import UserError
from litreview.stages.ingest import gather, ingest_file
from litreview.tables import read_table
from litreview.textio import sha256_bytes

ABSTRACT = (
    "Background: We reviewed patients with neuroendocrine liver metastases treated by "
    "chemoembolization at one centre. Methods: Retrospective cohort. Results: Forty patients "
    "were treated; the median overall survival was 41 months. Conclusion: TACE is safe and "
    "effective in this setting, with durable control of hepatic disease in most patients."
)


def run_ingest(tmp_path, name: str, data: bytes) -> dict:
    raw = tmp_path / name
    raw.write_bytes(data)
    out = {k: str(tmp_path / f"out.{k}.csv") for k in ("records", "rejected", "report")}
    ingest_file(str(raw), f"raw/{name}", sha256_bytes(data), out)
    return {k: read_table(v) for k, v in out.items()}


def test_empty_file_stops_with_its_name(tmp_path):
    with pytest.raises(UserError, match=r"raw/empty export\.ris: the file is empty"):
        run_ingest(tmp_path, "empty export.ris", b"  \n")


def test_binary_file_stops_with_its_name_and_formats_tried(tmp_path):
    with pytest.raises(UserError, match=r"raw/scan\.bin: this is a binary file.*tried: "):
        run_ingest(tmp_path, "scan.bin", bytes(range(256)) * 4)


@pytest.mark.parametrize(
    ("encoding", "prefix", "label"),
    [
        ("latin-1", b"", "cp1252"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-8", b"", "utf-8"),
    ],
)
def test_encodings_ingest_and_are_recorded(tmp_path, encoding, prefix, label):
    text = "Résection hépatique pour métastases\n\n" + ABSTRACT + "\n"
    tables = run_ingest(tmp_path, "résumé page.txt", prefix + text.encode(encoding))
    assert tables["report"].loc[0, "decoding"] == label
    record = tables["records"].iloc[0]
    assert record["title"] == "Résection hépatique pour métastases"
    assert record["source_file"] == "raw/résumé page.txt"


def test_bytes_changed_during_run_are_caught(tmp_path):
    raw = tmp_path / "a.txt"
    raw.write_text(ABSTRACT)
    out = {k: str(tmp_path / f"{k}.csv") for k in ("records", "rejected", "report")}
    with pytest.raises(UserError, match="changed during the run"):
        ingest_file(str(raw), "raw/a.txt", "0" * 64, out)


def _batch(folder, files: dict[str, bytes]) -> dict:
    """Ingest ``files`` ({name: bytes}) as one batch in ``folder``; the batch's output paths."""
    from litreview.stages.ingest import ingest_batch

    folder.mkdir(parents=True, exist_ok=True)
    raw = folder.parent / "raw"  # every batch's files in one raw folder, as in a run
    raw.mkdir(exist_ok=True)
    sources = {}
    for name, data in files.items():
        (raw / name).write_bytes(data)
        sources[str(raw / name)] = sha256_bytes(data)
    out = {k: str(folder / f"batch.{k}.csv") for k in ("records", "rejected", "report")}
    out.update(
        records_index=str(folder / "batch.records.json"),
        fingerprints=str(folder / "batch.fingerprints.json"),
        regions=str(folder / "batch.regions.jsonl"),
    )
    ingest_batch(sources, out)
    return out


def _gather(tmp_path, batches: list[dict]) -> dict:
    out = {k: str(tmp_path / f"all.{k}.csv") for k in ("records", "rejected", "files")}
    gather(
        [b["records"] for b in batches],
        [b["records_index"] for b in batches],
        [b["rejected"] for b in batches],
        [b["report"] for b in batches],
        out,
    )
    return out


def test_gather_refuses_byte_identical_copies(tmp_path):
    batches = [
        _batch(tmp_path / "a", {"a.txt": ABSTRACT.encode()}),
        _batch(tmp_path / "b", {"copy of a.txt": ABSTRACT.encode()}),
    ]
    with pytest.raises(UserError, match=r"byte-identical copies.*a\.txt.*copy of a\.txt"):
        _gather(tmp_path, batches)


def _ris(n: int, tag: str) -> bytes:
    # Twelve records, so positions 10 and 11 must follow 9 as numbers, not as text; titles with
    # the characters CSV must quote.
    entries = [
        f'TY  - JOUR\nTI  - {tag} study {k}, "TACE", and more\nAB  - Line one of {k}.\n'
        f"PY  - 2019\nER  - \n"
        for k in range(n)
    ]
    return "\n".join(entries).encode()


def test_gathered_records_are_every_batch_sorted_by_file_and_position(tmp_path):
    from litreview.schema import RECORD_COLUMNS
    from litreview.tables import write_table

    # file names interleave across the batches, as the hash buckets of a real run do
    batches = [
        _batch(tmp_path / "b1", {"c.ris": _ris(12, "C"), "a page.txt": ABSTRACT.encode()}),
        _batch(tmp_path / "b2", {"b.ris": _ris(3, "B"), "d.txt": b"Title\n\n" + ABSTRACT.encode()}),
        _batch(tmp_path / "b3", {}),
    ]
    out = _gather(tmp_path, batches)
    joined = read_table(out["records"])
    names = [name.rsplit("/", 1)[-1] for name in joined["source_file"]]
    assert names == ["a page.txt"] + ["b.ris"] * 3 + ["c.ris"] * 12 + ["d.txt"]
    assert list(joined.loc[joined["source_file"].str.endswith("c.ris"), "record_index"]) == [
        str(k) for k in range(12)
    ]
    assert joined.loc[4, "title"] == 'C study 0, "TACE", and more'
    # the bytes write_table gives the concatenated batches, sorted
    every = pd.concat([read_table(b["records"]) for b in batches], ignore_index=True)
    write_table(every, tmp_path / "reference.csv", RECORD_COLUMNS, ["source_file", "record_index"])
    assert (tmp_path / "reference.csv").read_bytes() == Path(out["records"]).read_bytes()


def test_gather_refuses_a_batch_table_shorter_than_its_index(tmp_path):
    batch = _batch(tmp_path / "b1", {"c.ris": _ris(3, "C")})
    data = Path(batch["records"]).read_bytes()
    Path(batch["records"]).write_bytes(data[:-40])
    with pytest.raises(UserError, match=r"batch\.records\.csv is shorter than its block index"):
        _gather(tmp_path, [batch])


def test_a_batch_records_each_file_hash_and_line_fingerprints_for_provenance(tmp_path, monkeypatch):
    import json

    from litreview.stages.ingest import ingest_batch

    monkeypatch.chdir(tmp_path)
    (tmp_path / "raw").mkdir()
    page = ("Hepatic resection\n\n" + ABSTRACT + "\n").encode()
    other = ("Radioembolization\n\n" + ABSTRACT.replace("Forty", "Sixty") + "\n").encode()
    (tmp_path / "raw/a.txt").write_bytes(page)
    (tmp_path / "raw/b.txt").write_bytes(other)
    out = {k: f"out.{k}.csv" for k in ("records", "rejected", "report")}
    out["records_index"] = "out.records.json"
    out["fingerprints"] = "out.fingerprints.json"
    out["regions"] = "out.regions.jsonl"
    ingest_batch({"raw/a.txt": sha256_bytes(page), "raw/b.txt": sha256_bytes(other)}, out)
    prints = json.loads((tmp_path / "out.fingerprints.json").read_text(encoding="utf-8"))
    assert sorted(prints) == ["raw/a.txt", "raw/b.txt"]
    assert prints["raw/a.txt"]["sha256"] == sha256_bytes(page)
    assert prints["raw/b.txt"]["bytes"] == len(other)
    # three lines each: title, blank line, abstract; the titles differ, the blank lines do not
    a_lines, b_lines = (prints[f]["fingerprint"]["lines"] for f in ("raw/a.txt", "raw/b.txt"))
    assert len(a_lines) == len(b_lines) == 3
    assert a_lines[0] != b_lines[0] and a_lines[1] == b_lines[1]
    records = read_table(out["records"])
    assert len(records) == 2
    # each record's region of its source, for the stages after ingest
    regions = [json.loads(line) for line in (tmp_path / out["regions"]).read_text().splitlines()]
    assert [r["record_id"] for r in regions] == list(records["record_id"])
    # a page's one record runs from its first to its last character
    assert [r["region"] for r in regions] == [page.decode().strip(), other.decode().strip()]
    assert [r["char_start"] for r in regions] == [0, 0]


def test_the_reader_returns_the_text_its_offsets_index_for_every_seed():
    from pathlib import Path

    from litreview.readers import read_source
    from litreview.textio import decode_with

    raw = sorted((Path(__file__).resolve().parents[1] / "raw").glob("*.txt"))
    assert len(raw) == 5
    for path in raw:
        data = path.read_bytes()
        result = read_source(str(path), data, path.name)
        assert result.text == decode_with(data, result.decoding)
