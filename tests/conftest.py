from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "binjai_baseline.yaml"


@pytest.fixture(scope="session")
def baseline():
    from binjai_sim import load_scenario

    return load_scenario(BASELINE)


def write_scenario(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    """A scenario file in tmp_path that extends the baseline."""
    path = tmp_path / name
    path.write_text(f"extends: {BASELINE}\n{text}")
    return path


# the workshop page's browser tests (tests/test_viz*.py): one server and one chromium per module
@pytest.fixture(scope="module")
def server():
    from .browser import workshop_server

    with workshop_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from .browser import chromium

    with chromium() as b:
        yield b
