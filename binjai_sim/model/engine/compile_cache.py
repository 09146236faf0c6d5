"""Where numba keeps the engine's compiled submodels, so that a run always executes the code on disk.

numba checks a cached function only against its own file, yet a compiled function carries the
code of every function it calls (from other files too) and the module constants it reads (such
as ``binjai_sim.base.vocabulary``'s enumerations). So the cache lives in a folder named by a hash of all of
those sources: any edit to any of them names a new folder and the next run compiles afresh,
while an unchanged checkout finds its folder and loads from it.

The folder is ``binjai_sim/model/engine/__pycache__/numba-<hash>`` when that is writable, else (a read-only
or shared installation) under the user's cache folder, else under the temporary folder. Only
folders this module made (named ``numba-<hash>``, holding its marker) are ever pruned, and the
few used most recently are kept, since a process started before an edit may still be using one.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENGINE = Path(__file__).resolve().parent
# everything outside binjai_sim/model/engine/ that a compiled function may read (tests/test_compile_cache.py
# checks that the engine imports nothing else from the package); the levers name the Plan's fields
OUTSIDE = (ENGINE.parents[1] / "base" / "vocabulary.py", ENGINE.parent / "strategies" / "levers.py")
MARKER = ".binjai-sim-engine-cache"
FOLDER = re.compile(r"numba-[0-9a-f]{16}")
KEEP = 3  # hash folders kept in one place: the current one and the two used before it


def sources() -> list[Path]:
    return sorted(ENGINE.glob("*.py")) + list(OUTSIDE)


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in sources():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def places() -> list[Path]:
    """Where hash folders may go, most preferred first (a cache folder the user chose with
    ``NUMBA_CACHE_DIR`` first of all)."""
    chosen = os.environ.get("NUMBA_CACHE_DIR")
    user = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return [*([Path(chosen) / "binjai-sim"] if chosen else []), ENGINE / "__pycache__",
            Path(user) / "binjai-sim", Path(tempfile.gettempdir()) / f"binjai-sim-{uid}"]


def _usable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
        return True
    except OSError:
        return False


def prune(place: Path, current: str, keep: int = KEEP) -> list[Path]:
    """Remove this module's hash folders in ``place`` beyond the ``keep`` used most recently
    (``current`` always kept); returns those removed."""
    ours = []
    for folder in place.iterdir() if place.is_dir() else ():
        marker = folder / MARKER
        if folder.name != current and FOLDER.fullmatch(folder.name) and marker.is_file():
            ours.append((marker.stat().st_mtime, folder))
    ours.sort(reverse=True)
    removed = []
    for _, folder in ours[keep - 1:]:
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def cache_folder() -> Path | None:
    """The hash folder for the sources on disk, made and marked as used; None when no place is
    writable (numba then finds none either and compiles in memory)."""
    name = f"numba-{source_hash()}"
    for place in places():
        folder = place / name
        if _usable(folder):
            (folder / MARKER).touch()  # its time is the folder's last use, which pruning reads
            try:
                prune(place, name)
            except OSError:
                pass  # another process pruning the same place at once; the next run tidies up
            return folder
    return None


@contextmanager
def engine_cache() -> Iterator[Path | None]:
    """Point numba's cache at the hash folder while the engine's modules are imported (numba
    picks a function's cache folder when it is decorated), then put the setting back so that no
    other package's compiled functions land there."""
    from numba.core import config

    folder = cache_folder()
    before = config.CACHE_DIR
    if folder is not None:
        config.CACHE_DIR = str(folder)
    try:
        yield folder
    finally:
        config.CACHE_DIR = before
