"""Shared paths for the figure tests: the labelled cases and the team's shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
SHARED = Path(__file__).resolve().parents[3] / "shared"  # /work/shared next to the repo
SEED = SHARED / "seed" / "kremlin-denies-700000.txt"
REFERENCE_SCORER = SHARED / "tools" / "score_figures.py"


@pytest.fixture
def cases() -> Path:
    return CASES


@pytest.fixture
def seed() -> Path:
    if not SEED.exists():
        pytest.skip(f"the shared seed article is absent ({SEED}); it lives in ../shared")
    return SEED


@pytest.fixture
def reference_scorer() -> Path:
    if not REFERENCE_SCORER.exists():
        pytest.skip(f"the reference scorer is absent ({REFERENCE_SCORER}); it lives in ../shared")
    return REFERENCE_SCORER
