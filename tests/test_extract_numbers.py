"""Number reading: numerals, number words, p-values, time units."""

import pytest

from litreview.extract.numbers import normalise_time, parse_number, parse_p_value, words_to_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5,159", 5159.0),
        ("1,224", 1224.0),
        ("5·5", 5.5),
        (".008", 0.008),
        ("−0.3", -0.3),
        ("Sixty-one", 61.0),
        ("forty-eight", 48.0),
        ("one hundred and twelve", 112.0),
        ("two thousand three hundred", 2300.0),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_words_to_number_rejects_non_numbers():
    assert words_to_number("patients") is None
    with pytest.raises(ValueError, match="not a number"):
        parse_number("several")


@pytest.mark.parametrize(
    ("op", "num", "text", "value"),
    [
        ("=", ".008", "0.008", 0.008),
        ("<", "0.001", "<0.001", None),
        ("&lt;", ".05", "<0.05", None),
        ("=", "0·02", "0.02", 0.02),
    ],
)
def test_parse_p_value(op, num, text, value):
    assert parse_p_value(op, num) == (text, value)


def test_normalise_time_to_months():
    assert normalise_time(2.5, "years") == (30.0, "months")
    assert normalise_time(36, "weeks") == (8.28, "months")
    assert normalise_time(12, "mo") == (12, "months")
    with pytest.raises(ValueError):
        normalise_time(3, "percent")
