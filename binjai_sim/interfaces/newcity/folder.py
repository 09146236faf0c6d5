"""What makes a folder a city folder of ``new-city``, and what a remake keeps.

A folder written by ``new-city`` carries ``.new-city.json``: the hash of every file the command
wrote. ``--force`` replaces only such a folder, never a folder, file or link it did not make
(nor the current folder or the project's own). Remaking it compares each file with its hash: a
file the planner changed or added since (a filled inventory, the calibration kit, a strategy
package) is carried into the new folder; only the files still as written are made anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import plain, t

MARKER = ".new-city.json"
MADE_BY = "binjai-sim new-city"
ROOT = Path(__file__).resolve().parents[3]
# made from the profile: a remake writes them anew, and a planner's edited copy is set aside
FROM_PROFILE = ("scenario.yaml", "profile.yaml", "README.md")
PREVIOUS = ".previous"


def slug(text: str) -> str:
    """A city's name as a folder or file name: ASCII letters, digits and underscores."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "city"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_of(folder: Path) -> list[Path]:
    """Every file below ``folder`` (links included, never followed), relative, sorted."""
    found = []
    for here, dirs, names in os.walk(folder):
        base = Path(here)
        found += [(base / n).relative_to(folder) for n in names]
        found += [(base / d).relative_to(folder) for d in dirs if (base / d).is_symlink()]
    return sorted(p for p in found if p.as_posix() != MARKER)


def write_marker(work: Path) -> None:
    """The manifest of what this command wrote: written last, over every file in ``work``."""
    files = {p.as_posix(): digest(work / p) for p in files_of(work) if not (work / p).is_symlink()}
    text = json.dumps({"made_by": MADE_BY, "files": files}, indent=1, sort_keys=True, ensure_ascii=False)
    (work / MARKER).write_text(text + "\n", encoding="utf-8")


def read_marker(folder: Path) -> dict[str, str] | None:
    """The hashes recorded in a city folder's manifest, or None when it is not one."""
    path = folder / MARKER
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("made_by") != MADE_BY or not isinstance(data.get("files"), dict):
        return None
    files = data["files"]
    return files if all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()) else None


def _protected(real: Path) -> bool:
    """The current folder, a folder above it or above the project, or one of the project's own."""
    cwd, root = Path.cwd().resolve(), ROOT
    return (real == cwd or real in cwd.parents or real == root or real in root.parents
            or real.parent == root)


def check_target(folder: Path, force: bool) -> Path:
    """Refuse, in one sentence, any existing target but a city folder this command wrote (and
    that one too without ``--force``)."""
    shown = plain(folder)
    if folder.is_symlink():
        raise InputError(shown, None, t("newcity.target.link"))
    if not folder.exists():
        return folder
    if not folder.is_dir():
        raise InputError(shown, None, t("newcity.target.file"))
    if _protected(folder.resolve()):
        raise InputError(shown, None, t("newcity.target.protected"))
    if read_marker(folder) is None:
        raise InputError(shown, None, t("newcity.target.foreign", marker=MARKER))
    if not force:
        raise InputError(shown, None, t("newcity.target.exists"))
    return folder


@dataclass
class Kept:
    files: list[str] = field(default_factory=list)  # the planner's, carried over as they were
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (edited file, its copy's name)


def carry_over(old: Path, work: Path, regenerated: set[str], consumed: set[str]) -> Kept:
    """Copy into ``work`` every file of the city folder ``old`` that the planner changed or added
    since it was written. ``regenerated`` names the files that must come from this remake (made
    from the profile, or an inventory given again): an edited one is kept beside it as
    ``NAME.previous``. ``consumed`` names the folder's own files this remake read (its profile,
    its inventory given again): their content is in the new folder already."""
    recorded = read_marker(old) or {}
    kept = Kept()
    for rel in files_of(old):
        key, source = rel.as_posix(), old / rel
        if key in consumed or not source.is_symlink() and recorded.get(key) == digest(source):
            continue  # as the command wrote it: the remake's version replaces it
        target = work / rel
        if key in regenerated:
            target = _free(work, old, key)
            kept.set_aside.append((key, target.relative_to(work).as_posix()))
        else:
            kept.files.append(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            target.unlink()
        shutil.copy2(source, target, follow_symlinks=False)
    return kept


def _free(work: Path, old: Path, key: str) -> Path:
    """A name for a set-aside copy used neither by the remake nor by an earlier copy."""
    n = 1
    while True:
        rel = f"{key}{PREVIOUS}" + (f".{n}" if n > 1 else "")
        if not any((base / rel).exists() or (base / rel).is_symlink() for base in (work, old)):
            return work / rel
        n += 1
