"""Ingest throughput: a generated 100,000-record RIS export and a 100,000-record MEDLINE export,
parsed by ``read_source`` on the bytes (hashing, decoding, format sniffing, splitting, field
mapping and record assembly; not Snakemake start-up). Prints records/s on one core and peak
memory, and says whether the target (at least 20,000 records/s) is met.

Each parse runs in a fresh child process, so its peak resident memory is that parse's alone
(the file's bytes, its decoded text and the records), and the generator's strings or an earlier
parse cannot inflate it. The time is the child's CPU time for ``read_source``, which is the cost
on one core whatever else the machine runs; the best of ``--repeat`` runs is the verdict (a
loaded machine only adds to it), the median is printed beside it.

The records are built from templates written here (realistic field sets and lengths for the
two formats, titles and abstracts varied per record), so the benchmark needs nothing outside
the project. Run: ``.venv/bin/python workflow/benchmarks/bench_ingest.py [--records N]
[--repeat N] [--traced]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from litreview.readers import read_source, tried_formats

TARGET_PER_SECOND = 20_000

MODALITIES = [
    "transarterial chemoembolisation",
    "bland transarterial embolisation",
    "yttrium-90 radioembolisation",
    "radiofrequency ablation",
    "microwave ablation",
    "hepatic resection",
    "liver transplantation",
]
TUMOURS = ["neuroendocrine tumour", "carcinoid tumour", "pancreatic neuroendocrine neoplasm"]
JOURNALS = [
    ("Journal of Vascular and Interventional Radiology", "J Vasc Interv Radiol"),
    ("Annals of Surgical Oncology", "Ann Surg Oncol"),
    ("Neuroendocrinology", "Neuroendocrinology"),
    ("HPB (Oxford)", "HPB (Oxford)"),
]
SURNAMES = ["Smith", "García", "Müller", "Nguyen", "O'Brien", "Rossi", "Kowalski", "Tanaka"]
GIVEN = ["Anna", "James", "Li", "Marie", "Pedro", "Sven", "Yuki", "Omar"]
SENTENCES = [
    "We retrospectively reviewed {n} consecutive patients with {tumour} liver metastases "
    "treated with {modality} between 2005 and 2019.",
    "The primary end point was overall survival; secondary end points were hepatic "
    "progression-free survival, radiological response by RECIST 1.1 and toxicity.",
    "Median overall survival was {os} months (95% CI {lo}-{hi}) and the objective response "
    "rate was {orr}%.",
    "Grade 3 or higher adverse events occurred in {ae}% of procedures, most often "
    "post-embolisation syndrome.",
    "In multivariable analysis, tumour grade and hepatic tumour burden above 50% were "
    "associated with shorter survival.",
    "{modality_cap} is a safe and effective liver-directed therapy for selected patients.",
]


def _record_values(i: int, rng: random.Random) -> dict:
    modality = MODALITIES[i % len(MODALITIES)]
    tumour = TUMOURS[i % len(TUMOURS)]
    journal, abbrev = JOURNALS[i % len(JOURNALS)]
    n_authors = 3 + i % 6
    authors = [
        (SURNAMES[(i + k) % len(SURNAMES)], GIVEN[(i * 3 + k) % len(GIVEN)])
        for k in range(n_authors)
    ]
    lo = rng.randint(12, 40)
    abstract = " ".join(
        s.format(
            n=rng.randint(20, 400),
            tumour=tumour,
            modality=modality,
            modality_cap=modality[0].upper() + modality[1:],
            os=lo + 8,
            lo=lo,
            hi=lo + 16,
            orr=rng.randint(10, 70),
            ae=rng.randint(2, 30),
        )
        for s in SENTENCES
    )
    return {
        "title": f"Outcomes of {modality} for {tumour} liver metastases: cohort {i}",
        "authors": authors,
        "year": 1995 + i % 30,
        "journal": journal,
        "abbrev": abbrev,
        "volume": 10 + i % 40,
        "issue": 1 + i % 12,
        "start": 100 + i % 800,
        "doi": f"10.1000/bench.{i}",
        "pmid": 10_000_000 + i,
        "abstract": abstract,
        "keywords": [modality, tumour, "liver metastases", "survival"],
    }


def ris_record(v: dict) -> str:
    lines = ["TY  - JOUR", f"TI  - {v['title']}"]
    lines += [f"AU  - {s}, {g}" for s, g in v["authors"]]
    lines += [
        f"PY  - {v['year']}",
        f"T2  - {v['journal']}",
        f"J2  - {v['abbrev']}",
        f"VL  - {v['volume']}",
        f"IS  - {v['issue']}",
        f"SP  - {v['start']}",
        f"EP  - {v['start'] + 9}",
        f"DO  - {v['doi']}",
        f"AB  - {v['abstract']}",
    ]
    lines += [f"KW  - {k}" for k in v["keywords"]]
    lines += ["LA  - English", "DB  - Scopus", f"AN  - {v['pmid']}", "ER  - ", ""]
    return "\n".join(lines) + "\n"


def _wrap(tag: str, text: str, width: int = 82) -> list[str]:
    # MEDLINE wraps long values at about 80 columns with six-space continuation lines.
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width - 6:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return [f"{tag:<4}- {lines[0]}"] + [f"      {rest}" for rest in lines[1:]]


def medline_record(v: dict) -> str:
    lines = [f"PMID- {v['pmid']}", "OWN - NLM", "STAT- MEDLINE", f"DP  - {v['year']} Mar"]
    lines += _wrap("TI", v["title"])
    lines += [f"PG  - {v['start']}-{v['start'] + 9}", f"LID - {v['doi']} [doi]"]
    lines += _wrap("AB", v["abstract"])
    for s, g in v["authors"]:
        lines += [f"FAU - {s}, {g}", f"AU  - {s} {g[0]}"]
    lines += ["LA  - eng", "PT  - Journal Article", f"TA  - {v['abbrev']}"]
    lines += [f"JT  - {v['journal']}", f"VI  - {v['volume']}", f"IP  - {v['issue']}"]
    lines += [f"OT  - {k}" for k in v["keywords"]]
    return "\n".join(lines) + "\n\n"


def generate(kind: str, n: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    make = ris_record if kind == "ris" else medline_record
    return "".join(make(_record_values(i, rng)) for i in range(n)).encode("utf-8")


def parse_once(path: Path, traced: bool = False) -> dict:
    """Parse one file in this process and measure it (run in a child by ``bench``)."""
    tried_formats()  # imports every reader module: start-up, not parsing
    data = path.read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if traced:
        import tracemalloc

        tracemalloc.start()
    cpu_started, started = time.process_time(), time.perf_counter()
    result = read_source(path, data, path.name)
    cpu = time.process_time() - cpu_started
    seconds = time.perf_counter() - started
    out = {
        "records": len(result.records),
        "rejected": len(result.rejected),
        "cpu_seconds": cpu,
        "seconds": seconds,
        "rss_before_mb": before / 1024,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if traced:
        out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    return out


def bench(kind: str, n: int, workdir: Path, repeat: int = 3, traced: bool = False) -> dict:
    path = workdir / f"bench_{kind}.{'ris' if kind == 'ris' else 'nbib'}"
    path.write_bytes(generate(kind, n))
    runs = []
    for _ in range(repeat):
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(child.stdout))
    for run in runs:
        assert run["records"] == n and not run["rejected"], (
            f"{kind}: expected {n} records, got {run['records']} (+{run['rejected']} rejected)"
        )
    cpu = [run["cpu_seconds"] for run in runs]
    result = {
        "kind": kind,
        "records": n,
        "megabytes": path.stat().st_size / 1e6,
        "cpu_seconds": min(cpu),
        "per_second": n / min(cpu),
        "median_per_second": n / statistics.median(cpu),
        "wall_per_second": n / min(run["seconds"] for run in runs),
        "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
        "rss_before_mb": min(run["rss_before_mb"] for run in runs),
    }
    if traced:
        # Tracing slows the parse several-fold, so this run is not timed.
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(path), "--traced"],
            capture_output=True,
            text=True,
            check=True,
        )
        result["traced_peak_mb"] = json.loads(child.stdout)["traced_peak_mb"]
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="parses per format (best counts)")
    parser.add_argument("--traced", action="store_true", help="also trace Python allocations")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(parse_once(args.child, args.traced)))
        return 0
    ok = True
    with tempfile.TemporaryDirectory(prefix="litreview-bench-") as tmp:
        for kind in ("ris", "medline"):
            r = bench(kind, args.records, Path(tmp), args.repeat, args.traced)
            met = r["per_second"] >= TARGET_PER_SECOND
            ok &= met
            traced = (
                f"; peak traced Python allocations {r['traced_peak_mb']:.0f} MB"
                if "traced_peak_mb" in r
                else ""
            )
            print(
                f"{r['kind']:>8}: {r['records']:,} records ({r['megabytes']:.1f} MB): "
                f"{r['cpu_seconds']:.2f} s CPU = {r['per_second']:,.0f} records/s on one core "
                f"(best of {args.repeat}; median {r['median_per_second']:,.0f}/s, wall "
                f"{r['wall_per_second']:,.0f}/s); peak resident memory {r['peak_rss_mb']:.0f} MB "
                f"({r['rss_before_mb']:.0f} MB before parsing: interpreter and the file's bytes)"
                f"{traced}"
            )
            print(
                f"{'':>10}target {TARGET_PER_SECOND:,} records/s: " + ("met" if met else "NOT MET")
            )
    print("ingest throughput target " + ("met" if ok else "NOT MET") + " for RIS and MEDLINE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
