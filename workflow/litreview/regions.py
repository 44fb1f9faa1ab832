"""Records' regions of their decoded sources: the ingest batch jobs write them (one JSON line per
record), and every later stage reads a record's text and maps its evidence back to source offsets
from them. So only ingest reads raw/, and a rule after it lists a few files as inputs instead of
every source (10,000 raw files listed by three rules were a large share of the DAG Snakemake
builds on every run)."""

from __future__ import annotations

import json

from litreview.spans import SourceView


def record_view(record, source_text: str, base: int = 0) -> SourceView:
    """Title and abstract of a record as engines read them, mapped back to the source.
    ``source_text`` is the whole decoded source, or the record's region starting at ``base``."""
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k)
    return SourceView(
        source_text,
        int(get("char_start")),
        int(get("char_end")),
        [get("title"), get("abstract")],
        base=base,
    )


def region_line(record: dict, source_text: str) -> str:
    """One line of a batch's regions file: the part of its decoded source a record was read
    from, which is all its evidence can point into. JSON, since a region may hold any character
    a source does (a CSV cell cannot hold NUL)."""
    start, end = int(record["char_start"]), int(record["char_end"])
    return json.dumps(
        {"record_id": record["record_id"], "char_start": start, "region": source_text[start:end]},
        ensure_ascii=False,
    )


_ID_PREFIX = '{"record_id": "'


class Regions:
    """Records' source regions from regions files. ``wanted``: the records to keep (the others'
    lines are skipped unparsed). Files are read on first use: the gather steps need them only
    for records a reviewer included or corrected, which most runs have none of."""

    def __init__(self, paths, wanted=None):
        self.paths = list(paths)
        self.wanted = None if wanted is None else set(wanted)
        self._regions: dict[str, tuple[int, str]] | None = None

    def _load(self) -> dict[str, tuple[int, str]]:
        if self._regions is None:
            self._regions = {}
            for path in self.paths:
                with open(path, encoding="utf-8") as handle:
                    for line in handle:
                        # the id leads each line (region_line): check it before parsing the rest
                        if line.startswith(_ID_PREFIX):
                            record_id = line[len(_ID_PREFIX) : line.index('"', len(_ID_PREFIX))]
                        else:
                            record_id = json.loads(line)["record_id"]
                        if self.wanted is None or record_id in self.wanted:
                            entry = json.loads(line)
                            self._regions[record_id] = (entry["char_start"], entry["region"])
        return self._regions

    def view(self, record) -> SourceView:
        """The record's view, with offsets in its whole source, as record_view gives it."""
        get = record.get if isinstance(record, dict) else lambda k: getattr(record, k)
        start, region = self._load()[get("record_id")]
        return record_view(record, region, base=start)
