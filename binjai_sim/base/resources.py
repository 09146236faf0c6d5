"""Where the project's own scenarios and calibration files are: the checkout's ``scenarios/`` and
``calibration/`` when the package runs from one, else the copy a built wheel carries
(``binjai_sim/_bundle/``, made by setup.py)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
_CHECKOUT = PACKAGE.parent
_BUNDLE = PACKAGE / "_bundle"


def data_root() -> Path:
    """The folder holding ``scenarios/`` and ``calibration/``."""
    if (_CHECKOUT / "scenarios" / "national" / "indonesia.yaml").is_file():
        return _CHECKOUT
    return _BUNDLE


ROOT = data_root()
SCENARIOS = ROOT / "scenarios"
CALIBRATION = ROOT / "calibration"
