"""The scenario folder a workshop serves, and the only files its choosers offer.

A city is a scenario file directly inside the folder; a strategy package is a file in its
``strategies/`` subfolder. ``binjai-sim viz --scenarios DIR`` serves another folder by setting
``FOLDER_ENV`` for the server; without it the repository's ``scenarios/`` is served.
``viz --lang`` sets ``LANG_ENV``: the language a page opens in when its address names none.
"""

from __future__ import annotations

import os
from pathlib import Path

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.base.resources import SCENARIOS as REPOSITORY_SCENARIOS

FOLDER_ENV = "BINJAI_SIM_WORKSHOP_SCENARIOS"
LANG_ENV = "BINJAI_SIM_WORKSHOP_LANG"
PACKAGES = "strategies"
PREFERRED = "binjai_baseline.yaml"


def folder() -> Path:
    """The folder being served (read on every call: the server's environment names it)."""
    named = os.environ.get(FOLDER_ENV)
    return Path(named) if named else REPOSITORY_SCENARIOS


def start_lang() -> str:
    """The language a page opens in: ``viz --lang``, else Bahasa Indonesia (the room's language)."""
    named = os.environ.get(LANG_ENV)
    return named if named in ("en", "id") else "id"


def _yaml_files(root: Path, where: Path, prefix: str = "") -> dict[str, Path]:
    """The plain YAML files in ``where``. A linked file is never offered, nor anything reached
    through a link (a linked ``strategies/`` folder included) that leads out of ``root``."""
    if not where.is_dir():
        return {}
    inside = root.resolve()
    if not where.resolve().is_relative_to(inside):
        return {}
    files = sorted(p for p in where.iterdir() if p.suffix in (".yaml", ".yml"))
    return {prefix + f.name: f for f in files
            if f.is_file() and not f.is_symlink() and f.resolve().is_relative_to(inside)}


def cities(root: Path | None = None) -> dict[str, Path]:
    """Scenario files a workshop can show, by the value its chooser sends."""
    root = root or folder()
    return _yaml_files(root, root)


def packages(root: Path | None = None) -> dict[str, Path]:
    """Strategy packages (``strategies/*.yaml``), by the value their chooser sends."""
    root = root or folder()
    return _yaml_files(root, root / PACKAGES, PACKAGES + "/")


def resolve(choice: object, offered: dict[str, Path]) -> Path:
    """The file behind a chooser value. The browser sends a string that anyone can forge, so it
    is only ever a key into the server's own list: it never becomes part of a path."""
    path = offered.get(choice) if isinstance(choice, str) else None
    if path is None:
        raise InputError(None, "scenario", t("msg.workshop.not_listed"))
    return path


def default_city(root: Path | None = None) -> str:
    """The city a page opens with: the Binjai baseline when the folder has it, else its first file."""
    offered = cities(root)
    if PREFERRED in offered:
        return PREFERRED
    if not offered:
        raise InputError(str(root or folder()), None, t("msg.workshop.no_scenarios"))
    return next(iter(offered))
