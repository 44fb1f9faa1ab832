"""Scale benchmark of the whole workflow: cold run, no-op re-run and one added abstract page.

    python workflow/benchmarks/bench_scale.py [--sizes 1,10,100] [--records 100000]
                                              [--pages 10000] [--keep DIR]

For each size (percent of ``--records`` export records and ``--pages`` abstract pages) it builds
a throwaway project in a temporary folder (this checkout's Snakefile, workflow/, config/ and
envs/ plus a generated raw/), then times with 2 cores:

- a cold run of the whole workflow, with the peak memory of snakemake and all its children
  (proportional set sizes summed over the process tree, sampled from /proc every 0.2 s);
- a no-op re-run (nothing to do);
- adding one new abstract page with ``litreview.manifest.add`` and re-running, listing the jobs
  that re-ran (only that page's ingest and extract batch and the all-to-all steps should).

It prints the figures per size beside the targets (cold <= 10 min and <= 4 GB, no-op <= 5 s,
add-one <= 30 s), the slowest rules of each cold run, and the cost of batching raw files versus
one job per file, estimated from the measured per-job overhead.

The corpus is made of real records where ../shared is present: the dedup benchmark sets' unique
records expanded by ``corpus_gen.generate_corpus`` (known duplicate groups spread over several
databases' exports, RIS and MEDLINE), and abstract pages made from the real pages in raw/ (their
layout) and real abstracts (raw/ and ../shared/corpora/oncology_rct_abstracts) with reworded
titles, other authors, years, identifiers and numbers, so every page is a distinct article.
Without ../shared it falls back to corpus_gen's synthetic records and raw/'s pages only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
BENCHMARKS = Path(__file__).resolve().parent
for _path in (PROJECT / "workflow", BENCHMARKS):  # run from a checkout without installing
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import pandas as pd  # noqa: E402
import rispy  # noqa: E402
from corpus_gen import generate_corpus, synthetic_base  # noqa: E402

from litreview import manifest  # noqa: E402
from litreview.normalize import split_author  # noqa: E402
from litreview.readers import read_source  # noqa: E402
from litreview.schema import make_record_id, split_list  # noqa: E402
from litreview.textio import sha256_bytes  # noqa: E402

SHARED = Path(os.environ.get("LITREVIEW_SHARED", PROJECT.parent / "shared"))
CORPUS_DIR = SHARED / "corpora" / "oncology_rct_abstracts"
DEDUP_DATA = SHARED / "benchmarks" / "dedup"

TARGET_COLD_S = 600
TARGET_PEAK_MB = 4096
TARGET_NOOP_S = 5
TARGET_ADD_S = 30

# The databases a search exports from, with the format each writes. PubMed exports at most
# 10,000 records at a time, so every export is written in files of at most EXPORT_CHUNK records.
DATABASES = [("pubmed", "medline"), ("embase", "ris"), ("scopus", "ris"), ("cinahl", "ris")]
EXPORT_CHUNK = 10_000
# Share of export records that carry an abstract (PubMed, Embase and Scopus exports of clinical
# searches carry one for most records; the dedup benchmark sets were exported without many).
ABSTRACT_SHARE = 0.85


# --------------------------------------------------------------------------- corpus


@dataclass
class PageSource:
    """A real abstract page (its layout) or a real abstract (its body)."""

    name: str
    text: str
    title: str
    abstract: str
    authors: list[str]
    year: str
    doi: str


@dataclass
class Corpus:
    """What was written to raw/: file names, counts and the true duplicate groups, each member
    named as (export file, record_index) and as the record_id ingest will give it."""

    export_files: list[str] = field(default_factory=list)
    page_files: list[str] = field(default_factory=list)
    n_records: int = 0
    groups: list[list[tuple[str, int]]] = field(default_factory=list)
    group_record_ids: list[list[str]] = field(default_factory=list)
    page_titles: dict[str, str] = field(default_factory=dict)
    page_dois: dict[str, str] = field(default_factory=dict)


def real_base(shared: Path = SHARED) -> pd.DataFrame | None:
    """The dedup benchmark sets' records with their duplicates removed, when ../shared is here."""
    data = shared / "benchmarks" / "dedup"
    if not data.is_dir():
        return None
    from bench_dedup import _scale_base

    return _scale_base(data)


def _corpus_abstract(text: str) -> tuple[str, str]:
    """Title and abstract of an Evidence Inference corpus file ("TITLE:" then
    "ABSTRACT.<SECTION>::" blocks), the abstract rewritten as "Section: text" paragraphs as a
    journal page prints it."""
    title_match = re.search(r"TITLE:\s*\n?(.+)", text)
    sections = re.findall(r"ABSTRACT\.([^:\n]+)::\s*\n(.*?)(?=\n\s*ABSTRACT\.|\Z)", text, re.S)
    paragraphs = []
    for label, body in sections:
        body = " ".join(body.split())
        if body:
            paragraphs.append(f"{label.strip().capitalize()}: {body}")
    return (title_match.group(1).strip() if title_match else ""), "\n\n".join(paragraphs)


def page_sources(raw_dir: Path, corpus_dir: Path | None = CORPUS_DIR) -> list[PageSource]:
    """The real pages in raw/ and, when present, the real trial abstracts of the shared corpus."""
    sources = []
    for path in sorted(raw_dir.glob("*.txt")):
        record = read_source(path, path.read_bytes()).records[0]
        sources.append(
            PageSource(
                path.name,
                path.read_text(encoding="utf-8"),
                record.get("title", ""),
                record.get("abstract", ""),
                split_list(record.get("authors", "")),
                record.get("year", ""),
                record.get("doi", ""),
            )
        )
    if corpus_dir is not None and corpus_dir.is_dir():
        for path in sorted(corpus_dir.glob("PMC*.txt")):
            title, abstract = _corpus_abstract(path.read_text(encoding="utf-8"))
            if title and len(abstract.split()) >= 60:
                sources.append(PageSource(path.name, "", title, abstract, [], "", ""))
    return sources


_NUMBER = re.compile(r"(?<![\w.])(\d+)(?:\.(\d+))?(?![\w.]*\d)(?!\s?%)")


# "90-day mortality", "5 years": whole numbers before a time unit are usually time points, which
# studies share (30 and 90 days, 1 and 5 years); moving them would invent outcome time points.
_TIME_POINT = re.compile(r"[-\s]?(?:days?|weeks?|months?|years?|yrs?|[dy]\b)", re.I)


def perturb_numbers(text: str, rng: random.Random) -> str:
    """Raise the counts, times and estimates of a text by one factor of up to 15%, keeping their
    precision. One factor for the whole text keeps its numbers in order (events never exceed
    their total, a confidence interval still holds its estimate). Single digits (grades,
    versions), values below 1 (p-values), years, percentages and time points stay."""
    factor = rng.uniform(1.0, 1.15)

    def move(match: re.Match) -> str:
        decimals = match.group(2)
        value = float(match.group(0))
        if value < 1 or (decimals is None and (value < 10 or 1900 <= value <= 2030)):
            return match.group(0)
        if decimals is None and _TIME_POINT.match(text, match.end()):
            return match.group(0)
        if decimals is None:
            return str(int(value * factor + 0.5))
        return f"{value * factor:.{len(decimals)}f}"

    return _NUMBER.sub(move, text)


def reword_title(title: str, vocabulary: list[str], rng: random.Random) -> str:
    """Another article's title on the same subject: a third of the words replaced, two added
    (as corpus_gen makes sibling works)."""
    words = title.split() or [rng.choice(vocabulary)]
    for position in rng.sample(range(len(words)), min(max(3, len(words) // 3), len(words))):
        words[position] = rng.choice(vocabulary)
    return " ".join(words + [rng.choice(vocabulary) for _ in range(2)])


def _replace_words(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", lambda _: new, text)


def render_page(
    layout: PageSource, body: str, title: str, surnames: list[str], year: str, doi: str
) -> str:
    """A real page with another article in it: the layout page's title, abstract, authors'
    surnames, year and DOI replaced. The page's site text (navigation, taglines) stays."""
    start = layout.text.find(layout.abstract) if layout.abstract else -1
    if start < 0:
        raise ValueError(f"{layout.name}: its abstract is not found verbatim in the page")
    header = layout.text[:start]
    rest = body + layout.text[start + len(layout.abstract) :]
    if layout.title:
        header = header.replace(layout.title, title)
    for old, new in zip((split_author(a)[0] for a in layout.authors), surnames, strict=False):
        if len(old) > 2:
            header = _replace_words(header, old, new)
    if layout.year:
        header = _replace_words(header, layout.year, year)
    if layout.doi:
        header = re.sub(re.escape(layout.doi), doi, header, flags=re.I)
    return header + rest


def _page_reads_back(text: str, title: str, body: str) -> bool:
    record = read_source("page.txt", text.encode("utf-8")).records[0]
    return record.get("title") == title and record.get("abstract", "").startswith(body[:60])


def generate_pages(
    n_pages: int,
    sources: list[PageSource],
    vocabulary: list[str],
    surnames: list[str],
    seed: int = 2024,
) -> list[tuple[str, str, str, str]]:
    """``n_pages`` distinct abstract pages as (file name, text, title, doi). Layouts are the real
    pages that have a title; bodies are every real abstract, numbers moved. A (layout, body) pair
    is used only if the page reads back with the title and abstract written into it."""
    rng = random.Random(seed)
    layouts = [s for s in sources if s.text and s.title and s.abstract and s.abstract in s.text]
    if not layouts:
        raise ValueError("no abstract page with a title to use as a layout (raw/*.txt)")
    pairs = []
    for layout in layouts:
        for body in (s for s in sources if s.title and s.abstract):
            title = reword_title(body.title, vocabulary, random.Random(0))
            probe = render_page(layout, body.abstract, title, ["Probe"], "2020", "10.5555/probe")
            if _page_reads_back(probe, title, body.abstract):
                pairs.append((layout, body))
    if not pairs:
        raise ValueError("no layout reads back with another page's abstract in it")
    pages, titles = [], set()
    for serial in range(n_pages):
        layout, body = pairs[serial % len(pairs)]
        prefix = layout.doi.split("/", 1)[0] if layout.doi else ""
        doi = f"{prefix}/bench.page.{serial}" if prefix else ""
        abstract = perturb_numbers(body.abstract, rng)
        surnames_here = rng.sample(surnames, min(len(surnames), max(len(layout.authors), 1)))
        year = str(rng.randint(2000, 2024))
        # A random title may read as something else (an affiliation, a heading): draw again.
        for _attempt in range(10):
            title = reword_title(body.title, vocabulary, rng)
            if title.lower() in titles:
                continue
            text = render_page(layout, abstract, title, surnames_here, year, doi)
            if _page_reads_back(text, title, abstract):
                break
        titles.add(title.lower())
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        pages.append((f"page{serial:05d}_{digest}.txt", text, title, doi))
    return pages


def fill_abstracts(base: pd.DataFrame, pool: list[str], seed: int = 2024) -> pd.DataFrame:
    """Give most base records an abstract (borrowed from the real ones, numbers moved) so the
    exports have realistic sizes; the rest stay without, as some database records are."""
    rng = random.Random(seed)
    base = base.copy()
    abstracts = base["abstract"].tolist()
    for i, current in enumerate(abstracts):
        if not current and pool and rng.random() < ABSTRACT_SHARE:
            abstracts[i] = perturb_numbers(rng.choice(pool), rng)
    base["abstract"] = abstracts
    return base


def _split_pages(pages: str) -> tuple[str, str]:
    start, _, end = pages.partition("-")
    return start.strip(), end.strip()


def ris_entry(record: dict, database: str) -> dict:
    """A record as rispy writes it, in the tags the named database's RIS export uses."""
    start, end = _split_pages(record["pages"])
    entry = {
        "type_of_reference": "JOUR",
        "title": record["title"],
        "authors": split_list(record["authors"]),
        "year": record["year"],
        "secondary_title": record["journal"],
        "volume": record["volume"],
        "number": record["issue"],
        "start_page": start,
        "end_page": end,
        "doi": record["doi"],
        "abstract": record["abstract"],
        "keywords": split_list(record["keywords"]),
        "name_of_database": database.capitalize(),
    }
    if record["pmid"] and database == "embase":
        entry["custom5"] = record["pmid"]
    return {key: value for key, value in entry.items() if value}


def _medline_lines(tag: str, value: str, width: int = 82) -> list[str]:
    # MEDLINE wraps values at about 80 columns, continuing on lines indented by six spaces. PubMed
    # leaves out a tag that has no value (some records have no title).
    if not value.strip():
        return []
    lines, line = [], f"{tag:<4}- "
    for word in value.split():
        if len(line) + len(word) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = "      "
        line += word + " "
    lines.append(line.rstrip())
    return lines


def medline_record(record: dict, pmid: str) -> str:
    """A record in PubMed's MEDLINE format. No maintained library writes MEDLINE (Biopython only
    reads it), so this writes the tags the litreview reader and PubMed use."""
    lines = _medline_lines("PMID", pmid)
    lines += _medline_lines("TI", record["title"])
    if record["abstract"]:
        lines += _medline_lines("AB", record["abstract"])
    for author in split_list(record["authors"]):
        lines += _medline_lines("FAU", author)
    for tag, key in (("DP", "year"), ("JT", "journal"), ("VI", "volume"), ("IP", "issue")):
        if record[key]:
            lines += _medline_lines(tag, record[key])
    if record["pages"]:
        lines += _medline_lines("PG", record["pages"])
    if record["doi"]:
        lines += _medline_lines("AID", f"{record['doi']} [doi]")
    for keyword in split_list(record["keywords"]):
        lines += _medline_lines("OT", keyword)
    lines += _medline_lines("PT", "Journal Article")
    return "\n".join(lines) + "\n"


def write_exports(
    records: pd.DataFrame, groups: list[list[str]], raw_dir: Path, seed: int = 2024
) -> tuple[list[str], list[list[tuple[str, int]]]]:
    """Spread the generated records over the databases' exports: the copies of one work go to
    different databases, as one article is found once per database. Returns the files written
    and the duplicate groups as (file, record_index)."""
    rng = random.Random(seed)
    by_database: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    work_copies: dict[str, list[dict]] = defaultdict(list)
    for record in records.to_dict("records"):
        work_copies[record["record_id"].rsplit("-", 1)[0]].append(record)
    names = [name for name, _ in DATABASES]
    for work in sorted(work_copies):
        copies = work_copies[work]
        for database, record in zip(rng.sample(names, len(copies)), copies, strict=True):
            by_database[database].append((work, record))
    formats = dict(DATABASES)
    location: dict[str, tuple[str, int]] = {}
    written = []
    for database in names:
        entries = by_database[database]
        for chunk_start in range(0, len(entries), EXPORT_CHUNK):
            chunk = entries[chunk_start : chunk_start + EXPORT_CHUNK]
            number = chunk_start // EXPORT_CHUNK + 1
            if formats[database] == "medline":
                name = f"{database}_{number:02d}.nbib"
                # A PubMed record always has a PMID; works without a real one get one per work
                # (not per copy), outside the range of real PMIDs.
                text = "\n".join(
                    medline_record(record, record["pmid"] or str(90_000_000 + int(work[3:])))
                    for work, record in chunk
                )
            else:
                name = f"{database}_{number:02d}.ris"
                text = rispy.dumps([ris_entry(record, database) for _, record in chunk])
            (raw_dir / name).write_text(text, encoding="utf-8")
            written.append(name)
            for index, (_, record) in enumerate(chunk):
                location[record["record_id"]] = (name, index)
    return written, [[location[member] for member in group] for group in groups]


def build_corpus(
    raw_dir: Path,
    n_records: int,
    n_pages: int,
    seed: int = 2024,
    shared: Path = SHARED,
    page_raw: Path = PROJECT / "raw",
) -> tuple[Corpus, tuple[str, str]]:
    """Write ``n_records`` export records and ``n_pages`` abstract pages into raw_dir and register
    them. Also returns one more page (name, text), kept out of raw/, for the add-one test."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    sources = page_sources(page_raw, shared / "corpora" / "oncology_rct_abstracts")
    base = real_base(shared)
    if base is None or not len(base):
        base = synthetic_base()
    pool = [a for a in base["abstract"] if len(a.split()) >= 60] + [s.abstract for s in sources]
    base = fill_abstracts(base, pool, seed)
    corpus = Corpus(n_records=n_records)
    if n_records:
        records, groups = generate_corpus(n_records, base, seed)
        corpus.export_files, corpus.groups = write_exports(records, groups, raw_dir, seed)
    titles = list(base["title"]) + [s.title for s in sources]
    # Lower-case words only: capitalised ones are often names or institutions ("Institute").
    vocabulary = sorted(
        {w for t in titles for w in t.split() if len(w) > 3 and w.isalpha() and w.islower()}
    )
    surnames = sorted(
        {split_author(a)[0] for authors in base["authors"] for a in split_list(authors)} - {""}
    )
    pages = generate_pages(n_pages + 1, sources, vocabulary, surnames, seed)
    for name, text, title, doi in pages[:n_pages]:
        (raw_dir / name).write_text(text, encoding="utf-8")
        corpus.page_files.append(name)
        corpus.page_titles[name] = title
        corpus.page_dois[name] = doi
    manifest.lock(raw_dir)
    digests = {name: sha256_bytes((raw_dir / name).read_bytes()) for name in corpus.export_files}
    corpus.group_record_ids = [
        [make_record_id(digests[name], index) for name, index in group] for group in corpus.groups
    ]
    extra_name, extra_text = pages[n_pages][0], pages[n_pages][1]
    return corpus, (extra_name, extra_text)


# --------------------------------------------------------------------------- measuring


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:  # the process ended while we looked
            continue
        # The command name (field 2) may hold spaces and parentheses; fields after it are fixed.
        parent = int(stat[stat.rfind(")") + 2 :].split()[1])
        tree[parent].append(int(entry.name))
    return tree


def _memory_kb(pid: int) -> int:
    """The process's proportional share of resident memory (Pss: a page shared by n processes
    counts 1/n in each), else its resident set. Workers forked from a stage share its pages; summing
    their RSS would count those pages once per worker, which no memory (or cgroup) ever holds."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path, encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def process_tree_rss_mb(root: int) -> float:
    """Memory of a process and all its descendants, summed (proportional set sizes, see
    _memory_kb)."""
    tree, total, stack = _children(), 0, [root]
    while stack:
        pid = stack.pop()
        total += _memory_kb(pid)
        stack.extend(tree.get(pid, ()))
    return total / 1024


@dataclass
class RunResult:
    seconds: float
    peak_mb: float
    returncode: int
    output: str
    cpu_seconds: float = 0.0  # user + system time of the whole process tree


def run_measured(command: list[str], cwd: Path, log: Path, interval: float = 0.2) -> RunResult:
    """Run a command, sampling the process tree's memory every ``interval`` seconds."""
    env = {k: v for k, v in os.environ.items() if k != "SNAKEMAKE_PROFILE"}
    peak = 0.0
    # Children's CPU time reaches RUSAGE_CHILDREN when they are waited for (snakemake waits for its
    # jobs, we wait for snakemake): on a shared machine it says what the run cost, whatever the
    # wall clock says.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            command, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, env=env
        )
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, process_tree_rss_mb(process.pid))
                done.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        returncode = process.wait()
        done.set()
        sampler.join()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    output = log.read_text(encoding="utf-8", errors="replace")
    return RunResult(seconds, peak, returncode, output, cpu)


# Extra snakemake options for every run (``--snakemake-args``), to compare e.g. schedulers.
EXTRA_ARGS: list[str] = []


def snakemake_command(workdir: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "snakemake",
        "--cores",
        "2",
        "--directory",
        str(workdir),
        *EXTRA_ARGS,
        *args,
    ]


_JOB_STATS = re.compile(r"^Job stats:\n(?:.*\n){2}((?:\S+\s+\d+\n)+)", re.M)


def jobs_run(output: str) -> Counter:
    """Jobs per rule from snakemake's "Job stats" table (empty when nothing was to be done)."""
    match = _JOB_STATS.search(output)
    counts: Counter = Counter()
    if match:
        for line in match.group(1).splitlines():
            rule, count = line.split()
            if rule != "total":
                counts[rule] = int(count)
    return counts


_STAMP = re.compile(r"^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4})\]$")
_START = re.compile(r"^(?:local)?rule (\w+):$")
_JOBID = re.compile(r"^\s+jobid: (\d+)$")
_FINISHED = re.compile(r"^Finished jobid: (\d+) \(Rule: (\w+)\)$")


def rule_seconds(output: str) -> dict[str, tuple[int, float, float]]:
    """{rule: (jobs, summed job seconds, longest job seconds)} from snakemake's time-stamped
    job start and finish lines (1 s resolution; jobs overlap on 2 cores)."""
    stamp, started, pending_rule = None, {}, None
    durations: dict[str, list[float]] = defaultdict(list)
    for line in output.splitlines():
        if m := _STAMP.match(line):
            stamp = time.mktime(time.strptime(m.group(1), "%a %b %d %H:%M:%S %Y"))
        elif m := _START.match(line):
            pending_rule = (m.group(1), stamp)
        elif (m := _JOBID.match(line)) and pending_rule:
            started[m.group(1)] = pending_rule
            pending_rule = None
        elif (m := _FINISHED.match(line)) and m.group(1) in started:
            rule, began = started.pop(m.group(1))
            durations[rule].append((stamp or 0) - (began or 0))
    return {rule: (len(d), sum(d), max(d)) for rule, d in durations.items()}


def copy_workflow(dest: Path) -> Path:
    """A runnable project without raw/: the code, configuration and conda env files."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "Snakefile", dest / "Snakefile")
    for folder in ("workflow", "config", "envs"):
        shutil.copytree(
            PROJECT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    return dest


@dataclass
class SizeResult:
    percent: float
    records: int
    pages: int
    raw_files: int
    batches: int
    generate_s: float
    dag_s: float
    cold: RunResult
    noop: RunResult
    add: RunResult
    cold_jobs: Counter
    add_jobs: Counter
    rules: dict[str, tuple[int, float, float]]
    add_rules: dict[str, tuple[int, float, float]]
    ingested: int
    load_before: float = 0.0


def _count_rows(path: Path) -> int:
    if not path.exists():
        return -1
    return len(pd.read_csv(path, dtype=str, usecols=[0]))


def bench_size(percent: float, records: int, pages: int, root: Path, seed: int) -> SizeResult:
    n_records, n_pages = round(records * percent / 100), max(round(pages * percent / 100), 1)
    workdir = copy_workflow(root / f"size_{percent:g}pct")
    started = time.perf_counter()
    corpus, (extra_name, extra_text) = build_corpus(workdir / "raw", n_records, n_pages, seed)
    generate_s = time.perf_counter() - started
    print(
        f"[{percent:g}%] generated {n_records} export records in {len(corpus.export_files)} "
        f"files and {n_pages} abstract pages in {generate_s:.1f} s: {workdir}",
        flush=True,
    )
    logs = workdir / "bench_logs"
    logs.mkdir()
    # Other work on the machine slows every figure: the load average before the runs says how much.
    load_before = os.getloadavg()[0]
    dag = run_measured(snakemake_command(workdir, "-n", "--quiet"), workdir, logs / "dryrun.log")
    cold = run_measured(snakemake_command(workdir), workdir, logs / "cold.log")
    print(f"[{percent:g}%] cold run {cold.seconds:.1f} s, peak {cold.peak_mb:.0f} MB", flush=True)
    if cold.returncode != 0:
        raise RuntimeError(f"cold run failed (exit {cold.returncode}); see {logs / 'cold.log'}")
    noop = run_measured(snakemake_command(workdir), workdir, logs / "noop.log")
    extra = logs / extra_name
    extra.write_text(extra_text, encoding="utf-8")
    manifest.add(workdir / "raw", [extra])
    add = run_measured(snakemake_command(workdir), workdir, logs / "add_one.log")
    if add.returncode != 0:
        raise RuntimeError(
            f"add-one run failed (exit {add.returncode}); see {logs / 'add_one.log'}"
        )
    raw_names = manifest.raw_files(workdir / "raw")
    return SizeResult(
        percent,
        n_records,
        n_pages,
        len(raw_names) - 1,
        len(
            {
                manifest.batch_key(n, (workdir / "raw" / n).stat().st_size)
                for n in raw_names
                if n != extra_name
            }
        ),
        generate_s,
        dag.seconds,
        cold,
        noop,
        add,
        jobs_run(cold.output),
        jobs_run(add.output),
        rule_seconds(cold.output),
        rule_seconds(add.output),
        _count_rows(workdir / "results" / "ingest" / "records.csv"),
        load_before,
    )


def _verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def report(results: list[SizeResult]) -> list[str]:
    total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    lines = [
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
        f"{total_mb / 1024:.1f} GB memory; snakemake --cores 2",
        "",
        f"{'size':>5} {'records':>8} {'pages':>6} {'files':>6} {'batches':>7} {'dag -n':>7} "
        f"{'cold s':>8} {'peak MB':>8} {'no-op s':>8} {'add-one s':>9}  add-one re-ran",
    ]
    for r in results:
        reran = ", ".join(f"{rule} {n}" for rule, n in sorted(r.add_jobs.items()))
        lines.append(
            f"{r.percent:>4g}% {r.records:>8} {r.pages:>6} {r.raw_files:>6} {r.batches:>7} "
            f"{r.dag_s:>7.1f} {r.cold.seconds:>8.1f} {r.cold.peak_mb:>8.0f} "
            f"{r.noop.seconds:>8.1f} {r.add.seconds:>9.1f}  {reran}"
        )
    lines.append(
        f"{'target':>6} {'':>8} {'':>6} {'':>6} {'':>7} {'':>7} {TARGET_COLD_S:>8} "
        f"{TARGET_PEAK_MB:>8} {TARGET_NOOP_S:>8} {TARGET_ADD_S:>9}"
    )
    for r in results:
        lines.append(
            f"{r.percent:g}%: cold {_verdict(r.cold.seconds, TARGET_COLD_S)}, memory "
            f"{_verdict(r.cold.peak_mb, TARGET_PEAK_MB)}, no-op "
            f"{_verdict(r.noop.seconds, TARGET_NOOP_S)}, add-one "
            f"{_verdict(r.add.seconds, TARGET_ADD_S)}; {r.ingested} records ingested; "
            f"add-one peak {r.add.peak_mb:.0f} MB; load average before the runs "
            f"{r.load_before:.1f}"
        )
        lines.append(
            f"{r.percent:g}%: CPU time of all processes: cold {r.cold.cpu_seconds:.0f} s "
            f"(at least {r.cold.cpu_seconds / 2:.0f} s wall on 2 idle cores), no-op "
            f"{r.noop.cpu_seconds:.1f} s, add-one {r.add.cpu_seconds:.1f} s"
        )
    for r in results:
        lines += ["", f"{r.percent:g}%: cold-run jobs by rule (jobs, summed s, longest s)"]
        for rule, (jobs, total, longest) in sorted(r.rules.items(), key=lambda item: -item[1][1]):
            lines.append(f"  {rule:<16} {jobs:>4} {total:>8.0f} {longest:>8.0f}")
    for r in results:
        steps = sorted(r.add_rules.items(), key=lambda item: -item[1][1])
        lines.append(
            f"{r.percent:g}%: add-one jobs (s): "
            + ", ".join(f"{rule} {total:.0f}" for rule, (_, total, _) in steps if rule != "all")
        )
    lines += ["", *batching_estimate(results)]
    return lines


def batching_estimate(results: list[SizeResult]) -> list[str]:
    """What one job per raw file would cost. Every job pays a Python start-up, the imports and
    snakemake's script wrapper whatever its size, so the mean time of the batch jobs of the run
    with the smallest batches is an upper bound of that per-job overhead."""
    means = []
    for r in results:
        for rule in ("ingest_batch", "extract_batch"):
            jobs, total, _ = r.rules.get(rule, (0, 0.0, 0.0))
            if jobs:
                means.append(total / jobs)
    if not means:
        return []
    overhead = min(means)
    lines = [f"per-job overhead (mean batch job at the smallest batches): {overhead:.1f} s"]
    for r in results:
        batch_jobs = r.cold_jobs.get("ingest_batch", 0) + r.cold_jobs.get("extract_batch", 0)
        per_file_jobs = 2 * r.raw_files
        extra = max(per_file_jobs - batch_jobs, 0) * overhead / 2  # two cores
        lines.append(
            f"{r.percent:g}%: batching runs {batch_jobs} ingest/extract jobs for {r.raw_files} "
            f"raw files; one job per file would run {per_file_jobs}, about {extra / 60:.1f} "
            "more minutes on 2 cores."
        )
    return lines


def dag_build_seconds(pages: int, root: Path, seed: int) -> dict[str, float]:
    """Time ``snakemake -n`` (parse, manifest check, DAG) for ``pages`` abstract pages ingested
    and extracted in name-stable batches, and with one batch per file, i.e. one ingest and one
    extract job per page. The per-file variant changes only the throwaway copy's bucket count."""
    workdir = copy_workflow(root / "dag")
    build_corpus(workdir / "raw", 0, pages, seed)
    manifest_code = workdir / "workflow" / "litreview" / "manifest.py"
    batched = run_measured(snakemake_command(workdir, "-n", "--quiet"), workdir, root / "dag.log")
    code = manifest_code.read_text(encoding="utf-8")
    snakefile = (workdir / "Snakefile").read_text(encoding="utf-8")
    constraint = 'batch=r"batch\\d{3}"'
    if "buckets: int = 256" not in code or constraint not in snakefile:
        return {"batched": batched.seconds}
    # More buckets than files: every file in its own batch (hash collisions aside), with batch
    # names longer than the Snakefile's three digits.
    manifest_code.write_text(code.replace("buckets: int = 256", "buckets: int = 2**40"))
    (workdir / "Snakefile").write_text(snakefile.replace(constraint, 'batch=r"batch\\d+"'))
    per_file = run_measured(
        snakemake_command(workdir, "-n", "--quiet"), workdir, root / "dag_per_file.log"
    )
    return {"batched": batched.seconds, "per_file": per_file.seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="percent of the full corpus")
    parser.add_argument("--records", type=int, default=100_000, help="export records at 100%%")
    parser.add_argument("--pages", type=int, default=10_000, help="abstract pages at 100%%")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--dag-pages",
        type=int,
        default=None,
        help="also time the DAG build for this many pages, batched and one job per file "
        "(default: --pages; 0 to skip)",
    )
    parser.add_argument("--keep", type=Path, default=None, help="leave the projects in DIR")
    parser.add_argument(
        "--snakemake-args",
        default="",
        help='extra options for every run, e.g. "--scheduler greedy"',
    )
    args = parser.parse_args(argv)
    EXTRA_ARGS[:] = shlex.split(args.snakemake_args)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: using corpus_gen's synthetic records and raw/'s pages only.")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        root, cleanup = args.keep.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="litreview-bench-scale-")
        root = Path(cleanup.name)
    results = []
    try:
        for percent in sizes:
            results.append(bench_size(percent, args.records, args.pages, root, args.seed))
            print("\n".join(report(results)), flush=True)
            if not args.keep:
                shutil.rmtree(root / f"size_{percent:g}pct", ignore_errors=True)
        dag_pages = args.pages if args.dag_pages is None else args.dag_pages
        if dag_pages:
            dag = dag_build_seconds(dag_pages, root, args.seed)
            print(
                f"\nDAG build (snakemake -n) for {dag_pages} abstract pages: batched "
                f"{dag['batched']:.1f} s"
                + (f", one job per file {dag['per_file']:.1f} s" if "per_file" in dag else ""),
                flush=True,
            )
    finally:
        if cleanup is not None:
            cleanup.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
