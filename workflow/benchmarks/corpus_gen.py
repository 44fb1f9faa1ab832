"""A large deduplication corpus with known duplicate groups, for timing and sanity at scale.

Start from real records (the benchmark sets' unique records, or a small synthetic seed when
../shared is absent), derive as many distinct "works" as needed (siblings get a reworded title,
another author team, year, pages and DOI, so they are different papers that share vocabulary,
authors' names and journals with others: realistic hard negatives), then emit each work 1-4
times, perturbed the way databases differ: case, punctuation, diacritics, HTML entities,
abbreviated journals, missing DOI, initials vs full given names, abbreviated page ranges,
e-pub year. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import unicodedata

import pandas as pd

from litreview.normalize import split_author
from litreview.schema import RECORD_COLUMNS, join_list, split_list

__all__ = ["generate_corpus", "synthetic_base", "perturb_record"]

_ACCENTED = {"e": "é", "a": "á", "o": "ö", "u": "ü", "i": "í", "n": "ñ", "c": "ç"}


def synthetic_base(n: int = 500, seed: int = 7) -> pd.DataFrame:
    """Records made of clinical vocabulary when no real records are at hand."""
    rng = random.Random(seed)
    words = [
        "hepatic",
        "resection",
        "ablation",
        "embolization",
        "radioembolization",
        "transplantation",
        "neuroendocrine",
        "tumour",
        "metastases",
        "survival",
        "outcomes",
        "randomized",
        "trial",
        "cohort",
        "analysis",
        "safety",
        "efficacy",
        "liver",
        "carcinoid",
        "pancreatic",
        "chemotherapy",
        "yttrium",
        "microspheres",
        "response",
        "imaging",
        "patients",
        "long",
        "term",
        "multicenter",
        "retrospective",
        "prospective",
        "comparison",
        "management",
        "treatment",
    ]
    surnames = [
        "Smith",
        "Müller",
        "García",
        "Chen",
        "Kim",
        "Rossi",
        "Novak",
        "Dubois",
        "Silva",
        "Tanaka",
        "Olsen",
        "Byrne",
    ]
    journals = ["Journal of Clinical Oncology", "Annals of Surgery", "European Radiology"]
    rows = []
    for k in range(n):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14))).capitalize()
        authors = [f"{rng.choice(surnames)}, {rng.choice('ABCDEFGH')}." for _ in range(4)]
        rows.append(
            {
                "title": title,
                "authors": join_list(authors),
                "year": str(rng.randint(1995, 2024)),
                "journal": rng.choice(journals),
                "volume": str(rng.randint(1, 90)),
                "issue": str(rng.randint(1, 12)),
                "pages": f"{(p := rng.randint(1, 2000))}-{p + rng.randint(3, 15)}",
                "doi": f"10.5555/synthetic.{k}",
            }
        )
    return _complete(pd.DataFrame(rows))


def _complete(frame: pd.DataFrame) -> pd.DataFrame:
    for column in RECORD_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[RECORD_COLUMNS].fillna("").astype(str)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _abbreviate_journal(journal: str) -> str:
    stop = {"of", "the", "and", "in", "for", "&"}
    return " ".join(w[:4] if len(w) > 5 else w for w in journal.split() if w.lower() not in stop)


def _initials(authors: str) -> str:
    out = []
    for name in split_list(authors):
        surname, given = split_author(name)
        initials = "".join(p[0] for p in given.replace(".", " ").replace("-", " ").split() if p)
        out.append(f"{surname} {initials}".strip())
    return join_list(out)


def perturb_record(record: dict, rng: random.Random) -> dict:
    """One database's rendering of a record: each perturbation applied with its own chance."""
    r = dict(record)
    if rng.random() < 0.3:
        r["title"] = r["title"].upper() if rng.random() < 0.3 else r["title"].lower()
    if rng.random() < 0.4:
        r["title"] = r["title"].rstrip(".") + "."
    if rng.random() < 0.2:
        r["title"] = r["title"].replace(":", " -").replace(",", "")
    if rng.random() < 0.15:
        r["title"] = r["title"].replace(" and ", " &amp; ", 1)
    if rng.random() < 0.3:
        r["title"] = _strip_accents(r["title"])
        r["authors"] = _strip_accents(r["authors"])
    elif rng.random() < 0.1:
        r["authors"] = "".join(
            _ACCENTED.get(c, c) if rng.random() < 0.05 else c for c in r["authors"]
        )
    if rng.random() < 0.4:
        r["journal"] = _abbreviate_journal(r["journal"])
    if rng.random() < 0.5:
        r["doi"] = ""
    if rng.random() < 0.5:
        r["authors"] = _initials(r["authors"])
    if rng.random() < 0.3 and "-" in r["pages"]:
        start, end = r["pages"].split("-", 1)
        if len(end) == len(start) and end[:-1] == start[:-1]:
            r["pages"] = f"{start}-{end[-1]}"
    if rng.random() < 0.08 and r["year"].isdigit():
        r["year"] = str(int(r["year"]) + rng.choice((-1, 1)))
    if rng.random() < 0.2:
        r["abstract"] = ""
    return r


def _sibling(record: dict, donor: dict, vocabulary: list[str], k: int, rng) -> dict:
    """A different paper built from a real one: at least a third of its title words replaced,
    another record's authors, another year, pages and DOI."""
    r = dict(record)
    words = r["title"].split()
    n_replace = max(3, len(words) // 3)
    for position in rng.sample(range(len(words)), min(n_replace, len(words))):
        words[position] = rng.choice(vocabulary)
    r["title"] = " ".join(words + [rng.choice(vocabulary) for _ in range(2)])
    r["authors"] = donor["authors"]
    if r["year"].isdigit():
        r["year"] = str(int(r["year"]) + rng.randint(-6, 6))
    start = rng.randint(1, 3000)
    r["pages"] = f"{start}-{start + rng.randint(2, 20)}"
    r["doi"] = f"10.5555/gen.{k}" if rng.random() < 0.7 else ""
    r["pmid"] = ""
    r["pmcid"] = ""
    return r


def generate_corpus(
    n_records: int, base: pd.DataFrame | None = None, seed: int = 2024
) -> tuple[pd.DataFrame, list[list[str]]]:
    """``n_records`` records with RECORD_COLUMNS and the list of true duplicate groups (record
    ids, groups of two or more). About a third of the records are duplicates, as in real
    multi-database searches."""
    rng = random.Random(seed)
    base = _complete(base.copy()) if base is not None and len(base) else synthetic_base()
    base_rows = base.to_dict("records")
    vocabulary = sorted({w for t in base["title"] for w in t.split() if len(w) > 3})
    records, groups, work = [], [], 0
    while len(records) < n_records:
        seed_row = base_rows[work % len(base_rows)]
        if work < len(base_rows):
            original = dict(seed_row)
        else:
            original = _sibling(seed_row, rng.choice(base_rows), vocabulary, work, rng)
        copies = rng.choices((1, 2, 3, 4), weights=(55, 30, 11, 4))[0]
        copies = min(copies, n_records - len(records))
        group = []
        for c in range(copies):
            record = original if c == 0 else perturb_record(original, rng)
            record_id = f"gen{work:07d}-{c}"
            records.append(
                {
                    **record,
                    "record_id": record_id,
                    "source_file": f"generated/db{c}.csv",
                    "source_sha256": f"{c:064x}",
                    "source_format": "generated",
                    "record_index": str(len(records)),
                }
            )
            group.append(record_id)
        if len(group) > 1:
            groups.append(group)
        work += 1
    return _complete(pd.DataFrame(records)), groups
