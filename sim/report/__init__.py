"""The planner's report: one self-contained HTML file that prints well on A4, and an Excel
workbook, made from a run's output folder (and, when one was run, a comparison of strategies).

``folders.py`` reads the output folders, ``tables.py`` turns them into the report's tables (in
the language in force), ``html.py`` and ``xlsx.py`` write them, ``command.py`` is the
``report`` command. The report reads only the output folders, so it can be made again, in
either language, long after the run.
"""

from __future__ import annotations

from pathlib import Path


def write_report(folder: Path, lang: str | None = None, comparison: Path | None = None,
                 brief: bool = False) -> list[Path]:
    """Write ``report_<lang>.html`` and ``report_<lang>.xlsx`` into the run folder ``folder``, and
    with ``brief`` the one-page ``brief_<lang>.html`` for the regional head (needs a comparison)."""
    from ..i18n import t, use
    from .folders import read_comparison, read_run
    from .html import write_html
    from .tables import build
    from .xlsx import write_xlsx

    run = read_run(folder)
    lang = lang or run.manifest.get("lang") or "en"
    compared = read_comparison(comparison) if comparison is not None else None
    if compared is not None and compared.names[0] != run.summary["scenario"]:
        from ..errors import InputError

        with use(lang):
            raise InputError(comparison, None, t("report.other_reference", reference=compared.names[0],
                                                 scenario=run.summary["scenario"]), run.summary["scenario"])
    if brief and compared is None:
        from ..errors import InputError

        with use(lang):
            raise InputError(folder, "--brief", t("plan.brief.needs_comparison"), "--comparison DIR")
    with use(lang):
        report = build(run, compared)
        plan = None
        if compared is not None:
            from .planning import add_planning

            plan = add_planning(report, run, compared)
            if brief and (not plan.costs or plan.chances is None):  # refused before anything is written
                from ..errors import InputError

                raise InputError(comparison, "--brief", t("plan.brief.old_comparison"), "binjai-sim compare")
        written = [write_html(report, folder / f"report_{lang}.html"),
                   write_xlsx(report, folder / f"report_{lang}.xlsx")]
        if brief:
            from .brief import write_brief

            written.append(write_brief(run, compared, plan, folder / f"brief_{lang}.html"))
        return written
