"""Benchmark of the dedup stage against bib-dedupe and ASReview datatools on labelled sets.

    python workflow/benchmarks/bench_dedup.py [--data DIR] [--tools litreview,bib-dedupe,asreview]
                                              [--scale 10000,50000,100000 | --no-scale]

DIR (default ../shared/benchmarks/dedup beside the project) is laid out like the shared sets:
any folder holding records_pre_merged.csv + merged_record_ids.csv (duplicate groups), a CSV with
``record_id`` and ``source`` columns (ASySD labelled set: source "duplicate" marks a record to
remove), or an EndNote XML whose <caption>Duplicate</caption> marks every member of a duplicate
set (IEBH convention). Counts follow bib-dedupe's evaluation: TP = records correctly removed as
duplicates, FP = records wrongly removed (a cluster spanning k true groups wrongly removes k-1),
FN = duplicates left in, TN = records rightly kept. For EndNote caption sets, which have no
groups, a record counts as "flagged" when it sits in a cluster of two or more. Pairwise
precision/recall need groups and are "n/a" otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
if str(PROJECT / "workflow") not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(PROJECT / "workflow"))

import pandas as pd  # noqa: E402

from litreview.normalize import normalize_doi  # noqa: E402
from litreview.normalize import year as normalize_year  # noqa: E402
from litreview.schema import RECORD_COLUMNS, join_list  # noqa: E402

DEFAULT_DATA = PROJECT.parent / "shared" / "benchmarks" / "dedup"
CONFIG = PROJECT / "config" / "dedup.yaml"


@dataclass
class LabelledSet:
    name: str
    records: pd.DataFrame  # RECORD_COLUMNS
    groups: list[set[str]] | None  # true duplicate groups (size >= 2)
    removable: set[str] | None  # record-level: records that should be removed
    in_duplicate_set: set[str] | None  # caption convention: members of any duplicate set


# --------------------------------------------------------------------------- loaders


def _blank(value) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text.upper() in ("NA", "NAN", "NULL", "NONE") else text


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in RECORD_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[RECORD_COLUMNS].fillna("").astype(str)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_rathbone(folder: Path) -> LabelledSet:
    path = folder / "records_pre_merged.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    sha = _sha(path)
    rows = []
    for index, r in enumerate(raw.to_dict("records")):
        authors = [a.strip() for a in re.split(r"\s+and\s+", _blank(r.get("author"))) if a.strip()]
        rows.append(
            {
                "record_id": r["ID"],
                "source_file": path.name,
                "source_sha256": sha,
                "record_index": str(index),
                "type": _blank(r.get("ENTRYTYPE")),
                "title": _blank(r.get("title")),
                "authors": join_list(authors),
                "year": normalize_year(_blank(r.get("year"))),
                "journal": _blank(r.get("journal")),
                "volume": _blank(r.get("volume")),
                "issue": _blank(r.get("number")),
                "pages": _blank(r.get("pages")),
                "doi": normalize_doi(_blank(r.get("doi"))),
            }
        )
    merged = pd.read_csv(folder / "merged_record_ids.csv", dtype=str)
    groups = [set(g.split(";")) for g in merged["merged_ids"] if ";" in g]
    return LabelledSet(folder.name, _frame(rows), groups, None, None)


def _split_asysd_authors(text: str) -> list[str]:
    # ASySD exports glue authors together: "Adeli K.Lewis G. F." -> ["Adeli K.", "Lewis G. F."]
    return [a.strip() for a in re.split(r"(?<=\.)(?=[A-Z][^\s.])", text) if a.strip()]


def load_asysd(path: Path) -> LabelledSet:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="latin-1")
    sha = _sha(path)
    rows = []
    for index, r in enumerate(raw.to_dict("records")):
        rows.append(
            {
                "record_id": f"asysd-{int(r['record_id']):05d}",
                "source_file": path.name,
                "source_sha256": sha,
                "record_index": str(index),
                "title": _blank(r.get("title")),
                "authors": join_list(_split_asysd_authors(_blank(r.get("author")))),
                "year": normalize_year(_blank(r.get("year"))),
                "journal": _blank(r.get("journal")),
                "volume": _blank(r.get("volume")),
                "issue": _blank(r.get("number")),
                "pages": _blank(r.get("pages")),
                "doi": normalize_doi(_blank(r.get("doi"))),
                "abstract": _blank(r.get("abstract")),
            }
        )
    frame = _frame(rows)
    removable = {
        f"asysd-{int(rid):05d}"
        for rid, s in zip(raw["record_id"], raw["source"], strict=True)
        if s == "duplicate"
    }
    return LabelledSet(path.parent.name, frame, None, removable, None)


def load_endnote_captions(path: Path) -> LabelledSet | None:
    try:
        from litreview.readers import read_source, tried_formats
    except ImportError:
        return None
    if "endnote_xml" not in tried_formats():
        print(f"  (skipping {path.name}: the EndNote XML reader is not in this checkout yet)")
        return None
    from lxml import etree

    data = path.read_bytes()
    result = read_source(path, data, source_file=path.name)
    captions = []
    for record in etree.fromstring(data).iter("record"):
        caption = record.find("caption")
        captions.append("".join(caption.itertext()).strip() if caption is not None else "")
    frame = _frame(result.records)
    flagged = {
        rid
        for rid, index in zip(frame["record_id"], frame["record_index"], strict=True)
        if captions[int(index)].lower() == "duplicate"
    }
    return LabelledSet(path.stem, frame, None, None, flagged)


def discover(data: Path) -> list[LabelledSet]:
    sets = []
    for folder in sorted(p.parent for p in data.rglob("records_pre_merged.csv")):
        sets.append(load_rathbone(folder))
    for csv in sorted(data.rglob("*.csv")):
        if csv.name in ("records_pre_merged.csv", "merged_record_ids.csv"):
            continue
        header = csv.open(encoding="latin-1").readline()
        if "record_id" in header and "source" in header:
            sets.append(load_asysd(csv))
    for xml in sorted(data.rglob("*.xml")):
        if (xml.parent / "records_pre_merged.csv").exists():
            continue  # the Rathbone CSV already holds these records, with groups
        loaded = load_endnote_captions(xml)
        if loaded is not None:
            sets.append(loaded)
    return sets


# --------------------------------------------------------------------------- scoring


def score(clusters: list[set[str]], labelled: LabelledSet) -> dict:
    """bib-dedupe's record counts plus pairwise precision/recall where groups are known."""
    ids = set(labelled.records["record_id"])
    n = len(ids)
    clusters = [c for c in clusters if len(c) > 1]
    out = {"records": n}
    if labelled.in_duplicate_set is not None:
        flagged = set().union(*clusters) if clusters else set()
        truth = labelled.in_duplicate_set
        tp, fp = len(flagged & truth), len(flagged - truth)
        fn = len(truth - flagged)
        out.update(TP=tp, FP=fp, FN=fn, TN=n - tp - fp - fn, pair_precision=None, pair_recall=None)
    else:
        if labelled.groups is not None:
            group_of = {rid: k for k, g in enumerate(labelled.groups) for rid in g}
            removable = sum(len(g) - 1 for g in labelled.groups)
            tp = fp = 0
            for c in clusters:
                distinct = len({group_of.get(r, ("single", r)) for r in c})
                fp += distinct - 1
                tp += len(c) - distinct
        else:
            keep = ids - labelled.removable
            removable = len(labelled.removable)
            tp = fp = 0
            for c in clusters:
                kept_ones = len(c & keep)
                wrongly = max(kept_ones - 1, 0)
                fp += wrongly
                tp += len(c) - 1 - wrongly
        fn = removable - tp
        out.update(TP=tp, FP=fp, FN=fn, TN=n - tp - fp - fn)
        if labelled.groups is not None:
            true_pairs = _pairs(labelled.groups)
            found = _pairs(clusters)
            hit = len(true_pairs & found)
            out["pair_precision"] = hit / len(found) if found else 1.0
            out["pair_recall"] = hit / len(true_pairs) if true_pairs else 1.0
        else:
            out["pair_precision"] = out["pair_recall"] = None
    tp, fp, fn = out["TP"], out["FP"], out["FN"]
    out["sensitivity"] = tp / (tp + fn) if tp + fn else 1.0
    out["precision"] = tp / (tp + fp) if tp + fp else 1.0
    s, p = out["sensitivity"], out["precision"]
    out["F1"] = 2 * s * p / (s + p) if s + p else 0.0
    return out


def _pairs(groups) -> set[tuple[str, str]]:
    pairs = set()
    for g in groups:
        members = sorted(g)
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                pairs.add((members[a], members[b]))
    return pairs


# --------------------------------------------------------------------------- tools


def run_litreview(records: pd.DataFrame) -> list[set[str]]:
    from litreview.dedup import deduplicate
    from litreview.dedup_config import load_config

    config = load_config(CONFIG) if CONFIG.exists() else {}
    result = deduplicate(records, config, [])
    return [set(g) for _, g in result.clusters.groupby("cluster_id")["record_id"]]


def _bibtex_authors(authors: str) -> str:
    return " and ".join(a.strip() for a in authors.split(";") if a.strip())


def run_bib_dedupe(records: pd.DataFrame) -> list[set[str]]:
    from bib_dedupe.bib_dedupe import block, cluster, match, prep

    frame = pd.DataFrame(
        {
            "ID": records["record_id"],
            "ENTRYTYPE": records["type"].where(records["type"] != "", "article"),
            "title": records["title"],
            "author": records["authors"].map(_bibtex_authors),
            "year": records["year"],
            "journal": records["journal"],
            "volume": records["volume"],
            "number": records["issue"],
            "pages": records["pages"],
            "doi": records["doi"],
            "abstract": records["abstract"],
        }
    )
    prepared = prep(frame, verbosity_level=0)
    pairs = block(prepared, verbosity_level=0)
    matched = match(pairs, verbosity_level=0)
    return [set(c) for c in cluster(matched, verbosity_level=0)]


def run_asreview(records: pd.DataFrame) -> list[set[str]]:
    """ASReview's deduplication (``asreview data dedup``, datatools' default: same DOI, or same
    title+abstract once non-alphanumerics are removed). It returns a duplicate mask, not groups,
    so the groups are rebuilt from the same two keys and checked against the mask."""
    from asreview import ASReviewData

    frame = pd.DataFrame(
        {
            "title": records["title"],
            "abstract": records["abstract"],
            "authors": records["authors"],
            "doi": records["doi"].replace("", None),
        }
    )
    data = ASReviewData(frame)
    mask = data.duplicated(pid="doi")
    texts = (
        pd.Series(data.texts).str.replace("[^A-Za-z0-9]", "", regex=True).str.lower().str.strip()
    )
    parent = list(range(len(frame)))

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    # Each removed record joins the record asreview keeps for it (the first with its DOI, else
    # the first with its text), so the removed count equals asreview's own mask.
    dois = frame["doi"].fillna("").str.strip().str.lower().tolist()
    first_doi: dict[str, int] = {}
    first_text: dict[str, int] = {}
    for k, (doi, text) in enumerate(zip(dois, texts, strict=True)):
        if doi and doi in first_doi:
            parent[k] = first_doi[doi]
        elif text and text in first_text:
            parent[k] = first_text[text]
        first_doi.setdefault(doi, k) if doi else None
        first_text.setdefault(text, k) if text else None
    groups: dict[int, set[str]] = {}
    for k, rid in enumerate(records["record_id"]):
        groups.setdefault(find(k), set()).add(rid)
    rebuilt = sum(len(g) - 1 for g in groups.values())
    if rebuilt != int(mask.sum()):
        print(f"  note: rebuilt asreview groups remove {rebuilt}, its mask {int(mask.sum())}")
    return list(groups.values())


TOOLS = {"litreview": run_litreview, "bib-dedupe": run_bib_dedupe, "asreview": run_asreview}


# --------------------------------------------------------------------------- reporting


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


COLUMNS = [
    "set",
    "tool",
    "records",
    "TP",
    "FP",
    "FN",
    "TN",
    "sensitivity",
    "precision",
    "F1",
    "pair_precision",
    "pair_recall",
    "seconds",
]


def print_table(rows: list[dict]) -> None:
    cells = [[_fmt(r.get(c)) for c in COLUMNS] for r in rows]
    widths = [max([len(c), *(len(row[k]) for row in cells)]) for k, c in enumerate(COLUMNS)]
    print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def total_row(rows: list[dict], tool: str) -> dict:
    mine = [r for r in rows if r["tool"] == tool and "error" not in r]
    tp, fp, fn, tn = (sum(r[k] for r in mine) for k in ("TP", "FP", "FN", "TN"))
    sens = tp / (tp + fn) if tp + fn else 1.0
    prec = tp / (tp + fp) if tp + fp else 1.0
    return {
        "set": "ALL",
        "tool": tool,
        "records": sum(r["records"] for r in mine),
        "TP": tp,
        "FP": fp,
        "FN": fn,
        "TN": tn,
        "sensitivity": sens,
        "precision": prec,
        "F1": 2 * sens * prec / (sens + prec) if sens + prec else 0.0,
        "seconds": sum(r["seconds"] for r in mine),
    }


def benchmark_sets(data: Path, tools: list[str]) -> list[dict]:
    rows = []
    for labelled in discover(data):
        for tool in tools:
            start = time.perf_counter()
            try:
                clusters = TOOLS[tool](labelled.records)
            except ImportError as exc:
                print(f"  {tool} is not installed in this environment ({exc}); skipped")
                continue
            seconds = time.perf_counter() - start
            rows.append(
                {
                    "set": labelled.name,
                    "tool": tool,
                    **score(clusters, labelled),
                    "seconds": seconds,
                }
            )
    return rows


def check_targets(rows: list[dict]) -> list[str]:
    """The issue's targets, as lines saying met / NOT met."""
    lines = []
    by = {(r["set"], r["tool"]): r for r in rows}
    for (name, tool), mine in sorted(by.items()):
        if tool != "litreview" or name == "ALL":
            continue
        theirs = by.get((name, "bib-dedupe"))
        if theirs is None:
            continue
        ok = mine["FP"] <= theirs["FP"] and mine["sensitivity"] >= theirs["sensitivity"]
        lines.append(
            f"{name}: FP {mine['FP']} vs bib-dedupe {theirs['FP']}, sensitivity "
            f"{mine['sensitivity']:.4f} vs {theirs['sensitivity']:.4f}: "
            f"{'met' if ok else 'NOT met'}"
        )
    total = by.get(("ALL", "litreview"))
    if total:
        ok = total["precision"] >= 0.999 and total["sensitivity"] >= 0.97
        lines.append(
            f"all sets: precision {total['precision']:.4f} (>= 0.999), recall "
            f"{total['sensitivity']:.4f} (>= 0.97): {'met' if ok else 'NOT met'}"
        )
    sets = [r for r in rows if r["set"] != "ALL"]
    if sets:
        largest = max(sets, key=lambda r: r["records"])["set"]
        mine, theirs = by.get((largest, "litreview")), by.get((largest, "bib-dedupe"))
        if mine and theirs:
            speedup = theirs["seconds"] / max(mine["seconds"], 1e-9)
            lines.append(
                f"speed on {largest}: {speedup:.1f}x bib-dedupe (>= 20x): "
                f"{'met' if speedup >= 20 else 'NOT met'}"
            )
    return lines


# --------------------------------------------------------------------------- scale


def _scale_base(data: Path | None) -> pd.DataFrame | None:
    if data is None or not data.is_dir():
        return None
    frames = []
    for labelled in discover(data):
        records = labelled.records
        if labelled.groups is not None:
            drop = {r for g in labelled.groups for r in sorted(g)[1:]}
            records = records[~records["record_id"].isin(drop)]
        elif labelled.removable is not None:
            records = records[~records["record_id"].isin(labelled.removable)]
        else:
            records = records[~records["record_id"].isin(labelled.in_duplicate_set)]
        frames.append(records)
    return pd.concat(frames, ignore_index=True) if frames else None


def run_scale_point(n: int, data: Path | None) -> dict:
    command = [sys.executable, __file__, "--scale-worker", str(n)]
    if data is not None:
        command += ["--data", str(data)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        return {"records": n, "error": completed.stderr.strip().splitlines()[-1:]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _scale_child(n: int, data: Path | None) -> None:
    import resource

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus_gen import generate_corpus

    from litreview.dedup import deduplicate
    from litreview.dedup_config import load_config

    records, groups = generate_corpus(n, _scale_base(data))
    config = load_config(CONFIG) if CONFIG.exists() else {}
    start, cpu_start = time.perf_counter(), time.process_time()
    result = deduplicate(records, config, [])
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    clusters = [set(g) for _, g in result.clusters.groupby("cluster_id")["record_id"]]
    labelled = LabelledSet("generated", records, [set(g) for g in groups], None, None)
    scored = score(clusters, labelled)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps({**scored, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_mb})
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="folder of labelled sets")
    parser.add_argument("--tools", default="litreview,bib-dedupe,asreview")
    parser.add_argument("--scale", default="10000,50000,100000")
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--scale-worker", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.data is not None and not args.data.is_dir():
        parser.error(
            f"--data {args.data}: no such folder (expected labelled sets laid out "
            "like ../shared/benchmarks/dedup)"
        )
    data = args.data or (DEFAULT_DATA if DEFAULT_DATA.is_dir() else None)

    if args.scale_worker:
        _scale_child(args.scale_worker, data)
        return 0

    tools = [t for t in args.tools.split(",") if t]
    rows: list[dict] = []
    if data is None:
        print(
            f"{DEFAULT_DATA} is absent (it sits beside a developer's checkout, not in a "
            "user's clone): running the generated-corpus part only."
        )
    else:
        print(f"Labelled sets under {data}:")
        rows = benchmark_sets(data, tools)
        rows += [total_row(rows, t) for t in tools if any(r["tool"] == t for r in rows)]
        print_table(rows)
        print()
        for line in check_targets(rows):
            print(line)
    if not args.no_scale:
        # Wall seconds are what the target is about; CPU seconds (all threads) and the load
        # average show whether other work on the machine inflated them.
        print("\nScale (generated corpus, litreview only, fresh process per size):")
        print(
            f"{'records':>8}  {'seconds':>8}  {'CPU s':>6}  {'load':>5}  {'peak MB':>8}  "
            f"{'precision':>9}  {'recall':>7}  {'pair P':>7}  {'pair R':>7}"
        )
        for n in (int(x) for x in args.scale.split(",") if x):
            load = os.getloadavg()[0]
            point = run_scale_point(n, data)
            if "error" in point:
                print(f"{n:>8}  failed: {point['error']}")
                continue
            print(
                f"{n:>8}  {point['seconds']:>8.2f}  {point['cpu_seconds']:>6.2f}  {load:>5.2f}  "
                f"{point['peak_mb']:>8.0f}  "
                f"{point['precision']:>9.4f}  {point['sensitivity']:>7.4f}  "
                f"{point['pair_precision']:>7.4f}  {point['pair_recall']:>7.4f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
