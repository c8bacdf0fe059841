from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

# `make test` writes nothing into the checkout: no example database, hypothesis' caches in a temp folder
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="edureports-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
settings.register_profile("edureports", database=None)
settings.load_profile("edureports")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_IDS = [p.stem[:3] for p in SEED_FILES]


@dataclass(frozen=True)
class Case:
    """A normalisation case: a source text, its clean text, and metadata expected."""

    name: str
    source: str
    clean: str
    meta: dict = field(default_factory=dict)


def cases(*items: Case):
    """Parametrise a test over named cases, one item each."""
    return pytest.mark.parametrize("case", items, ids=[c.name for c in items])


def seed_text(path: Path) -> str:
    """A seed's source text: its UTF-8 content, a leading BOM removed (as the loader reads it)."""
    return path.read_bytes().decode("utf-8-sig")


def clean(text: str) -> str:
    """What the extractor is handed: the real normaliser's clean text (simplified, ASCII width, no
    pinyin, boilerplate and mojibake handled)."""
    from edureports.normalisation import normalise

    return normalise(text).text


@pytest.fixture(params=SEED_FILES, ids=SEED_IDS)
def seed(request) -> Path:
    return request.param


def pytest_unconfigure(config):
    shutil.rmtree(_HYPOTHESIS_HOME, ignore_errors=True)
