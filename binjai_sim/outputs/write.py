"""Writing a run's outputs: Parquet tables, summary.json, manifest.json and figures, atomically."""

from __future__ import annotations

import fcntl
import json
import os
import platform
import re
import secrets
import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from binjai_sim.base.errors import InputError, short
from binjai_sim.base.i18n import t
from binjai_sim.base.procguard import alive

# every library whose version can change a number, a table or a figure a run writes
DEPENDENCIES = ("mesa", "numpy", "numba", "llvmlite", "pandas", "pyarrow", "scipy", "networkx", "pydantic",
                "matplotlib", "pyyaml", "salib", "statsmodels", "openpyxl", "scikit-learn", "ema_workbench",
                "semopy", "dask", "distributed", "tqdm")
MAX_NAME = 120  # characters of a result folder's name
NAME_MAX_BYTES = 255  # bytes of one path component on the usual Linux, macOS and Windows file systems
# the temporary folder beside a result, ".<name>.<pid>.<8 random>.tmp" (pids have at most 7 digits)
MAX_NAME_BYTES = NAME_MAX_BYTES - len(".." + "9" * 7 + "." + "x" * 8 + ".tmp")
INPUTS = "inputs"  # the run folder's copies of the files its resolved scenario names


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in ("binjai-sim", *DEPENDENCIES):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def platform_info() -> dict[str, str]:
    return {"system": platform.system(), "release": platform.release(), "machine": platform.machine(),
            "python_implementation": platform.python_implementation(),
            "python_build": " ".join(platform.python_build())}


def git_state() -> dict | None:
    """The checkout's commit and whether it had uncommitted changes; None outside a checkout or
    without git (an installed package has no commit to name)."""
    import subprocess

    from binjai_sim.base.resources import PACKAGE

    root = PACKAGE.parent
    if not (root / ".git").exists():
        return None
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip() != ""
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": dirty} if commit else None


def check_name(name: str, file: object, key: str) -> str:
    """A result folder name must be one plain folder: never ``.``, ``..``, a path or hidden."""
    problem = None
    if not isinstance(name, str) or not name:
        problem = t("outputs.name_empty")
    elif name in (".", ".."):
        problem = t("outputs.name_dots", name=repr(name))
    elif any(c in name for c in ("/", "\\", "\0", os.sep)):
        problem = t("outputs.name_separator", name=short(name))
    elif name.startswith("."):
        problem = t("outputs.name_hidden", name=short(name))
    elif len(name) > MAX_NAME:
        problem = t("outputs.name_long", length=len(name))
    elif len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        problem = t("outputs.name_bytes", size=len(name.encode("utf-8", "surrogatepass")), limit=NAME_MAX_BYTES)
    if problem:
        raise InputError(file, key, t("outputs.name_problem", problem=problem), t("outputs.name_allowed", max=MAX_NAME,
                                                                                    bytes=MAX_NAME_BYTES))
    return name


def guard_inside(out_dir: Path, path: Path) -> Path:
    """Refuse to create, replace or delete ``path`` unless it is a direct child of ``out_dir``
    after resolving symlinks, and not itself a symlink. Every folder a command removes or
    replaces passes through here, so a bad name or a planted symlink can never reach outside."""
    real_out = os.path.realpath(out_dir)
    real = os.path.realpath(path)
    if (os.path.islink(path) or os.path.dirname(real) != real_out
            or os.path.basename(real) in ("", ".", "..")):
        raise InputError(path, None, t("outputs.outside", out=out_dir))
    return path


def check_writable(out_dir: Path, option: str = "--out") -> Path:
    """Create ``out_dir`` if needed and prove a file can be written there, before any work starts."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(None, option, t("outputs.not_folder", path=out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".binjai-write-test.", dir=out_dir)
        try:
            os.write(fd, b"ok")
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise InputError(None, option, t("outputs.unwritable", path=out_dir, reason=exc.strerror or exc)) from None
    return out_dir


def check_output_file(path: Path, force: bool, option: str = "--out") -> Path:
    """A single output file: its folder must be writable and the file absent (or ``force``)."""
    if path.is_dir():
        raise InputError(None, option, t("outputs.is_folder", path=path))
    check_writable(path.parent, option)
    if (path.exists() or path.is_symlink()) and not force:  # a dangling link is something, too
        raise InputError(path, None, t("outputs.file_exists"))
    return path


def check_target(out_dir: Path, name: str, force: bool) -> Path:
    """``OUT/<name>``, checked before any work starts: a plain name, a writable ``--out``, no
    symlink trick, and no existing folder unless ``force``. Stale leftovers of this name go."""
    check_name(name, None, "name")
    check_writable(out_dir)
    target = guard_inside(out_dir, out_dir / name)
    remove_stale(out_dir, name)
    if target.exists() and not force:
        raise InputError(target, None, t("outputs.folder_exists"))
    return target


def _leftover(name: str) -> re.Pattern:
    # mkdtemp's random part is 8 characters without dots, so one name's pattern never matches
    # another's leftovers (".a.5.123.x1y2z3w4.tmp" is "a.5"'s, not "a"'s)
    return re.compile(rf"^\.{re.escape(name)}\.(\d+)\.[a-z0-9_]{{8}}\.(tmp|old)$")


def remove_stale(out_dir: Path, name: str) -> list[Path]:
    """Delete ``.NAME.PID.XXXXXXXX.tmp`` and ``.old`` siblings whose process is gone (killed during
    a write or a replace). Leftovers of other names, and of processes still running, stay."""
    pattern = _leftover(name)
    removed = []
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or alive(int(match.group(1))) or entry.is_symlink():
            continue
        path = guard_inside(out_dir, Path(entry.path))
        shutil.rmtree(path, ignore_errors=True)  # a concurrent cleaner may be removing it too
        removed.append(path)
    return removed


@contextmanager
def folder_lock(out_dir: Path):
    """An exclusive lock on ``out_dir`` for the few renames that replace a result folder.

    A lock on the folder itself (not a lock file) leaves nothing behind; it is held only for the
    swap, so concurrent runs into one ``--out`` wait milliseconds for each other.
    """
    fd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _unique_old(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.old")


def replace_folder(out_dir: Path, work: Path | None, target: Path, force: bool) -> None:
    """Under the lock: move an existing ``target`` aside (``force`` only) and ``work`` into its
    place (or just delete ``target`` when ``work`` is None); the old copy is removed after."""
    guard_inside(out_dir, target)
    old = None
    with folder_lock(out_dir):
        if target.exists() or target.is_symlink():
            if not force:
                raise InputError(target, None, t("outputs.folder_exists"))
            guard_inside(out_dir, target)  # checked again under the lock: it may have changed
            old = _unique_old(target)
            os.rename(target, old)
        if work is not None:
            os.rename(work, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def atomic_directory(target: Path, force: bool, out_dir: Path | None = None):
    """Yield a temporary directory beside ``target``; on success it replaces ``target``.

    On any error the temporary directory is removed and ``target`` is left as it was. The
    temporary name carries this process's id, so a later run can tell a leftover of a killed
    run (removed) from one of a run still going (kept). ``out_dir`` (default: the target's
    folder) is the one folder ``target`` must sit directly inside.
    """
    out_dir = target.parent if out_dir is None else out_dir
    check_name(target.name, None, "name")
    out_dir.mkdir(parents=True, exist_ok=True)
    guard_inside(out_dir, target)
    remove_stale(out_dir, target.name)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=out_dir))
    umask = os.umask(0)
    os.umask(umask)
    work.chmod(0o777 & ~umask)  # mkdtemp makes it private; outputs are ordinary folders
    try:
        yield work
        replace_folder(out_dir, work, target, force)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


@contextmanager
def atomic_files(folder: Path, label: str, still_ours=None):
    """Yield a temporary folder inside ``folder``; on success every file in it is moved into
    ``folder`` at once, or none is.

    The moves happen under the lock a run takes to replace a result folder (on ``folder``'s
    parent), after ``still_ours()`` has confirmed that ``folder`` still holds what was read, so
    files made from one run never land in the folder of a run that replaced it. The temporary
    name carries this process's id: a leftover of a killed process is removed by the next call.
    """
    folder = Path(folder)
    remove_stale(folder, label)
    work = Path(tempfile.mkdtemp(prefix=f".{label}.{os.getpid()}.", suffix=".tmp", dir=folder))
    try:
        yield work
        with folder_lock(folder.parent):
            if still_ours is not None:
                still_ours()
            for path in sorted(work.iterdir()):
                os.replace(path, folder / path.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def manifest(scenario, seed: int, replicates: int, seeds: list[int], scale: int | None,
             lang: str | None = None) -> dict:
    return {
        "scenario": scenario.name,
        "label": scenario.title,
        "scenario_file": str(scenario.path) if scenario.path else None,
        "scenario_sha256": scenario.hash,
        "seed": seed,
        "replicates": replicates,
        "replicate_seeds": seeds,
        "residents_per_agent": scale or scenario.spec.city.residents_per_agent,
        "lang": lang or scenario.spec.lang,
        "calibration": scenario.calibration(),
        "command": " ".join(["binjai-sim", *sys.argv[1:]]),
        "versions": versions(),
        "platform": platform_info(),
        "git": git_state(),
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def month_start(month: int):
    """The first day of a model month, as a date (Parquet DATE, so SQL reads it without a cast)."""
    from datetime import date

    year, month0 = divmod(int(month), 12)
    return date(year, month0 + 1, 1)


def dated(frame):
    """A table as a person or a database opens it: ``date``, the month's first day, instead of
    the model's integer month index."""
    if "month" not in frame.columns:
        return frame
    days = {m: month_start(m) for m in frame["month"].unique()}
    position = list(frame.columns).index("month")
    out = frame.drop(columns=[c for c in ("month", "date") if c in frame.columns])
    out.insert(min(position, len(out.columns)), "date", frame["month"].map(days).astype(object))
    return out


def write_table(frame, path: Path, table: str) -> None:
    """A run's table as Parquet, every column's unit and meaning in its field metadata (binjai_sim.outputs.datadict)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .datadict import TABLES, field_metadata

    data = pa.Table.from_pandas(frame, preserve_index=False)
    described = field_metadata(table)
    schema = pa.schema([field.with_metadata(described.get(field.name)) if field.name in described else field
                        for field in data.schema], metadata={**(data.schema.metadata or {}),
                                                             b"binjai_sim.table": TABLES[table][0].encode()})
    pq.write_table(data.cast(schema), path)


def resolved_inputs(scenario) -> dict[str, Path]:
    """The files the resolved scenario names, by their name inside the run folder's inputs/."""
    spec = scenario.spec
    files = {"apps.inventory": Path(spec.apps.inventory), "coefficients.file": Path(spec.coefficients.file)}
    if scenario.calibrated is not None:
        files["calibrated"] = Path(scenario.calibrated["file"])
    here = scenario.path.parent if scenario.path else Path(".")
    return {key: here / path for key, path in files.items()}


def resolved_scenario(scenario) -> str:
    """The scenario a run used, with everything it inherited and every fitted value applied, as a
    scenario file: it validates, and run again (with the copies in inputs/ beside it) it gives the
    same outputs with the same calibration. Its paths are relative to the run folder."""
    import yaml

    body = scenario.spec.model_dump(mode="json")
    names = {key: f"{INPUTS}/{_input_name(key, path)}" for key, path in resolved_inputs(scenario).items()}
    body["apps"]["inventory"] = names["apps.inventory"]
    body["coefficients"]["file"] = names["coefficients.file"]
    head = {}
    if "calibrated" in names:  # its values are applied already; naming it keeps the label and not_applied
        head["calibrated"] = names["calibrated"]
    return ("# The scenario this run used: every inherited and fitted value applied (binjai-sim run).\n"
            "# A scenario file: `binjai-sim run scenario_resolved.yaml` repeats the run (inputs/ holds its files).\n"
            + yaml.safe_dump({**head, **body}, sort_keys=False, allow_unicode=True, width=110))


def _input_name(key: str, path: Path) -> str:
    stem = {"apps.inventory": "apps", "coefficients.file": "survey_coefficients", "calibrated": "calibrated"}[key]
    return stem + "".join(path.suffixes[-1:])


def copy_inputs(scenario, work: Path) -> None:
    """The files the resolved scenario names, copied byte for byte into ``work/inputs``."""
    (work / INPUTS).mkdir()
    for key, path in resolved_inputs(scenario).items():
        shutil.copyfile(path, work / INPUTS / _input_name(key, path))


def write_run(result, target: Path, seed: int, scale: int | None, force: bool, figures: bool = True,
              lang: str | None = None, then=None) -> Path:
    """Write every output of a run into ``target`` atomically, in ``lang`` (default: the
    scenario's ``lang:``). ``then(folder, lang)`` adds to the finished folder before it is moved
    into place (the report), so a failure there leaves nothing half-written."""
    from binjai_sim.base.i18n import use
    from binjai_sim.runs.outlook import outlook
    from binjai_sim.scenario.spreadsheet import neutral_frame
    from binjai_sim.runs.summary import summarise

    scenario = result.scenario
    spec = scenario.spec
    lang = lang or spec.lang
    summary = summarise(result.metrics, spec, len(scenario.inventory))
    summary.update(scenario=scenario.name, seed=seed, label=scenario.title, city=spec.city.name, lang=lang)
    summary["calibration"] = {k: v for k, v in scenario.calibration().items() if k != "parameters"}
    from binjai_sim.runs.conditioning import timing

    if getattr(result, "conditioning", None):
        summary["conditioning"] = {k: v for k, v in result.conditioning.items() if k != "candidate_seeds"}
    if timing(scenario):
        summary["timing"] = timing(scenario)
    with atomic_directory(target, force) as work:
        for table, frame in (("series", result.series), ("apps", result.apps), ("events", result.events)):
            write_table(dated(frame), work / f"{table}.parquet", f"{table}.parquet")
        neutral_frame(outlook(result)).to_csv(work / "app_outlook.csv", index=False, float_format="%.4g")
        write_json(work / "summary.json", summary)
        write_json(work / "manifest.json", manifest(scenario, seed, len(result.seeds), result.seeds, scale, lang))
        (work / "scenario_resolved.yaml").write_text(resolved_scenario(scenario), encoding="utf-8")
        copy_inputs(scenario, work)
        if figures:
            from .plots import run_figures

            with use(lang):
                run_figures(result.series, result.events, scenario.title, (spec.horizon.start, spec.horizon.end),
                            work)
        if then is not None:
            then(work, lang)
    return target
