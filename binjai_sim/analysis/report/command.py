"""The ``report`` command: a run's folder (and a comparison's) into the planner's report."""

from __future__ import annotations

from pathlib import Path

from binjai_sim.base.i18n import help_text, t


def add_parser(sub, lang_parent) -> None:
    p = sub.add_parser("report", parents=[lang_parent], help=help_text("report.help"),
                       description=help_text("report.description"))
    p.add_argument("folder", type=Path, metavar="OUTDIR", help=help_text("report.opt.folder"))
    p.add_argument("--comparison", type=Path, metavar="DIR", help=help_text("report.opt.comparison"))
    p.add_argument("--brief", action="store_true", help=help_text("plan.opt_brief"))
    p.set_defaults(func=cmd_report)


def cmd_report(args) -> int:
    from . import write_report

    for path in write_report(args.folder, args.lang, args.comparison, args.brief):
        print(t("report.wrote", path=path))
    return 0
