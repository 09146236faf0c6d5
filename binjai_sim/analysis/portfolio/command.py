"""The ``plan-package`` command: parser and handler (registered in binjai_sim/interfaces/cli.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from binjai_sim.base.i18n import help_text, t

NAME = "package_plan"


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("msg.cli.not_whole", value=repr(text))) from None
    if value < 0:
        raise argparse.ArgumentTypeError(t("portfolio.at_least_zero", value=value))
    return value


def add_parser(sub, parents: list, seed_type, positive) -> None:
    from binjai_sim.analysis.verdicts.rule import DEFAULT_CAP

    from .defaults import MAX_CANDIDATES

    p = sub.add_parser("plan-package", parents=parents, help=help_text("portfolio.help"),
                       description=help_text("portfolio.description"))
    p.add_argument("scenario", type=Path, metavar="SCENARIO", help=help_text("portfolio.opt.scenario"))
    p.add_argument("--budget-per-year", required=True, metavar="RP", help=help_text("portfolio.opt.budget"))
    p.add_argument("--target", required=True, metavar="TARGET", help=help_text("portfolio.opt.target"))
    p.add_argument("--confidence", default="0.9", help=help_text("portfolio.opt.confidence"))
    p.add_argument("--intensities", default="0.5,1", metavar="LIST", help=help_text("portfolio.opt.intensities"))
    p.add_argument("--start", metavar="YYYY-MM", help=help_text("portfolio.opt.start"))
    p.add_argument("--strategies", metavar="LIST", help=help_text("portfolio.opt.strategies"))
    p.add_argument("--seed", type=seed_type, help=help_text("msg.cli.run_seed"))
    p.add_argument("--max-draws", type=positive, default=DEFAULT_CAP, metavar="N",
                   help=help_text("portfolio.opt.max_draws").replace("{cap}", str(DEFAULT_CAP)))
    p.add_argument("--max-candidates", type=positive, default=MAX_CANDIDATES, metavar="N",
                   help=help_text("portfolio.opt.max_candidates").replace("{cap}", str(MAX_CANDIDATES)))
    p.add_argument("--beyond", type=_count, default=0, metavar="N", help=help_text("portfolio.opt.beyond"))
    p.add_argument("--no-ascent", dest="climb", action="store_false", help=help_text("portfolio.opt.no_ascent"))
    p.add_argument("--fixed-strategy-effects", dest="strategy_effects", action="store_false",
                   help=help_text("portfolio.opt.fixed"))
    p.add_argument("--one-structure", dest="structures", action="store_false",
                   help=help_text("portfolio.opt.one_structure"))
    p.add_argument("--workers", type=positive, default=1, help=help_text("msg.cli.run_workers"))
    p.add_argument("--out", type=Path, default=Path("outputs"), help=help_text("msg.cli.out"))
    p.add_argument("--name", default=NAME, help=help_text("portfolio.opt.name"))
    p.add_argument("--force", action="store_true", help=help_text("helpwords.plan.force"))
    p.set_defaults(func=cmd_plan_package)


def _start(text: str | None, horizon: tuple[int, int]) -> int | None:
    from binjai_sim.base.calendar import format_month, parse_month
    from binjai_sim.base.errors import InputError

    if text is None:
        return None
    try:
        month = parse_month(text)
    except (ValueError, TypeError):
        month = None
    if month is None or not horizon[0] <= month <= horizon[1]:
        raise InputError(None, "--start", t("portfolio.bad_start", value=str(text)[:40], start=format_month(horizon[0]),
                                            end=format_month(horizon[1])))
    return month


def _strategies(text: str | None) -> list[str] | None:
    from binjai_sim.base.errors import InputError, did_you_mean, one_of, short
    from binjai_sim.model.strategies import REGISTRY

    if text is None:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    for name in names:
        if name not in REGISTRY:
            raise InputError(None, "--strategies", t("portfolio.bad_strategies", name=short(name))
                             + did_you_mean(name, REGISTRY), one_of(REGISTRY))
    if not names:
        raise InputError(None, "--strategies", t("portfolio.bad_strategies", name="''"), one_of(REGISTRY))
    return list(dict.fromkeys(names))


def cmd_plan_package(args) -> int:
    import time

    from binjai_sim.base.console import bar, emit_json, speaks
    from binjai_sim.base.i18n import current, number
    from binjai_sim.outputs.write import check_name, check_target
    from binjai_sim.runs.limits import check_scenario
    from binjai_sim.scenario.load import load_scenario

    from .output import verdict_lines, write_plan
    from .plan import plan_package
    from .target import parse_budget, parse_confidence, parse_levels, parse_target

    check_name(args.name, None, "--name")
    # the command line passes the region-workbook reader (an interface), so a workbook means its baseline
    base = (getattr(args, "load", None) or load_scenario)(args.scenario)
    check_scenario(base, args.scenario)
    horizon = (base.spec.horizon.start, base.spec.horizon.end)
    budget = parse_budget(args.budget_per_year)
    target = parse_target(args.target, horizon)
    confidence = parse_confidence(args.confidence)
    levels = parse_levels(args.intensities)
    start = _start(args.start, horizon)
    names = _strategies(args.strategies)
    folder = check_target(args.out, args.name, args.force)
    began = time.perf_counter()
    with bar(args, total=None, desc="plan-package", unit="run") as progress:
        plan = plan_package(base, budget, target, confidence, args.seed, levels, start, names,
                            cap=args.max_draws, max_candidates=args.max_candidates, beyond=args.beyond,
                            climb=args.climb, structures=args.structures, strategy_effects=args.strategy_effects,
                            workers=args.workers, progress=progress.update)
    lang = current()
    write_plan(plan, base, folder, args.force, lang)
    if args.json:
        chosen = plan.result.chosen
        emit_json({"command": "plan-package", "folder": str(folder), "proven": plan.result.proven,
                   "chosen": None if chosen is None else [list(x) for x in chosen.package],
                   "cost_per_year_rp": None if chosen is None else chosen.cost,
                   "candidates": len(plan.result.candidates), "runs": plan.runs})
    elif speaks(args):
        print("\n".join(verdict_lines(plan)))
        if args.strategy_effects:
            from binjai_sim.analysis.calibrate.strategy_fit import sources_note

            print(sources_note())
        print(t("portfolio.runs", candidates=len(plan.result.candidates), runs=number(plan.runs),
                seconds=number(time.perf_counter() - began)))
        print(t("portfolio.wrote", path=folder))
    return 0
