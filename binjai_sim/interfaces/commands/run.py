"""The ``run`` and ``compare`` commands: load, check the size, run, write, print."""

from __future__ import annotations

from pathlib import Path

from binjai_sim.base.console import bar, emit_json, speaks
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import plain, t, use
from binjai_sim.interfaces.condition_cli import report as report_known


def cmd_run(args) -> int:
    from binjai_sim.interfaces.condition_cli import projected
    from binjai_sim.interfaces.regionbook import load_scenario  # a scenario file or a region workbook
    from binjai_sim.outputs.write import check_name, check_target, write_run
    from binjai_sim.runs import limits
    from binjai_sim.runs.runner import run_scenario

    scenario = projected(load_scenario(args.scenario), args.from_month)
    check_name(scenario.name, args.scenario, "name")
    seed = scenario.spec.run.seed if args.seed is None else args.seed
    replicates = scenario.spec.run.replicates if args.replicates is None else args.replicates
    limits.check_scenario(scenario, args.scenario, args.scale)
    limits.check_estimate(limits.run_estimate(scenario, replicates, args.scale, args.workers), args.scenario,
                          "--replicates" if args.replicates else "run.replicates")
    target = check_target(args.out, scenario.name, args.force)
    with bar(args, total=replicates, desc=f"{scenario.name}", unit="replicate") as progress:
        result = run_scenario(scenario, seed=seed, replicates=replicates, residents_per_agent=args.scale,
                              workers=args.workers, progress=progress.update, agents=True)
    from binjai_sim.analysis.report import write_report

    write_run(result, target, seed, args.scale, args.force, figures=not args.no_figures, lang=args.lang,
              then=(lambda folder, lang: write_report(folder, lang)) if args.report else None)
    report = target / f"report_{args.lang or scenario.spec.lang}.html" if args.report else None
    if args.json:
        import json

        summary = json.loads((target / "summary.json").read_text(encoding="utf-8"))
        emit_json({"command": "run", "folder": str(target), "report": str(report) if report else None,
                   "summary": summary})
    elif speaks(args):
        _print_summary(target)
        if report:
            print(t("summary.report", path=report))
    report_known(target, printed=speaks(args) and not args.json)
    return 0


def cmd_compare(args) -> int:
    from binjai_sim.analysis.calibrate.strategy_fit import sources_note
    from binjai_sim.analysis.compare import compare, markdown_table, paired_markdown, write_comparison
    from binjai_sim.analysis.verdicts.sequential import with_prior
    from binjai_sim.analysis.verdicts.taught import lesson
    from binjai_sim.interfaces.condition_cli import projected
    from binjai_sim.interfaces.regionbook import expand
    from binjai_sim.outputs.write import check_name, check_target
    from binjai_sim.runs import limits

    check_name(args.name, None, "--name")
    if args.structures and not args.posterior:
        raise InputError(None, "--draw-structures", t("posterior.structures_need_posterior"))
    paths, scenarios = expand(args.scenarios)  # a region workbook: its baseline, then its packages
    scenarios = [projected(s, args.from_month) for s in scenarios]
    first = scenarios[0].spec.run
    seed = first.seed if args.seed is None else args.seed
    replicates = (first.replicates if not args.posterior else 1) if args.replicates is None else args.replicates
    for path, scenario in zip(paths, scenarios, strict=True):
        limits.check_scenario(scenario, path)
    runs = replicates * (2 * max(args.max_draws, args.posterior) if args.posterior else 1)  # at most
    estimates = [limits.run_estimate(s, runs, None, args.workers, keep_apps=False) for s in scenarios]
    total = limits.Estimate(sum(e.runs for e in estimates), estimates[0].months, estimates[0].agents,
                            max(e.memory_mb for e in estimates), sum(e.seconds for e in estimates))
    limits.check_estimate(total, None, "--replicates")
    target = check_target(args.out, args.name, args.force)
    with bar(args, total=None if args.posterior else runs * len(scenarios), desc="compare", unit="run") as progress:
        result = (with_prior(scenarios, seed, replicates, args.posterior, args.max_draws, args.structures,
                             args.workers, progress.update, args.strategy_effects) if args.posterior
                  else compare(scenarios, seed, replicates, workers=args.workers, progress=progress.update))
    write_comparison(result, target, seed, args.force, lang=args.lang)
    if args.json:
        emit_json({"command": "compare", "folder": str(target), "reference": scenarios[0].name,
                   "labels": result.labels, "table": result.table.to_dict(orient="records"),
                   "paired": result.paired.to_dict(orient="records")})
        return 0
    if not speaks(args):
        return 0
    print(markdown_table(result.table, result.labels), end="")
    if not result.paired.empty:
        print("\n" + t("compare.paired_by", reference=plain(result.labels[scenarios[0].name]),
                        unit=t(f"compare.unit.{result.paired['unit'].iloc[0]}")))
        print(paired_markdown(result.paired, result.labels), end="")
        if result.prior_draws is not None:
            print(lesson(result.paired, result.labels))
            if args.strategy_effects:
                print(sources_note())
    print(t("summary.outputs", path=target))
    return 0


def _print_summary(target: Path) -> None:
    import json

    from binjai_sim.runs.summary import describe

    summary = json.loads((target / "summary.json").read_text(encoding="utf-8"))
    with use(summary.get("lang")):
        print("\n".join(describe(summary)))
        print("  " + t("summary.outputs", path=target))
