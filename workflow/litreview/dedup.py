"""Duplicate records and linked reports of one study.

Pipeline: features per record (dedup_features) -> candidate pairs from blocking keys (each key a
self-join on one normalised value, so pairs grow with the number of duplicates, not n^2) ->
field scores per pair (rapidfuzz, vectorised) -> named rules and vetoes -> union-find clusters
that also refuse a union joining two different DOIs or a reviewer's "apart" -> canonical record
per cluster -> study links between clusters (conference abstract and article, protocol and
results, preprint and article). Every merge, every vetoed near-match and every reviewer decision
is a row of the merge log with its rule and field scores.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from litreview.dedup_config import validate_config
from litreview.dedup_features import (
    build_features,
    features_from_tables,
    fields_filled,
    journal_similarity,
)
from litreview.schema import BIBLIOGRAPHIC_FIELDS, RECORD_COLUMNS

__all__ = [
    "DedupResult",
    "DedupInputError",
    "CLUSTER_COLUMNS",
    "CANONICAL_COLUMNS",
    "MERGE_LOG_COLUMNS",
    "STUDY_LINK_COLUMNS",
    "SCORE_COLUMNS",
    "check_records",
    "deduplicate",
    "candidate_pairs",
    "score_pairs",
    "decide_pairs",
    "write_outputs",
]

SCORE_COLUMNS = [
    "score_title",
    "score_authors",
    "score_first_author",
    "score_year",
    "score_journal",
    "score_volume",
    "score_pages",
    "score_doi",
]
CLUSTER_COLUMNS = ["record_id", "source_sha256", "cluster_id", "study_id", "is_canonical"]
CANONICAL_COLUMNS = [
    "cluster_id",
    "study_id",
    "record_id",
    "source_sha256",
    "member_record_ids",
    "member_source_sha256s",
    "n_members",
    *BIBLIOGRAPHIC_FIELDS,
    "field_sources",
]
MERGE_LOG_COLUMNS = [
    "cluster_id",
    "record_id_a",
    "record_id_b",
    "decision",
    "rule",
    "veto",
    "manual",
    "reviewer",
    "reason",
    *SCORE_COLUMNS,
]
STUDY_LINK_COLUMNS = ["study_id", "cluster_id", "linked_by", "reason"]

IDENTIFIER_RULES = ("doi_exact", "pmid_exact", "pmcid_exact")
# identical_citation names the merges of records whose DOIs differ although everything else a
# citation holds agrees: one of the two DOIs is wrong, so the DOI vetoes do not apply to it.
DOI_WAIVING_RULES = ("identical_citation",)
# Identifier matches are only stopped by vetoes about *what* the record is, never by citation
# details a database may get wrong when the identifier itself agrees.
IDENTIFIER_VETOES = (
    "kind_conflict",
    "part_conflict",
    "doi_conflict",
    "pmid_conflict",
    "supplement_doi_conflict",
)


# Progress of the long steps (candidate pairs, scoring, clustering) goes here, so a person
# watching a 100,000-record run sees it move; the Snakemake rule's log: file receives it.
logger = logging.getLogger("litreview.dedup")
# Pairs scored per batch: bounds the memory of the score columns and paces the progress log.
SCORE_BATCH = 50_000


class DedupInputError(ValueError):
    """Records or decisions the stage cannot use; the message says which and what to do."""


@dataclass
class DedupResult:
    clusters: pd.DataFrame
    # None when deduplicate was asked not to build them (canonical_records builds them later)
    canonical: pd.DataFrame | None
    merge_log: pd.DataFrame
    study_links: pd.DataFrame
    stats: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- blocking


def _blocking_keys(features: pd.DataFrame, config: dict) -> dict[str, pd.Series]:
    n = config["blocking"]["title_affix_chars"]
    strong_title = features["title"].where(~features["weak_title"], "")
    surname = features["first_surname"]
    year = features["year"]
    page = features["page"]

    def joined(*parts: pd.Series) -> pd.Series:
        out = parts[0].astype(str)
        empty = parts[0] == ""
        for part in parts[1:]:
            out = out + "|" + part.astype(str)
            empty |= part == ""
        return out.where(~empty, "")

    first_words = strong_title.map(lambda t: " ".join(t.split()[:3]))
    builders = {
        "doi": lambda: features["doi"],
        "pmid": lambda: features["pmid"],
        "pmcid": lambda: features["pmcid"],
        "title": lambda: strong_title,
        "title_prefix": lambda: strong_title.str.slice(0, n),
        "title_suffix": lambda: strong_title.str.slice(-n),
        "author_year_page": lambda: joined(surname, year, page),
        "journal_volume_page": lambda: joined(
            features["journal_initials"], features["volume"], page
        ),
        "author_year_words": lambda: joined(surname, year, first_words),
    }
    return {name: builders[name]() for name in config["blocking"]["keys"]}


def candidate_pairs(features: pd.DataFrame, config: dict) -> tuple[pd.DataFrame, dict]:
    """Positional pairs (i < j) sharing at least one blocking key, with the first key that
    produced each, and per-key counts (pairs, oversized blocks skipped)."""
    limit = config["max_block_size"]
    frames = []
    stats = {}
    keys = _blocking_keys(features, config)
    for number, (name, key) in enumerate(keys.items(), start=1):
        keyed = pd.DataFrame({"key": key.to_numpy(), "pos": np.arange(len(key))})
        keyed = keyed[keyed["key"] != ""]
        sizes = keyed.groupby("key")["pos"].transform("size")
        stats[f"oversized_blocks_{name}"] = int(keyed.loc[sizes > limit, "key"].nunique())
        keyed = keyed[(sizes >= 2) & (sizes <= limit)]
        joined = keyed.merge(keyed, on="key", suffixes=("_a", "_b"))
        joined = joined[joined["pos_a"] < joined["pos_b"]]
        stats[f"pairs_{name}"] = len(joined)
        logger.info(
            "candidate pairs: key %d of %d (%s): %d pairs", number, len(keys), name, len(joined)
        )
        frames.append(
            pd.DataFrame(
                {"i": joined["pos_a"].to_numpy(), "j": joined["pos_b"].to_numpy(), "block": name}
            )
        )
    if not frames:
        return pd.DataFrame({"i": [], "j": [], "block": []}), stats
    pairs = pd.concat(frames, ignore_index=True).drop_duplicates(["i", "j"], keep="first")
    return pairs.sort_values(["i", "j"]).reset_index(drop=True), stats


# --------------------------------------------------------------------------- scoring


def _pair_ratio(a: np.ndarray, b: np.ndarray, scorer) -> np.ndarray:
    present = (a != "") & (b != "")
    out = np.full(len(a), np.nan)
    if present.any():
        out[present] = (
            process.cpdist(list(a[present]), list(b[present]), scorer=scorer, workers=-1) / 100.0
        )
    return out


def _pair_equal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    present = (a != "") & (b != "")
    return np.where(present, (a == b).astype(float), np.nan)


def score_pairs(features: pd.DataFrame, pairs: pd.DataFrame, config: dict) -> pd.DataFrame:
    """Field scores (0-1, NaN where either side lacks the field) for each pair, in batches of
    ``SCORE_BATCH`` pairs with a progress line after each."""
    col = {name: features[name].to_numpy() for name in features.columns}
    years = features["year_int"].to_numpy(dtype="float64", na_value=np.nan)
    # Page ranges as two float columns (NaN: no numeric range), so that the page comparisons
    # of every pair are array operations.
    ranges = col["page_range"]
    col["page_lo"] = np.array([r[0] if r is not None else np.nan for r in ranges], dtype=float)
    col["page_hi"] = np.array([r[1] if r is not None else np.nan for r in ranges], dtype=float)
    # Journals as integer codes: a search holds few journals, so their similarity is computed
    # once per distinct pair of journals, not once per pair of records.
    journal_codes: dict[tuple, int] = {}
    col["journal_code"] = np.array(
        [journal_codes.setdefault(j, len(journal_codes)) for j in col["journal"]], dtype=np.int64
    )
    col["journal_of_code"] = list(journal_codes)
    batches = []
    for start in range(0, max(len(pairs), 1), SCORE_BATCH):
        batch = pairs.iloc[start : start + SCORE_BATCH]
        batches.append(_score_batch(col, years, batch, config))
        logger.info("scoring pairs: %d of %d", start + len(batch), len(pairs))
    return pd.concat(batches) if len(batches) > 1 else batches[0]


def _score_batch(col: dict, years: np.ndarray, pairs: pd.DataFrame, config: dict) -> pd.DataFrame:
    i = pairs["i"].to_numpy(dtype=np.int64)
    j = pairs["j"].to_numpy(dtype=np.int64)
    scored = pairs.copy()
    scored["score_title"] = _pair_ratio(col["title"][i], col["title"][j], fuzz.ratio)
    scored["score_authors"] = _pair_ratio(
        col["surnames"][i], col["surnames"][j], fuzz.token_set_ratio
    )
    scored["score_first_author"] = _pair_ratio(
        col["first_author"][i], col["first_author"][j], fuzz.ratio
    )
    gap = np.abs(years[i] - years[j])
    tolerance = config["year_tolerance"]
    scored["year_gap"] = gap
    scored["score_year"] = np.where(
        np.isnan(gap), np.nan, np.where(gap == 0, 1.0, np.where(gap <= tolerance, 0.5, 0.0))
    )
    codes = col["journal_code"]
    n_journals = len(col["journal_of_code"])
    pair_codes, inverse = np.unique(codes[i] * n_journals + codes[j], return_inverse=True)
    journals = col["journal_of_code"]
    similarity = np.array(
        [
            journal_similarity(journals[c // n_journals], journals[c % n_journals])
            for c in pair_codes
        ],
        dtype=float,
    )
    scored["score_journal"] = similarity[inverse.reshape(-1)] if len(i) else np.array([])
    scored["score_volume"] = _pair_equal(col["volume"][i], col["volume"][j])
    scored["score_pages"] = _pair_equal(col["page"][i], col["page"][j])
    lo_a, hi_a, lo_b, hi_b = (
        col["page_lo"][i],
        col["page_hi"][i],
        col["page_lo"][j],
        col["page_hi"][j],
    )
    # Comparisons with NaN are False: a missing or lettered range never conflicts.
    scored["pages_disjoint"] = (hi_a < lo_b) | (hi_b < lo_a)
    scored["score_doi"] = _pair_equal(col["doi"][i], col["doi"][j])
    scored["score_pmid"] = _pair_equal(col["pmid"][i], col["pmid"][j])
    scored["score_pmcid"] = _pair_equal(col["pmcid"][i], col["pmcid"][j])
    scored["score_title_set"] = _pair_ratio(col["title"][i], col["title"][j], fuzz.token_set_ratio)
    multi_page = (hi_a > lo_a) & (hi_b > lo_b)
    scored["multi_page"] = multi_page
    scored["same_range"] = multi_page & (lo_a == lo_b) & (hi_a == hi_b)
    scored["single_pages"] = (hi_a == lo_a) & (hi_b == lo_b)
    for name in ("weak_title", "no_title", "kind", "part", "stage", "numbers"):
        scored[f"{name}_a"] = col[name][i]
        scored[f"{name}_b"] = col[name][j]
    return scored


# --------------------------------------------------------------------------- rules and vetoes


def _ge(values: pd.Series, threshold: float) -> np.ndarray:
    return (values.fillna(-1.0) >= threshold).to_numpy()


def _same_item(s: pd.DataFrame, config: dict) -> np.ndarray:
    """Identical title, author list, journal, volume and year: one journal item whatever its
    page numbers say (a supplement's pagination, an erratum reprinting the article's citation,
    a typing error): pages are the citation detail databases get wrong most often."""
    item = config["veto_settings"]["same_item"]
    return (
        _ge(s["score_title"], item["title"])
        & _ge(s["score_authors"], item["authors"])
        & _ge(s["score_first_author"], item["first_author"])
        & _ge(s["score_journal"], item["journal"])
        & (s["score_volume"] == 1).to_numpy()
        & (s["score_year"] == 1).to_numpy()
    )


def _veto_masks(s: pd.DataFrame, config: dict) -> dict[str, np.ndarray]:
    numbers_a, numbers_b = s["numbers_a"].to_numpy(), s["numbers_b"].to_numpy()
    numbers_conflict = np.array(
        [
            bool(a) and bool(b) and not (a <= b or b <= a)
            for a, b in zip(numbers_a, numbers_b, strict=True)
        ],
        dtype=bool,
    )
    return {
        "doi_conflict": (s["score_doi"] == 0).to_numpy(),
        "pmid_conflict": (s["score_pmid"] == 0).to_numpy(),
        "pmcid_conflict": (s["score_pmcid"] == 0).to_numpy(),
        "year_conflict": (s["score_year"] == 0).to_numpy(),
        # Numeric page ranges that do not overlap; "488" vs "487-488" or an e-locator vs a
        # page range is a citation-style difference, not a different article.
        "pages_conflict": s["pages_disjoint"].to_numpy(bool) & ~_same_item(s, config),
        # Same DOI on two one-page items at different pages: the DOI of a supplement, shared by
        # every abstract printed in it, not the DOI of either abstract.
        "supplement_doi_conflict": (s["score_doi"] == 1).to_numpy()
        & s["pages_disjoint"].to_numpy(bool)
        & s["single_pages"].to_numpy(bool),
        # The year tolerance is for an e-pub record and its print issue; a different start page
        # with no volume in common is a second disagreement, and then the two are kept apart.
        "year_pages_conflict": (s["score_year"] == 0.5).to_numpy()
        & (s["score_pages"] == 0).to_numpy()
        & (s["score_volume"] != 1).to_numpy(),
        "volume_conflict": (s["score_volume"] == 0).to_numpy(),
        "kind_conflict": (s["kind_a"] != s["kind_b"]).to_numpy(),
        "part_conflict": (s["part_a"] != s["part_b"]).to_numpy(),
        "numbers_conflict": numbers_conflict,
        # Different journals (not abbreviations of one another) and no shared start page.
        "journal_conflict": (s["score_journal"] < 0.3).to_numpy()
        & (s["score_pages"] != 1).to_numpy(),
        # A meeting abstract and an article are two reports, unless both records cite the same
        # journal item (one database tags a supplement abstract "Conference", another not).
        "stage_conflict": (s["stage_a"] != s["stage_b"]).to_numpy()
        & ~(
            _ge(s["score_journal"], 0.8)
            & (s["score_volume"] != 0).to_numpy()
            & ~s["pages_disjoint"].to_numpy(bool)
        ),
    }


def _rule_masks(s: pd.DataFrame, config: dict) -> dict[str, np.ndarray]:
    rules = config["rules"]
    informative = ~(s["weak_title_a"].to_numpy(bool) | s["weak_title_b"].to_numpy(bool))
    titles_agree = _ge(s["score_title"], rules["identifier_min_title"]) | ~informative
    year_known = s["score_year"].notna().to_numpy()
    year_ok = (s["score_year"] > 0).to_numpy()
    # Years further apart than the tolerance are left to the year_conflict veto, so that the
    # near-miss is logged; an unknown year needs a citation detail to agree instead.

    tay = rules["title_author_year"]
    # Below a near-identical title, some citation detail must agree too: "... in Adult
    # Patients" and "... in Pediatric Patients" by one sponsor in one year score 0.94.
    cited_alike = (
        _ge(s["score_journal"], 0.8)
        | (s["score_pages"] == 1).to_numpy()
        | (s["score_volume"] == 1).to_numpy()
    )
    title_author_year = (
        informative
        & _ge(s["score_title"], tay["title"])
        & (_ge(s["score_title"], tay["title_alone"]) | cited_alike)
        & _ge(s["score_authors"], tay["authors"])
        & (
            _ge(s["score_first_author"], tay["first_author"])
            | (_ge(s["score_authors"], tay["authors_without_first"]) & cited_alike)
        )
        & (year_known | cited_alike)
    )
    tc = rules["title_container"]
    authors_floor = s["score_authors"].isna().to_numpy() | _ge(
        s["score_authors"], tc["authors_floor"]
    )
    title_container = (
        informative
        & _ge(s["score_title"], tc["title"])
        & _ge(s["score_journal"], tc["journal"])
        & (s["score_volume"] == 1).to_numpy()
        & (s["score_pages"] == 1).to_numpy()
        & (year_ok | ~year_known)
        & authors_floor
    )
    ci = rules["citation"]
    # Same authors, journal, volume, multi-page range and year: one article even when its title
    # was translated differently ("[Comparison of amoxicillin ...]" vs "Antibiotic prophylaxis
    # ..."). A one-page item (a meeting abstract, one of several on a page) needs the title too.
    titled = ~(s["no_title_a"].to_numpy(bool) | s["no_title_b"].to_numpy(bool))
    weak = s["weak_title_a"].to_numpy(bool) | s["weak_title_b"].to_numpy(bool)
    citation = (
        titled
        & (~weak | (s["score_title"] == 1).to_numpy())
        & (_ge(s["score_title"], ci["title"]) | s["multi_page"].to_numpy(bool))
        & _ge(s["score_authors"], ci["authors"])
        & _ge(s["score_journal"], ci["journal"])
        & (s["score_volume"] == 1).to_numpy()
        & (s["score_pages"] == 1).to_numpy()
        & (s["score_year"] == 1).to_numpy()
    )
    cr = rules["citation_range"]
    # The same multi-page range in the same volume and year by the same authors, and one title
    # containing the other (a bilingual title, a subtitle one database drops): the journal
    # name is not needed, it is the field most often translated or abbreviated beyond
    # recognition ("Revista Brasileira de Fisioterapia" / "Braz. j. phys. ther.").
    citation_range = (
        informative
        & _ge(s["score_title_set"], cr["title_set"])
        & _ge(s["score_authors"], cr["authors"])
        & (s["score_volume"] == 1).to_numpy()
        & s["same_range"].to_numpy(bool)
        & (s["score_year"] == 1).to_numpy()
    )
    ic = rules["identical_citation"]
    # Two DOIs but the same title, authors, journal, start page and year: databases attach a
    # sister journal's or a supplement's DOI to a record far more often than two articles share
    # all of these. Only pairs whose DOIs differ take this rule's name, so the merge log shows
    # each such merge as what it is.
    identical_citation = (
        ic["enabled"]
        & informative
        & (s["score_doi"] == 0).to_numpy()
        & _ge(s["score_title"], ic["title"])
        & _ge(s["score_authors"], ic["authors"])
        & _ge(s["score_first_author"], ic["first_author"])
        & _ge(s["score_journal"], ic["journal"])
        & (s["score_pages"] == 1).to_numpy()
        & (s["score_year"] == 1).to_numpy()
    )
    return {
        "doi_exact": (s["score_doi"] == 1).to_numpy() & titles_agree,
        "pmid_exact": (s["score_pmid"] == 1).to_numpy() & titles_agree,
        "pmcid_exact": (s["score_pmcid"] == 1).to_numpy() & titles_agree,
        "identical_citation": identical_citation,
        "title_author_year": title_author_year,
        "title_container": title_container,
        "citation": citation,
        "citation_range": citation_range,
    }


def decide_pairs(scored: pd.DataFrame, config: dict) -> pd.DataFrame:
    """Add ``rule`` (first rule that fires, "" if none), ``veto`` (the vetoes that block it,
    "; "-joined) and ``match`` (rule fired and nothing vetoed it)."""
    out = scored.copy()
    rules = _rule_masks(out, config)
    vetoes = {
        name: mask for name, mask in _veto_masks(out, config).items() if name in config["vetoes"]
    }
    rule = np.full(len(out), "", dtype=object)
    for name, mask in reversed(list(rules.items())):  # earlier rules take precedence
        rule = np.where(mask, name, rule)
    is_identifier = pd.Series(rule).isin(IDENTIFIER_RULES).to_numpy()
    waives_doi = pd.Series(rule).isin(DOI_WAIVING_RULES).to_numpy()
    fired_vetoes = [[] for _ in range(len(out))]
    for name, mask in vetoes.items():
        applies = mask & (rule != "") & (~is_identifier | (name in IDENTIFIER_VETOES))
        if name == "doi_conflict":
            applies &= ~waives_doi
        for index in np.flatnonzero(applies):
            fired_vetoes[index].append(name)
    out["rule"] = rule
    out["veto"] = ["; ".join(v) for v in fired_vetoes]
    out["match"] = (rule != "") & (out["veto"] == "").to_numpy()
    return out


# --------------------------------------------------------------------------- clustering


class _Clusters:
    """Union-find that refuses unions a reviewer forbade or that would put two different DOIs
    (or years further apart than the tolerance) into one cluster: transitivity must not merge
    A and C when A-B and B-C each looked fine but A and C are provably different."""

    def __init__(self, dois: list[str], years: list[float], tolerance: int, apart: set):
        self.parent = list(range(len(dois)))
        self.dois = [{d} if d else set() for d in dois]
        self.years = [(y, y) if y == y else None for y in years]
        self.tolerance = tolerance
        self.apart = apart  # {(i, j)} with i < j
        self.members = [[k] for k in range(len(dois))]

    def find(self, k: int) -> int:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def conflict(self, a: int, b: int, doi_waived: bool = False) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ""
        if self.apart:
            small, large = sorted((ra, rb), key=lambda r: len(self.members[r]))
            large_set = set(self.members[large])
            for m in self.members[small]:
                for n in large_set:
                    if (min(m, n), max(m, n)) in self.apart:
                        return "manual_apart"
        if (
            not doi_waived
            and self.dois[ra]
            and self.dois[rb]
            and not (self.dois[ra] & self.dois[rb])
        ):
            return "cluster_doi_conflict"
        ya, yb = self.years[ra], self.years[rb]
        if ya and yb and max(ya[1], yb[1]) - min(ya[0], yb[0]) > self.tolerance:
            return "cluster_year_conflict"
        return ""

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members[rb])
        self.members[rb] = []
        self.dois[ra] |= self.dois[rb]
        ya, yb = self.years[ra], self.years[rb]
        if ya and yb:
            self.years[ra] = (min(ya[0], yb[0]), max(ya[1], yb[1]))
        elif yb:
            self.years[ra] = yb
        return True


# --------------------------------------------------------------------------- the stage


def check_records(records: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in RECORD_COLUMNS if c not in records.columns]
    if missing:
        raise DedupInputError(
            f"records lack the columns {', '.join(missing)}; dedup expects the columns of "
            "litreview.schema.RECORD_COLUMNS (results/ingest/records.csv). Re-run ingest."
        )
    return _unique_ids(records[RECORD_COLUMNS].fillna("").astype(str))


def _unique_ids(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    repeated = frame.loc[frame["record_id"].duplicated(), "record_id"]
    if len(repeated):
        raise DedupInputError(
            f"record_id {repeated.iloc[0]!r} occurs more than once ({len(repeated)} repeats in "
            "all); every record needs a unique record_id. Re-run ingest rather than editing ids."
        )
    if (frame["record_id"] == "").any():
        row = int(np.flatnonzero(frame["record_id"] == "")[0])
        raise DedupInputError(f"record at row {row + 1} has an empty record_id. Re-run ingest.")
    return frame


def check_ids(records: pd.DataFrame) -> pd.DataFrame:
    """record_id and source_sha256 of the records, checked as check_records checks them."""
    missing = [c for c in ("record_id", "source_sha256") if c not in records.columns]
    if missing:
        raise DedupInputError(
            f"records lack the columns {', '.join(missing)} (results/ingest/records.csv). "
            "Re-run ingest."
        )
    return _unique_ids(records[["record_id", "source_sha256"]].fillna("").astype(str))


def _check_decisions(decisions: list[dict], positions: dict[str, int]) -> list[dict]:
    seen: dict[tuple, str] = {}
    for number, decision in enumerate(decisions, start=1):
        for side in ("a", "b"):
            if decision.get(side) not in positions:
                raise DedupInputError(
                    f"reviewer decision {number} ({decision.get('a')!r} / {decision.get('b')!r}, "
                    f"{decision.get('action')}, by {decision.get('reviewer')}): record_id "
                    f"{decision.get(side)!r} is not among the ingested records. Check it against "
                    "results/ingest/records.csv (ids change only when a raw file's bytes change)."
                )
        if decision["a"] == decision["b"]:
            raise DedupInputError(
                f"reviewer decision {number}: a and b are the same record {decision['a']!r}."
            )
        pair = tuple(sorted((decision["a"], decision["b"])))
        if pair in seen and seen[pair] != decision["action"]:
            raise DedupInputError(
                f"reviewer decisions on {pair[0]} / {pair[1]} contradict each other (apart and "
                "together); keep one of them."
            )
        seen[pair] = decision["action"]
    return decisions


def _round_scores(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].astype(float).round(4) for c in SCORE_COLUMNS})


def deduplicate(
    records: pd.DataFrame,
    config: dict | None,
    decisions: list[dict],
    feature_tables: list[pd.DataFrame] | None = None,
    canonical: bool = True,
) -> DedupResult:
    """Cluster duplicate records, choose a canonical record per cluster, and link clusters that
    report one study. ``config`` is config/dedup.yaml (defaults filled for missing keys),
    ``decisions`` the reviewer's entries from config/dedup_decisions.yaml. ``feature_tables``:
    the records' features as dedup_features.features_table wrote them with the same settings
    (the workflow's per-batch tables); without them they are built here. ``canonical=False``
    leaves the canonical records (a table as large as the records) to canonical_records; the
    clusters table still marks each cluster's canonical record. With feature tables and
    ``canonical=False``, ``records`` needs only record_id and source_sha256 (the workflow reads
    just those two columns of a 200 MB table)."""
    config = validate_config(config or {}, "dedup settings")
    lean = feature_tables is not None and not canonical
    frame = check_ids(records) if lean else check_records(records)
    ids = frame["record_id"].to_numpy()
    positions = {rid: k for k, rid in enumerate(ids)}
    decisions = _check_decisions(list(decisions or []), positions)

    if feature_tables is None:
        logger.info("features of %d records", len(frame))
        features = build_features(frame, config)
        filled = fields_filled(frame)
    else:
        logger.info("features of %d records from %d tables", len(frame), len(feature_tables))
        try:
            features, filled = features_from_tables(feature_tables, ids, with_filled=True)
        except KeyError as exc:
            raise DedupInputError(
                f"{exc.args[0]}. Re-run the batch feature jobs (snakemake --forcerun "
                "dedup_features)."
            ) from exc
    pairs, stats = candidate_pairs(features, config)
    manual_pairs = pd.DataFrame(
        {
            "i": [min(positions[d["a"]], positions[d["b"]]) for d in decisions],
            "j": [max(positions[d["a"]], positions[d["b"]]) for d in decisions],
            "block": "manual",
        }
    )
    all_pairs = (
        pd.concat([pairs, manual_pairs], ignore_index=True)
        .drop_duplicates(["i", "j"])
        .astype({"i": "int64", "j": "int64"})
        .reset_index(drop=True)
    )
    decided = decide_pairs(score_pairs(features, all_pairs, config), config)
    stats["candidate_pairs"] = len(pairs)
    logger.info("rules fired on %d of %d pairs", int((decided["rule"] != "").sum()), len(decided))

    apart = {
        (min(positions[d["a"]], positions[d["b"]]), max(positions[d["a"]], positions[d["b"]]))
        for d in decisions
        if d["action"] == "apart"
    }
    years = features["year_int"].to_numpy(dtype="float64", na_value=np.nan).tolist()
    clusters = _Clusters(list(features["doi"]), years, config["year_tolerance"], apart)
    pair_row = {
        (int(a), int(b)): k for k, (a, b) in enumerate(zip(decided["i"], decided["j"], strict=True))
    }
    log_rows: list[dict] = []

    pair_i = decided["i"].to_numpy()
    pair_j = decided["j"].to_numpy()
    score_arrays = {c: decided[c].to_numpy(dtype=float) for c in SCORE_COLUMNS}

    def log(k: int, decision: str, rule: str, veto: str, manual=None):
        a, b = sorted((ids[pair_i[k]], ids[pair_j[k]]))
        first = pair_i[k] if ids[pair_i[k]] == a else pair_j[k]
        entry = {
            "record_id_a": a,
            "record_id_b": b,
            "decision": decision,
            "rule": rule,
            "veto": veto,
            "manual": "yes" if manual else "no",
            "reviewer": manual["reviewer"] if manual else "",
            "reason": manual["reason"] if manual else "",
            "_i": int(first),  # the log row belongs to record_id_a's cluster
        }
        entry.update({c: score_arrays[c][k] for c in SCORE_COLUMNS})
        log_rows.append(entry)

    # Reviewer decisions first: they override every rule and veto, on every run.
    for d in decisions:
        a, b = sorted((positions[d["a"]], positions[d["b"]]))
        k = pair_row[(a, b)]
        if d["action"] == "together":
            conflict = clusters.conflict(a, b)
            if conflict == "manual_apart":
                raise DedupInputError(
                    f"reviewer decisions force {d['a']} and {d['b']} together, but other "
                    "'apart' decisions keep their clusters apart; resolve the contradiction."
                )
            clusters.union(a, b)
            log(k, "merged", "manual_together", "", d)
        else:
            log(k, "kept_apart", "manual_apart", "manual_apart", d)

    # Strongest evidence first, so a union refused for a conflict is the weaker one.
    order = {name: rank for rank, name in enumerate(_rule_masks(decided.head(0), config))}
    candidates = decided[decided["rule"] != ""].copy()
    candidates["_rank"] = candidates["rule"].map(order)
    candidates["_title"] = candidates["score_title"].fillna(0)
    # Ties broken by record ids, not input positions, so the spanning pairs logged for a cluster
    # do not depend on the order the raw files were read in.
    id_i, id_j = ids[candidates["i"].to_numpy()], ids[candidates["j"].to_numpy()]
    candidates["_id_a"] = np.minimum(id_i, id_j)
    candidates["_id_b"] = np.maximum(id_i, id_j)
    candidates = candidates.sort_values(
        ["_rank", "_title", "_id_a", "_id_b"], ascending=[True, False, True, True]
    )
    manual_positions = set(
        pair_row[tuple(sorted((positions[d["a"]], positions[d["b"]])))] for d in decisions
    )
    logger.info("clustering %d candidate matches", len(candidates))
    for k, row in zip(candidates.index, candidates.itertuples(index=False), strict=True):
        if k in manual_positions:
            continue
        if not row.match:
            log(k, "kept_apart", row.rule, row.veto)
            continue
        conflict = clusters.conflict(row.i, row.j, row.rule in DOI_WAIVING_RULES)
        if conflict:
            log(k, "kept_apart", row.rule, conflict)
        elif clusters.union(row.i, row.j):
            log(k, "merged", row.rule, "")

    roots = np.array([clusters.find(k) for k in range(len(ids))])
    # A cluster is named after its smallest record id: sort by (root, id), the first of each
    # root's run names it (a string groupby-min falls back to Python loops in pandas 3).
    by_root = np.lexsort((ids.astype(str), roots))
    run_start = np.r_[True, roots[by_root][1:] != roots[by_root][:-1]]
    first_of_run = by_root[np.maximum.accumulate(np.where(run_start, np.arange(len(ids)), 0))]
    cluster_min = np.empty(len(ids), dtype=object)
    cluster_min[by_root] = ids[first_of_run]
    cluster_ids = np.array(["C-" + r for r in cluster_min], dtype=object)

    logger.info("%d clusters; linking reports of one study", len(set(cluster_ids)))
    study_of_cluster, link_edges = _link_studies(decided, cluster_ids, ids, config)
    study_ids = np.array([study_of_cluster[c] for c in cluster_ids], dtype=object)

    if canonical:
        logger.info("canonical records")
        canonical_df, canonical_ids = _canonical_records(frame, cluster_ids, study_ids)
    else:
        canonical_df, canonical_ids = None, set(_representatives(ids, filled, cluster_ids)[0])
    clusters_df = pd.DataFrame(
        {
            "record_id": ids,
            "source_sha256": frame["source_sha256"].to_numpy(),
            "cluster_id": cluster_ids,
            "study_id": study_ids,
            "is_canonical": np.where(pd.Series(ids).isin(canonical_ids), "yes", "no"),
        }
    ).sort_values("record_id", ignore_index=True)

    merge_log = pd.DataFrame(log_rows, columns=[*MERGE_LOG_COLUMNS, "_i"])
    merge_log["cluster_id"] = [cluster_ids[i] for i in merge_log["_i"]]
    merge_log = _round_scores(merge_log[MERGE_LOG_COLUMNS])
    merge_log = merge_log.sort_values(
        ["cluster_id", "record_id_a", "record_id_b", "decision", "rule"], ignore_index=True
    )
    study_links = _study_link_table(cluster_ids, study_of_cluster, link_edges)
    stats.update(
        records=len(ids),
        clusters=int(len(set(cluster_ids))),
        studies=int(len(set(study_ids))),
        merged_pairs=int((merge_log["decision"] == "merged").sum()),
        kept_apart_pairs=int((merge_log["decision"] == "kept_apart").sum()),
    )
    return DedupResult(clusters_df, canonical_df, merge_log, study_links, stats)


# --------------------------------------------------------------------------- study links


def _link_rules(s: pd.DataFrame, config: dict) -> dict[str, np.ndarray]:
    links = config["study_links"]
    authors_ok = _ge(s["score_authors"], links["authors"]) | _ge(s["score_first_author"], 0.9)
    gap_ok = s["year_gap"].isna().to_numpy() | (s["year_gap"] <= links["max_year_gap"]).to_numpy()
    stage_a, stage_b = s["stage_a"].to_numpy(), s["stage_b"].to_numpy()
    informative = ~(s["weak_title_a"].to_numpy(bool) | s["weak_title_b"].to_numpy(bool))
    similar = informative & _ge(s["score_title"], links["title"]) & authors_ok & gap_ok
    one_is = lambda stage: (stage_a == stage) ^ (stage_b == stage)  # noqa: E731
    kind_a, kind_b = s["kind_a"].to_numpy(), s["kind_b"].to_numpy()
    protocol_a = np.array(["protocol" in k for k in kind_a], dtype=bool)
    protocol_b = np.array(["protocol" in k for k in kind_b], dtype=bool)
    return {
        "conference_and_article": similar & one_is("conference") & (kind_a == kind_b),
        "preprint_and_article": similar & one_is("preprint") & (kind_a == kind_b),
        "protocol_and_results": informative
        & (protocol_a ^ protocol_b)
        & _ge(s["score_title_set"], links["protocol_title"])
        & authors_ok
        & gap_ok,
    }


_LINK_REASONS = {
    "conference_and_article": "a conference abstract and a journal article of the same study",
    "preprint_and_article": "a preprint and the published article of the same study",
    "protocol_and_results": "the study protocol and a report of its results",
}


def _link_studies(decided, cluster_ids, ids, config):
    rules = _link_rules(decided, config)
    i = decided["i"].to_numpy()
    j = decided["j"].to_numpy()
    parent: dict[str, str] = {c: c for c in set(cluster_ids)}

    def find(c):
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    edges = []
    for name, mask in rules.items():
        for k in np.flatnonzero(mask):
            ca, cb = cluster_ids[i[k]], cluster_ids[j[k]]
            if ca == cb:
                continue
            edges.append((ca, cb, name, ids[i[k]], ids[j[k]], decided["score_title"].iloc[k]))
            ra, rb = find(ca), find(cb)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    # A study is named after its smallest record id, which is its smallest cluster's id.
    study = {c: "S-" + find(c)[2:] for c in parent}
    return study, edges


def _study_link_table(cluster_ids, study_of_cluster, edges) -> pd.DataFrame:
    by_cluster: dict[str, dict] = {}
    for ca, cb, name, ra, rb, title in edges:
        for mine, other, rec, orec in ((ca, cb, ra, rb), (cb, ca, rb, ra)):
            entry = by_cluster.setdefault(mine, {})
            entry.setdefault((name, other), (rec, orec, title))
    rows = []
    for cluster in sorted(set(cluster_ids)):
        links = by_cluster.get(cluster)
        if not links:
            rows.append((study_of_cluster[cluster], cluster, "self", "no other report found"))
            continue
        names = sorted({name for name, _ in links})
        reasons = [
            f"{_LINK_REASONS[name]}: {rec} and {orec} of {other} (title score {title:.4f})"
            for (name, other), (rec, orec, title) in sorted(links.items())
        ]
        rows.append((study_of_cluster[cluster], cluster, "; ".join(names), "; ".join(reasons)))
    return pd.DataFrame(rows, columns=STUDY_LINK_COLUMNS).sort_values(
        ["study_id", "cluster_id"], ignore_index=True
    )


# --------------------------------------------------------------------------- canonical records


def _representatives(ids, filled, cluster_ids):
    """Each cluster's representative record id (its most complete member by ``filled``, the
    fields_filled counts, then the smallest id), with the members' positions in preference
    order and where each cluster starts there."""
    clusters = cluster_ids.astype(str)
    # Members in preference order: by cluster, most fields filled first, then record id.
    order = np.lexsort((ids.astype(str), -filled, clusters))
    sorted_clusters = clusters[order]
    starts = np.flatnonzero(np.r_[True, sorted_clusters[1:] != sorted_clusters[:-1]])
    return ids[order[starts]], order, starts


def canonical_records(records: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """The canonical records of a finished deduplication (``clusters``: its clusters table),
    the same table deduplicate builds: the workflow writes them in a job of their own, since
    screening needs only the clusters and waiting for 160 MB of CSV at 100,000 records cost
    every re-run 2.5 s. The clusters must be those of these records: a record missing from
    them, or a canonical record that is not its cluster's representative, is an error (the
    clusters table is stale; run the dedup step again)."""
    frame = check_records(records)
    by_id = clusters.set_index("record_id")
    missing = frame.loc[~frame["record_id"].isin(by_id.index), "record_id"]
    if len(missing):
        raise DedupInputError(
            f"record {missing.iloc[0]} ({len(missing)} in all) is not in the clusters table: it "
            "was made from other records. Run the dedup step again (snakemake --forcerun dedup)."
        )
    cluster_ids = by_id["cluster_id"].reindex(frame["record_id"]).to_numpy(dtype=object)
    study_ids = by_id["study_id"].reindex(frame["record_id"]).to_numpy(dtype=object)
    canonical, canonical_ids = _canonical_records(frame, cluster_ids, study_ids)
    marked = set(clusters.loc[clusters["is_canonical"] == "yes", "record_id"])
    if marked != canonical_ids:
        odd = sorted(marked ^ canonical_ids)[0]
        raise DedupInputError(
            f"record {odd}: the clusters table marks canonical records other than these "
            "records give. Run the dedup step again (snakemake --forcerun dedup)."
        )
    return canonical


def _canonical_records(frame: pd.DataFrame, cluster_ids, study_ids):
    """One row per cluster: the most complete member represents it; each empty field is filled
    from the next most complete member that has it, and ``field_sources`` names that member."""
    ids = frame["record_id"].to_numpy()
    shas = frame["source_sha256"].to_numpy()
    clusters = cluster_ids.astype(str)
    _, order, starts = _representatives(ids, fields_filled(frame), cluster_ids)
    n_members = np.diff(np.r_[starts, len(order)])
    rep_pos = order[starts]
    group_of_sorted = np.repeat(np.arange(len(starts)), n_members)

    canonical = frame.iloc[rep_pos][["record_id", "source_sha256", *BIBLIOGRAPHIC_FIELDS]].copy()
    canonical = canonical.reset_index(drop=True)
    canonical.insert(0, "cluster_id", cluster_ids[rep_pos])
    canonical.insert(1, "study_id", study_ids[rep_pos])

    by_id = np.lexsort((ids.astype(str), clusters))  # members listed by record id
    id_runs = np.split(by_id, starts[1:])
    canonical["member_record_ids"] = ["; ".join(ids[run]) for run in id_runs]
    canonical["member_source_sha256s"] = ["; ".join(shas[run]) for run in id_runs]
    canonical["n_members"] = n_members

    # Each field from the first member, in preference order, that has it.
    sources: list[list[str]] = [[] for _ in range(len(starts))]
    for f in BIBLIOGRAPHIC_FIELDS:
        values = frame[f].to_numpy()[order]
        present = np.flatnonzero(values != "")
        groups, first = np.unique(group_of_sorted[present], return_index=True)
        donors = present[first]
        from_other = donors != starts[groups]
        if not from_other.any():
            continue
        column = canonical[f].to_numpy(dtype=object, copy=True)
        for group, donor in zip(groups[from_other], donors[from_other], strict=True):
            column[group] = values[donor]
            sources[group].append(f"{f}={ids[order[donor]]}")
        canonical[f] = column
    canonical["field_sources"] = ["; ".join(s) for s in sources]
    canonical = canonical[CANONICAL_COLUMNS].reset_index(drop=True)
    return canonical, set(ids[rep_pos])


# --------------------------------------------------------------------------- outputs


def write_outputs(result: DedupResult, out_dir) -> dict[str, str]:
    """Write the four tables as CSV (UTF-8, "\\n" line ends, scores with 4 decimals) and return
    their paths by name: clusters, canonical, merge_log, study_links."""
    from pathlib import Path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in ("clusters", "canonical", "merge_log", "study_links"):
        path = out / f"{name}.csv"
        getattr(result, name).to_csv(path, index=False, float_format="%.4f", lineterminator="\n")
        paths[name] = str(path)
    return paths
