"""Shared test fixtures. ``../shared`` (fixtures, benchmarks, corpora) sits beside a developer's
checkout and CI's clone, never in a user's clone: tests that need it skip with the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LITREVIEW_SHARED", PROJECT_ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(
            f"{SHARED} is absent: it holds the shared fixtures and benchmarks that sit beside a "
            "developer's checkout, not in a user's clone (set LITREVIEW_SHARED to point at it)"
        )
    return SHARED


@pytest.fixture(scope="session")
def formats_dir(shared_dir: Path) -> Path:
    path = shared_dir / "fixtures" / "formats"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path


def copy_project(dest: Path, raw: bool = True) -> Path:
    """A runnable copy of the workflow (Snakefile, workflow/, config/, envs/, by default raw/)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "Snakefile", dest / "Snakefile")
    folders = ("workflow", "config", "envs", "raw") if raw else ("workflow", "config", "envs")
    for folder in folders:
        shutil.copytree(
            PROJECT_ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    return dest


def snakemake_command(workdir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "snakemake", "--cores", "2", "--directory", str(workdir), *args]


def run_snakemake(workdir: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SNAKEMAKE_PROFILE"}
    return subprocess.run(
        snakemake_command(workdir, *args),
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
