"""Stage tables: one text form per value, whatever the column types."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from litreview.tables import frame, read_table, select, write_table


def test_write_table_gives_one_text_form_per_value(tmp_path):
    frame = pd.DataFrame(
        {
            "count": [3, 12, None],
            "share": [17.4, 0.1 + 0.2, math.nan],
            "flag": [True, False, None],
            "text": pd.Series(["a, b", None, "=1+1"], dtype="str"),
            "mixed": pd.Series([np.int64(7), "x", np.float64(2.0)], dtype=object),
        }
    )
    path = tmp_path / "t.csv"
    write_table(frame, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == [
        "count,share,flag,text,mixed",
        # 12 arrives as the float 12.0 (a column with a gap); it is written as the integer
        '3,17.4,yes,"a, b",7',
        "12,0.3,no,,x",
        ",,,=1+1,2",
    ]


def test_a_table_read_and_written_again_is_byte_identical(tmp_path):
    first = tmp_path / "first.csv"
    first.write_text('id,title,n\nR2,"Liver, resection",12\nR1,,3.5\n', encoding="utf-8")
    again = tmp_path / "again.csv"
    write_table(read_table(first), again, sort_by=["id"])
    assert again.read_text(encoding="utf-8") == 'id,title,n\nR1,,3.5\nR2,"Liver, resection",12\n'


def test_select_gives_exactly_the_columns_asked_for_with_a_fresh_index():
    df = pd.DataFrame({"b": ["2", "4"], "a": ["1", "3"], "extra": ["x", "y"]}, index=[7, 9])
    out = select(df, ["a", "b", "missing"])
    assert list(out.columns) == ["a", "b", "missing"]
    assert out.to_dict("records") == [
        {"a": "1", "b": "2", "missing": ""},
        {"a": "3", "b": "4", "missing": ""},
    ]
    assert list(out.index) == [0, 1]
    assert list(select(df.iloc[:0], ["a", "z"]).columns) == ["a", "z"]


def test_joined_hashes_by_key_is_the_groupwise_joined_hashes():
    from litreview.tables import joined_hashes, joined_hashes_by

    keys = pd.Series(["C2", "C1", "C2", "C3", "C1", "C2"], dtype=str)
    shas = pd.Series(["bb", "aa", "aa", "", "aa", "bb"], dtype=str)
    joined = joined_hashes_by(keys, shas)
    # each key's distinct non-empty hashes, sorted and "; "-joined; a key with none gets ""
    assert joined.to_dict() == {"C1": "aa", "C2": "aa; bb", "C3": ""}
    assert joined.equals(pd.DataFrame({"k": keys, "v": shas}).groupby("k")["v"].agg(joined_hashes))


def test_row_dicts_are_what_to_dict_records_gives():
    from litreview.tables import row_dicts

    df = pd.DataFrame(
        {
            "record_id": pd.Series(["r1", "r2"], dtype=str),
            "score": [2, 0],
            "weight": [0.5, float("nan")],
            "flag": [True, False],
        }
    )
    rows = row_dicts(df)
    reference = df.to_dict("records")
    assert [list(r) for r in rows] == [list(r) for r in reference]
    assert rows[0] == reference[0] and type(rows[0]["score"]) is int
    assert math.isnan(rows[1]["weight"]) and rows[1]["flag"] is False
    assert row_dicts(df.iloc[:0]) == []


# Cells CSV must quote (comma, quote, line breaks), non-ASCII, and numbers-as-text.
_CELL = st.text(alphabet=st.sampled_from(list('ab ,"\n\r;é—0123')), min_size=0, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    files=st.lists(
        st.tuples(st.sampled_from("abcdefgh"), st.lists(_CELL, min_size=1, max_size=4)),
        min_size=1,
        max_size=6,
        unique_by=lambda f: f[0],
    ),
    buckets=st.integers(min_value=1, max_value=3),
)
def test_joined_blocks_are_the_bytes_of_the_whole_table_written_sorted(files, buckets):
    """Batches written as blocks and joined give write_table's bytes for all their rows sorted,
    whatever the files' cells and however the files fall into batches."""
    import tempfile
    from pathlib import Path

    from litreview.tables import join_table_blocks, write_table, write_table_blocks

    columns = ["record_id", "source_file", "record_index", "title"]
    rows = [
        {
            "record_id": f"{name}-{k}",
            "source_file": f"raw/{name}.ris",
            "record_index": k,
            "title": t,
        }
        for name, titles in files
        for k, t in enumerate(titles)
    ]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        batches = []
        for b in range(buckets):
            mine = [r for r in rows if ord(r["source_file"][4]) % buckets == b]
            path = out / f"batch{b}.csv"
            batches.append(
                (
                    str(path),
                    write_table_blocks(
                        frame(mine, columns),
                        path,
                        columns,
                        ["source_file", "record_index"],
                        "record_id",
                    ),
                )
            )
        join_table_blocks(batches, out / "joined.csv")
        write_table(
            frame(rows, columns), out / "whole.csv", columns, ["source_file", "record_index"]
        )
        assert (out / "joined.csv").read_bytes() == (out / "whole.csv").read_bytes()


def _sorted_by_parsing_every_value(column: pd.Series) -> list:
    """The sort order write_table promises, by its definition: numbers as numbers when every
    cell of the column is a number, else text."""
    numeric = pd.to_numeric(column, errors="coerce")
    if column.ne("").all() and numeric.notna().all():
        return column.iloc[numeric.argsort(kind="mergesort")].tolist()
    return column.iloc[column.argsort(kind="mergesort")].tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-1000, 100000).map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
            st.sampled_from(["", " 12", "1e3", "nan", "inf", "١٢", "1_000", "C-ab-000001", "x"]),
            st.text(max_size=6),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_column_sorts_as_numbers_only_when_every_cell_is_one(tmp_path_factory, cells):
    """write_table's sort looks at a column's first cell before parsing them all: the order is
    still the one parsing every cell gives."""
    path = tmp_path_factory.mktemp("sorted") / "t.csv"
    write_table(pd.DataFrame({"key": cells, "n": range(len(cells))}), path, sort_by=["key"])
    got = read_table(path)["key"].tolist()
    assert got == _sorted_by_parsing_every_value(pd.Series(cells, dtype=object).astype(str))


_CELL_TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\r\n;é')), max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(2, 3).flatmap(
        lambda n: st.lists(st.lists(_CELL_TEXT, min_size=n, max_size=n), max_size=5)
    )
)
def test_every_cell_reads_back_as_written_carriage_returns_included(tmp_path_factory, rows):
    """A cell holding a carriage return ("a\\rb": a quote from a page with old Mac line endings)
    is quoted: Python's csv writer quotes only its line terminator's characters, and the bare
    "\\r" was read back as the end of a row. Tables of two columns or more, as every stage
    writes: pandas reads a one-column row of spaces as a blank line."""
    width = len(rows[0]) if rows else 1
    df = pd.DataFrame(rows, columns=[f"c{k}" for k in range(width)], dtype=object)
    path = tmp_path_factory.mktemp("cr") / "t.csv"
    write_table(df, path)
    assert read_table(path).to_numpy().tolist() == df.astype(str).to_numpy().tolist()
    if not any("\r" in cell for row in rows for cell in row):
        assert path.read_bytes() == df.to_csv(index=False, lineterminator="\n").encode("utf-8")
