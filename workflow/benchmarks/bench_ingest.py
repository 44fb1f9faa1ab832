"""Ingest throughput: a generated 100,000-record RIS export and a 100,000-record MEDLINE export,
parsed by ``read_source`` on the bytes (decoding, format sniffing, splitting, field mapping and
record assembly; not Snakemake start-up). Prints records/s and peak memory. Target: at least
20,000 records/s on one core.

The records are built from templates written here (realistic field sets and lengths for the
two formats, titles and abstracts varied per record), so the benchmark needs nothing outside
the project. Run: ``.venv/bin/python workflow/benchmarks/bench_ingest.py [--records N]``.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from litreview.readers import read_source

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


def bench(kind: str, n: int, workdir: Path) -> dict:
    path = workdir / f"bench_{kind}.{'ris' if kind == 'ris' else 'nbib'}"
    path.write_bytes(generate(kind, n))
    data = path.read_bytes()
    # CPU time of this single-threaded process is the cost on one core, whatever else the
    # machine is running; wall time is reported beside it.
    started, cpu_started = time.perf_counter(), time.process_time()
    result = read_source(path, data, path.name)
    cpu = time.process_time() - cpu_started
    seconds = time.perf_counter() - started
    assert len(result.records) == n and not result.rejected, (
        f"{kind}: expected {n} records, got {len(result.records)} (+{len(result.rejected)})"
    )
    # Peak Python allocation of a second, traced run (tracing slows the parse, so it is not
    # timed).
    del result
    tracemalloc.start()
    read_source(path, data, path.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "kind": kind,
        "records": n,
        "megabytes": len(data) / 1e6,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "per_second": n / cpu,
        "wall_per_second": n / seconds,
        "peak_mb": peak / 1e6,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="litreview-bench-") as tmp:
        for kind in ("ris", "medline"):
            r = bench(kind, args.records, Path(tmp))
            verdict = "ok" if r["per_second"] >= TARGET_PER_SECOND else "BELOW TARGET"
            ok &= r["per_second"] >= TARGET_PER_SECOND
            print(
                f"{r['kind']:>8}: {r['records']:,} records ({r['megabytes']:.1f} MB): "
                f"{r['cpu_seconds']:.2f} s CPU = {r['per_second']:,.0f} records/s on one core "
                f"[target {TARGET_PER_SECOND:,}: {verdict}] (wall {r['seconds']:.2f} s = "
                f"{r['wall_per_second']:,.0f} records/s); peak traced memory {r['peak_mb']:.0f} MB"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the benchmark process: {rss:.0f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
