"""Reading and writing the stage tables: CSV, all cells text, fixed number formatting, sorted rows.

Every table a stage writes goes through write_table, so two runs give byte-identical files and a
reader can open any of them in a spreadsheet without surprises (no index column, no "nan").
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd


def fmt(value) -> str:
    """One text form per value: integers without a decimal point, floats by their shortest
    round-trip form after rounding to 6 decimals, missing values as the empty string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(round(value, 6))
    try:  # numpy scalars
        import numpy as np

        if isinstance(value, np.integer):
            return str(int(value))
        if isinstance(value, np.floating):
            return fmt(float(value))
        if isinstance(value, np.bool_):
            return fmt(bool(value))
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def read_table(path: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """A stage table with every cell as text ("" for empty), never NaN; only ``columns`` when
    given (a stage that needs a few columns of the records table skips its abstracts)."""
    return pd.read_csv(
        path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8", usecols=columns
    )


def empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in columns})


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Rows of dicts as a text table with exactly ``columns`` (missing keys become "")."""
    if not rows:
        return empty(columns)
    df = pd.DataFrame.from_records(rows)
    for column in columns:
        if column not in df.columns:
            df[column] = ""
    return df[columns]


def select(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``df`` with exactly ``columns``, in that order (missing ones empty): frame() for a table
    already in hand, without a round trip through a dict per row."""
    if not len(df):
        return empty(columns)
    return df.reindex(columns=columns, fill_value="").reset_index(drop=True)


def write_table(
    df: pd.DataFrame,
    path: str | Path,
    columns: list[str] | None = None,
    sort_by: list[str] | None = None,
) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if columns is not None:
        df = df.copy()
        for column in columns:
            if column not in df.columns:
                df[column] = ""
        df = df[columns]
    df = _formatted(df) if len(df) else df.astype(str)
    if sort_by and len(df):
        keys = [c for c in sort_by if c in df.columns]
        df = df.sort_values(keys, kind="mergesort", key=_natural_key)
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _formatted(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell through fmt, except text columns, whose cells are already their own text form:
    a table read by read_table and written again (the gathers of a 100,000-record review) would
    otherwise spend seconds calling fmt on strings."""
    columns = {}
    for position in range(df.shape[1]):
        column = df.iloc[:, position]
        text = pd.api.types.is_string_dtype(column.dtype) and column.dtype != object
        columns[position] = column.fillna("") if text else column.map(fmt)
    out = pd.DataFrame(columns, index=df.index)
    out.columns = df.columns
    return out


def _natural_key(column: pd.Series) -> pd.Series:
    """Sort numbers as numbers when a whole column is numeric, else as text."""
    numeric = pd.to_numeric(column, errors="coerce")
    if column.ne("").all() and numeric.notna().all():
        return numeric
    return column


def joined_hashes(values) -> str:
    """The source hashes behind an aggregate row (a count, a pooled estimate, an agreement
    statistic), "; "-joined and sorted, so even summary rows name their sources."""
    return "; ".join(sorted({v for v in values if v}))
