"""The result store: finished runs stream to Parquet part files, each written atomically.

A part file is the unit of durability: it appears (by rename) only when complete, so after any
interruption every run in a part is finished and every run not in one is not. The manifest
lists the parts for readers; the part files themselves are the truth.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pandas as pd


class RunStore:
    def __init__(self, folder: Path, flush_rows: int = 64, flush_seconds: float = 5.0):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.flush_rows = flush_rows
        self.flush_seconds = flush_seconds
        self.buffer: list[dict] = []
        self.last_flush = time.monotonic()
        for stale in self.folder.glob(".part-*.tmp"):  # a part being written when a run was killed
            stale.unlink()

    def parts(self) -> list[Path]:
        return sorted(self.folder.glob("part-*.parquet"))

    def finished(self) -> set[tuple[int, int]]:
        done: set[tuple[int, int]] = set()
        for part in self.parts():
            keys = pd.read_parquet(part, columns=["sample", "replicate"])
            done.update(zip(keys["sample"].tolist(), keys["replicate"].tolist(), strict=True))
        return done

    def add(self, row: dict) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= self.flush_rows or time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        existing = self.parts()
        number = int(existing[-1].stem.split("-")[1]) + 1 if existing else 1
        final = self.folder / f"part-{number:06d}.parquet"
        tmp = self.folder / f".part-{number:06d}.tmp"
        pd.DataFrame(self.buffer).to_parquet(tmp, index=False)
        os.replace(tmp, final)
        self.buffer = []
        self._write_manifest()

    def _write_manifest(self) -> None:
        parts = self.parts()
        rows = sum(pd.read_parquet(p, columns=["sample"]).shape[0] for p in parts[-1:]) if parts else 0
        manifest_path = self.folder / "manifest.json"
        previous = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"parts": {}}
        previous["parts"][parts[-1].name] = rows
        previous["runs"] = sum(previous["parts"].values())
        tmp = self.folder / ".manifest.json.tmp"
        tmp.write_text(json.dumps(previous, indent=1, sort_keys=True))
        os.replace(tmp, manifest_path)

    def read(self) -> pd.DataFrame:
        """Every finished run, one row each, sorted by (sample, replicate)."""
        parts = [pd.read_parquet(p) for p in self.parts()]
        if not parts:
            return pd.DataFrame(columns=["sample", "replicate"])
        frame = pd.concat(parts, ignore_index=True)
        frame = frame.drop_duplicates(["sample", "replicate"], keep="first")
        return frame.sort_values(["sample", "replicate"], ignore_index=True)
