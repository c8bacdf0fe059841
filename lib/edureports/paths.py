"""The repository's folders and files, defined once (when running from a checkout)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["PROJECT_DIR", "SEEDS", "GOLD", "HELDOUT", "CATALOGUE", "NOTEBOOK_DIR", "DEFAULT_DATASET"]

#: the checkout: lib/edureports/paths.py -> the folder holding lib/
PROJECT_DIR = Path(__file__).resolve().parents[2]
#: the seed reports, byte for byte as received
SEEDS = PROJECT_DIR / "seeds"
#: hand-annotated figures of the seeds
GOLD = PROJECT_DIR / "data" / "gold"
#: synthetic held-out texts with their annotations
HELDOUT = PROJECT_DIR / "data" / "heldout"
#: curated report metadata, keyed by doc_id
CATALOGUE = PROJECT_DIR / "data" / "catalogue.csv"
#: the parameterised notebooks
NOTEBOOK_DIR = PROJECT_DIR / "notebooks"
#: where `edureports report` builds the dataset by default
DEFAULT_DATASET = PROJECT_DIR / "data" / "processed"
