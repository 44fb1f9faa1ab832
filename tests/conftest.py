"""Shared test fixtures. ``../shared`` (fixtures, benchmarks, corpora) sits beside a developer's
checkout and CI's clone, never in a user's clone: tests that need it skip with the reason."""

from __future__ import annotations

import os
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
