from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_IDS = [p.stem[:3] for p in SEED_FILES]


def seed_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.fixture(params=SEED_FILES, ids=SEED_IDS)
def seed(request) -> Path:
    return request.param
