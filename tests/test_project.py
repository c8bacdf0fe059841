"""The project's own set-up: seeds byte for byte, pinned dependencies, conda mirror, CI."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEEDS

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
# sha256 of the five seed reports as received: seeds/ must keep them byte for byte.
SEED_SHA256 = {
    "000_c497607a8535c82a.txt": "ea2b9d7a4d027ffa2a76808f90b4ca4eb14a51ee646c731b70e6ac61a5cd5760",
    "001_379b1903aa736692.txt": "87155b70a84c798772590ca06f96ed84f5e0c4ba9dd1304b0f4c5eb7fe3f7a1a",
    "002_df5d0b2364c861bb.txt": "a2e747fe94171d7a58e0ff1abd6ea1f233949b2962dfc42e155bc3ee144d9c35",
    "003_f440c356669c28b3.txt": "f7aede31b448a8bb81d700a7c36e7d833d7be8d4ebdfc6d3110b30a3ff8a4b5e",
    "004_9bac73edf8d24ee1.txt": "fa323a339042a058038c1dd9d7a7d5996da03bd4d4f1131823f19b3cbc3d8235",
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_seed_files_are_exactly_the_five():
    assert sorted(p.name for p in SEEDS.glob("*")) == sorted(SEED_SHA256)


@pytest.mark.parametrize("name", sorted(SEED_SHA256))
def test_seed_is_byte_for_byte(name):
    assert _sha(SEEDS / name) == SEED_SHA256[name]
    if SHARED_SEEDS.exists():
        assert _sha(SEEDS / name) == _sha(SHARED_SEEDS / name)


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_dependency_is_pinned():
    project = _pyproject()["project"]
    deps = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        deps += extra
    loose = [d for d in deps if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.]*", d)]
    assert loose == []


def test_environment_yml_mirrors_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    python = [d for d in deps if isinstance(d, str) and d.startswith("python")]
    pip_block = [d for d in deps if isinstance(d, dict)]
    requires = _pyproject()["project"]["requires-python"]
    assert python == ["python" + requires]
    assert "pip" in deps
    assert pip_block == [{"pip": ["-e .[" + ",".join(sorted(_pyproject()["project"]["optional-dependencies"])) + "]"]}]
    # nothing else: pyproject is the single source of truth
    assert len(deps) == 3


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make report" in readme
    assert re.search(r"^make test$", ci, re.M)


def test_nothing_machine_specific_is_committed():
    for path in list((ROOT / "notebooks").glob("*.ipynb")) + [ROOT / "Makefile", ROOT / ".ci" / "run"]:
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "/root/" not in text, path
