"""The ingest stage on awkward files: each ingests or stops with a message naming the file."""

import codecs

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


def test_gather_refuses_byte_identical_copies(tmp_path):
    first = (
        run_ingest(tmp_path / "a", "a.txt", ABSTRACT.encode())
        if (tmp_path / "a").mkdir() is None
        else None
    )
    assert first is not None
    paths = {k: [] for k in ("records", "rejected", "report")}
    for sub, name in (("a", "a.txt"), ("b", "copy of a.txt")):
        folder = tmp_path / sub
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(ABSTRACT)
        out = {k: str(folder / f"{k}.csv") for k in paths}
        ingest_file(str(folder / name), f"raw/{name}", sha256_bytes(ABSTRACT.encode()), out)
        for k in paths:
            paths[k].append(out[k])
    out = {k: str(tmp_path / f"all.{k}.csv") for k in ("records", "rejected", "files")}
    with pytest.raises(UserError, match="byte-identical copies"):
        gather(paths["records"], paths["rejected"], paths["report"], out)


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
