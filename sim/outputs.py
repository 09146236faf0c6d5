"""Writing a run's outputs: Parquet tables, summary.json, manifest.json and figures, atomically."""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from .errors import InputError

DEPENDENCIES = ("mesa", "numpy", "pandas", "pyarrow", "pydantic", "matplotlib", "pyyaml", "salib",
                "statsmodels")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in ("binjai-sim", *DEPENDENCIES):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def check_target(out_dir: Path, name: str, force: bool) -> Path:
    target = out_dir / name
    if target.exists() and not force:
        raise InputError(target, None, "output directory exists; use --force to replace it")
    return target


@contextmanager
def atomic_directory(target: Path, force: bool):
    """Yield a temporary directory beside ``target``; on success it replaces ``target``.

    On any error the temporary directory is removed and ``target`` is left as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    work.chmod(0o777 & ~umask)  # mkdtemp makes it private; outputs are ordinary folders
    try:
        yield work
        if target.exists():
            if not force:
                raise InputError(target, None, "output directory exists; use --force to replace it")
            old = target.with_name(f".{target.name}.old")
            if old.exists():
                shutil.rmtree(old)
            target.rename(old)
            work.rename(target)
            shutil.rmtree(old)
        else:
            work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def manifest(scenario, seed: int, replicates: int, seeds: list[int], scale: int | None) -> dict:
    return {
        "scenario": scenario.name,
        "scenario_file": str(scenario.path) if scenario.path else None,
        "scenario_sha256": scenario.hash,
        "seed": seed,
        "replicates": replicates,
        "replicate_seeds": seeds,
        "residents_per_agent": scale or scenario.spec.city.residents_per_agent,
        "command": " ".join(["binjai-sim", *sys.argv[1:]]),
        "versions": versions(),
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def write_run(result, target: Path, seed: int, scale: int | None, force: bool, figures: bool = True) -> Path:
    """Write every output of a run into ``target`` atomically."""
    from .summary import summarise

    spec = result.scenario.spec
    summary = summarise(result.metrics, spec, len(result.scenario.inventory))
    summary["scenario"] = result.scenario.name
    summary["seed"] = seed
    with atomic_directory(target, force) as work:
        result.series.to_parquet(work / "series.parquet", index=False)
        result.apps.to_parquet(work / "apps.parquet", index=False)
        result.events.to_parquet(work / "events.parquet", index=False)
        write_json(work / "summary.json", summary)
        write_json(work / "manifest.json", manifest(result.scenario, seed, len(result.seeds), result.seeds, scale))
        if figures:
            from .plots import run_figures

            run_figures(result, work)
    return target
