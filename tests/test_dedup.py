"""Tests of litreview.dedup: each rule, each veto, reviewer decisions, study links, the output
tables' shape and determinism, bad input. Records are written out here by hand, so every
expected cluster follows from reading them."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
import pytest

from litreview.dedup import (
    CANONICAL_COLUMNS,
    CLUSTER_COLUMNS,
    MERGE_LOG_COLUMNS,
    STUDY_LINK_COLUMNS,
    DedupInputError,
    canonical_records,
    deduplicate,
    write_outputs,
)
from litreview.dedup_config import (
    DedupConfigError,
    default_config,
    load_config,
    load_decisions,
    validate_config,
)
from litreview.dedup_features import (
    build_features,
    clean_title,
    doi_key,
    features_from_tables,
    features_table,
    fold,
    journal_similarity,
    page_range,
    volume_number,
)
from litreview.schema import RECORD_COLUMNS

TITLE = "Hepatic arterial embolization for neuroendocrine liver metastases: a 10-year cohort"
AUTHORS = "Smith, John A.; Müller, Hans; García, Ana"


def record(rid: str, **fields) -> dict:
    base = {column: "" for column in RECORD_COLUMNS}
    base.update(
        record_id=rid,
        source_file=f"raw/{rid}.ris",
        source_sha256=f"sha-{rid}",
        source_format="ris",
        title=TITLE,
        authors=AUTHORS,
        year="2019",
        journal="Journal of Vascular and Interventional Radiology",
        volume="30",
        issue="4",
        pages="512-520",
    )
    base.update(fields)
    return base


def run(*records, decisions=None, config=None):
    return deduplicate(pd.DataFrame(list(records)), config or {}, decisions or [])


def cluster_of(result, rid: str) -> str:
    clusters = result.clusters.set_index("record_id")
    return clusters.loc[rid, "cluster_id"]


def same(result, a: str, b: str) -> bool:
    return cluster_of(result, a) == cluster_of(result, b)


def log_row(result, a: str, b: str) -> pd.Series:
    log = result.merge_log
    rows = log[(log.record_id_a == min(a, b)) & (log.record_id_b == max(a, b))]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --------------------------------------------------------------------------- features


def test_fold_removes_case_accents_markup_and_punctuation():
    assert fold("Müller &amp; <i>García</i>: LIVER–Metastases!") == "muller garcia liver metastases"


def test_fold_keeps_letters_of_other_scripts():
    assert fold("Лечение метастазов") == "лечение метастазов"


def test_clean_title_strips_database_notes_and_unwraps_translated_titles():
    assert clean_title("Dynamics of HPV16 DNA load.[Erratum appears in J Clin Virol]") == (
        "Dynamics of HPV16 DNA load."
    )
    assert clean_title("Update on screening. [Review] [33 refs]") == "Update on screening."
    assert (
        clean_title("[The need for treatment in Ahus]. [Swedish]")
        == "The need for treatment in Ahus"
    )
    assert (
        clean_title("[18F]FDG PET in neuroendocrine tumours")
        == "[18F]FDG PET in neuroendocrine tumours"
    )
    assert clean_title("Screening among 10 000 women") == "Screening among 10000 women"


def test_journal_similarity_accepts_iso_abbreviations_but_not_plural_titles():
    from litreview.dedup_features import journal_key

    full, short = journal_key("Current Opinion in Lipidology"), journal_key("Curr Opin Lipidol")
    assert journal_similarity(full, short) == 1.0
    assert journal_similarity(journal_key("Cancer"), journal_key("Cancers")) == 0.0


def test_page_range_expands_abbreviated_ends_and_ignores_e_locators():
    assert page_range("221-8") == (221, 228)
    assert page_range("488") == (488, 488)
    assert page_range("e12724") is None


def test_volume_number_distrusts_a_volume_cut_from_a_supplement_note():
    assert volume_number("128 (Suppl. 1)") == "128"
    assert volume_number("147 Suppl 1") == "147"
    assert volume_number("1)") == ""  # the tail of "128 (SUPPL. 1)"
    assert volume_number("(3)") == ""
    assert volume_number("012") == "12"


def test_doi_key_decodes_percent_escapes():
    assert doi_key("10.1016/s0025-7753%2817%2930624-3") == "10.1016/s0025-7753(17)30624-3"
    assert doi_key("10.1000/ABC") == "10.1000/abc"


# --------------------------------------------------------------------------- rules


def test_doi_exact_merges_despite_different_title_case_and_missing_pages():
    result = run(
        record("a", doi="10.1016/j.jvir.2019.01.001"),
        record("b", doi="10.1016/j.jvir.2019.01.001", title=TITLE.upper(), pages=""),
    )
    assert same(result, "a", "b")
    assert log_row(result, "a", "b")["rule"] == "doi_exact"


def test_pmid_exact_merges():
    result = run(record("a", pmid="31234567", title=TITLE), record("b", pmid="31234567"))
    assert log_row(result, "a", "b")["rule"] == "pmid_exact"


def test_shared_supplement_doi_with_different_titles_is_not_a_match():
    result = run(
        record(
            "a",
            doi="10.1093/eurheartj/ehx502",
            title="Coronary flow reserve in diabetic mice",
            pages="P893",
        ),
        record(
            "b",
            doi="10.1093/eurheartj/ehx502",
            title="Atrial fibrillation after TAVI in Japan",
            pages="P894",
            authors="Sato, K; Ito, M",
        ),
    )
    assert not same(result, "a", "b")


def test_title_author_year_merges_database_variants():
    result = run(
        record("a"),
        record(
            "b",
            title=TITLE.lower() + ".",
            authors="Smith JA; Muller H; Garcia A",
            journal="J Vasc Interv Radiol",
            pages="512-20",
        ),
    )
    assert same(result, "a", "b")
    row = log_row(result, "a", "b")
    assert row["decision"] == "merged" and row["manual"] == "no"
    assert row["score_title"] == pytest.approx(1.0)
    assert row["score_journal"] == pytest.approx(1.0)


def test_epub_year_one_apart_is_tolerated():
    result = run(record("a", year="2019"), record("b", year="2020"))
    assert same(result, "a", "b")


def test_title_container_merges_when_authors_are_written_as_a_group():
    result = run(
        record("a", authors="Solomon, D"),
        record("b", authors="ALTS Triage Study Group"),
    )
    assert log_row(result, "a", "b")["rule"] == "title_container"


def test_citation_rule_merges_a_translated_title_of_the_same_article():
    result = run(
        record(
            "a", title="Antibiotic prophylaxis in pulmonary surgery: amoxicillin or cefamandole"
        ),
        record("b", title="[Comparison of amoxicillin and cefamandole in lung surgery]"),
    )
    assert log_row(result, "a", "b")["rule"] == "citation"


def test_a_url_escaped_doi_is_the_same_doi():
    result = run(
        record("a", doi="10.1016/s0025-7753(17)30624-3", pages="35-43"),
        record("b", doi="10.1016/s0025-7753%2817%2930624-3", pages="35-43"),
    )
    assert log_row(result, "a", "b")["rule"] == "doi_exact"


def test_a_supplement_abstract_with_a_truncated_volume_merges_with_its_full_record():
    # One export cut "57 (SUPPL. 1)" to "1)"; the other kept the volume.
    result = run(
        record("a", journal="Diabetologia", volume="1)", issue="", pages="S354"),
        record("b", journal="Diabetologia", volume="57", issue="1 SUPPL. 1", pages="S354"),
    )
    assert same(result, "a", "b")
    assert log_row(result, "a", "b")["score_volume"] != 0  # unknown, not a conflict


def test_citation_range_merges_a_bilingual_title_under_a_translated_journal_name():
    english = "Effect of positive airway pressure on pleural fluid absorption in tuberculosis"
    result = run(
        record("a", title=english, journal="Revista Brasileira de Fisioterapia", pages="127-132"),
        record(
            "b",
            title=english + ". Efeito da pressao positiva na absorcao do derrame pleural",
            journal="Braz J Phys Ther",
            pages="127-32",
        ),
    )
    assert log_row(result, "a", "b")["rule"] == "citation_range"
    assert same(result, "a", "b")


def test_citation_range_needs_a_multi_page_range():
    # Two one-page abstracts at the same page of two journals' supplements: nothing but the
    # page number is shared, which one-page items share by chance.
    english = "Effect of positive airway pressure on pleural fluid absorption in tuberculosis"
    result = run(
        record("a", title=english, journal="Revista Brasileira de Fisioterapia", pages="127"),
        record(
            "b",
            title=english + ". Efeito da pressao positiva na absorcao do derrame pleural",
            journal="Braz J Phys Ther",
            pages="127",
        ),
    )
    assert not same(result, "a", "b")


def test_identical_citation_outweighs_a_wrong_doi_and_says_so_in_the_log():
    # One database gave the abstract a sister journal's DOI; everything else is the same.
    result = run(
        record("a", doi="10.1016/j.appet.2012.05.003", journal="Appetite", pages="e24"),
        record("b", doi="10.1016/j.regpep.2012.05.039", journal="Appetite", pages="e24"),
    )
    assert same(result, "a", "b")
    assert log_row(result, "a", "b")["rule"] == "identical_citation"


def test_identical_citation_can_be_switched_off():
    config = {"rules": {"identical_citation": {"enabled": False}}}
    result = run(
        record("a", doi="10.1016/j.appet.2012.05.003", pages="e24"),
        record("b", doi="10.1016/j.regpep.2012.05.039", pages="e24"),
        config=config,
    )
    assert not same(result, "a", "b")
    assert "doi_conflict" in log_row(result, "a", "b")["veto"]


def test_identical_citation_with_another_first_author_keeps_the_doi_veto():
    result = run(
        record("a", doi="10.1000/one"),
        record("b", doi="10.1000/two", authors="Jones, Peter; Müller, Hans; García, Ana"),
    )
    assert not same(result, "a", "b")


def test_same_item_with_different_pages_merges():
    # A one-page meeting abstract and the article, same title, authors, journal, volume, year.
    result = run(record("a", pages="1875"), record("b", pages="2539-2542"))
    assert same(result, "a", "b")


def test_same_item_exemption_needs_the_same_author_list():
    # Same title in one volume at other pages by another first author: a second paper.
    other = "Jones, Peter; Müller, Hans; García, Ana"
    result = run(record("a", pages="703-712"), record("b", pages="1107", authors=other))
    assert not same(result, "a", "b")


def test_similar_titles_without_any_shared_citation_detail_stay_apart():
    sponsor = "Alexion Pharmaceuticals, Inc"
    result = run(
        record(
            "a",
            title="Open-label trial of eculizumab in adult patients with aHUS",
            authors=sponsor,
            journal="",
            volume="",
            pages="",
        ),
        record(
            "b",
            title="Open-label trial of eculizumab in pediatric patients with aHUS",
            authors=sponsor,
            journal="",
            volume="",
            pages="",
        ),
    )
    assert not same(result, "a", "b")


# --------------------------------------------------------------------------- vetoes


@pytest.mark.parametrize(
    ("changes", "veto"),
    [
        # Each pair differs in one more detail than the vetoed one, so that the rules that let
        # an identical citation outweigh a wrong DOI or wrong pages do not apply.
        ({"doi": "10.1000/b", "pages": ""}, "doi_conflict"),
        ({"year": "2016"}, "year_conflict"),
        ({"pages": "700-712", "title": TITLE + " in adults"}, "pages_conflict"),
        ({"volume": "31"}, "volume_conflict"),
        ({"title": "Erratum: " + TITLE}, "kind_conflict"),
        ({"title": TITLE + " - Reply"}, "kind_conflict"),
        ({"title": TITLE + ": study protocol"}, "kind_conflict"),
        ({"title": TITLE.replace("10-year", "5-year")}, "numbers_conflict"),
    ],
)
def test_veto_keeps_a_near_identical_pair_apart_and_is_logged(changes, veto):
    a = record("a", doi="10.1000/a" if "doi" in changes else "")
    b = record("b", **changes)
    result = run(a, b)
    assert not same(result, "a", "b")
    row = log_row(result, "a", "b")
    assert row["decision"] == "kept_apart"
    assert veto in row["veto"].split("; ")


def test_one_doi_on_two_one_page_abstracts_is_a_supplement_doi():
    # Two abstracts by one group on consecutive pages of a supplement, its DOI on both.
    result = run(
        record("a", doi="10.1002/dmrr.2604", pages="51"),
        record("b", doi="10.1002/dmrr.2604", pages="52", title="The " + TITLE.lower()),
    )
    assert not same(result, "a", "b")
    row = log_row(result, "a", "b")
    assert row["rule"] == "doi_exact"
    assert "supplement_doi_conflict" in row["veto"]


def test_one_doi_on_an_online_first_and_a_print_range_is_one_article():
    result = run(
        record("a", doi="10.1007/s00423-012-0917-6", pages="1-9", year="2012", volume=""),
        record("b", doi="10.1007/s00423-012-0917-6", pages="515-523", year="2013"),
    )
    assert same(result, "a", "b")


def test_a_year_apart_with_different_pages_and_no_shared_volume_is_kept_apart():
    result = run(
        record("a", year="2012", volume="", pages="01-Sep"),
        record("b", year="2013", volume="398", pages="515-523"),
    )
    assert not same(result, "a", "b")
    assert "year_pages_conflict" in log_row(result, "a", "b")["veto"]


def test_a_year_apart_in_the_same_volume_merges_despite_different_start_pages():
    result = run(
        record("a", year="2019", pages="945-948"),
        record("b", year="2020", pages="948-961"),
    )
    assert same(result, "a", "b")


def test_part_one_and_part_two_are_kept_apart():
    result = run(
        record("a", title="Liver-directed therapy for NET metastases. Part I: embolization"),
        record("b", title="Liver-directed therapy for NET metastases. Part II: embolization"),
    )
    assert not same(result, "a", "b")
    assert "part_conflict" in log_row(result, "a", "b")["veto"]


def test_different_journals_without_shared_pages_are_kept_apart():
    result = run(
        record("a", journal="Annals of Internal Medicine", pages="JC6-9"),
        record("b", journal="ACP Journal Club", pages=""),
    )
    assert not same(result, "a", "b")
    assert "journal_conflict" in log_row(result, "a", "b")["veto"]


def test_transitive_chain_cannot_join_two_different_dois():
    # a~b (no DOI on b) and b~c, but a and c carry different DOIs: b joins one of them only.
    result = run(
        record("a", doi="10.1000/one", pages=""),
        record("b", pages=""),
        record("c", doi="10.1000/two", pages=""),
    )
    assert not same(result, "a", "c")
    assert "cluster_doi_conflict" in set(result.merge_log["veto"])


# --------------------------------------------------------------------------- weak evidence


@pytest.mark.parametrize(
    "title", ["", "NA", "[No title available]", "Reply", "Editorial", "Erratum"]
)
def test_weak_titles_are_not_merged_on_title_author_year(title):
    result = run(
        record("a", title=title, journal="", volume="", pages=""),
        record("b", title=title, journal="", volume="", pages=""),
    )
    assert not same(result, "a", "b")


def test_missing_year_and_other_script_titles_do_not_crash_or_merge_unrelated_records():
    result = run(
        record("a", year="", title="Лечение метастазов нейроэндокринных опухолей печени"),
        record("b", year="", title="肝转移瘤的经动脉化疗栓塞治疗效果研究", authors="Li, W"),
        record("c", year=""),
    )
    assert len(set(result.clusters["cluster_id"])) == 3


# --------------------------------------------------------------------------- reviewer decisions


def test_reviewer_apart_overrides_a_rule_and_is_logged_as_manual():
    decision = {"a": "a", "b": "b", "action": "apart", "reviewer": "JS", "reason": "two trials"}
    result = run(record("a"), record("b"), decisions=[decision])
    assert not same(result, "a", "b")
    row = log_row(result, "a", "b")
    assert (row["rule"], row["manual"], row["reviewer"], row["reason"]) == (
        "manual_apart",
        "yes",
        "JS",
        "two trials",
    )


def test_reviewer_together_merges_records_no_rule_would():
    decision = {"a": "a", "b": "b", "action": "together", "reviewer": "JS", "reason": "same"}
    result = run(
        record("a"), record("b", title="Something else entirely", year="2001"), decisions=[decision]
    )
    assert same(result, "a", "b")
    assert log_row(result, "a", "b")["rule"] == "manual_together"


def test_unknown_record_in_decisions_is_a_clear_error():
    decision = {"a": "a", "b": "zzz", "action": "apart", "reviewer": "JS", "reason": "x"}
    with pytest.raises(DedupInputError, match=r"decision 1 .*'zzz' is not among"):
        run(record("a"), record("b"), decisions=[decision])


def test_contradictory_decisions_are_an_error():
    together = {"a": "a", "b": "b", "action": "together", "reviewer": "JS", "reason": "x"}
    apart = {"a": "b", "b": "a", "action": "apart", "reviewer": "KL", "reason": "y"}
    with pytest.raises(DedupInputError, match="contradict"):
        run(record("a"), record("b"), decisions=[together, apart])


def test_decisions_file_is_validated(tmp_path):
    path = tmp_path / "decisions.yaml"
    path.write_text("decisions:\n  - {a: x, b: y, action: merge, reviewer: JS, reason: r}\n")
    with pytest.raises(DedupConfigError, match=r"decisions\.yaml.*decisions/0/action"):
        load_decisions(path)


def test_project_decisions_file_is_an_empty_list(project_root):
    assert load_decisions(project_root / "config" / "dedup_decisions.yaml") == []


# --------------------------------------------------------------------------- config


def test_project_config_is_valid_and_fills_defaults(project_root):
    config = load_config(project_root / "config" / "dedup.yaml")
    assert config["year_tolerance"] == 1
    assert "placeholders" in config["weak_title"]


def test_invalid_config_names_the_key():
    with pytest.raises(DedupConfigError, match="year_tolerance"):
        validate_config({"year_tolerance": "one"})
    with pytest.raises(DedupConfigError, match="vetoes"):
        validate_config({"vetoes": ["no_such_veto"]})


def test_a_disabled_veto_no_longer_blocks():
    config = default_config()
    config["vetoes"] = [v for v in config["vetoes"] if v != "pages_conflict"]
    result = run(record("a"), record("b", pages="700-712"), config=config)
    assert same(result, "a", "b")


# --------------------------------------------------------------------------- study links


def test_conference_abstract_and_article_share_a_study_but_not_a_cluster():
    result = run(
        record("a"),
        record(
            "b",
            journal="Journal of Clinical Oncology. Conference: ASCO Annual Meeting",
            volume="37",
            pages="4100",
            year="2018",
            type="Conference Abstract",
        ),
    )
    assert not same(result, "a", "b")
    clusters = result.clusters.set_index("record_id")
    assert clusters.loc["a", "study_id"] == clusters.loc["b", "study_id"] == "S-a"
    links = result.study_links.set_index("cluster_id")
    assert links.loc["C-b", "linked_by"] == "conference_and_article"


def test_protocol_and_results_are_linked():
    result = run(
        record(
            "a",
            title="Embolization versus resection for NET liver metastases: study protocol "
            "for a randomised trial",
            year="2016",
            journal="Trials",
            volume="17",
            pages="101",
        ),
        record(
            "b",
            title="Embolization versus resection for NET liver metastases: a randomised trial",
            year="2020",
        ),
    )
    assert not same(result, "a", "b")
    assert result.clusters["study_id"].nunique() == 1
    assert set(result.study_links["linked_by"]) == {"protocol_and_results"}


def test_unrelated_records_are_their_own_study():
    result = run(
        record("a"),
        record(
            "b",
            title="Quality of life after liver transplantation for NET",
            authors="Olsen, K",
            year="2010",
        ),
    )
    assert set(result.study_links["linked_by"]) == {"self"}


# --------------------------------------------------------------------------- output tables


def test_every_record_appears_once_and_tables_have_the_documented_columns():
    records = [
        record("a"),
        record("b"),
        record("c", title="Another paper on NET resection", pages="90-99"),
        record("d", title="", authors="", year="", journal="", volume="", pages=""),
    ]
    result = run(*records)
    assert sorted(result.clusters["record_id"]) == ["a", "b", "c", "d"]
    assert list(result.clusters.columns) == CLUSTER_COLUMNS
    assert list(result.canonical.columns) == CANONICAL_COLUMNS
    assert list(result.merge_log.columns) == MERGE_LOG_COLUMNS
    assert list(result.study_links.columns) == STUDY_LINK_COLUMNS
    assert len(result.canonical) == result.clusters["cluster_id"].nunique() == 3


def test_canonical_record_is_the_most_complete_member_and_fills_gaps():
    result = run(
        record("a", doi="10.1000/x", abstract=""),
        record("b", doi="10.1000/x", abstract="Background: ...", pmid="123", keywords="NET"),
    )
    row = result.canonical.iloc[0]
    assert row["cluster_id"] == "C-a" and row["study_id"] == "S-a"
    assert row["record_id"] == "b"  # b has more fields filled
    assert row["member_record_ids"] == "a; b"
    assert row["member_source_sha256s"] == "sha-a; sha-b"
    assert row["n_members"] == 2
    assert result.clusters.set_index("record_id").loc["b", "is_canonical"] == "yes"


def test_outputs_are_deterministic_and_sorted(tmp_path):
    records = [record("c"), record("a"), record("b", title="Quality of life after NET surgery")]
    first = write_outputs(run(*records), tmp_path / "one")
    second = write_outputs(run(*reversed(records)), tmp_path / "two")
    for name in first:
        assert Path(first[name]).read_bytes() == Path(second[name]).read_bytes(), name
    clusters = pd.read_csv(first["clusters"], dtype=str)
    assert list(clusters["record_id"]) == ["a", "b", "c"]


def test_duplicate_record_ids_are_a_clear_error():
    with pytest.raises(DedupInputError, match="'a' occurs more than once"):
        run(record("a"), record("a"))


def test_missing_columns_are_a_clear_error():
    with pytest.raises(DedupInputError, match="lack the columns"):
        deduplicate(pd.DataFrame([{"record_id": "a", "title": "x"}]), {}, [])


# --------------------------------------------------------------------------- stored features

# Records whose features use every stored form: numbers and a part in the title, a weak title,
# no title, an e-locator page (no range), a single page, a journal with stop words, no journal.
VARIED = [
    record("a", title="Part II: 5-year outcomes of 90 TACE sessions", pages="e12724"),
    record("b", title="Reply", journal="", pages="488"),
    record("c", title="", authors="", year="", doi="10.1000/X%2817%29", pmid="555"),
    record("d", journal="The Journal of Surgery and the Liver", pages="945-948", volume="12)"),
    record("e", title="Erratum: Hepatic arterial embolization", year="2019a"),
]


def test_feature_tables_read_back_as_the_features_built():
    frame = pd.DataFrame(VARIED)
    config = validate_config({})
    built = build_features(frame, config)
    table = features_table(frame, built)
    # as the workflow stores it: a CSV of text, read back as text
    table = pd.read_csv(io.StringIO(table.to_csv(index=False)), dtype=str, na_filter=False)
    back = features_from_tables([table.iloc[3:], table.iloc[:3]], list(frame["record_id"]))
    pd.testing.assert_frame_equal(back, built)
    assert back.loc[0, "numbers"] == frozenset({"5", "90"})  # "II" is the part, not a number
    assert back.loc[0, "part"] == "part 2"
    assert back.loc[0, "page_range"] is None  # an e-locator is no range
    assert back.loc[1, "page_range"] == (488, 488)
    assert back.loc[3, "page_range"] == (945, 948)
    assert bool(back.loc[1, "weak_title"]) and bool(back.loc[2, "no_title"])


def test_deduplicate_from_batch_feature_tables_is_deduplicate_building_them():
    records = pd.DataFrame([*VARIED, record("f"), record("g", doi="10.1000/x"), record("h")])
    config = validate_config({})
    built = build_features(records, config)
    halves = [
        features_table(records[:4], built[:4]),
        features_table(records[4:], built[4:]),
    ]
    from_tables = deduplicate(records, {}, [], feature_tables=halves)
    direct = deduplicate(records, {}, [])
    assert same(direct, "f", "h")  # the same paper twice, so the comparison is not of singletons
    for name in ("clusters", "canonical", "merge_log", "study_links"):
        pd.testing.assert_frame_equal(getattr(from_tables, name), getattr(direct, name))


def test_a_record_missing_from_or_repeated_in_the_feature_tables_is_a_clear_error():
    records = pd.DataFrame([record("a"), record("b")])
    only_a = features_table(records[:1], build_features(records[:1], validate_config({})))
    with pytest.raises(DedupInputError, match=r"'b'.*forcerun dedup_features"):
        deduplicate(records, {}, [], feature_tables=[only_a])
    with pytest.raises(DedupInputError, match=r"'a' has features in more than one table"):
        deduplicate(records, {}, [], feature_tables=[only_a, only_a])


def test_canonical_records_from_the_clusters_table_are_deduplicates_own():
    """The workflow writes the canonical records in a job of their own, from the clusters
    table read back as text: the same table, rows and cells, as deduplicate builds."""
    records = pd.DataFrame(
        [
            *VARIED,
            record("f", abstract=""),
            record("g", abstract="Background: ...", pmid="123", keywords="NET"),
            record("h", doi="10.1000/x", pages=""),
        ]
    )
    direct = deduplicate(records, {}, [])
    assert same(direct, "f", "g")  # a cluster whose canonical record takes a field from another
    lean = deduplicate(records, {}, [], canonical=False)
    assert lean.canonical is None
    pd.testing.assert_frame_equal(lean.clusters, direct.clusters)
    # as the workflow runs it: the batches' feature tables and two columns of the records
    built = build_features(records, validate_config({}))
    tables = [features_table(records[:5], built[:5]), features_table(records[5:], built[5:])]
    ids_only = records[["record_id", "source_sha256"]]
    from_tables = deduplicate(ids_only, {}, [], feature_tables=tables, canonical=False)
    for name in ("clusters", "merge_log", "study_links"):
        pd.testing.assert_frame_equal(getattr(from_tables, name), getattr(direct, name))
    # By hand: record() fills title, authors, year, journal, volume, issue and pages (7 of
    # the bibliographic fields); g adds abstract, pmid and keywords (10). The stored counts,
    # not the record order, make g the canonical record.
    assert tables[1].set_index("record_id").loc[["f", "g"], "fields_filled"].tolist() == [
        "7",
        "10",
    ]
    assert from_tables.clusters.set_index("record_id").loc["g", "is_canonical"] == "yes"
    clusters = pd.read_csv(io.StringIO(lean.clusters.to_csv(index=False)), dtype=str)
    rebuilt = canonical_records(records.sample(frac=1, random_state=3), clusters)
    pd.testing.assert_frame_equal(rebuilt, direct.canonical)


def test_canonical_records_from_a_stale_clusters_table_are_a_clear_error():
    records = pd.DataFrame([record("a", abstract=""), record("b", abstract="Methods: ...")])
    clusters = deduplicate(records, {}, [], canonical=False).clusters
    with pytest.raises(DedupInputError, match=r"record c .*not in the clusters table.*dedup"):
        canonical_records(pd.concat([records, pd.DataFrame([record("c")])]), clusters)
    # b, with the abstract, represents the cluster; a table that marks a is from other records
    stale = clusters.assign(is_canonical=clusters["record_id"].map({"a": "yes", "b": "no"}))
    with pytest.raises(DedupInputError, match=r"record a: the clusters table marks"):
        canonical_records(records, stale)


# --------------------------------------------------------------------------- seeds and scale


def test_the_five_seed_abstract_pages_are_five_studies(project_root):
    from litreview.readers import read_source

    frames = []
    for path in sorted((project_root / "raw").glob("*.txt")):
        frames.append(pd.DataFrame(read_source(path, path.read_bytes(), path.name).records))
    records = pd.concat(frames, ignore_index=True)
    for column in RECORD_COLUMNS:
        if column not in records.columns:
            records[column] = ""
    result = deduplicate(records, {}, [])
    assert len(records) == 5
    assert result.clusters["cluster_id"].nunique() == 5
    assert result.clusters["study_id"].nunique() == 5


def test_generated_corpus_groups_are_found(project_root):
    # Speed is measured by workflow/benchmarks/bench_dedup.py, not asserted here.
    sys.path.insert(0, str(project_root / "workflow" / "benchmarks"))
    from corpus_gen import generate_corpus

    records, groups = generate_corpus(3000, seed=11)
    result = deduplicate(records, {}, [])
    cluster = dict(zip(result.clusters["record_id"], result.clusters["cluster_id"], strict=True))
    found = sum(len({cluster[r] for r in g}) == 1 for g in groups)
    assert found / len(groups) > 0.9


def test_long_steps_report_progress_to_the_dedup_logger(caplog):
    with caplog.at_level("INFO", logger="litreview.dedup"):
        run(
            record("a"),
            record("b", title=TITLE.lower()),
            record(
                "c",
                title="Octreotide LAR in midgut carcinoid tumours: a randomised trial",
                authors="Doe, Jane",
                year="2001",
                journal="Lancet",
                volume="357",
                pages="1-9",
            ),
        )
    messages = [r.getMessage() for r in caplog.records if r.name == "litreview.dedup"]
    assert "features of 3 records" in messages
    assert any(m.startswith("candidate pairs: key 1 of 9 (doi)") for m in messages)
    # a and b share every blocking key; c shares none with them.
    assert "scoring pairs: 1 of 1" in messages
