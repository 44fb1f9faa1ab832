"""``litreview verify`` and ``litreview trace``: what an auditor runs.

``verify`` answers "has anything changed since the run?": it re-hashes raw/ against
raw/MANIFEST.tsv, checks that every ``source_sha256`` in every results table is the hash of a file
in raw/, re-reads every quote at its character offsets in the decoded source, and checks every
output, source and reviewer file against results/provenance/manifest.json. Each problem names the
file and, where the fingerprints allow, the line, row and column that changed.

``trace`` answers "where does this number come from?": from one row of one table back to the
source file and its bytes, the evidence span with its context, the rule or reviewer that produced
it, the dedup cluster and the screening decision the study went through.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from litreview import manifest as raw_manifest
from litreview.fingerprints import fingerprint_bytes
from litreview.provenance import (
    MANIFEST_NAME,
    PROVENANCE_DIR,
    TRACKED_DIRS,
    load_fingerprints,
    load_manifest,
    tracked_files,
)
from litreview.schema import split_list
from litreview.textio import DecodeError, decode_bytes, decode_with, sha256_bytes, sha256_file

RAW_DIR = "raw"
RAW_MANIFEST = "raw/MANIFEST.tsv"
RESULTS_DIR = "results"
FILES_TABLE = "results/ingest/files.csv"
RECORDS_TABLE = "results/ingest/records.csv"
CLUSTERS_TABLE = "results/dedup/clusters.csv"
MERGE_LOG_TABLE = "results/dedup/merge_log.csv"
SCREEN_TABLE = "results/screen/decisions.csv"
ID_COLUMNS = ("value_id", "record_id", "study_id")
CONTEXT_CHARS = 120
MAX_CHANGES_SHOWN = 5
SHOW_CHARS = 100


@dataclass(frozen=True, order=True)
class Problem:
    """One thing that does not hold. ``kind`` is a stable slug tests and scripts can match on;
    ``where`` names the file (and row or line); ``detail`` says what was expected and found."""

    kind: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


@dataclass
class VerifyReport:
    problems: list[Problem] = field(default_factory=list)
    raw_files: int = 0
    tables: int = 0
    rows: int = 0
    quotes: int = 0
    recorded_files: int = 0
    manifest_sha256: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


class TraceError(ValueError):
    """The table or row asked for does not exist; the message says what does."""


# --- reading tables ------------------------------------------------------------------------------


@dataclass
class Table:
    path: str
    header: list[str]
    rows: list[dict]
    lines: list[int]  # the file line each row starts on (1-based; the header is line 1)


def read_table(project_root: Path, rel: str) -> Table:
    """A CSV as strings, exactly as written: no type guessing, so "007" stays "007"."""
    text = (Path(project_root) / rel).read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows, lines = [], []
    start = reader.line_num + 1
    for cells in reader:
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False)))
        lines.append(start)
        start = reader.line_num + 1
    return Table(rel, header, rows, lines)


def results_tables(project_root: Path) -> list[str]:
    base = Path(project_root) / RESULTS_DIR
    if not base.is_dir():
        return []
    return sorted(
        path.relative_to(project_root).as_posix()
        for path in base.rglob("*.csv")
        if not path.relative_to(base).as_posix().startswith("provenance/")
    )


class Sources:
    """Raw files on disk by hash, with each decoded text read once however many rows cite it."""

    def __init__(self, project_root: Path):
        self.project_root = Path(project_root)
        self.disk: dict[str, str] = {}  # project-relative path -> sha256 of the bytes now
        raw = self.project_root / RAW_DIR
        if raw.is_dir():
            for name in raw_manifest.raw_files(raw):
                self.disk[f"{RAW_DIR}/{name}"] = sha256_file(raw / name)
        self.by_sha = {sha: rel for rel, sha in self.disk.items()}
        self.ingested: dict[str, dict] = {}  # recorded sha256 -> files.csv row
        if (self.project_root / FILES_TABLE).is_file():
            for row in read_table(self.project_root, FILES_TABLE).rows:
                self.ingested.setdefault(row.get("source_sha256", ""), row)
        self._texts: dict[str, tuple[str | None, str]] = {}

    def locate(self, sha256: str) -> str | None:
        """The file a recorded hash points to: files.csv's name for it, else a raw file that has
        that hash now."""
        row = self.ingested.get(sha256)
        if row and row.get("source_file"):
            return row["source_file"]
        return self.by_sha.get(sha256)

    def text(self, sha256: str) -> tuple[str | None, str]:
        """``(decoded text or None, how it was found)`` for the source a row cites."""
        if sha256 not in self._texts:
            self._texts[sha256] = self._read(sha256)
        return self._texts[sha256]

    def _read(self, sha256: str) -> tuple[str | None, str]:
        rel = self.locate(sha256)
        if rel is None:
            return None, f"no file in {FILES_TABLE} or raw/ has SHA-256 {sha256}"
        path = self.project_root / rel
        if not path.is_file():
            return None, f"{rel} is missing"
        data = path.read_bytes()
        decoding = (self.ingested.get(sha256) or {}).get("decoding")
        try:
            if decoding:
                return decode_with(data, decoding), f"{rel} decoded as {decoding}"
            text, decoding = decode_bytes(data)
            return text, f"{rel} decoded as {decoding} (not in {FILES_TABLE})"
        except (DecodeError, UnicodeDecodeError, LookupError) as exc:
            return None, f"{rel} cannot be decoded as {decoding}: {exc}"


# --- describing a change -------------------------------------------------------------------------


def _shorten(text: str, limit: int = SHOW_CHARS) -> str:
    text = text.replace("\r", "").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _span(start: int, end: int, noun: str) -> str:
    return f"{noun} {start + 1}" if end - start == 1 else f"{noun}s {start + 1}-{end}"


def describe_change(rel: str, recorded: dict | None, data: bytes) -> str:
    """Where a file differs from its fingerprint at the run: lines, or rows and columns."""
    if not recorded:
        return "no fingerprint was recorded for it, so the changed part cannot be named"
    current = fingerprint_bytes(data, rel)
    if current is None or current.get("kind") != recorded.get("kind"):
        return "its content no longer has the shape recorded at the run"
    if recorded["kind"] == "table":
        return _describe_table_change(rel, recorded, current, data)
    return _describe_line_change(recorded["lines"], current["lines"], data)


def _blocks(old: list[str], new: list[str]):
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [op for op in matcher.get_opcodes() if op[0] != "equal"]


def _limit(parts: list[str]) -> str:
    shown = parts[:MAX_CHANGES_SHOWN]
    if len(parts) > MAX_CHANGES_SHOWN:
        shown.append(f"and {len(parts) - MAX_CHANGES_SHOWN} more changes")
    return "; ".join(shown)


def _describe_line_change(old: list[str], new: list[str], data: bytes) -> str:
    lines = data.splitlines()
    parts = []
    for tag, i1, i2, j1, j2 in _blocks(old, new):
        if tag == "delete":
            parts.append(f"recorded {_span(i1, i2, 'line')} removed")
            continue
        now = " | ".join(_shorten(line.decode("utf-8", "replace")) for line in lines[j1:j2][:2])
        verb = "changed" if tag == "replace" else "added"
        parts.append(f"{_span(j1, j2, 'line')} {verb}, now: {now!r}")
    return _limit(parts) or "only line endings or the final newline changed"


def _describe_table_change(rel: str, old: dict, new: dict, data: bytes) -> str:
    parts = []
    if old["header"] != new["header"]:
        added = [c for c in new["header"] if c not in old["header"]]
        removed = [c for c in old["header"] if c not in new["header"]]
        parts.append(
            f"header changed (added {added or 'none'}, removed {removed or 'none'})"
            if added or removed
            else "columns reordered"
        )
    columns = [c for c in new["header"] if old["columns"].get(c, c) != new["columns"].get(c, c)]
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    header = new["header"]
    for tag, i1, i2, j1, j2 in _blocks(old["rows"], new["rows"]):
        if tag == "delete":
            parts.append(f"recorded {_span(i1, i2, 'row')} removed")
        elif tag == "insert":
            parts.append(f"{_span(j1, j2, 'row')} added{_row_ids(header, rows[j1])}")
        elif i2 - i1 == j2 - j1 and len(columns) == 1:
            column = columns[0]
            index = header.index(column)
            for j in range(j1, j2):
                value = rows[j][index] if index < len(rows[j]) else ""
                parts.append(
                    f"row {j + 1}{_row_ids(header, rows[j])}, column {column!r} changed, "
                    f"now {_shorten(value)!r}"
                )
        else:
            where = f"columns {', '.join(map(repr, columns))}" if columns else "cells"
            parts.append(f"{_span(j1, j2, 'row')}{_row_ids(header, rows[j1])} changed in {where}")
    return _limit(parts) or "only quoting or line endings changed"


def _row_ids(header: list[str], cells: list[str]) -> str:
    for column in ID_COLUMNS:
        if column in header:
            index = header.index(column)
            if index < len(cells) and cells[index]:
                return f" ({column} {cells[index]})"
    return ""


# --- verify --------------------------------------------------------------------------------------


def verify_report(project_root: str | Path) -> VerifyReport:
    project_root = Path(project_root).resolve()
    report = VerifyReport()
    problems = report.problems
    sources = Sources(project_root)
    report.raw_files = len(sources.disk)
    fingerprints = load_fingerprints(project_root)

    reported: set[str] = set()
    _check_raw(project_root, sources, fingerprints, problems, reported)

    manifest_path = project_root / PROVENANCE_DIR / MANIFEST_NAME
    manifest = load_manifest(project_root)
    tables = results_tables(project_root)
    if manifest is None:
        problems.append(
            Problem(
                "manifest-missing",
                f"{PROVENANCE_DIR}/{MANIFEST_NAME}",
                "there is no provenance manifest, so outputs and reviewer files cannot be checked "
                "against the run. Run the workflow to its end (snakemake --cores 2) to write it.",
            )
        )
    else:
        report.manifest_sha256 = sha256_file(manifest_path)
        _check_manifest(project_root, manifest, fingerprints, tables, problems, reported, report)

    for rel in tables:
        _check_table(project_root, rel, sources, problems, report)
    report.problems = sorted(set(problems))
    return report


def verify(project_root: str | Path) -> list[Problem]:
    """Everything that does not hold, sorted; an empty list means the tree verifies clean."""
    return verify_report(project_root).problems


RAW_KINDS = {"changed": "raw-changed", "unregistered": "raw-unlisted", "missing": "raw-missing"}


def _check_raw(project_root, sources: Sources, fingerprints, problems, reported) -> None:
    """raw/ against raw/MANIFEST.tsv, with the run's own check (litreview.manifest); a changed
    file also gets the line that changed, from the fingerprints."""
    if not (project_root / RAW_MANIFEST).is_file():
        problems.append(
            Problem(
                "raw-manifest-missing",
                RAW_MANIFEST,
                "raw/ has no MANIFEST.tsv recording the SHA-256 of each source, so a changed "
                "source cannot be detected. Record it with `litreview lock`.",
            )
        )
        return
    try:
        found = raw_manifest.check_raw(project_root / RAW_DIR)
    except raw_manifest.ManifestError as exc:
        problems.append(Problem("raw-manifest-invalid", RAW_MANIFEST, str(exc)))
        return
    for problem in found:
        rel = f"{RAW_DIR}/{problem.file}"
        detail = problem.message
        if problem.kind == "changed":
            data = (project_root / rel).read_bytes()
            detail += " Changed: " + describe_change(rel, fingerprints.get(rel), data)
        problems.append(Problem(RAW_KINDS.get(problem.kind, f"raw-{problem.kind}"), rel, detail))
        reported.add(rel)


def _check_manifest(project_root, manifest, fingerprints, tables, problems, reported, report):
    outputs = manifest.get("outputs", {})
    recorded_sources = manifest.get("sources", {})
    report.recorded_files = len(outputs) + len(recorded_sources)
    for kind_prefix, recorded in (("output", outputs), ("input", recorded_sources)):
        for rel, entry in sorted(recorded.items()):
            if rel in reported:
                continue  # a raw file already reported against raw/MANIFEST.tsv
            path = project_root / rel
            if not path.is_file():
                problems.append(
                    Problem(f"{kind_prefix}-missing", rel, "recorded in the manifest but absent")
                )
                continue
            data = path.read_bytes()
            digest = sha256_bytes(data)
            if digest != entry["sha256"]:
                made_by = f" (made by rule {entry['rule']})" if entry.get("rule") else ""
                problems.append(
                    Problem(
                        f"{kind_prefix}-changed",
                        rel,
                        f"SHA-256 is {digest}, the manifest records {entry['sha256']}{made_by}: "
                        + describe_change(rel, fingerprints.get(rel), data),
                    )
                )
    for rel in tables:
        if rel not in outputs:
            problems.append(
                Problem(
                    "output-unrecorded",
                    rel,
                    "a results table the manifest does not know: made or copied in after the run",
                )
            )
    tracked = manifest.get("tracked_dirs", list(TRACKED_DIRS))
    for rel in tracked_files(project_root, tracked):
        if rel not in recorded_sources and rel not in outputs and rel not in reported:
            problems.append(
                Problem(
                    "input-unrecorded",
                    rel,
                    "added after the run (not in the manifest); re-run the workflow so it counts",
                )
            )


def _check_table(project_root, rel, sources: Sources, problems, report) -> None:
    try:
        table = read_table(project_root, rel)
    except (UnicodeDecodeError, csv.Error) as exc:
        problems.append(Problem("table-unreadable", rel, f"not a UTF-8 CSV: {exc}"))
        return
    report.tables += 1
    report.rows += len(table.rows)
    if "source_sha256" not in table.header:
        problems.append(
            Problem(
                "source-column-missing",
                rel,
                "no source_sha256 column: every results row must name the source it came from",
            )
        )
        return
    unknown: dict[str, list[int]] = {}
    empty: list[int] = []
    for number, row in enumerate(table.rows, start=1):
        hashes = split_list(row["source_sha256"])
        # An aggregate row that counts nothing (a PRISMA box of 0) has no source to name.
        if not hashes and row.get("count", "") != "0":
            empty.append(number)
        for sha in hashes:
            if sha not in sources.by_sha:
                unknown.setdefault(sha, []).append(number)
    for sha, numbers in sorted(unknown.items()):
        located = sources.locate(sha)
        hint = f" (recorded for {located}, whose bytes have changed)" if located else ""
        problems.append(
            Problem(
                "source-unknown",
                f"{rel} {_numbers('row', numbers)}",
                f"source_sha256 {sha} is the hash of no file now in raw/{hint}",
            )
        )
    if empty:
        problems.append(
            Problem("source-empty", f"{rel} {_numbers('row', empty)}", "source_sha256 is empty")
        )
    if {"char_start", "char_end", "quote"} <= set(table.header):
        for number, row in enumerate(table.rows, start=1):
            problem = _check_quote(rel, number, row, sources)
            if problem is not None:
                problems.append(problem)
            elif row["char_start"].strip():
                report.quotes += 1


def _numbers(noun: str, numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"{noun}{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _check_quote(rel: str, number: int, row: dict, sources: Sources) -> Problem | None:
    if not row["char_start"].strip() and not row["char_end"].strip():
        return None  # no evidence, e.g. a quality item that is not reported
    where = f"{rel} row {number}{_row_label(row)}"
    try:
        start, end = int(row["char_start"]), int(row["char_end"])
    except ValueError:
        return Problem(
            "span-invalid",
            where,
            f"char_start {row['char_start']!r} and char_end {row['char_end']!r} must be integers",
        )
    hashes = split_list(row["source_sha256"])
    if len(hashes) != 1:
        return Problem("span-invalid", where, "a span needs exactly one source_sha256")
    text, how = sources.text(hashes[0])
    if text is None:
        return Problem("quote-unverifiable", where, how)
    if not 0 <= start <= end <= len(text):
        return Problem(
            "span-invalid",
            where,
            f"span {start}-{end} lies outside the {len(text)} characters of {how}",
        )
    found = text[start:end]
    if found != row["quote"]:
        return Problem(
            "quote-mismatch",
            where,
            f"quote {_shorten(row['quote'])!r} but {how} reads {_shorten(found)!r} "
            f"at characters {start}-{end}",
        )
    return None


def _row_label(row: dict) -> str:
    for column in ID_COLUMNS:
        if row.get(column):
            return f" ({column} {row[column]})"
    return ""


# --- trace ---------------------------------------------------------------------------------------


def find_row(project_root: Path, table: str | None, key) -> tuple[Table, int]:
    """The table and the 0-based index of the row ``key`` names: a 1-based row number, or a
    value_id / record_id / study_id. Without a table, a value_id is looked up in every table."""
    if table is None:
        # Stage tables (results/extract/outcomes.csv) before the per-file pieces they gather
        # (results/extract/files/...), which carry the same value ids.
        candidates = sorted(results_tables(project_root), key=lambda rel: (rel.count("/"), rel))
        searched = []
        for rel in candidates:
            loaded = read_table(project_root, rel)
            if "value_id" not in loaded.header:
                continue
            searched.append(rel)
            for index, row in enumerate(loaded.rows):
                if row["value_id"] == str(key):
                    return loaded, index
        raise TraceError(
            f"value_id {key!r} is in none of the tables that carry value ids "
            f"({', '.join(searched) or 'none found under results/'}). Give a table and a row."
        )
    rel = _table_path(project_root, table)
    loaded = read_table(project_root, rel)
    text = str(key).strip()
    if text.isdigit():
        number = int(text)
        if not 1 <= number <= len(loaded.rows):
            raise TraceError(
                f"{rel}: row {number} does not exist; it has rows 1-{len(loaded.rows)} "
                "(row 1 is the first row after the header)"
            )
        return loaded, number - 1
    for column in ID_COLUMNS:
        if column in loaded.header:
            matches = [i for i, row in enumerate(loaded.rows) if row[column] == text]
            if len(matches) == 1:
                return loaded, matches[0]
            if matches:
                rows = ", ".join(str(i + 1) for i in matches)
                raise TraceError(f"{rel}: {column} {text} is on rows {rows}; give a row number")
    ids = [c for c in ID_COLUMNS if c in loaded.header]
    raise TraceError(f"{rel}: no row has {' or '.join(ids) or 'an id'} {text!r}")


def _table_path(project_root: Path, table: str) -> str:
    path = Path(table)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(project_root)
        except ValueError as exc:
            raise TraceError(f"{table}: not inside the project {project_root}") from exc
    for candidate in (path, Path(RESULTS_DIR) / path, Path(RESULTS_DIR) / path.with_suffix(".csv")):
        if (project_root / candidate).is_file():
            return candidate.as_posix()
    raise TraceError(
        f"{table}: no such table. Tables: {', '.join(results_tables(project_root)) or 'none yet'}"
    )


def _context(text: str, start: int, end: int) -> str:
    """The span marked [[ ]] with CONTEXT_CHARS either side, whitespace folded to one line. A span
    longer than a few hundred characters (a whole record) shows its two ends."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    lead = "…" if start > CONTEXT_CHARS else ""
    tail = "…" if end + CONTEXT_CHARS < len(text) else ""
    inner = text[start:end]
    if len(inner) > 4 * CONTEXT_CHARS:
        cut = len(inner) - 2 * CONTEXT_CHARS
        inner = f"{inner[:CONTEXT_CHARS]} …[{cut} characters]… {inner[-CONTEXT_CHARS:]}"
    return " ".join(f"{lead}{before}[[{inner}]]{after}{tail}".split())


def _fields(row: dict, skip=()) -> str:
    return ", ".join(f"{k}={_shorten(v, 80)}" for k, v in row.items() if v and k not in skip)


def _load_optional(project_root: Path, rel: str) -> Table | None:
    return read_table(project_root, rel) if (project_root / rel).is_file() else None


def trace(project_root: str | Path, table: str | None, key) -> str:
    """The chain from one row back to its source, as text for a terminal or a report."""
    project_root = Path(project_root).resolve()
    loaded, index = find_row(project_root, table, key)
    row = loaded.rows[index]
    out = [f"{loaded.path} row {index + 1} (line {loaded.lines[index]} of the file)"]
    out.append(f"  {_fields(row, skip=('quote',))}")

    manifest = load_manifest(project_root) or {}
    entry = manifest.get("outputs", {}).get(loaded.path)
    table_sha = sha256_file(project_root / loaded.path)
    if entry is None:
        out.append(f"Table SHA-256 {table_sha}: not in the provenance manifest")
    else:
        state = "matches the manifest" if entry["sha256"] == table_sha else "CHANGED since the run"
        out.append(f"Table made by rule {entry.get('rule') or '?'}; SHA-256 {table_sha} {state}")

    sources = Sources(project_root)
    recorded = split_list(row.get("source_sha256", ""))
    out.append("Source:")
    if not recorded:
        out.append("  this row names no source_sha256")
    for sha in recorded:
        out.extend(_describe_source(project_root, sources, sha))

    out.extend(_describe_evidence(row, sources, recorded))
    out.extend(_describe_origin(row, (entry or {}).get("rule")))
    out.extend(_describe_study(project_root, row))
    return "\n".join(out) + "\n"


def _describe_source(project_root: Path, sources: Sources, sha: str) -> list[str]:
    rel = sources.locate(sha)
    lines = [f"  file: {rel or 'unknown (no file in files.csv or raw/ has this hash)'}"]
    lines.append(f"  recorded SHA-256: {sha}")
    if rel is not None:
        now = sources.disk.get(rel)
        if now is None and (project_root / rel).is_file():
            now = sha256_file(project_root / rel)
        if now is None:
            lines.append("  on disk: MISSING")
        else:
            verdict = "matches" if now == sha else "DIFFERS: the file changed after the run"
            lines.append(f"  on disk:          {now} ({verdict})")
        ingested = sources.ingested.get(sha)
        if ingested:
            lines.append(
                f"  read as {ingested.get('source_format') or '?'}, "
                f"decoded as {ingested.get('decoding') or '?'}"
            )
    return lines


def _describe_evidence(row: dict, sources: Sources, recorded: list[str]) -> list[str]:
    if not {"char_start", "char_end"} <= set(row) or not row["char_start"].strip():
        return ["Evidence: none recorded for this row (no character span)"]
    try:
        start, end = int(row["char_start"]), int(row["char_end"])
    except ValueError:
        return [f"Evidence: invalid span {row['char_start']!r}-{row['char_end']!r}"]
    lines = [f"Evidence: characters {start}-{end}"]
    if len(recorded) != 1:
        return [*lines, "  cannot re-read: the row does not name exactly one source"]
    text, how = sources.text(recorded[0])
    if text is None:
        return [*lines, f"  cannot re-read: {how}"]
    line_no = text.count("\n", 0, start) + 1
    lines[0] += f" (line {line_no} of the decoded text; {how})"
    if "quote" in row:
        found = text[start:end]
        if found == row["quote"]:
            lines.append(f"  quote (matches the source): {row['quote']!r}")
        else:
            lines.append(f"  quote recorded: {row['quote']!r}")
            lines.append(f"  DOES NOT MATCH: the source reads {found!r} at these offsets")
    lines.append(f"  in context: {_context(text, start, end)}")
    return lines


def _describe_origin(row: dict, made_by: str | None = None) -> list[str]:
    curation = row.get("curation", "").strip().lower() or row.get("curated", "").strip().lower()
    if curation in ("added", "corrected", "rejected", "yes", "true", "1"):
        who = row.get("curated_by") or row.get("curator") or "unnamed reviewer"
        why = row.get("curation_reason") or "no reason given"
        lines = [f"Produced by: reviewer curation by {who}: {why}"]
        if row.get("rule_id"):
            lines.append(f"  (the rule that proposed it: {row['rule_id']})")
        return lines
    if row.get("rule_id"):
        return [f"Produced by: rule {row['rule_id']}"]
    if row.get("source_format"):
        return [f"Produced by: the {row['source_format']} reader (workflow rule {made_by or '?'})"]
    return ["Produced by: no rule_id or curation recorded on this row"]


def _describe_study(project_root: Path, row: dict) -> list[str]:
    out = []
    clusters = _load_optional(project_root, CLUSTERS_TABLE)
    record_ids = [row["record_id"]] if row.get("record_id") else []
    study_id = row.get("study_id", "")
    cluster_ids: list[str] = []
    if clusters is not None:
        for member in clusters.rows:
            if member.get("record_id") in record_ids or (
                study_id and member.get("study_id") == study_id
            ):
                if member.get("cluster_id") and member["cluster_id"] not in cluster_ids:
                    cluster_ids.append(member["cluster_id"])
                if not study_id:
                    study_id = member.get("study_id", "")
        members = [m for m in clusters.rows if m.get("cluster_id") in cluster_ids]
        record_ids = sorted({*record_ids, *(m.get("record_id", "") for m in members)} - {""})
    records = _load_optional(project_root, RECORDS_TABLE)
    by_record = {r.get("record_id"): r for r in records.rows} if records else {}

    if record_ids:
        out.append("Records:")
        for record_id in record_ids:
            record = by_record.get(record_id)
            if record:
                out.append(
                    f"  {record_id}: {record.get('source_file')} "
                    f"record {record.get('record_index')}, "
                    f"lines {record.get('line_start')}-{record.get('line_end')}: "
                    f"{_shorten(record.get('title', ''), 90)}"
                )
            else:
                out.append(f"  {record_id}")
    if clusters is None:
        out.append(f"Dedup: {CLUSTERS_TABLE} not found")
    elif not cluster_ids:
        out.append("Dedup: this row's record/study is in no cluster")
    else:
        out.append(f"Dedup: study {study_id or '?'}, cluster {', '.join(cluster_ids)}")
        for member in (m for m in clusters.rows if m.get("cluster_id") in cluster_ids):
            out.append(f"  member {_fields(member)}")
        merges = _load_optional(project_root, MERGE_LOG_TABLE)
        wanted = set(cluster_ids) | set(record_ids)
        for merge in merges.rows if merges else []:
            if wanted & set(merge.values()):
                out.append(f"  merge {_fields(merge)}")

    decisions = _load_optional(project_root, SCREEN_TABLE)
    if decisions is None:
        out.append(f"Screening: {SCREEN_TABLE} not found")
    else:
        hits = [
            d
            for d in decisions.rows
            if d.get("record_id") in record_ids or (study_id and d.get("study_id") == study_id)
        ]
        if not hits:
            out.append("Screening: no decision found for these records")
        for decision in hits:
            out.append(
                f"Screening: {decision.get('record_id') or decision.get('study_id')}: "
                f"{decision.get('decision') or '?'} (reason {decision.get('reason_code') or '-'}, "
                f"manual {decision.get('manual') or 'no'})"
            )
            if decision.get("curator") or decision.get("curation_reason"):
                out.append(
                    f"  by {decision.get('curator') or '?'}: {decision.get('curation_reason', '')}"
                )
            if decision.get("quote"):
                out.append(f"  evidence: {_shorten(decision['quote'], 160)!r}")
    return out


# --- command line --------------------------------------------------------------------------------


def format_report(report: VerifyReport) -> str:
    lines = [str(problem) for problem in report.problems]
    summary = (
        f"checked {report.raw_files} raw files, {report.tables} tables ({report.rows} rows), "
        f"{report.quotes} quotes, {report.recorded_files} files in the manifest"
    )
    if report.manifest_sha256:
        summary += f"; manifest SHA-256 {report.manifest_sha256}"
    if report.ok:
        lines.append(f"OK: {summary}")
    else:
        lines.append(f"FAILED: {len(report.problems)} problems; {summary}")
    return "\n".join(lines) + "\n"


def _project(args: argparse.Namespace):
    """--project here, or the package CLI's global --root."""
    return args.project or getattr(args, "root", None) or "."


def run_verify(args: argparse.Namespace) -> int:
    report = verify_report(_project(args))
    print(format_report(report), end="")
    return 0 if report.ok else 1


def run_trace(args: argparse.Namespace) -> int:
    table, key = (None, args.target) if args.row is None else (args.target, args.row)
    try:
        print(trace(_project(args), table, key), end="")
    except (TraceError, OSError, json.JSONDecodeError) as exc:
        print(f"litreview trace: {exc}")
        return 2
    return 0


def register_commands(subparsers) -> None:
    """Add ``trace`` and ``verify`` to an argparse subparsers object. Each sets ``func``, which
    returns the exit status: ``sys.exit(args.func(args))``."""
    verify_parser = subparsers.add_parser(
        "verify",
        help="check raw/, every table's sources and quotes, and every output against the manifest",
        description="Exit 0 when everything holds; otherwise list each problem and exit 1.",
    )
    verify_parser.add_argument("--project", help="project folder (default: --root, else .)")
    verify_parser.set_defaults(func=run_verify)

    trace_parser = subparsers.add_parser(
        "trace",
        help="print the chain from a table row (or a value id) back to its source bytes",
        description=(
            "litreview trace TABLE ROW, where ROW is a 1-based row number (row 1 is the first "
            "after the header) or a value_id/record_id/study_id; or litreview trace VALUE_ID."
        ),
    )
    trace_parser.add_argument("target", help="a table (results/extract/outcomes.csv) or a value id")
    trace_parser.add_argument("row", nargs="?", help="row number or id within TABLE")
    trace_parser.add_argument("--project", help="project folder (default: --root, else .)")
    trace_parser.set_defaults(func=run_trace)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry until the package CLI wires in :func:`register_commands`."""
    parser = argparse.ArgumentParser(prog="litreview")
    register_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
