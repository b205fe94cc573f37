"""The wheel and sdist ``python -m build`` makes install into a fresh virtualenv and work there.

Marked ``packaging`` (and ``slow``): it builds both distributions from this checkout, installs the
wheel, then the sdist, each into a new virtualenv (pip fetches the dependencies from its index or
cache), and runs ``newsclean run`` and ``newsclean.process`` from there, outside the source tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.packaging, pytest.mark.slow]
pytest.importorskip("build", reason="the dev extra (python -m build) is not installed")

ROOT = Path(__file__).resolve().parents[1]
SMOKE = (
    "import newsclean\n"
    "story = 'The council voted on Tuesday to close the old bridge for repairs next spring. ' * 4\n"
    "out = list(newsclean.process([{'id': 1, 'text': story}, {'id': 2, 'text': 'ADVERTISEMENT\\n\\n' + story}]))\n"
    "assert [(r['duplicate_of'], r['kind']) for r in out] == [(None, 'unique'), (1, 'exact')], out\n"
    "print(newsclean.__file__)\n"
)


def _run(command: list[str], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False, env=env)
    assert done.returncode == 0, f"{command}: {done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    log = _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], out)
    assert "deprecat" not in log.lower(), log  # the license form current setuptools accepts
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_both_distributions_carry_the_license(dists: dict[str, Path]) -> None:
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        names = wheel.namelist()
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names) and "newsclean/py.typed" in names
    assert "License-Expression: MIT" in metadata
    with tarfile.open(dists["sdist"]) as sdist:
        assert any(n.endswith("/LICENSE") for n in sdist.getnames())
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_it_installs_in_a_fresh_virtualenv_and_runs(kind: str, dists: dict[str, Path], tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    python, command = venv / "bin" / "python", venv / "bin" / "newsclean"
    _run([str(python), "-m", "pip", "install", "--quiet", str(dists[kind])], tmp_path)
    where = _run([str(python), "-c", SMOKE], tmp_path)
    assert str(venv) in where and str(ROOT / "src") not in where  # the installed copy, not the checkout
    out = tmp_path / "out.jsonl"
    _run([str(command), "run", str(ROOT / "fixtures" / "articles"), "-o", str(out), "--no-progress"], tmp_path)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5 and {r["kind"] for r in records} == {"unique", "shared_passage"}
