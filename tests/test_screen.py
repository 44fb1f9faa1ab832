"""Screening: seeds screen in, each exclusion reason fires on its fault, reviewers override,
kappa is statsmodels'."""

from pathlib import Path

import pandas as pd
import pytest

from litreview.extract import ConfigError, load_vocabulary
from litreview.screen import apply_screening_decisions, load_criteria, screen_record

RAW = Path(__file__).resolve().parents[1] / "raw"
INCLUDED = (
    "Transarterial chemoembolization for neuroendocrine liver metastases\n\n"
    "We studied 40 patients with neuroendocrine tumour liver metastases treated with TACE. "
    "Median overall survival was 40 months and the response rate was 50%. " * 2
)


@pytest.fixture(scope="module")
def vocab(project_root):
    return load_vocabulary(project_root / "config" / "vocabulary.yaml")


@pytest.fixture(scope="module")
def criteria(project_root, vocab):
    return load_criteria(project_root / "config" / "screening.yaml", vocab)


def test_all_seeds_screen_in(criteria, vocab):
    for path in sorted(RAW.glob("*.txt")):
        result = screen_record(path.read_text(encoding="utf-8"), criteria, vocab)
        assert (result["decision"], result["reason_code"]) == ("include", "meets_criteria")
        criteria_seen = {e["criterion"].split(":")[0] for e in result["evidence"]}
        assert criteria_seen == {"population", "intervention", "outcome"}


def test_evidence_spans_point_at_the_terms(criteria, vocab):
    result = screen_record(INCLUDED, criteria, vocab)
    for item in result["evidence"]:
        assert INCLUDED[item["start"] : item["end"]] == item["term"]


@pytest.mark.parametrize(
    ("text", "language", "decision", "code"),
    [
        (INCLUDED, "ger", "exclude", "wrong_language"),
        ("TACE for neuroendocrine liver metastases: a systematic review and meta-analysis\n\n"
         + INCLUDED.split("\n\n")[1], "", "exclude", "excluded_design"),
        ("Liver metastases of neuroendocrine tumours: a case report\n\nA 54-year-old woman "
         "with carcinoid liver metastases underwent resection and was well at 2 years. " * 3,
         "", "exclude", "excluded_design"),
        ("TACE for hepatocellular carcinoma\n\nWe treated 100 patients with hepatocellular "
         "carcinoma using TACE; median overall survival was 20 months. " * 2, "", "exclude",
         "wrong_population"),
        ("PRRT for neuroendocrine liver metastases\n\nWe treated 100 patients with "
         "neuroendocrine liver metastases with PRRT; median survival was 50 months. " * 2, "",
         "exclude", "wrong_intervention"),
        ("TACE for neuroendocrine liver metastases\n\n", "", "unclear", "no_abstract"),
    ],
)  # fmt: skip
def test_reasons(criteria, vocab, text, language, decision, code):
    result = screen_record(text, criteria, vocab, language=language)
    assert (result["decision"], result["reason_code"]) == (decision, code)


def test_mentioning_reviews_in_background_does_not_exclude(criteria, vocab):
    text = INCLUDED + " Earlier meta-analyses were small."
    assert screen_record(text, criteria, vocab)["decision"] == "include"


def auto_table():
    return pd.DataFrame(
        {"record_id": [f"r{i}" for i in range(6)], "decision": ["include"] * 6,
         "reason_code": ["meets_criteria"] * 6, "reason": [""] * 6}
    )  # fmt: skip


def write(path, rows, reviewer):
    lines = ["# a comment line", "record_id,decision,reason,reviewer"]
    lines += [f"{rid},{dec},{reason},{reviewer}" for rid, dec, reason in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_reviewers_override_and_kappa(tmp_path, criteria):
    a = write(tmp_path / "a.csv", [("r0", "include", "meets_criteria"),
                                   ("r1", "exclude", "wrong_population"),
                                   ("r2", "exclude", "wrong_population"),
                                   ("r3", "include", "meets_criteria")], "AA")  # fmt: skip
    b = write(tmp_path / "b.csv", [("r0", "include", "meets_criteria"),
                                   ("r1", "exclude", "wrong_population"),
                                   ("r2", "include", "meets_criteria"),
                                   ("r3", "include", "meets_criteria")], "BB")  # fmt: skip
    table, agreement = apply_screening_decisions(auto_table(), [a, b], criteria.reason_codes)
    row = table.set_index("record_id")
    assert row.loc["r1", ["decision", "reason_code", "decision_source"]].tolist() == [
        "exclude", "wrong_population", "manual"]  # fmt: skip
    assert row.loc["r2", ["decision", "reason_code"]].tolist() == ["unclear", "reviewer_conflict"]
    assert row.loc["r5", "decision_source"] == "auto"
    # 2x2 over include/exclude: agree on 3 of 4; p_o = .75, p_e = (3*2 + 1*2)/16 = .5,
    # kappa = (.75 - .5) / (1 - .5) = .5
    assert agreement == [{"reviewer_a": "AA", "reviewer_b": "BB", "n_both": 4,
                          "observed_agreement": 0.75, "kappa": 0.5}]  # fmt: skip


def test_bad_decision_file_names_file_and_row(tmp_path, criteria):
    bad = write(tmp_path / "bad.csv", [("r0", "maybe", "meets_criteria")], "AA")
    with pytest.raises(ConfigError, match=r"bad.csv: data row 1: decision 'maybe'"):
        apply_screening_decisions(auto_table(), [bad], criteria.reason_codes)
    unknown = write(tmp_path / "unknown.csv", [("r9", "include", "meets_criteria")], "AA")
    with pytest.raises(ConfigError, match="'r9' is not a screened record"):
        apply_screening_decisions(auto_table(), [unknown], criteria.reason_codes)


def test_no_decision_files_leaves_rules(criteria):
    table, agreement = apply_screening_decisions(auto_table(), [], criteria.reason_codes)
    assert agreement == [] and set(table["decision_source"]) == {"auto"}


def test_shipped_decisions_folder_holds_no_active_decisions(project_root):
    assert list((project_root / "config" / "screening_decisions").glob("*.csv")) == []


# Abstracts below were written for these tests (no real study); each expected decision comes from
# reading the text against the criteria in config/screening.yaml.
def decide(text, criteria, vocab):
    result = screen_record(text, criteria, vocab)
    return result["decision"], result["reason_code"]


@pytest.mark.parametrize(
    "text",
    [
        # words between "hepatic" and "metastases"
        "Outcomes after embolization of hepatic neuroendocrine tumour (NET) metastases\n\n"
        "Between 2005 and 2019, 88 patients received transarterial embolization at two centres. "
        "Median overall survival was 52 months and 30-day mortality was 1.1%. Toxicity was mild "
        "and mostly transient, and repeat sessions were well tolerated by most patients.",
        # the liver named as the site, after the metastases
        "Microwave ablation when carcinoid metastases are confined to the liver\n\n"
        "We retrospectively studied 41 patients whose carcinoid metastases were confined to the "
        "liver and who had microwave ablation of up to five lesions. Local tumour progression "
        "occurred in 7% of lesions and median progression-free survival was 19 months.",
        # a liver operation for "metastatic" disease
        "Hepatectomy for metastatic pancreatic neuroendocrine tumours\n\n"
        "Sixty-two patients had a hepatectomy for metastatic pancreatic NETs at our hospital. "
        "Major complications occurred in 16% and five-year overall survival was 71%. "
        "Incomplete resection predicted earlier recurrence in multivariable analysis.",
        # radioembolization only exists for the liver: the metastases are implied
        "Yttrium-90 radioembolization in neuroendocrine neoplasms\n\n"
        "Thirty-one patients with neuroendocrine neoplasms were treated with resin "
        "radioembolization, 40% as whole-liver sessions. The disease control rate at six months "
        "was 84% and grade 3 toxicity was seen in three patients; median survival was 3.1 years.",
    ],
)
def test_liver_metastases_named_in_other_words_are_found(criteria, vocab, text):
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_liver_and_metastases_far_apart_do_not_make_the_population(criteria, vocab):
    text = (
        "Lung carcinoid: resection and outcomes\n\n"
        "We reviewed 120 patients with typical lung carcinoid who underwent lobectomy; distant "
        "metastases developed in 9 of them. Five-year survival was 93%. Liver function tests and "
        "imaging of the abdomen were part of the follow-up protocol in every patient."
    )
    assert decide(text, criteria, vocab) == ("exclude", "wrong_population")


def test_a_negated_population_term_does_not_count(criteria, vocab):
    text = (
        "Resection of non-neuroendocrine liver metastases\n\n"
        "We reviewed 75 patients who underwent liver resection for non-neuroendocrine, "
        "non-colorectal liver metastases from 2001 to 2015. Median overall survival was 38 months "
        "and 90-day mortality was 2.7%. Patients with a disease-free interval over a year "
        "lived longer."
    )
    assert decide(text, criteria, vocab) == ("exclude", "wrong_population")


PROTOCOL = (
    "Chemoembolization before resection of neuroendocrine liver metastases: a randomized trial\n\n"
    "About a quarter of grade 2 NET have liver metastases at diagnosis. In this multicentre "
    "trial, 120 to 160 patients with resectable neuroendocrine liver metastases will be "
    "randomized to chemoembolization followed by hepatectomy or to hepatectomy alone. The "
    "primary endpoint is recurrence-free survival at three years; secondary endpoints include "
    "morbidity, overall survival and quality of life. Recruitment opened in 2023."
)


def test_a_protocol_in_the_future_tense_is_excluded(criteria, vocab):
    result = screen_record(PROTOCOL, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    assert result["evidence"][0]["criterion"] == "design:protocol_cue"
    assert result["evidence"][0]["term"] == "will be randomized"


def test_a_results_paper_that_speaks_of_the_future_is_kept(criteria, vocab):
    text = (
        "Bland embolization of neuroendocrine liver metastases\n\n"
        "Ninety patients with neuroendocrine liver metastases underwent bland embolization. "
        "Median hepatic progression-free survival was 21 months. A randomized trial will be "
        "needed, and patients will be followed for late biliary complications."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # the article describes itself; "review" as a verb
        ("Liver transplantation for neuroendocrine liver metastases\n\n"
         "Liver transplantation is an option for a few patients with unresectable neuroendocrine "
         "liver metastases, and reported five-year survival exceeds 60%. This chapter summarizes "
         "the selection criteria in use, survival and recurrence after transplantation, and how "
         "the criteria compare.", "This chapter summarizes"),
        # the literature as subject, the present perfect, results as ranges across studies
        ("Chemoembolization for neuroendocrine liver metastases\n\n"
         "Chemoembolization is widely used for neuroendocrine liver metastases. Symptomatic "
         "response has been reported in most patients, and published series suggest radiological "
         "response in about half. Median overall survival ranges from 24 to 60 months.",
         "has been reported"),
        # an opinion piece: no patients of its own, a debate and a recommendation
        ("Ablation or resection for small neuroendocrine liver metastases?\n\n"
         "Whether small neuroendocrine liver metastases are better resected or ablated remains "
         "open. There is no consensus on margins, and thermal ablation should be considered when "
         "surgery would sacrifice much liver. Survival and morbidity are discussed here.",
         "There is no consensus"),
    ],
)  # fmt: skip
def test_reviews_and_opinion_without_a_design_term_are_excluded(criteria, vocab, text, cue):
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    first = result["evidence"][0]
    assert first["term"] == cue and text[first["start"] : first["end"]] == cue


def test_a_systematic_search_done_by_the_authors_is_a_systematic_review(criteria, vocab):
    text = (
        "Surgery for neuroendocrine liver metastases\n\n"
        "A systematic search of MEDLINE and Embase was carried out to gather the evidence on "
        "liver resection for neuroendocrine liver metastases. Thirty series with 1,900 patients "
        "reported five-year overall survival of 60 to 80%."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    assert result["evidence"][0]["term"] == "systematic search"


def test_no_own_data_and_no_review_cue_is_unclear(criteria, vocab):
    text = (
        "Locoregional treatment of neuroendocrine liver metastases\n\n"
        "Neuroendocrine liver metastases are common and often slow-growing. Resection, ablation "
        "and transarterial chemoembolization each control hepatic disease, and survival after "
        "treatment is long. Choosing between them depends on tumour grade, the extent of liver "
        "involvement and symptoms from hormone secretion."
    )
    assert decide(text, criteria, vocab) == ("unclear", "no_own_data")


def test_surgery_of_the_primary_tumour_only_is_unclear(criteria, vocab):
    text = (
        "Surgery in small-intestinal neuroendocrine tumours with liver metastases\n\n"
        "From a national registry we identified 640 patients with small-intestinal NETs and "
        "unresectable liver metastases; 250 had resection of the primary tumour. Overall "
        "survival was longer after primary tumour resection (median 98 vs 64 months)."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("unclear", "primary_tumour_surgery")
    assert result["evidence"][0]["criterion"] == "intervention:primary_tumour_surgery"


def test_surgery_of_primary_and_liver_together_is_liver_directed(criteria, vocab):
    text = (
        "Synchronous resection of primary and liver in pancreatic NETs\n\n"
        "We compared 48 patients who had pancreatectomy with simultaneous liver resection and "
        "36 who had the primary removed first. Morbidity was 31% and 25%, and median overall "
        "survival was not reached in either group."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_a_series_of_mixed_primaries_is_unclear(criteria, vocab):
    text = (
        "Radiofrequency ablation of liver metastases from uncommon primaries\n\n"
        "We treated 52 patients with liver metastases from breast cancer (18), melanoma (9), "
        "gastric cancer (7), neuroendocrine tumours (12) and sarcoma (6) with radiofrequency "
        "ablation. Local recurrence occurred in 14% and median overall survival was 33 months."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("unclear", "mixed_population")
    for item in result["evidence"]:
        assert text[item["start"] : item["end"]] == item["term"]


def test_one_other_cancer_in_the_background_is_not_a_mixed_series(criteria, vocab):
    text = (
        "Microwave ablation for neuroendocrine liver metastases\n\n"
        "Ablation is established for colorectal cancer metastases; we studied it in 37 patients "
        "with neuroendocrine liver metastases. Complete ablation was achieved in 95% of lesions "
        "and median overall survival was 81 months."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_numbers_that_are_labels_or_parts_of_names_do_not_count_patients(criteria, vocab):
    # "grade 2 patients" and "MEN-1 patients" name kinds of patient, not how many were studied:
    # the protocol still reports no data of its own
    text = PROTOCOL + " Grade 2 patients and MEN-1 patients are eligible."
    assert decide(text, criteria, vocab) == ("exclude", "excluded_design")
    # a count of the work's own patients outweighs the future tense: recall first, a reviewer
    # looks at the record
    counted = PROTOCOL + " By June, 41 patients had been enrolled."
    assert decide(counted, criteria, vocab) == ("include", "meets_criteria")


def test_a_broken_cue_pattern_is_a_config_error(tmp_path, project_root, vocab):
    config = (project_root / "config" / "screening.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "screening.yaml"
    bad.write_text(config.replace("  future: '", "  future: '(unclosed"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"screening.yaml: .*not a valid regular expression"):
        load_criteria(bad, vocab)
    bad.write_text(
        config.replace("ambiguous_modalities: [resection]", "ambiguous_modalities: [surgery]"),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"ambiguous_modalities: \['surgery'\] are not ids"):
        load_criteria(bad, vocab)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Chemoembolization of a hepatic gastrinoma metastasis\n\n"
         "A 58-year-old man with a gastrinoma and liver metastases underwent three sessions of "
         "transarterial chemoembolization. His gastrin level fell by 80% and he was free of "
         "symptoms for 26 months; no complications occurred after any session.",
         "A 58-year-old man"),
        ("Salvage transplantation for carcinoid liver metastases\n\n"
         "We describe a young woman whose carcinoid liver metastases progressed after two "
         "embolizations and who received a liver transplant. She remained free of recurrence "
         "four years later, and overall survival was not affected by the earlier treatments.",
         "We describe a young woman"),
    ],
)  # fmt: skip
def test_one_patient_described_is_a_case_report(criteria, vocab, text, cue):
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    assert result["evidence"][0]["term"] == cue


def test_extrahepatic_metastases_alone_do_not_make_the_population(criteria, vocab):
    text = (
        "Ablation of the primary in pancreatic NETs\n\n"
        "We treated 45 patients with small pancreatic neuroendocrine tumours by endoscopic "
        "ultrasound-guided radiofrequency ablation; 3 had extra-hepatic metastases. Complete "
        "ablation was reached in 89% and adverse events occurred in 11%."
    )
    assert decide(text, criteria, vocab) == ("exclude", "wrong_population")


def test_a_comment_on_another_papers_study_is_excluded(criteria, vocab):
    # an editorial names the study it discusses; the patients counted are that study's
    text = (
        "Embolization first?\n\n"
        "In this issue, Moreau and colleagues compare bland embolization with chemoembolization "
        "in 212 patients with neuroendocrine liver metastases and find similar survival. Their "
        "results deserve attention because the two treatments differ in cost and toxicity."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    assert result["evidence"][0]["criterion"] == "design:editorial"


def test_citing_authors_without_own_data_is_a_review(criteria, vocab):
    text = (
        "Radioembolization of neuroendocrine liver metastases\n\n"
        "Radioembolization delivers yttrium-90 to neuroendocrine liver metastases. Kennedy et al "
        "found few late liver injuries, and response is reported in half of patients. Median "
        "survival after radioembolization lies between two and six years."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    assert result["evidence"][0]["term"] == "et al"


def test_statistics_of_its_own_analysis_are_own_data(criteria, vocab):
    # no count and no method verb, only the results of an analysis: a primary study's fragment
    text = (
        "Predictors of survival after chemoembolization of neuroendocrine liver metastases\n\n"
        "Grade 3 tumours (hazard ratio 2.8, 95% CI 1.6-4.9) and more than half of the liver "
        "involved were tied to shorter overall survival in the multivariable model, and bilobar "
        "disease was not (P = .21). Carcinoid syndrome at presentation made no difference to "
        "hepatic progression-free survival."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_a_liver_directed_therapy_the_vocabulary_lacks_meets_the_criterion(criteria, vocab):
    text = (
        "Stereotactic body radiotherapy for hepatic metastases of neuroendocrine tumours\n\n"
        "Between 2012 and 2020, 33 patients with well-differentiated NET liver metastases "
        "received SBRT to one to three lesions. Local control at one year was 90%, median "
        "progression-free survival was 11 months and no grade 4 toxicity occurred."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_a_liver_treatment_in_unlisted_words_is_unclear_not_excluded(criteria, vocab):
    # "hepatic irradiation with protons" is no listed therapy, but it treats the liver: a
    # reviewer decides, the record is not lost
    text = (
        "Proton beam treatment of carcinoid liver metastases\n\n"
        "Nineteen patients with carcinoid liver metastases had hepatic irradiation with protons "
        "at two centres between 2014 and 2021. Median overall survival was 58 months and "
        "flushing improved in 11 of 14 symptomatic patients."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("unclear", "intervention_unclear")
    # the title's "treatment of carcinoid liver" is the first treatment of the liver named
    assert result["evidence"][0]["term"] == "treatment of carcinoid liver"


def test_a_protocol_with_an_unlisted_liver_treatment_is_excluded_for_its_design(criteria, vocab):
    text = (
        "Hepatic irradiation for neuroendocrine liver metastases: a phase 2 trial\n\n"
        "Patients with neuroendocrine liver metastases will receive hepatic irradiation in five "
        "fractions. The primary endpoint is hepatic progression-free survival at one year; "
        "toxicity and quality of life will be assessed every three months."
    )
    assert decide(text, criteria, vocab) == ("exclude", "excluded_design")


@pytest.mark.parametrize(
    ("text", "earlier", "other"),
    [
        ("Lutetium PRRT in neuroendocrine tumours with liver metastases\n\n"
         "We treated 96 patients with neuroendocrine liver metastases with 177Lu-DOTATATE; 41 "
         "had prior liver-directed therapy. Median progression-free survival was 24 months and "
         "did not differ between patients with and without it.",
         "liver-directed therapy", "prrt"),
        ("Lanreotide for neuroendocrine liver metastases\n\n"
         "Of 75 patients with NET liver metastases given lanreotide, 30 had previously undergone "
         "hepatic resection. Disease control at two years was 63% and median overall survival "
         "was not reached. Diarrhoea and flushing improved in most patients, and injection-site "
         "reactions were mild.",
         "hepatic resection", "systemic"),
    ],
)  # fmt: skip
def test_liver_therapy_only_as_earlier_treatment_of_a_systemic_study_is_excluded(
    criteria, vocab, text, earlier, other
):
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "wrong_intervention")
    assert "earlier treatment" in result["reason"]
    assert result["evidence"][0]["term"] == earlier
    assert result["evidence"][1]["criterion"] == f"intervention:other:{other}"


def test_liver_therapy_only_as_earlier_treatment_with_no_other_treatment_is_unclear(
    criteria, vocab
):
    text = (
        "Quality of life in neuroendocrine liver metastases\n\n"
        "We surveyed 120 patients with neuroendocrine liver metastases, 52 of them with a history "
        "of liver resection. Fatigue was reported by 61% and overall survival at five years was "
        "74% in this registry. Fatigue was worse in those with carcinoid syndrome and in women."
    )
    assert decide(text, criteria, vocab) == ("unclear", "intervention_unclear")


def test_a_therapy_given_after_something_prior_to_it_is_the_studys_own(criteria, vocab):
    # "prior to TACE" places something before the therapy the study gives
    text = (
        "Cone-beam CT guidance of chemoembolization for NET liver metastases\n\n"
        "Cone-beam CT was acquired prior to TACE in 38 consecutive patients with neuroendocrine "
        "liver metastases. Objective response was seen in 47% and median overall survival was "
        "44 months. The added radiation dose was small and no session had to be repeated."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Hepatic resection for neuroendocrine liver metastases\n\n"
         "Eighteen published series comprising 640 patients who underwent hepatic resection of "
         "neuroendocrine liver metastases were analysed. Five-year overall survival ranged from "
         "61% to 74% and median morbidity was 24%.",
         "Eighteen published series comprising 640 patients"),
        ("Transplantation for neuroendocrine liver metastases\n\n"
         "In total, 512 patients from 14 single-centre reports underwent liver transplantation "
         "for neuroendocrine liver metastases. Pooled five-year overall survival was 63% and "
         "recurrence occurred in 45%. Recurrence was more frequent after Ki-67 above 10%.",
         "512 patients from 14 single-centre reports"),
        ("Ablation of neuroendocrine liver metastases\n\n"
         "Nine studies were included after screening 410 titles. Complete ablation was reached "
         "in 89% of 302 patients treated with radiofrequency ablation, and major complications "
         "occurred in 7%. Local recurrence was more common in lesions above 3 cm.",
         "Nine studies were included"),
    ],
)  # fmt: skip
def test_other_studies_counted_with_their_patients_make_a_review(criteria, vocab, text, cue):
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    assert result["evidence"][0] == {
        "criterion": "design:pooled_cue", "term": cue, "start": text.index(cue),
        "end": text.index(cue) + len(cue),
    }  # fmt: skip


def test_own_patients_compared_with_other_studies_stay_a_primary_study(criteria, vocab):
    text = (
        "Hepatic resection for neuroendocrine liver metastases\n\n"
        "At our institution, 64 patients underwent hepatic resection of neuroendocrine liver "
        "metastases. Five-year overall survival was 79%, above that of 12 earlier series with "
        "850 patients. Major morbidity was 14%."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_own_retrospective_series_citing_pooled_studies_is_a_primary_study(criteria, vocab):
    text = (
        "Chemoembolization of neuroendocrine liver metastases\n\n"
        "We retrospectively reviewed 57 patients treated with TACE for neuroendocrine liver "
        "metastases. Radiological response was 54%, close to the 50% of 9 studies with 412 "
        "patients in the literature. Median overall survival was 49 months."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_a_title_on_liver_tumours_with_two_other_primaries_is_a_mixed_series(criteria, vocab):
    text = (
        "Percutaneous ablation of liver malignancies at a single centre\n\n"
        "We reviewed 96 patients whose liver tumours were ablated: hepatocellular carcinoma in "
        "41, colorectal metastases in 37 and neuroendocrine metastases in 18. Median overall "
        "survival was 39 months and complications occurred in 8%."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("unclear", "mixed_population")
    assert {e["criterion"] for e in result["evidence"][:2]} == {
        "population:mixed:colorectal", "population:mixed:hepatocellular",
    }  # fmt: skip


def test_a_neuroendocrine_title_with_two_other_primaries_in_passing_is_kept(criteria, vocab):
    text = (
        "Ablation of neuroendocrine liver metastases\n\n"
        "Ablation is routine for hepatocellular carcinoma and colorectal metastases; we studied "
        "it in 44 patients with neuroendocrine liver metastases. Median overall survival was "
        "96 months and complications occurred in 6%."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_surgery_of_the_primary_named_apart_from_the_liver_is_excluded(criteria, vocab):
    # every sentence that names an operation speaks of the primary; the liver metastases are
    # only the population
    text = (
        "Primary tumour resection in small-bowel NETs\n\n"
        "A registry held 530 patients with small-bowel neuroendocrine tumours and liver "
        "metastases. Of these, 212 had resection of the primary tumour. Overall survival was "
        "longer after surgery (median 101 vs 72 months)."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "wrong_intervention")
    assert result["evidence"][0]["criterion"] == "intervention:primary_tumour_surgery"


def test_every_reason_code_the_rules_give_must_be_configured(tmp_path, project_root, vocab):
    config = (project_root / "config" / "screening.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "screening.yaml"
    bad.write_text(
        "\n".join(x for x in config.splitlines() if not x.startswith("  mixed_population:")),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"reason_codes: 'mixed_population' is a required"):
        load_criteria(bad, vocab)
    bad.write_text(config.replace("group: neuroendocrine", "group: tumour"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"title_lacks/group 'tumour' is not a group"):
        load_criteria(bad, vocab)


@pytest.mark.parametrize(
    "text",
    [
        # the older name: "endocrine tumours" without "neuro"
        "Chemoembolization of liver metastases from midgut endocrine tumours\n\n"
        "Thirty-eight patients with endocrine liver metastases were treated with "
        "chemoembolization at one hospital between 1995 and 2004. Median overall survival was "
        "46 months and symptoms improved in 70% of those with a hormonal syndrome.",
        "Hepatic resection for metastatic islet cell carcinoma\n\n"
        "We reviewed 27 patients who underwent hepatic resection for metastases of islet cell "
        "carcinoma. Five-year overall survival was 61% and major complications occurred in 4 "
        "patients (15%). Patients whose metastases were removed completely lived longer than "
        "those left with residual disease.",
    ],
)
def test_neuroendocrine_tumours_under_their_older_names_meet_the_population(criteria, vocab, text):
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_endocrine_therapy_is_not_an_endocrine_tumour(criteria, vocab):
    text = (
        "Hepatectomy for breast cancer liver metastases\n\n"
        "We reviewed 64 women who underwent hepatectomy for breast cancer liver metastases after "
        "endocrine therapy or chemotherapy. Median overall survival was 49 months and 90-day "
        "mortality was 1.6%. Hormone receptor status and a long disease-free interval predicted "
        "longer survival."
    )
    assert decide(text, criteria, vocab) == ("exclude", "wrong_population")


def test_a_title_on_primary_liver_neuroendocrine_tumours_is_the_wrong_population(criteria, vocab):
    # the body compares with liver metastases, yet the work is about tumours born in the liver
    text = (
        "Hepatectomy for primary hepatic neuroendocrine tumours: a 20-year experience\n\n"
        "We reviewed 23 patients who underwent hepatectomy for a neuroendocrine tumour arising "
        "in the liver, after a primary elsewhere had been ruled out. Their five-year overall "
        "survival was 74%, close to that of neuroendocrine liver metastases treated the same "
        "way."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "wrong_population")
    first = result["evidence"][0]
    assert first["term"] == "primary hepatic neuroendocrine"
    assert text[first["start"] : first["end"]] == first["term"]


def test_primary_liver_tumours_beside_liver_metastases_in_a_title_do_not_exclude(criteria, vocab):
    text = (
        "Primary hepatic NETs and neuroendocrine liver metastases after liver resection\n\n"
        "We compared 19 patients with a primary hepatic NET and 88 with neuroendocrine liver "
        "metastases who underwent liver resection at our centre. Five-year overall survival "
        "was 78% and 66%, and major morbidity did not differ between the two groups."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")
    # in the abstract only, a primary liver tumour is a differential diagnosis, not the topic
    body_only = (
        "Embolization of neuroendocrine liver metastases\n\n"
        "We treated 51 patients with neuroendocrine liver metastases by bland embolization; two "
        "had been thought to have a primary hepatic neuroendocrine tumour. Median overall "
        "survival was 44 months, and post-embolization syndrome was seen after 30% of sessions."
    )
    assert decide(body_only, criteria, vocab) == ("include", "meets_criteria")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # the liver named only as where disease came back after the primary was removed
        ("Recurrence after resection of small-bowel neuroendocrine tumours\n\n"
         "We identified 410 patients who underwent curative resection of small bowel NETs at "
         "four centres. Over a median of six years, 88 developed recurrence; recurrence in the "
         "liver was seen in 61, and liver-only recurrence was the commonest pattern after "
         "surgery. Five-year recurrence-free survival was 72%.", "resection of small-bowel"),
        # the liver metastases are what a score predicts after an operation on the stomach
        ("Predicting liver metastases after surgery for gastric neuroendocrine tumours\n\n"
         "We built a score for the risk of liver metastasis after gastrectomy or endoscopic "
         "resection in 530 patients with gastric NETs treated at three hospitals. Grade and "
         "size predicted metachronous liver metastases in multivariable analysis, and overall "
         "survival was 91% at five years.", "surgery for gastric"),
    ],
)  # fmt: skip
def test_operations_on_the_primary_with_the_liver_only_as_an_outcome_are_excluded(
    criteria, vocab, text, cue
):
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "wrong_intervention")
    assert result["evidence"][0]["criterion"] == "intervention:primary_tumour_surgery"
    assert result["evidence"][0]["term"] == cue


def test_resection_of_liver_metastases_named_by_their_primary_is_liver_directed(criteria, vocab):
    # "resection of pancreatic neuroendocrine tumour liver metastases": the organ names the
    # primary, the operation is on the liver
    text = (
        "Resection of pancreatic neuroendocrine tumour liver metastases\n\n"
        "We reviewed 58 patients who underwent resection of pancreatic neuroendocrine tumour "
        "liver metastases at two centres. Five-year overall survival was 68% and 30-day "
        "mortality 1.7%. Synchronous disease and a positive margin shortened the time to "
        "recurrence."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_an_operation_on_the_primary_beside_a_liver_word_of_its_own_sentence_is_unclear(
    criteria, vocab
):
    # the liver stands in the operation's sentence as a treated site, not as an outcome: a
    # reviewer decides whether the liver was operated on
    text = (
        "Surgery for pancreatic neuroendocrine tumours with liver involvement\n\n"
        "We reviewed 96 patients who had a distal pancreatectomy for pancreatic NETs, 30 of them "
        "with liver metastases at the time of surgery. Five-year overall survival was 80%, and "
        "postoperative pancreatic fistula occurred in 21% of patients."
    )
    assert decide(text, criteria, vocab) == ("unclear", "primary_tumour_surgery")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Transarterial therapies for neuroendocrine liver metastases: recent advances\n\n"
         "Neuroendocrine liver metastases are frequent and often confined to the liver. Bland "
         "embolization, chemoembolization and radioembolization treat them when resection is "
         "not possible, and the choice depends on grade, tumour burden and liver function.",
         "recent advances"),
        ("Treatment options for carcinoid liver metastases\n\n"
         "Carcinoid tumours spread to the liver in most patients with advanced disease. Liver "
         "resection, ablation and embolization each have a place, and symptoms from hormone "
         "excess often improve after the liver tumour burden is reduced.",
         "Treatment options"),
    ],
)  # fmt: skip
def test_a_review_title_without_own_data_is_a_review(criteria, vocab, text, cue):
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    assert result["evidence"][0]["criterion"] == "design:review_title_cue"
    assert result["evidence"][0]["term"] == cue


def test_a_review_title_over_own_data_is_a_primary_study(criteria, vocab):
    text = (
        "Treatment options for carcinoid liver metastases: one centre's results\n\n"
        "We treated 74 patients with carcinoid liver metastases by resection, ablation or "
        "embolization between 2001 and 2018. Median overall survival was 96 months and "
        "symptoms of the carcinoid syndrome improved in most patients."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


@pytest.mark.parametrize(
    "text",
    [
        # the hyphenated spelling, and the small-intestine abbreviation with a hyphen
        "Chemoembolization of neuro-endocrine liver metastases\n\n"
        "Fifty-two patients with neuro-endocrine liver metastases, most of them from SI-NETs, "
        "received chemoembolization at our unit. The objective response rate was 38% and median "
        "overall survival reached 57 months; one patient died within 30 days.",
        # glass microspheres treat only the liver: the metastases are implied
        "Glass microspheres in well-differentiated PanNETs\n\n"
        "We treated 29 patients with PanNETs using TheraSphere glass microspheres between 2010 "
        "and 2019. Disease control at one year was 76% and median progression-free survival was "
        "22 months; fatigue was the commonest adverse event.",
    ],
)
def test_spellings_and_abbreviations_of_the_population_are_found(criteria, vocab, text):
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_a_purpose_of_review_heading_makes_a_review(criteria, vocab):
    # a review with figures from other work that read like its own ("survival was ... 60%")
    text = (
        "Liver-directed therapy in neuroendocrine liver metastases\n\n"
        "Purpose of review: To set out where resection and embolization stand for neuroendocrine "
        "liver metastases. Recent findings: Five-year survival was above 60% after resection in "
        "recent series, and embolization relieved symptoms in most patients."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    assert result["evidence"][0]["term"] == "Purpose of review"


def test_a_liver_operation_in_unlisted_words_is_unclear_not_excluded(criteria, vocab):
    # "liver debulking" names no listed therapy but operates on the liver
    text = (
        "Liver debulking in neuroendocrine liver metastases\n\n"
        "We reviewed 47 patients with neuroendocrine liver metastases who had liver debulking "
        "with a 70% threshold between 2006 and 2018. Median overall survival was 9 years and "
        "symptoms of hormone excess resolved in 80% of those who had them."
    )
    assert decide(text, criteria, vocab) == ("unclear", "intervention_unclear")


def test_a_departments_name_and_an_abbreviated_population_are_not_primary_surgery(criteria, vocab):
    # "Pancreatic Surgery" names where the work was done; "resection of NELM" is an operation
    # on the liver even though the word "liver" is not beside it
    text = (
        "Outcomes of surgery for NELM\n\n"
        "From 2002 to 2020, 64 patients underwent resection of NELM in the Department of "
        "Hepatobiliary and Pancreatic Surgery of one university hospital. Five-year overall "
        "survival was 74% and major complications occurred in 13%."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


def test_reviewing_the_literature_is_not_data_of_its_own(criteria, vocab):
    text = (
        "Radiofrequency ablation of neuroendocrine liver metastases\n\n"
        "Ablation is a tissue-sparing option for small neuroendocrine liver metastases. We "
        "reviewed the published literature on radiofrequency ablation, alone or with "
        "resection, for patients in whom surgery alone would not clear the liver, and set out "
        "how lesions are selected."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "excluded_design")
    assert result["evidence"][0]["term"] == "reviewed the published literature"


@pytest.mark.parametrize(
    "title",
    [
        "Ablation of non-neuroendocrine liver metastases: a single-centre series",
        "Hepatectomy for liver metastases other than neuroendocrine and colorectal",
    ],
)
def test_a_title_that_rules_the_population_out_is_the_wrong_population(criteria, vocab, title):
    # the abstract names neuroendocrine metastases in passing, as a reference group
    text = (
        f"{title}\n\n"
        "Liver surgery is well established for neuroendocrine and colorectal liver metastases. "
        "We retrospectively analysed 58 patients with metastases of melanoma, breast and renal "
        "cancer treated in 2008-2021. Median overall survival was 31 months and major "
        "complications occurred in 9%."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "wrong_population")
    assert result["evidence"][0]["criterion"] == "population:title_negates:neuroendocrine"


def test_a_title_naming_the_population_beside_its_negation_is_not_ruled_out(criteria, vocab):
    text = (
        "Neuroendocrine versus non-neuroendocrine liver metastases treated by TACE\n\n"
        "We compared 44 patients with neuroendocrine liver metastases and 51 with other "
        "histologies, all treated with chemoembolization. Median overall survival was 41 and 17 "
        "months."
    )
    assert decide(text, criteria, vocab)[1] != "wrong_population"


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("Seventy patients with neuroendocrine liver metastases were surgically treated at our "
         "centre from 2004 to 2020.", "surgically treated"),
        ("We reviewed 70 patients with carcinoid liver metastases operated on at one hospital "
         "between 2004 and 2020.", "operated on"),
        ("The surgical management of 70 patients with metastatic NETs to the liver was "
         "reviewed, 2004 to 2020.", "surgical management"),
    ],
)  # fmt: skip
def test_an_operation_written_as_adverb_or_adjective_is_an_operation(
    criteria, vocab, sentence, term
):
    text = (
        f"Long-term results in neuroendocrine liver metastases\n\n{sentence} Five-year overall "
        "survival was 68% and 90-day mortality 1.4%; recurrence in the liver was common, and "
        "most recurrences were treated again."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("include", "meets_criteria")
    assert {"criterion": "intervention:resection", "term": term} in [
        {k: e[k] for k in ("criterion", "term")} for e in result["evidence"]
    ]


def test_an_adverbial_operation_on_the_primary_is_still_primary_surgery(criteria, vocab):
    # as ambiguous as "surgery": the pancreatectomy makes it the primary's operation
    text = (
        "Pancreatic NETs with synchronous liver metastases\n\n"
        "We retrospectively studied 52 patients with pancreatic NETs, of whom 30 were "
        "surgically treated by distal pancreatectomy. Synchronous liver metastases were present "
        "in 12 of them. Median overall survival was 8 years in those operated and 4 years in "
        "the rest."
    )
    assert decide(text, criteria, vocab) == ("exclude", "wrong_intervention")


def test_an_operation_the_patients_were_unfit_for_is_not_the_studys_treatment(criteria, vocab):
    text = (
        "177Lu-DOTATATE in advanced neuroendocrine tumours\n\n"
        "We retrospectively analysed 96 patients with progressive neuroendocrine liver "
        "metastases who were not candidates for surgery and received four cycles of PRRT. "
        "Median progression-free survival was 26 months and the objective response rate was 31%."
    )
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("exclude", "wrong_intervention")
    assert result["evidence"][0]["term"] == "surgery"


@pytest.mark.parametrize(
    "sentence",
    [
        "Patients unsuitable for hepatic resection underwent TACE.",
        "Patients who were ineligible for surgery, TACE was offered to all.",
        "Patients not candidates for surgery received TACE.",
    ],
)
def test_the_treatment_given_to_unfit_patients_is_the_studys_own(criteria, vocab, sentence):
    text = (
        "Chemoembolization of neuroendocrine liver metastases\n\n"
        f"From 2010 to 2022, 63 patients with neuroendocrine liver metastases were treated at "
        f"our centre. {sentence} Median overall survival was 49 months and the response rate "
        "was 44%."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # no title: the aim names colorectal cancer; the NETs are a subgroup
        ("\n\nObjective: To evaluate microwave ablation in patients with liver metastases of "
         "colorectal cancer. Methods: We reviewed 120 patients treated from 2012 to 2020, "
         "including 14 whose primary was a neuroendocrine tumour. Results: Median overall "
         "survival was 36 months; local recurrence occurred in 11% of lesions.", "aim"),
        # a title on one other primary, NETs in the abstract
        ("Radioembolization of breast cancer liver metastases\n\nWe treated 48 women with "
         "resin microspheres from 2011 to 2019; three had a neuroendocrine carcinoma of the "
         "breast. Median overall survival was 13 months and the response rate was 39%; "
         "hepatic toxicity of grade 3 was rare.",
         "title"),
    ],
)  # fmt: skip
def test_a_subject_naming_another_primary_makes_neuroendocrine_patients_a_part(
    criteria, vocab, text, where
):
    result = screen_record(text, criteria, vocab)
    assert (result["decision"], result["reason_code"]) == ("unclear", "mixed_population")
    assert result["reason"].startswith(f"the {where} names another primary")


def test_an_aim_on_neuroendocrine_metastases_beside_another_primary_is_kept(criteria, vocab):
    # no title; colorectal metastases named as the comparison the aim sets NETs against
    text = (
        "\n\nPurpose: To report hepatectomy for neuroendocrine liver metastases, which unlike "
        "colorectal cancer metastases are often bilobar. Methods: We retrospectively reviewed "
        "85 patients operated on in 2000-2019. Results: Five-year overall survival was 77% and "
        "major morbidity 15%."
    )
    assert decide(text, criteria, vocab) == ("include", "meets_criteria")
