"""raw/MANIFEST.tsv: registering, locking and the checks every run makes."""

import re

import pytest

from litreview import manifest
from litreview.cli import main


@pytest.fixture
def project(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.ris").write_bytes(b"TY  - JOUR\nTI  - A\nER  - \n")
    manifest.lock(raw)
    return tmp_path


def test_clean_tree_has_no_problems(project):
    assert manifest.check_raw(project / "raw") == []


def test_changed_byte_names_file_hashes_and_command(project):
    path = project / "raw" / "a.ris"
    recorded = manifest.read_manifest(manifest.manifest_path(project / "raw"))["a.ris"]["sha256"]
    path.write_bytes(path.read_bytes().replace(b"TI  - A", b"TI  - B"))
    (problem,) = manifest.check_raw(project / "raw")
    assert problem.kind == "changed"
    assert "raw/a.ris" in problem.message and recorded in problem.message
    assert "litreview lock raw/a.ris" in problem.message


def test_unregistered_and_missing_files(project):
    (project / "raw" / "new file é.txt").write_text("x")
    (project / "raw" / "a.ris").unlink()
    kinds = {(p.kind, p.file) for p in manifest.check_raw(project / "raw")}
    assert kinds == {("unregistered", "new file é.txt"), ("missing", "a.ris")}


def test_add_copies_and_registers(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("downloads") / "pubmed export.nbib"
    outside.write_text("PMID- 1\n")
    assert main(["--root", str(project), "add", str(outside)]) == 0
    assert (project / "raw" / "pubmed export.nbib").read_text() == "PMID- 1\n"
    assert manifest.check_raw(project / "raw") == []


def test_add_refuses_to_overwrite_different_bytes(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("x") / "a.ris"
    other.write_text("different")
    with pytest.raises(manifest.ManifestError, match="already exists"):
        manifest.add(project / "raw", [other])


def test_lock_after_deliberate_change(project, monkeypatch):
    (project / "raw" / "a.ris").write_text("TY  - JOUR\nER  - \n")
    monkeypatch.chdir(project)
    assert main(["lock", "raw/a.ris"]) == 0
    assert main(["check"]) == 0


def test_names_cannot_escape_raw():
    assert manifest.safe_name("../../etc/passwd") == "passwd"
    with pytest.raises(manifest.ManifestError):
        manifest.safe_name("..")


def test_batches_depend_only_on_the_name_and_size():
    names = [f"abstract {i}.txt" for i in range(2000)]
    keys = [manifest.batch_key(n, 3000) for n in names]
    assert keys == [manifest.batch_key(n, 3000) for n in names]
    assert all(re.fullmatch(manifest.BATCH_PATTERN, k) for k in keys)
    # 2,000 pages spread over the 64 buckets, none holding a large share (about 31 each).
    counts = {k: keys.count(k) for k in set(keys)}
    assert len(counts) == 64 and max(counts.values()) < 60


def test_an_export_is_a_batch_of_its_own():
    pages = {manifest.batch_key(f"page {i}.txt", 2_000) for i in range(500)}
    exports = [manifest.batch_key(f"pubmed_{i:02d}.nbib", 30_000_000) for i in range(20)]
    assert len(set(exports)) == 20 and not set(exports) & pages
    assert all(re.fullmatch(manifest.BATCH_PATTERN, k) for k in exports)
    # the same name below the threshold joins a bucket of small files
    assert manifest.batch_key("pubmed_00.nbib", 900_000) in {f"batch{i:03d}" for i in range(64)}


def test_names_snakemake_cannot_track_are_refused_and_renamed_by_add(project, tmp_path_factory):
    (project / "raw" / "<b>export {1}.ris").write_text("TY  - JOUR\nER  - \n")
    (problem,) = manifest.check_raw(project / "raw")
    assert problem.kind == "unusable_name"
    assert "raw/_b_export _1_.ris" in problem.message
    (project / "raw" / "<b>export {1}.ris").unlink()
    outside = tmp_path_factory.mktemp("dl") / "<b>export {1}.ris"
    outside.write_text("TY  - JOUR\nER  - \n")
    assert manifest.add(project / "raw", [outside]) == ["_b_export _1_.ris"]


def test_a_stat_cache_spares_reading_unchanged_files_and_never_hides_a_change(project, monkeypatch):
    import os

    raw = project / "raw"
    cache = project / ".snakemake" / "litreview" / "raw_sha256.json"
    path = raw / "a.ris"
    old = path.stat().st_mtime_ns - 10_000_000_000
    os.utime(path, ns=(old, old))
    # as if the file had been written long before the check (the racy window is tested below)
    monkeypatch.setattr(manifest.StatCache, "RACY_NS", 0)
    read = []
    real = manifest.sha256_file
    monkeypatch.setattr(manifest, "sha256_file", lambda p: read.append(p.name) or real(p))
    assert manifest.check_raw(raw, stat_cache=cache) == []
    assert read == ["a.ris"] and cache.is_file()
    assert manifest.check_raw(raw, stat_cache=cache) == []
    assert read == ["a.ris"]  # the second check took the hash from the cache
    # the same size and the old mtime put back: the write changed ctime, so it is read again
    path.write_bytes(path.read_bytes().replace(b"TI  - A", b"TI  - B"))
    os.utime(path, ns=(old, old))
    (problem,) = manifest.check_raw(raw, stat_cache=cache)
    assert problem.kind == "changed" and read == ["a.ris", "a.ris"]


def test_a_corrupt_stat_cache_is_rebuilt(project):
    cache = project / "cache.json"
    cache.write_text("{not json")
    assert manifest.check_raw(project / "raw", stat_cache=cache) == []
    (project / "raw" / "a.ris").write_bytes(b"changed")
    (problem,) = manifest.check_raw(project / "raw", stat_cache=cache)
    assert problem.kind == "changed"


def test_a_file_written_just_before_the_check_is_not_cached(project, monkeypatch):
    # within the racy window a later write could keep every stat field: hash it every time
    cache = project / "cache.json"
    read = []
    real = manifest.sha256_file
    monkeypatch.setattr(manifest, "sha256_file", lambda p: read.append(p.name) or real(p))
    (project / "raw" / "a.ris").write_bytes(b"TY  - JOUR\nTI  - A\nER  - \n")
    assert manifest.check_raw(project / "raw", stat_cache=cache) == []
    assert manifest.check_raw(project / "raw", stat_cache=cache) == []
    assert read == ["a.ris", "a.ris"]
