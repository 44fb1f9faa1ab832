"""Reading and writing the stage tables: CSV, all cells text, fixed number formatting, sorted rows.

Every table a stage writes goes through write_table, so two runs give byte-identical files and a
reader can open any of them in a spreadsheet without surprises (no index column, no "nan").
"""

from __future__ import annotations

import math
import re
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
    if _holds_carriage_return(path):
        path.write_bytes(_quoting_carriage_returns(df, header=True).encode("utf-8"))


def _holds_carriage_return(path: Path, chunk: int = 1 << 24) -> bool:
    """Whether a written file holds a carriage return, read back in pieces (a 160 MB table in a
    tenth of a second from the page cache; writing it to a string first held it twice in memory)."""
    with path.open("rb") as handle:
        while data := handle.read(chunk):
            if b"\r" in data:
                return True
    return False


_NEEDS_QUOTES = re.compile(r'[,"\n\r]')


def _quoting_carriage_returns(df: pd.DataFrame, header: bool) -> str:
    """The table as CSV with every cell holding a carriage return quoted. Python's csv writer
    (under pandas) quotes only the characters of its line terminator, so a quote from a page
    with old Mac line endings ("a\rb") was written bare and read back as two rows. Rare, so the
    common path stays pandas' writer; this one writes the same bytes for every other cell."""

    def cell(value: str) -> str:
        if _NEEDS_QUOTES.search(value):
            return '"' + value.replace('"', '""') + '"'
        return value

    def line(values) -> str:
        # a row of one empty cell would be a blank line, which readers skip
        return '""' if len(values) == 1 and values[0] == "" else ",".join(map(cell, values))

    lines = [line([str(c) for c in df.columns])] if header else []
    arrays = [df.iloc[:, k].to_numpy(dtype=object) for k in range(df.shape[1])]
    lines += [line([str(v) for v in row]) for row in zip(*arrays, strict=True)]
    return "".join(f"{text}\n" for text in lines)


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
    if len(column):
        # An id column ("C-bc0d8d04f329-000000") shows it is text at its first value; parsing
        # every value to find out cost 0.15 s per 100,000 rows of every sorted table.
        try:
            float(column.iloc[0])
        except (TypeError, ValueError):
            return column
    numeric = pd.to_numeric(column, errors="coerce")
    if column.ne("").all() and numeric.notna().all():
        return numeric
    return column


def row_dicts(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")`` without pandas boxing each cell (2 s for the 100,000 item
    scores of a large review): columns as object arrays, zipped into one dict per row."""
    columns = list(df.columns)
    arrays = [df.iloc[:, k].to_numpy(dtype=object) for k in range(df.shape[1])]
    return [dict(zip(columns, values, strict=True)) for values in zip(*arrays, strict=True)]


def joined_hashes_by(keys: pd.Series, values: pd.Series) -> pd.Series:
    """joined_hashes of ``values`` per key (a Series indexed by key, every key present): what
    ``groupby(keys).agg(joined_hashes)`` gives, without a pandas group object per key (1.7 s for
    the 70,000 clusters of a 100,000-record review)."""
    pairs = pd.DataFrame({"key": keys.to_numpy(), "value": values.to_numpy()})
    present = pairs[pairs["value"] != ""].drop_duplicates()
    present = present.sort_values(["key", "value"], kind="mergesort")
    joined: dict = dict.fromkeys(pd.unique(pairs["key"]), "")
    for key, value in zip(present["key"].tolist(), present["value"].tolist(), strict=True):
        joined[key] = f"{joined[key]}; {value}" if joined[key] else value
    return pd.Series(joined, dtype=str).sort_index()


def joined_hashes(values) -> str:
    """The source hashes behind an aggregate row (a count, a pooled estimate, an agreement
    statistic), "; "-joined and sorted, so even summary rows name their sources."""
    if isinstance(values, pd.Series):
        values = values.tolist()  # iterating pandas' string array costs a call per value
    return "; ".join(sorted({v for v in values if v}))


# --------------------------------------------------------------------------- tables in blocks
# A 100,000-record review gathers its records from dozens of batch tables into one of 200 MB;
# parsing them all and writing the whole again cost 10 s of every re-run. A batch table written
# as one block of rows per key (a source file), with each block's byte range beside it, lets the
# gather copy the blocks in key order instead: write_table's bytes, without the parsing.


def write_table_blocks(
    df: pd.DataFrame, path: str | Path, columns: list[str], sort_by: list[str], id_column: str
) -> dict:
    """Write ``df`` as write_table(df, path, columns, sort_by) does, and return its block index:
    the header, and for each value of ``sort_by[0]`` (a block) its byte range and ids."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = frame([], columns) if df.empty else select(df, columns)
    table = _formatted(table) if len(table) else table.astype(str)
    header = table.iloc[:0].to_csv(index=False, lineterminator="\n")
    chunks, blocks = [header.encode("utf-8")], []
    offset = len(chunks[0])
    if len(table):
        keys = [c for c in sort_by if c in table.columns]
        order = table.sort_values(keys, kind="mergesort", key=_natural_key)
        for key, rows in order.groupby(sort_by[0], sort=False):
            text = rows.to_csv(index=False, header=False, lineterminator="\n")
            if "\r" in text:
                text = _quoting_carriage_returns(rows, header=False)
            data = text.encode("utf-8")
            blocks.append(
                {
                    "key": key,
                    "start": offset,
                    "end": offset + len(data),
                    "ids": rows[id_column].tolist(),
                }
            )
            chunks.append(data)
            offset += len(data)
    path.write_bytes(b"".join(chunks))
    return {"header": header, "blocks": blocks}


def join_table_blocks(tables: list[tuple[str, dict]], path: str | Path) -> None:
    """One table from block-written tables ((path, block index) pairs): the header, then every
    block in key order, copied byte for byte, so the result is what write_table gives for the
    concatenated rows sorted by the key."""
    headers = {index["header"] for _, index in tables}
    if len(headers) > 1:
        raise ValueError(
            f"{path}: the batch tables have different columns ({len(headers)} headers); "
            "delete results/ and run again so every batch is written by the same version"
        )
    blocks = [{**block, "table": table} for table, index in tables for block in index["blocks"]]
    # the keys in the order write_table's sort gives the whole column
    keys = pd.Series([block["key"] for block in blocks], dtype=str)
    blocks = [blocks[i] for i in keys.sort_values(kind="mergesort", key=_natural_key).index]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handles = {}
    try:
        with path.open("wb") as out:
            out.write((headers.pop() if headers else "").encode("utf-8"))
            for block in blocks:
                source = handles.get(block["table"])
                if source is None:
                    source = handles[block["table"]] = open(block["table"], "rb")  # noqa: SIM115
                source.seek(block["start"])
                data = source.read(block["end"] - block["start"])
                if len(data) != block["end"] - block["start"]:
                    raise ValueError(
                        f"{block['table']} is shorter than its block index says: the table "
                        "changed after it was written; delete it and run again"
                    )
                out.write(data)
    finally:
        for handle in handles.values():
            handle.close()
