"""The planner's report: one self-contained HTML file that prints well on A4, and an Excel
workbook, made from a run's output folder (and, when one was run, a comparison of strategies).

``folders.py`` reads the output folders, ``tables.py`` (with ``assumptions.py``, on the data
classes of ``parts.py``) turns them into the report's tables (in the language in force),
``printable.py`` neutralises the names in them, ``html.py`` and
``xlsx.py`` write them, ``command.py`` is the ``report`` command. The report reads only the
output folders, so it can be made again, in either language, long after the run.
"""

from __future__ import annotations

from pathlib import Path


def write_report(folder: Path, lang: str | None = None, comparison: Path | None = None,
                 brief: bool = False) -> list[Path]:
    """Write ``report_<lang>.html`` and ``report_<lang>.xlsx`` into the run folder ``folder``, and
    with ``brief`` the one-page ``brief_<lang>.html`` for the regional head (needs a comparison)."""
    from binjai_sim.base.i18n import t, use

    from .folders import read_comparison, read_run
    from .html import write_html
    from .printable import printable
    from .tables import build
    from .xlsx import write_xlsx

    identity = _identity(folder)
    run = read_run(folder)
    _remove_old_temporaries(folder)
    lang = lang or run.manifest.get("lang") or "en"
    compared = read_comparison(comparison) if comparison is not None else None
    if compared is not None and compared.names[0] != run.summary["scenario"]:
        from binjai_sim.base.errors import InputError

        with use(lang):
            raise InputError(comparison, None, t("report.other_reference", reference=compared.names[0],
                                                 scenario=run.summary["scenario"]), run.summary["scenario"])
    if brief and compared is None:
        from binjai_sim.base.errors import InputError

        with use(lang):
            raise InputError(folder, "--brief", t("plan.brief.needs_comparison"), "--comparison DIR")
    from binjai_sim.outputs.write import atomic_files

    with use(lang):
        report = build(run, compared)
        plan = None
        if compared is not None:
            from .planning import add_planning

            plan = add_planning(report, run, compared)
            if brief and (not plan.costs or plan.chances is None):  # refused before anything is written
                from binjai_sim.base.errors import InputError

                raise InputError(comparison, "--brief", t("plan.brief.old_comparison"), "binjai-sim compare")
        report = printable(report)
        names = [f"report_{lang}.html", f"report_{lang}.xlsx", *([f"brief_{lang}.html"] if brief else [])]
        # the report and its brief appear together or not at all
        with atomic_files(folder, "report", lambda: _same_run(folder, identity)) as work:
            write_html(report, work / names[0])
            write_xlsx(report, work / names[1])
            if brief:
                from .brief import write_brief

                write_brief(run, compared, plan, work / names[2])
        return [folder / name for name in names]


def _identity(folder: Path) -> str | None:
    """The run a folder holds: the hash of its manifest (each run writes a new one)."""
    import hashlib

    try:
        return hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()
    except OSError:
        return None


def _same_run(folder: Path, identity: str | None) -> None:
    """Refuse to put a report into a folder whose run was replaced while the report was made."""
    if _identity(folder) != identity:
        from binjai_sim.base.errors import InputError
        from binjai_sim.base.i18n import t

        raise InputError(folder, None, t("report.run_replaced"))


def _remove_old_temporaries(folder: Path) -> None:
    """Files an earlier version left when killed while writing one report file."""
    import re

    from binjai_sim.base.procguard import alive

    for path in folder.glob(".report_*.tmp"):
        match = re.fullmatch(r"\.report_\w+\.(html|xlsx)\.(\d+)\.tmp", path.name)
        if match and path.is_file() and not path.is_symlink() and not alive(int(match.group(2))):
            path.unlink(missing_ok=True)
