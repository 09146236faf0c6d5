"""``report WORKBOOK``: a region workbook's baseline run, its strategy packages compared with
common random numbers, and the planner's report with its workbook, in one command.

Everything is read and checked before the first run; each output folder appears whole or not
at all (binjai_sim.outputs.write). The report's workbook (``report_<lang>.xlsx``) is the one workbook out:
summary, each app's ranked chances, cost per agency and year, every number a number.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from binjai_sim.base.i18n import help_text, t

from .sheets import SUFFIXES


def whole(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("workbook.not_whole", value=text)) from None
    if not 0 < value < 2**63:
        raise argparse.ArgumentTypeError(t("workbook.not_whole", value=text))
    return value


def run_options(parser, name: bool = False, only: str = "") -> None:
    """The options a command that runs a region takes; ``only`` says when they apply."""
    parser.add_argument("--out", type=Path, default=Path("outputs"), help=only + help_text("workbook.opt_out"))
    parser.add_argument("--replicates", type=whole, help=only + help_text("workbook.opt_replicates"))
    parser.add_argument("--seed", type=whole, help=only + help_text("workbook.opt_seed"))
    parser.add_argument("--force", action="store_true", help=only + help_text("workbook.opt_force"))
    if name:
        parser.add_argument("--name", default="neighbours", help=help_text("workbook.opt_name"))


def extend_report(parser) -> None:
    """``report`` takes a region workbook in place of a run's folder."""
    run_options(parser, only=help_text("workbook.with_workbook"))
    folder_report = parser.get_default("func")

    def func(args):
        if Path(args.folder).suffix.lower() in SUFFIXES:
            return report_workbook(args)
        given = [o for o, v in (("--replicates", args.replicates), ("--seed", args.seed), ("--force", args.force),
                                ("--out", args.out != Path("outputs"))) if v not in (None, False)]
        if given:  # a run's folder is reported as it was run: these would be silently ignored
            from binjai_sim.base.errors import InputError

            raise InputError(args.folder, given[0], t("workbook.only_with_workbook"))
        return folder_report(args)

    parser.set_defaults(func=func)


def runs_of(region, seed: int | None, replicates: int | None) -> tuple[int, int]:
    run = region.baseline.spec.run
    return (run.seed if seed is None else seed), (run.replicates if replicates is None else replicates)


def check_size(scenarios: list, path: Path, replicates: int) -> None:
    from binjai_sim.runs import limits

    for scenario in scenarios:
        limits.check_scenario(scenario, path)
        limits.check_estimate(limits.run_estimate(scenario, replicates, None, 1), path,
                              "--replicates")


def report_workbook(args) -> int:
    from binjai_sim.base.i18n import use

    from .reader import peek_lang

    with use(args.lang or peek_lang(Path(args.folder)) or "en"):
        return _report_workbook(args)


def _report_workbook(args) -> int:
    from binjai_sim.analysis.compare import compare, write_comparison
    from binjai_sim.analysis.report import write_report
    from binjai_sim.outputs.write import check_target, write_run
    from binjai_sim.runs.runner import run_scenario

    from .reader import load_region

    path = Path(args.folder)
    region = load_region(path)
    seed, replicates = runs_of(region, args.seed, args.replicates)
    check_size(region.scenarios, path, replicates)
    base = region.baseline
    run_target = check_target(args.out, base.name, args.force)
    compared = check_target(args.out, f"{base.name}_strategies", args.force) if region.packages else None
    if args.brief and compared is None:
        from binjai_sim.base.errors import InputError

        raise InputError(path, "--brief", t("workbook.brief_needs_packages"))
    result = run_scenario(base, seed=seed, replicates=replicates, agents=True)
    write_run(result, run_target, seed, None, args.force, lang=args.lang)
    if compared is not None:
        write_comparison(compare(region.scenarios, seed, replicates), compared, seed, args.force, lang=args.lang)
    for written in write_report(run_target, args.lang, compared, args.brief):
        print(t("report.wrote", path=written))
    return 0
