"""A sweep's folder: checked before any work, then started, resumed or restarted."""

from __future__ import annotations

import json
from pathlib import Path

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.outputs.write import (
    check_name,
    check_writable,
    guard_inside,
    remove_stale,
    replace_folder,
    versions,
    write_json,
)


def prepare_folder(target: Path, sweep, resume: bool, force: bool) -> None:
    """Check ``--out`` before any work, then start, resume or (``force``) restart ``target``.

    A sweep writes into its folder as it goes, so only the restart goes through the guarded
    replace: the old folder is moved aside under the ``--out`` lock and deleted after."""
    out = target.parent
    check_name(target.name, sweep.path, "name")
    check_writable(out)
    guard_inside(out, target)
    remove_stale(out, target.name)
    state = target / "sweep.json"
    if target.exists():
        if force:
            replace_folder(out, None, target, force=True)
        elif resume:
            if not state.exists():
                raise InputError(target, None, t("msg.sweep.not_folder"))
            stored = json.loads(state.read_text())
            if stored.get("sweep_sha256") != sweep.hash:
                raise InputError(target, None, t("msg.sweep.changed"))
            return
        else:
            raise InputError(target, None, t("msg.sweep.exists"))
    try:
        target.mkdir()
    except FileExistsError:
        raise InputError(target, None, t("msg.sweep.raced")) from None
    write_json(state, {"name": sweep.name, "file": str(sweep.path), "sweep_sha256": sweep.hash,
                       "spec": sweep.spec.model_dump(mode="json"), "versions": versions(),
                       "hold_hazard_level_reference": sweep.reference})


