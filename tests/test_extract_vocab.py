"""Vocabulary loading: validated, compiled, errors name the file and key."""

import pytest

from litreview.extract import ConfigError, load_vocabulary


def test_shipped_vocabulary_loads_and_matches_variants(project_root):
    vocab = load_vocabulary(project_root / "config" / "vocabulary.yaml")
    found = [
        (m.concept, m.text)
        for m in vocab.outcomes.find("readmission and re-admission; hepatic PFS vs PFS")
    ]
    assert found == [("readmission", "readmission"), ("readmission", "re-admission"),
                     ("hpfs", "hepatic PFS"), ("pfs", "PFS")]  # fmt: skip
    # abbreviations are case-sensitive and take a plural s
    assert [m.concept for m in vocab.modalities.find("1,224 LEs; tace; TACE")] == [
        "embolization_unspecified", "tace"]  # fmt: skip


def test_bad_vocabulary_names_file_and_key(tmp_path):
    path = tmp_path / "vocabulary.yaml"
    path.write_text("modalities: {tace: {terms: [TACE]}}\noutcomes: {os: {terms: [OS]}}\n"
                    "effect_measures: {}\n")  # fmt: skip
    with pytest.raises(ConfigError, match=r"vocabulary.yaml: key outcomes/os: 'kind'"):
        load_vocabulary(path)
    path.write_text("modalities: [\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_vocabulary(path)


def test_bad_pattern_is_reported(tmp_path):
    path = tmp_path / "vocabulary.yaml"
    path.write_text("modalities: {tace: {patterns: ['(unclosed']}}\n"
                    "outcomes: {os: {kind: event}}\neffect_measures: {}\n")  # fmt: skip
    with pytest.raises(ConfigError, match="modalities/tace/patterns"):
        load_vocabulary(path)


def test_trie_regex_matches_every_phrase_and_prefers_the_longest():
    import re

    from litreview.extract.vocab import trie_regex

    phrases = ["overall survival", "overall survival rate", "overall response", "re-admission"]
    regex = re.compile(r"(?<!\w)(?:" + trie_regex(phrases) + r")(?!\w)", re.IGNORECASE)
    text = "Overall survival rate; overall  survival; OVERALL RESPONSE; readmission; re admission"
    assert [m.group(0) for m in regex.finditer(text)] == [
        "Overall survival rate",
        "overall  survival",
        "OVERALL RESPONSE",
        "readmission",
        "re admission",
    ]


def test_other_endpoints_are_optional_and_found_with_their_abbreviations(tmp_path, project_root):
    path = tmp_path / "vocabulary.yaml"
    path.write_text("modalities: {tace: {terms: [TACE]}}\noutcomes: {os: {kind: time_to_event}}\n"
                    "effect_measures: {}\n")  # fmt: skip
    assert load_vocabulary(path).other_endpoints.find("stable disease in 40%") == []
    path.write_text(path.read_text() + "other_endpoints: {terms: [stable disease], oops: []}\n")
    with pytest.raises(ConfigError, match="other_endpoints"):
        load_vocabulary(path)
    vocab = load_vocabulary(project_root / "config" / "vocabulary.yaml")
    found = vocab.other_endpoints.find("The 1-year LC and PFS; stable disease; local control")
    assert [m.text for m in found] == ["LC", "stable disease", "local control"]
