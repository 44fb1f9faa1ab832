"""The source manifest: every file in raw/ with its SHA-256, checked before each run.

raw/MANIFEST.tsv is the reviewer's statement of which bytes the review is built from. A raw file
whose bytes differ from the recorded hash, a file nobody registered, or a registered file that is
gone stops the run with a message saying which file and which command settles it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from litreview.textio import sha256_file, stat_key

MANIFEST_NAME = "MANIFEST.tsv"
COLUMNS = ["file", "sha256", "bytes"]
HEADER = "\t".join(COLUMNS)
# Files in raw/ that are not sources.
IGNORED = {MANIFEST_NAME, ".gitkeep", "README.md", ".DS_Store"}


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class Problem:
    kind: str  # changed | unregistered | missing
    file: str
    message: str


def manifest_path(raw_dir: str | Path) -> Path:
    return Path(raw_dir) / MANIFEST_NAME


def read_manifest(path: str | Path) -> dict[str, dict]:
    """{file (relative to raw/): {"sha256": ..., "bytes": int}}."""
    path = Path(path)
    if not path.exists():
        return {}
    entries: dict[str, dict] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if reader.fieldnames != COLUMNS:
            raise ManifestError(
                f"{path}: expected a tab-separated header {HEADER!r}, found "
                f"{reader.fieldnames!r}. Rebuild it with `litreview lock`."
            )
        for line, row in enumerate(reader, start=2):
            if not re.fullmatch(r"[0-9a-f]{64}", row["sha256"] or ""):
                raise ManifestError(
                    f"{path}, line {line}: {row['sha256']!r} is not a SHA-256 hex digest. "
                    "Rebuild the manifest with `litreview lock`."
                )
            entries[row["file"]] = {"sha256": row["sha256"], "bytes": int(row["bytes"] or 0)}
    return entries


def write_manifest(path: str | Path, entries: dict[str, dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for name in sorted(entries):
            writer.writerow([name, entries[name]["sha256"], entries[name]["bytes"]])


def raw_files(raw_dir: str | Path) -> list[str]:
    """Source files under raw/ (recursively), relative to raw/, sorted, as POSIX paths."""
    raw_dir = Path(raw_dir)
    found = []
    for path in raw_dir.rglob("*"):
        if path.is_file() and path.name not in IGNORED and not path.name.startswith("."):
            found.append(path.relative_to(raw_dir).as_posix())
    return sorted(found)


# Snakemake reads {...} in a path as a wildcard and <...> as a path variable, so a raw file whose
# name holds these cannot be an input of a rule. `litreview add` replaces them.
UNUSABLE_IN_NAMES = re.compile(r"[{}<>]")


class StatCache:
    """SHA-256 of files by their stat, as git's index keeps them: a file whose size, mtime,
    ctime and inode are those it had when it was hashed is not read again. Every write to a file
    changes its ctime (and os.utime, which can set mtime back, sets ctime to now), so a changed
    file is always hashed again. A file modified within two seconds of being hashed is not
    cached (the "racily clean" case). The cache only saves reading: a missing, unreadable or
    corrupt cache file is rebuilt."""

    RACY_NS = 2_000_000_000

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.changed = False
        try:
            self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self.entries, dict):
                raise ValueError("not a mapping")
        except (OSError, ValueError):
            self.entries = {}

    def sha256(self, file: Path) -> str:
        key = stat_key(file)
        cached = self.entries.get(str(file))
        if isinstance(cached, list) and len(cached) == 5 and cached[:4] == key:
            return cached[4]
        digest = sha256_file(file)
        if time.time_ns() - max(key[1], key[2]) > self.RACY_NS:
            self.entries[str(file)] = [*key, digest]
            self.changed = True
        return digest

    def save(self) -> None:
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            part = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
            part.write_text(json.dumps(self.entries, sort_keys=True), encoding="utf-8")
            part.replace(self.path)  # two runs writing at once leave one whole file
        except OSError:
            pass  # a read-only or full disk costs the next run its reading, nothing else


def check_raw(raw_dir: str | Path, stat_cache: str | Path | None = None) -> list[Problem]:
    """Compare raw/ with its manifest. An empty list means the run may go ahead.

    ``stat_cache``: a file where the hashes are kept by the files' stat (StatCache), for the
    check at the start of every run; ``litreview verify`` and ``check`` hash every file."""
    raw_dir = Path(raw_dir)
    cache = StatCache(stat_cache) if stat_cache else None
    manifest = read_manifest(manifest_path(raw_dir))
    problems = []
    present = raw_files(raw_dir)
    for name in present:
        if UNUSABLE_IN_NAMES.search(name):
            problems.append(
                Problem(
                    "unusable_name",
                    name,
                    f"raw/{name}: the characters {{ }} < > cannot be used in raw file names "
                    "(Snakemake reads them as wildcards). Move it out of raw/ and bring it back "
                    f"with `litreview add PATH`, which names it "
                    f"raw/{UNUSABLE_IN_NAMES.sub('_', name)}.",
                )
            )
            continue
        if name not in manifest:
            problems.append(
                Problem(
                    "unregistered",
                    name,
                    f"raw/{name} is not in raw/{MANIFEST_NAME}. If it belongs to the review, "
                    f"register it with `litreview lock raw/{name}` (or add new files with "
                    "`litreview add PATH`); otherwise move it out of raw/.",
                )
            )
            continue
        actual = cache.sha256(raw_dir / name) if cache else sha256_file(raw_dir / name)
        recorded = manifest[name]["sha256"]
        if actual != recorded:
            problems.append(
                Problem(
                    "changed",
                    name,
                    f"raw/{name} has changed since it was recorded: recorded SHA-256 {recorded}, "
                    f"actual {actual}. Restore the original file, or, if the change is deliberate, "
                    f"re-record it with `litreview lock raw/{name}`.",
                )
            )
    for name in sorted(set(manifest) - set(present)):
        problems.append(
            Problem(
                "missing",
                name,
                f"raw/{name} is recorded in raw/{MANIFEST_NAME} but is missing. Restore it, or "
                "drop it from the review with `litreview lock` (which re-records raw/ as it is).",
            )
        )
    if cache:
        cache.save()
    return problems


def lock(raw_dir: str | Path, files: list[str] | None = None) -> dict[str, dict]:
    """Re-record hashes: of the given files (relative to raw/), or of all of raw/ as it is now
    (which also drops entries for files that are gone)."""
    raw_dir = Path(raw_dir)
    manifest = read_manifest(manifest_path(raw_dir))
    names = files or raw_files(raw_dir)
    if not files:
        manifest = {}
    for name in names:
        path = raw_dir / name
        if not path.is_file():
            raise ManifestError(f"raw/{name}: no such file; nothing was recorded.")
        manifest[name] = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
    write_manifest(manifest_path(raw_dir), manifest)
    return manifest


def safe_name(name: str) -> str:
    """A file name that stays inside raw/: no directories, no leading dots, NFC-normalised."""
    base = unicodedata.normalize("NFC", Path(name).name).strip()
    base = UNUSABLE_IN_NAMES.sub("_", base).lstrip(".")
    if not base or base in IGNORED:
        raise ManifestError(f"{name!r} cannot be used as a raw file name.")
    return base


def add(raw_dir: str | Path, paths: list[str | Path]) -> list[str]:
    """Copy files into raw/ and register them. Refuses to overwrite a different file of the same
    name (the old bytes may be what the review was built from)."""
    raw_dir = Path(raw_dir)
    raw_dir.mkdir(parents=True, exist_ok=True)
    added = []
    for source in map(Path, paths):
        if not source.is_file():
            raise ManifestError(f"{source}: no such file.")
        target = raw_dir / safe_name(source.name)
        if target.exists() and sha256_file(target) != sha256_file(source):
            raise ManifestError(
                f"raw/{target.name} already exists with different content. Rename the new file, "
                "or replace the old one by hand and run `litreview lock`."
            )
        if source.resolve() != target.resolve():
            shutil.copyfile(source, target)
        added.append(target.relative_to(raw_dir).as_posix())
    lock(raw_dir, added)
    return added


# A file this large (a database export, not an abstract page) is a batch of its own: a new page
# must not re-screen and re-extract the thousands of records of an export that shares its bucket.
OWN_BATCH_BYTES = 1_000_000
BATCH_BUCKETS = 64
# The batch names batch_key makes, for Snakemake's wildcard constraint.
BATCH_PATTERN = r"batch(?:\d{3}|_[0-9a-f]{10})"


def batch_key(name: str, size: int = 0, buckets: int = BATCH_BUCKETS) -> str:
    """The batch a raw file is ingested and extracted in. Per-file jobs cost a Python start-up
    each and make the DAG grow with the file count (10,000 abstract pages: 20,000 jobs), so small
    files are grouped into ``buckets`` by a hash of the name; a file of OWN_BATCH_BYTES or more is
    its own batch. The batch depends only on the file's name and size, so a new or changed file
    re-runs only its own batch (and a file that grows past the threshold moves to its own)."""
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()
    if size >= OWN_BATCH_BYTES:
        return f"batch_{digest[:10]}"
    return f"batch{int(digest, 16) % buckets:03d}"
