"""The provenance manifest: for every output its SHA-256, the rule that made it and its inputs'
SHA-256, and for the run the code version, the configuration hash and the software versions.

Three files under ``results/provenance/``:

- ``manifest.json``: the authority ``litreview verify`` checks against. The only place run-specific
  facts (time, host) are written; the tables stay byte-identical between runs.
- ``fingerprints.json``: per tracked file, a short hash per line (per row and per column for
  CSV/TSV). Not an authority, only a map: when a file's SHA-256 no longer matches, it lets
  ``verify`` name the line, row and column that changed instead of just the file.
- ``prov.json``: the same facts as W3C PROV-JSON (entities = files with their SHA-256, activities =
  rule runs, used / wasGeneratedBy), written with the ``prov`` package so other tools can read it.

Which rule made an output, and from what, comes from the ``jobs`` mapping the caller passes
(``{output: {"rule": name, "inputs": [paths]}}``) or, for outputs it does not cover, from the
per-file records Snakemake keeps in ``.snakemake/metadata/`` (see :func:`snakemake_jobs`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import platform
import socket
import subprocess
import sys
from base64 import urlsafe_b64encode
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path

from litreview.fingerprints import fingerprint_bytes, source_print
from litreview.textio import sha256_bytes, sha256_file, stat_key

MANIFEST_VERSION = 2  # 2: table fingerprints hash NUL-separated cells
PROVENANCE_DIR = "results/provenance"
MANIFEST_NAME = "manifest.json"
FINGERPRINTS_NAME = "fingerprints.json"
PROV_NAME = "prov.json"
# Folders whose every file is recorded whether or not a rule declares it as an input: the sources
# and the reviewer's decisions, so an entry edited after the run is caught even when the
# configuration reached the rules through params rather than input files.
TRACKED_DIRS = ("raw", "config")
PACKAGES_ALWAYS = ("litreview", "snakemake", "numpy", "prov")

PROV_NAMESPACE = "urn:litreview:"
PROV_FILE_NAMESPACE = "urn:litreview:file:"


class ProvenanceError(ValueError):
    """An output to record is missing or lies outside the project."""


# --- paths and hashing ---------------------------------------------------------------------------


def relative_path(project_root: Path, path: str | Path) -> str:
    """The project-relative POSIX path tables and manifests use (never an absolute path)."""
    return _relative_path(str(project_root), str(path))


# Every job that reads raw/ lists all of its files: at 10,000 sources the manifest resolves the
# same paths hundreds of thousands of times, and resolving touches the file system each time.
@functools.lru_cache(maxsize=1 << 18)
def _relative_path(project_root: str, path: str) -> str:
    project_root = Path(project_root).resolve()
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = project_root / candidate
    try:
        return candidate.resolve().relative_to(project_root).as_posix()
    except ValueError as exc:
        raise ProvenanceError(
            f"{path}: lies outside the project {project_root}; provenance records project-relative "
            "paths only. Keep inputs and outputs inside the project folder."
        ) from exc


class HashCache:
    """Hash each file once per build, however many jobs list it as an input. ``known``: hashes
    already taken of a file's bytes by the job that read them ({path: print}, see
    litreview.fingerprints.source_print)."""

    def __init__(self, project_root: Path, known: dict[str, dict] | None = None):
        self.project_root = Path(project_root)
        self._cache: dict[str, tuple[str, int] | None] = {
            rel: (entry["sha256"], entry["bytes"]) for rel, entry in (known or {}).items()
        }

    def get(self, rel: str) -> tuple[str, int] | None:
        if rel not in self._cache:
            self._cache[rel] = self._hash(rel)
        return self._cache[rel]

    def _hash(self, rel: str) -> tuple[str, int] | None:
        path = self.project_root / rel
        return (sha256_file(path), path.stat().st_size) if path.is_file() else None

    def prefetch(self, rels, workers: int = 1) -> None:
        """Hash these files now, in ``workers`` threads: hashlib releases the GIL while it
        hashes, so two threads hash a gigabyte of tables in about half the time."""
        todo = [rel for rel in dict.fromkeys(rels) if rel not in self._cache]
        if workers <= 1 or len(todo) <= 1:
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            self._cache.update(zip(todo, pool.map(self._hash, todo), strict=True))


def tracked_files(project_root: Path, dirs=TRACKED_DIRS) -> list[str]:
    """Every file under the tracked folders, sorted, skipping editor/OS litter and caches."""
    project_root = Path(project_root)
    found = []
    for name in dirs:
        base = project_root / name
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.is_file() and not _is_litter(path.relative_to(project_root)):
                found.append(path.relative_to(project_root).as_posix())
    return sorted(found)


def _is_litter(rel: Path) -> bool:
    return any(
        part.startswith(".") or part == "__pycache__" or part.endswith("~") for part in rel.parts
    )


def canonical_json(value) -> str:
    """One spelling per configuration, so its hash changes only when its meaning does."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def config_sha256(config: dict | None) -> str:
    return sha256_bytes(canonical_json(config or {}).encode("utf-8"))


# --- the run -------------------------------------------------------------------------------------


def git_state(project_root: Path) -> dict:
    """The commit the code ran from and whether the working tree differed from it."""

    def git(*args):
        return subprocess.run(
            ["git", "-C", str(project_root), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout

    try:
        commit = git("rev-parse", "HEAD").strip()
        changes = [line[3:] for line in git("status", "--porcelain").splitlines() if line]
    except (OSError, subprocess.SubprocessError) as exc:
        return {
            "commit": None,
            "dirty": None,
            "note": f"git unavailable or not a repository: {exc}",
        }
    return {"commit": commit, "dirty": bool(changes), "changed_paths": sorted(changes)}


def package_versions() -> dict[str, str | None]:
    """Versions of litreview's declared dependencies and of the packages every run relies on."""
    from packaging.requirements import Requirement

    names = set(PACKAGES_ALWAYS)
    with contextlib.suppress(importlib_metadata.PackageNotFoundError):
        declared = importlib_metadata.requires("litreview") or []
        names.update(Requirement(req).name for req in declared)
    versions = {}
    for name in sorted(names, key=str.lower):
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def run_facts(project_root: Path, config: dict | None) -> dict:
    versions = package_versions()
    return {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "snakemake": versions.get("snakemake"),
        "packages": versions,
        "git": git_state(project_root),
        "config_sha256": config_sha256(config),
    }


# --- which rule made what ------------------------------------------------------------------------


def snakemake_record_path(metadata_dir: Path, key: str) -> Path:
    """Where Snakemake's file persistence keeps the record of one output.

    Snakemake has no public API to read these outside a running workflow (its FilePersistence
    creates lock and cache folders when constructed), so this mirrors
    ``snakemake.persistence.file.FilePersistence._record_path``: the output path, URL-safe base64
    encoded, cut into name-length chunks of which all but the last are prefixed with "@"."""
    try:
        max_len = os.pathconf(metadata_dir, "PC_NAME_MAX") if os.name == "posix" else 255
    except (OSError, ValueError):
        max_len = 255
    max_len = max_len or 255
    encoded = urlsafe_b64encode(key.encode()).decode()
    parts = [encoded[i : i + max_len - 1] for i in range(0, len(encoded), max_len - 1)]
    parts = ["@" + part for part in parts[:-1]] + parts[-1:]
    return metadata_dir.joinpath(*parts)


def snakemake_jobs(project_root: Path, outputs: list[str]) -> dict[str, dict]:
    """``{output: {"rule", "inputs", "input_checksums"}}`` for outputs Snakemake has a record of.

    Records are written when a job finishes, so by the time the last rule runs every output it
    depends on has one. Outputs Snakemake has no record of (run with ``--drop-metadata``, or made
    outside Snakemake) are left out; the caller notes them."""
    project_root = Path(project_root)
    metadata_dir = project_root / ".snakemake" / "metadata"
    jobs = {}
    if not metadata_dir.is_dir():
        return jobs
    for output in outputs:
        for key in (output, str((project_root / output).resolve())):
            path = snakemake_record_path(metadata_dir, key)
            if not path.is_file():
                continue
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                continue  # Snakemake itself ignores half-written records
            jobs[output] = {
                "rule": record.get("rule"),
                "inputs": list(record.get("input") or []),
                # "sha256:<hex>" per input as the job saw it (files under Snakemake's size limit)
                "input_checksums": dict(record.get("input_checksums") or {}),
                "logs": list(record.get("log") or []),
            }
            break
    # Snakemake keeps no record for a log file, but the record of its job's outputs names it.
    for job in list(jobs.values()):
        for log in job["logs"]:
            if log in outputs and log not in jobs:
                jobs[log] = {**job, "log_of_rule": job["rule"]}
    return jobs


# --- the manifest --------------------------------------------------------------------------------


def build_manifest(
    project_root: str | Path,
    outputs: list[str],
    jobs: dict | None = None,
    config: dict | None = None,
    tracked_dirs=TRACKED_DIRS,
    results_dir: str | None = "results",
    exclude=(PROVENANCE_DIR,),
    source_prints: dict[str, dict] | None = None,
    workers: int = 1,
    output_prints: dict[str, dict] | None = None,
) -> dict:
    """The provenance manifest as a dict (see the module docstring).

    ``outputs``: the files to record, relative to the project (or absolute inside it). Every other
    file under ``results_dir`` is recorded too (except under ``exclude``, where the provenance
    files themselves go), so no table escapes ``verify``; paths under ``tracked_dirs`` (raw/,
    config/) are sources, recorded as such. ``jobs``: optional
    ``{output: {"rule": str, "inputs": [paths]}}``; outputs it does not cover are looked up in
    Snakemake's metadata. ``config``: the effective configuration dict, recorded in full and
    hashed as canonical JSON. ``source_prints``: {path: print} of sources whose bytes the ingest
    jobs hashed as they read them (the run stops before any job while a raw file differs from
    raw/MANIFEST.tsv, so they are the bytes there now). ``workers``: threads hashing files.
    ``output_prints``: {path: print} the prints jobs took of outputs; a print's hash stands
    while its file keeps the stat it had then (stable_prints), and every other file is hashed."""
    project_root = Path(project_root).resolve()
    known = {**stable_prints(project_root, output_prints or {}), **(source_prints or {})}
    hashes = HashCache(project_root, known)
    named = {relative_path(project_root, output) for output in outputs}
    if results_dir:
        named |= set(tracked_files(project_root, (results_dir,)))
    excluded = [relative_path(project_root, path).rstrip("/") for path in exclude]
    tracked = tuple(name.rstrip("/") + "/" for name in tracked_dirs)

    def is_excluded(path: str) -> bool:
        return any(path == item or path.startswith(item + "/") for item in excluded)

    rel_outputs = sorted(
        path for path in named if not is_excluded(path) and not path.startswith(tracked)
    )
    hashes.prefetch(rel_outputs, workers)
    given = {relative_path(project_root, key): value for key, value in (jobs or {}).items()}
    missing_jobs = [output for output in rel_outputs if output not in given]
    found = snakemake_jobs(project_root, missing_jobs)
    notes = []
    for path in sorted(named):
        if path.startswith(tracked) and hashes.get(path) is None:
            raise ProvenanceError(f"{path}: listed as an input to record but not found.")

    manifest_outputs = {}
    inputs_seen = set()
    for output in rel_outputs:
        digest = hashes.get(output)
        if digest is None:
            raise ProvenanceError(
                f"{output}: listed as an output to record but not found. The provenance rule must "
                "run after every rule whose output it records; check its input list."
            )
        job = given.get(output) or found.get(output)
        if job is None:
            notes.append(
                f"{output}: no record of the rule that made it (no jobs entry and no "
                "Snakemake metadata)"
            )
            job = {}
        inputs = {}
        for item in job.get("inputs") or []:
            if item.startswith("<"):  # Snakemake's placeholders for pipes and services
                continue
            rel = relative_path(project_root, item)
            inputs[rel] = (hashes.get(rel) or (None, None))[0]
            if inputs[rel] is None:
                notes.append(f"{output}: input {rel} no longer exists (a temporary file?)")
            seen = (job.get("input_checksums") or {}).get(item, "")
            if seen.startswith("sha256:") and inputs[rel] and seen[7:] != inputs[rel]:
                notes.append(
                    f"{output}: input {rel} changed after rule {job.get('rule')} read it "
                    f"(then {seen[7:]}, now {inputs[rel]}); re-run the workflow"
                )
            inputs_seen.add(rel)
        manifest_outputs[output] = {
            "sha256": digest[0],
            "bytes": digest[1],
            "rule": job.get("rule"),
            "inputs": dict(sorted(inputs.items())),
        }

    sources = {}
    for rel in sorted(
        (set(tracked_files(project_root, tracked_dirs)) | inputs_seen) - set(rel_outputs)
    ):
        digest = hashes.get(rel)
        if digest is not None:
            sources[rel] = {"sha256": digest[0], "bytes": digest[1]}

    return {
        "manifest_version": MANIFEST_VERSION,
        "run": run_facts(project_root, config),
        "config": json.loads(canonical_json(config or {})),
        "tracked_dirs": list(tracked_dirs),
        "outputs": manifest_outputs,
        "sources": sources,
        "notes": sorted(set(notes)),
    }


def build_fingerprints(
    project_root: str | Path,
    manifest: dict,
    source_prints: dict[str, dict] | None = None,
    workers: int = 1,
) -> dict:
    """Line, row and column fingerprints of every source and output an auditor reads. The
    per-batch intermediates (``*/batches/*``) are left to their SHA-256: they are re-made from
    the sources, and fingerprinting every row of them twice over costs a minute at 100,000
    records. Files are fingerprinted in ``workers`` processes (parsing CSV rows holds the GIL)."""
    project_root = Path(project_root)
    paths = sorted(set(manifest["outputs"]) | set(manifest["sources"]))
    prints = {}
    known = source_prints or {}
    todo = []
    for rel in paths:
        if "/batches/" in rel:
            continue
        entry = known.get(rel)
        recorded = manifest["sources"].get(rel) or manifest["outputs"].get(rel) or {}
        if entry is not None and entry["sha256"] == recorded.get("sha256"):
            if entry["fingerprint"] is not None:
                prints[rel] = entry["fingerprint"]
            continue
        if (project_root / rel).is_file():
            todo.append(rel)
    jobs = [(str(project_root / rel), rel) for rel in todo]
    if workers > 1 and len(jobs) > 1:
        from concurrent.futures import ProcessPoolExecutor

        # The largest first, so the last file to finish is a small one.
        jobs.sort(key=lambda job: -Path(job[0]).stat().st_size)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            found = list(pool.map(_fingerprint_file, jobs))
    else:
        found = [_fingerprint_file(job) for job in jobs]
    for (_, rel), fingerprint in zip(jobs, found, strict=True):
        if fingerprint is not None:
            prints[rel] = fingerprint
    return dict(sorted(prints.items()))


def files_of(paths) -> list[str]:
    """The files behind declared outputs, sorted: a directory output (forest plots, quality
    figures) file by file, without Snakemake's timestamp marker."""
    return sorted(
        str(f)
        for path in map(Path, paths)
        for f in (sorted(path.rglob("*")) if path.is_dir() else [path])
        if f.is_file() and f.name != ".snakemake_timestamp"
    )


def output_prints(project_root: str | Path, outputs: list[str]) -> dict[str, dict]:
    """Each output's print ({path: print}, what litreview.fingerprints.source_print gives a raw
    file), taken by a job that runs as soon as its stage has finished (rule ``prints``). The
    provenance rule takes these instead of fingerprinting a 100,000-record review's tables
    itself at the end of the run, when nothing else can run beside it; a print whose SHA-256 no
    longer matches the file is not used (the file is fingerprinted again)."""
    project_root = Path(project_root).resolve()
    prints = {}
    for output in outputs:
        rel = relative_path(project_root, output)
        path = project_root / rel
        before = stat_key(path)
        prints[rel] = source_print(path.read_bytes(), rel)
        # The file's stat as it was read (litreview.textio.stat_key): provenance takes the
        # print's hash without reading the file again while it is unchanged (stable_prints).
        if stat_key(path) == before:
            prints[rel]["stat"] = before
    return dict(sorted(prints.items()))


def stable_prints(project_root: Path, prints: dict[str, dict]) -> dict[str, dict]:
    """The outputs' prints whose files have the stat they had when the print was taken: their
    hashes stand without reading the files again (a second of hashing at the end of a 100,000
    record run, when nothing else can run beside it). A print without a stat, or whose file
    changed or went, is left out, and that file is hashed again."""
    stable = {}
    for rel, entry in prints.items():
        recorded = entry.get("stat")
        path = Path(project_root) / rel
        if recorded is not None and path.is_file() and stat_key(path) == list(recorded):
            stable[rel] = entry
    return stable


def _fingerprint_file(job: tuple[str, str]) -> dict | None:
    path, rel = job
    return fingerprint_bytes(Path(path).read_bytes(), rel)


def prov_document(manifest: dict):
    """The manifest's facts as a ``prov.model.ProvDocument``.

    One entity per file (attribute ``lr:sha256``), one activity per job (outputs sharing a rule and
    an input set), ``used`` and ``wasGeneratedBy`` between them (derivation follows from the two),
    and the run as an activity
    associated with the litreview software agent at its git commit."""
    from prov.model import ProvDocument

    doc = ProvDocument()
    doc.add_namespace("lr", PROV_NAMESPACE)
    doc.add_namespace("file", PROV_FILE_NAMESPACE)
    run = manifest["run"]
    git = run.get("git") or {}

    agent = doc.agent(
        "lr:software/litreview",
        {
            "prov:type": "prov:SoftwareAgent",
            "lr:version": (run.get("packages") or {}).get("litreview") or "unknown",
            "lr:git_commit": git.get("commit") or "unknown",
            "lr:git_dirty": str(git.get("dirty")).lower(),
        },
    )
    workflow = doc.activity(
        "lr:run",
        endTime=run.get("finished_at"),
        other_attributes={
            "lr:config_sha256": run.get("config_sha256", ""),
            "lr:python": run.get("python", ""),
            "lr:snakemake": run.get("snakemake") or "unknown",
        },
    )
    doc.wasAssociatedWith(workflow, agent)

    entities = {}

    def entity(path: str, sha256: str | None):
        if path not in entities:
            entities[path] = doc.entity(
                f"file:{path}",
                {"prov:label": path, "lr:sha256": sha256 or "missing"},
            )
        return entities[path]

    for path, record in manifest["sources"].items():
        entity(path, record["sha256"])
    for path, record in manifest["outputs"].items():
        entity(path, record["sha256"])

    jobs: dict[tuple, list[str]] = {}
    for path, record in manifest["outputs"].items():
        key = (record.get("rule") or "unknown", tuple(sorted(record["inputs"].items())))
        jobs.setdefault(key, []).append(path)
    counters: dict[str, int] = {}
    for (rule, inputs), outputs in sorted(jobs.items()):
        counters[rule] = counters.get(rule, 0) + 1
        activity = doc.activity(
            f"lr:job/{rule}/{counters[rule]}", other_attributes={"lr:rule": rule}
        )
        doc.wasInformedBy(activity, workflow)
        for path, sha256 in inputs:
            doc.used(activity, entity(path, sha256))
        # No wasDerivedFrom per (output, input) pair: PROV infers it from used + wasGeneratedBy,
        # and spelt out it grows with outputs x inputs (a million records at 10,000 sources).
        for path in outputs:
            doc.wasGeneratedBy(entities[path], activity)
    return doc


def write_json(path: Path, value, indent: int | None = 2) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(
        value, indent=indent, separators=separators, sort_keys=True, ensure_ascii=False
    )
    path.write_text(text + "\n", "utf-8")


def write_provenance(
    project_root: str | Path,
    outputs: list[str],
    jobs: dict | None = None,
    config: dict | None = None,
    out_dir: str | Path = PROVENANCE_DIR,
    exclude=(),
    source_prints: dict[str, dict] | None = None,
    workers: int = 1,
    output_prints: dict[str, dict] | None = None,
) -> dict:
    """Build the manifest and write manifest.json, fingerprints.json and prov.json into
    ``out_dir`` (relative to the project unless absolute). Returns the manifest.

    ``exclude``: more files or folders under results/ to leave out, above all the provenance
    rule's own log, which is still being written when the manifest is. ``source_prints``: see
    build_manifest. ``workers``: threads hashing and processes fingerprinting the files.
    ``output_prints``: outputs' prints taken earlier (see output_prints); an output whose size,
    modification time or inode changed since is hashed again (stable_prints), and a print's
    fingerprint is used only when the SHA-256 agrees."""
    project_root = Path(project_root)
    out_dir = Path(out_dir) if Path(out_dir).is_absolute() else project_root / out_dir
    manifest = build_manifest(
        project_root,
        outputs,
        jobs=jobs,
        config=config,
        exclude=(out_dir, *exclude),
        source_prints=source_prints,
        workers=workers,
        output_prints=output_prints,
    )
    # Machine-read (litreview verify), and the largest file of a big review: written compact,
    # which lets the json module use its C encoder (indenting takes the pure-Python one).
    write_json(
        out_dir / FINGERPRINTS_NAME,
        build_fingerprints(
            project_root, manifest, {**(output_prints or {}), **(source_prints or {})}, workers
        ),
        indent=None,
    )
    (out_dir / PROV_NAME).write_text(prov_document(manifest).serialize(indent=2) + "\n", "utf-8")
    write_json(out_dir / MANIFEST_NAME, manifest)
    return manifest


def load_manifest(project_root: str | Path, out_dir: str | Path = PROVENANCE_DIR) -> dict | None:
    path = Path(project_root) / out_dir / MANIFEST_NAME
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def load_fingerprints(project_root: str | Path, out_dir: str | Path = PROVENANCE_DIR) -> dict:
    path = Path(project_root) / out_dir / FINGERPRINTS_NAME
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}  # only a map for localising changes; the manifest is the authority
