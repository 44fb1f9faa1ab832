"""Files a stage drew or wrote in its previous run, kept so that a re-run writes them again
instead of drawing them again.

A living review re-runs every month with a few new records. Most forest plots, traffic-light
figures and exports then come out byte-identical, yet drawing them is most of the synthesis and
quality stages' time. Each drawing call is keyed by a hash of its arguments, its function and
the code and library versions that draw it. A call whose key the previous run stored has its
files written from the store; every other call is drawn.

The store is one zip file that the rule declares as a Snakemake ``update()`` output: Snakemake
keeps it between runs (restoring it when the job fails) instead of deleting it first, the only
way a job may read what it wrote before. It holds only the calls of the latest run. Every member
is checked against the SHA-256 recorded beside it before it is used, so a damaged, stale or
foreign store costs a redraw, never a wrong file.

Written by hand: joblib.Memory caches return values in a directory of pickles, not the files a
call writes, and a directory with update() cannot survive an interrupted job (Snakemake 9's backup
copy refuses an existing target).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import logging
import os
import pickle
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePath

import pandas as pd

log = logging.getLogger("litreview.memo")

INDEX = "index.json"
FORMAT = 1
# Libraries whose output bytes a drawing depends on.
LIBRARIES = ("matplotlib", "numpy", "pandas", "openpyxl", "pillow")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def code_salt() -> str:
    """What a stored file depends on besides the call's arguments: the litreview sources (any
    change to them redraws everything: coarse, but never stale) and the drawing libraries'
    versions."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}={version}".encode())
    return digest.hexdigest()


def call_key(function, args, kwargs, salt: str) -> str:
    """A hash of one call: equal for equal arguments, whatever object identity they have."""
    digest = hashlib.sha256(salt.encode())
    name = f"{function.__module__}.{function.__qualname__}"
    # JSON (the C encoder) for the plain rows, lists and settings most calls take: a pure-Python
    # walk of the quality stage's 140,000 item rows took 12 s; tables and objects by _digest.
    text = json.dumps([name, list(args), kwargs], default=_digest, allow_nan=True)
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def _digest(value) -> str:
    """A stand-in for what JSON cannot write: tables by the hashes of their cells and index
    labels (strict: a drawing may read the index; a caller whose index is only positional
    passes a fresh one, as synthesis does for the exported records), paths as text,
    anything else (litreview.meta's result objects) by its pickle."""
    if isinstance(value, PurePath):
        return f"path:{value}"
    digest = hashlib.sha256()
    if isinstance(value, pd.DataFrame):
        digest.update(
            json.dumps([list(map(str, value.columns)), list(map(str, value.dtypes))]).encode()
        )
        digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        return f"frame:{len(value)}:{digest.hexdigest()}"
    if isinstance(value, pd.Series):
        digest.update(json.dumps([str(value.name), str(value.dtype)]).encode())
        digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        return f"series:{len(value)}:{digest.hexdigest()}"
    if hasattr(value, "item") and getattr(value, "shape", None) == ():  # a numpy scalar
        return f"scalar:{value.item()!r}"
    digest.update(pickle.dumps(value, protocol=5))
    return f"object:{type(value).__qualname__}:{digest.hexdigest()}"


def output_paths(value) -> list[Path]:
    """The files a drawing call reports writing: a path, or a list, tuple or dict of paths."""
    if value is None:
        return []
    if isinstance(value, (str, PurePath)):
        return [Path(value)]
    if isinstance(value, Mapping):
        value = list(value.values())
    return [path for item in value for path in output_paths(item)]


class DrawingStore:
    """The previous run's drawings (``restore``) and this run's (``keep``), saved by ``save``."""

    def __init__(self, path: str | Path, salt: str | None = None, root: str | Path | None = None):
        self.path = Path(path)
        self.salt = code_salt() if salt is None else salt
        # Files are only ever restored inside root (the project): a store edited by hand cannot
        # write anywhere else.
        self.root = Path.cwd().resolve() if root is None else Path(root).resolve()
        self._previous: dict[str, list[dict]] = {}
        self._archive: zipfile.ZipFile | None = None
        self._kept: dict[str, list[dict]] = {}
        self._blobs: dict[str, bytes] = {}
        self.restored = 0
        self.drawn = 0
        self.drawn_names: list[str] = []
        self._open()

    def _open(self) -> None:
        if not self.path.exists():
            return
        try:
            archive = zipfile.ZipFile(self.path)
            index = json.loads(archive.read(INDEX))
            if index.get("format") != FORMAT:
                raise ValueError(f"format {index.get('format')!r}")
            self._previous = dict(index["calls"])
            self._archive = archive
        except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
            log.warning("%s: not a usable drawing store (%s); drawing everything", self.path, exc)
            self._previous = {}

    def key(self, function, args, kwargs) -> str:
        return call_key(function, args, kwargs, self.salt)

    def restore(self, key: str) -> list[Path] | None:
        """Write the files of an earlier call with this key; None when it must be drawn."""
        entries = self._previous.get(key)
        if not entries or self._archive is None:
            return None
        blobs = []
        for entry in entries:
            try:
                data = self._archive.read(entry["member"])
            except (KeyError, zipfile.BadZipFile, OSError):
                return None
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                return None
            path = Path(entry["path"])
            if not (self.root / path).resolve().is_relative_to(self.root):
                log.warning("%s: %s lies outside %s; drawing it", self.path, path, self.root)
                return None
            blobs.append((path, data))
        for path, data in blobs:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self._kept[key] = entries
        for entry, (_, data) in zip(entries, blobs, strict=True):
            self._blobs[entry["member"]] = data
        self.restored += 1
        return [path for path, _ in blobs]

    def keep(self, key: str, paths: list[Path]) -> None:
        """Store the files a call just wrote, for the next run."""
        entries = []
        for number, path in enumerate(paths):
            data = Path(path).read_bytes()
            member = f"{key}/{number}"
            entries.append(
                {"path": str(path), "member": member, "sha256": hashlib.sha256(data).hexdigest()}
            )
            self._blobs[member] = data
        self._kept[key] = entries
        self.drawn += 1
        self.drawn_names.extend(Path(path).name for path in paths)

    def save(self) -> None:
        """Write the store with exactly this run's calls (nothing older), unless it already
        holds exactly them."""
        if self._archive is not None:
            self._archive.close()
        if self._kept == self._previous and self.path.exists():
            return
        index = {"format": FORMAT, "calls": dict(sorted(self._kept.items()))}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr(zipfile.ZipInfo(INDEX, _ZIP_EPOCH), json.dumps(index, indent=1))
            for key in sorted(self._kept):
                for entry in self._kept[key]:
                    info = zipfile.ZipInfo(entry["member"], _ZIP_EPOCH)
                    archive.writestr(info, self._blobs[entry["member"]])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_bytes(buffer.getvalue())
        os.replace(partial, self.path)

    def summary(self) -> str:
        """What the run restored and drew: the drawn files named, so a reviewer sees what
        changed."""
        names = sorted(self.drawn_names)
        shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        return f"{self.restored} restored from {self.path}, {self.drawn} drawn" + (
            f" ({shown})" if names else ""
        )
