"""``calibrate pooled`` (the joint fit of several regions), ``calibrate loro`` (leave one region
out) and ``calibrate pooled-predict`` (a region with no records)."""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import help_text, percent, t
from binjai_sim.base.resources import CALIBRATION

from .structures import STRUCTURES

PREDICT_DRAWS = 100  # posterior draws behind a region's prediction


def fit_regions(setup, args, checkpoints: Path, progress=None) -> dict:
    """One pooled fit of ``setup``'s regions, every structure a model index; results by structure."""
    from .pooled import pooled_distance
    from .pooled_smc import resumable_smc

    settings = {"regions": [(r.name, r.covariates, len(r.records), r.until, r.counts) for r in setup.regions],
                "replicates": setup.replicates, "structures": list(setup.structures),
                "records": [[(x.app, x.observed, x.value, x.first, x.last) for x in r.records] for r in setup.regions]}
    priors = [setup.priors(s) for s in setup.structures]
    results = resumable_smc(priors, partial(pooled_distance, setup), args.seed, args.population, args.generations,
                            args.population * 60 * len(priors), args.workers, checkpoints, settings,
                            progress=progress, stop_after=getattr(args, "stop_after", None))
    return dict(zip(setup.structures, results, strict=True)) if results else {}


def probabilities(results: dict) -> dict[str, float]:
    from .structures import model_probabilities

    names = list(results)
    return dict(zip(names, model_probabilities(np.array([results[s].log_evidence for s in names])).tolist(),
                    strict=True))


def setup_of(args):
    from .pooled import PooledSetup, load_regions, load_shared

    regions = load_regions(args.regions, args.per_app_priors)
    return PooledSetup(regions, load_shared(args.priors, regions), args.replicates, tuple(args.structures))


def _bar(args, setup):
    from binjai_sim.base.console import bar

    return bar(args, desc="pooled ABC-SMC", unit="sim")


def cmd_pooled(args) -> int:
    from binjai_sim.base.console import emit_json, speaks
    from binjai_sim.outputs.write import atomic_directory, check_target

    from .pooled_predict import draws, predict, share_table

    setup = setup_of(args)
    target = check_target(args.write.parent, args.write.name, args.force)
    with _bar(args, setup) as progress:
        results = fit_regions(setup, args, args.checkpoints / "pooled", progress.update)
    if not results:
        return 0
    probs = probabilities(results)
    params = _parameters(results, setup)
    sample = draws(results, probs, args.predictive, args.seed)
    told = {}
    for region in setup.regions:
        _, shares = predict(setup.without(region.name), region, sample, args.seed, region.scenario.spec.horizon.end)
        told[region.name] = share_table(shares)
    structures = pd.DataFrame([{"structure": s, "parameters": len(results[s].posterior.columns) - 1,
                                "log_evidence": results[s].log_evidence, "probability": probs[s],
                                "final_epsilon": results[s].epsilons[-1] if results[s].epsilons else np.nan}
                               for s in results])
    body = _record(args, setup, results, probs, params, told)
    with atomic_directory(target, args.force) as work:
        for s, result in results.items():
            result.posterior.to_parquet(work / f"posterior_{s}.parquet", index=False)
        params.to_csv(work / "parameters.csv", index=False, float_format="%.6g")
        structures.to_csv(work / "structures.csv", index=False, float_format="%.6g")
        (work / "pooled.yaml").write_text(
            "# Written by `binjai-sim calibrate pooled`; do not edit by hand.\n"
            + yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8")
    if args.json:
        emit_json({"command": "calibrate pooled", "written": str(target), **body,
                   "parameters": params.to_dict(orient="records")})
    elif speaks(args):
        _print_fit(results, probs, params, body, target)
    return 0


def _parameters(results: dict, setup) -> pd.DataFrame:
    """Each structure's parameters, prior beside posterior, one table."""
    from .report import parameter_table

    tables = []
    for s, result in results.items():
        table = parameter_table(result.posterior, setup.priors(s), {})
        table.insert(0, "structure", s)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def _record(args, setup, results: dict, probs: dict, params: pd.DataFrame, told: dict) -> dict:
    """What pooled.yaml records: how the fit was made, what it narrowed and what it tells a new region."""
    from binjai_sim.outputs.write import versions

    from .report import NARROWED

    first = next(iter(results.values()))
    return {"method": "pooled ABC-SMC with MCMC moves over regions (binjai_sim/analysis/calibrate/pooled.py), "
                      "structures as a model index under one tolerance schedule",
            "command": " ".join(["binjai-sim", *sys.argv[1:]]),
            "seed": args.seed, "population_size": args.population, "replicates": args.replicates,
            "generations": int(first.generations),
            "simulations": int(first.simulations),
            "epsilons": [round(e, 4) for e in first.epsilons],
            "regions": {r.name: {"records": len(r.records), "counts": r.counts,
                                 "covariates": {k: round(v, 4) for k, v in r.covariates.items()}}
                        for r in setup.regions},
            "structure_probabilities": {s: round(p, 4) for s, p in probs.items()},
            "narrowed": {s: int(params[(params.structure == s)]["narrowed"].sum()) for s in results},
            "narrowed_rule": f"90% posterior interval at most {NARROWED} of the prior's",
            "new_region": {name: {"rule": "covariate effect + spread x a fresh N(0, 1) deviation",
                                  "alive_share_of_launched": {m: [round(a, 3), round(b, 3), round(c, 3)]
                                                              for m, a, b, c in tbl.itertuples(index=False)}}
                           for name, tbl in told.items()},
            "versions": versions()}


def _print_fit(results: dict, probs: dict, params: pd.DataFrame, body: dict, target: Path) -> None:
    print(t("pooled.done", simulations=body["simulations"], generations=body["generations"]))
    for s in results:
        print(t("pooled.structure", structure=s, probability=f"{probs[s]:.2f}", narrowed=body["narrowed"][s],
                total=int((params.structure == s).sum())))
    for r in params.itertuples():
        print(f"  {r.structure} {r.parameter}: [{r.prior_p05:.3g}, {r.prior_p95:.3g}] -> "
              f"[{r.p05:.3g}, {r.p95:.3g}] ({r.width_ratio:.2f})")
    print(t("pooled.written", path=target))


def cmd_loro(args) -> int:
    from binjai_sim.base.console import emit_json, speaks
    from binjai_sim.outputs.write import atomic_directory, check_target

    from .pooled_predict import Rivals, draws, predict, share_table

    setup = setup_of(args)
    names = [r.name for r in setup.regions]
    left = args.leave_out or names
    for name in left:
        if name not in names:
            raise InputError(args.regions, "regions", t("pooled.unknown_region", name=name), ", ".join(names))
    target = check_target(args.write.parent, args.write.name, args.force)
    rows, shares = [], []
    with _bar(args, setup) as progress:
        for name in left:
            training = setup.without(name)
            region = training.held_out[0]
            results = fit_regions(training, args, args.checkpoints / f"loro_{name}", progress.update)
            if not results:
                return 0
            probs = probabilities(results)
            apps_only = replace(region, records=[r for r in region.records if r.observed != "count"])
            p, share = predict(training, apps_only, draws(results, probs, args.predictive, args.seed), args.seed,
                               region.until)
            table = share_table(share)
            table.insert(0, "left_out", name)
            table["recorded_active"] = [_recorded(apps_only, m) for m in table["month"]]
            shares.append(table)
            scored = {"pooled_model": p, **Rivals(training.regions).scores(apps_only)}
            for model, q in scored.items():
                logs = np.log(np.maximum(q, 1e-300))
                rows.append({"left_out": name, "fitted_on": "+".join(r.name for r in training.regions),
                             "model": model, "records": int(q.size), "log_score": float(logs.sum()),
                             "per_record": float(logs.mean())})
    scores = pd.DataFrame(rows)
    with atomic_directory(target, args.force) as work:
        scores.to_csv(work / "loro.csv", index=False, float_format="%.6g")
        pd.concat(shares).to_csv(work / "shares.csv", index=False, float_format="%.6g")
        (work / "loro.md").write_text(_markdown(scores, args), encoding="utf-8")
    if args.json:
        emit_json({"command": "calibrate loro", "written": str(target), "scores": scores.to_dict(orient="records")})
    elif speaks(args):
        print(_markdown(scores, args))
        print(t("pooled.written", path=target))
    return 0


def _recorded(region, month: str) -> float:
    """The share of the region's status records of that year's months reporting the app running."""
    from binjai_sim.base.calendar import parse_month

    m = parse_month(month)
    mine = [r for r in region.records if r.observed == "status" and m - 11 <= r.first <= m]
    running = ("active", "degraded", "listed")
    return float(np.mean([r.value in running for r in mine])) if mine else float("nan")


def _markdown(scores: pd.DataFrame, args) -> str:
    lines = [f"Leave-one-region-out log scores (higher is better); `binjai-sim calibrate loro` seed {args.seed}, "
             f"population {args.population}, generations {args.generations}, replicates {args.replicates}.", "",
             "| left out | fitted on | model | records | log score | per record |", "|---|---|---|---|---|---|"]
    for r in scores.itertuples():
        lines.append(f"| {r.left_out} | {r.fitted_on} | {r.model} | {r.records} | {r.log_score:.2f} | "
                     f"{r.per_record:.3f} |")
    return "\n".join(lines) + "\n"


def cmd_predict(args) -> int:
    from binjai_sim.base.console import emit_json, speaks
    from binjai_sim.scenario.load import load_scenario

    from .pooled import PooledSetup, Region, covariates_of, neutral_values
    from .pooled_predict import draws, predict, share_table
    from .smc import SMCResult

    path = args.fit / "pooled.yaml"
    if not path.is_file():
        raise InputError(path, None, t("pooled.no_fit"))
    body = yaml.safe_load(path.read_text(encoding="utf-8"))
    probs = body["structure_probabilities"]
    results = {}
    for s in probs:
        frame = pd.read_parquet(args.fit / f"posterior_{s}.parquet")
        results[s] = SMCResult(frame, [], 0, 0, [], 0.0)
    scenario = load_scenario(args.scenario)
    if args.spbe is not None and not 0 <= args.spbe <= 5:
        raise InputError(None, "--spbe", t("pooled.bad_spbe", value=args.spbe), t("pooled.spbe_allowed"))
    region = Region("new", scenario, [], covariates_of(scenario, args.spbe),
                    neutral_values(scenario, args.per_app_priors), scenario.spec.horizon.end)
    _, shares = predict(PooledSetup([], []), region, draws(results, probs, args.draws, args.seed), args.seed,
                        region.until)
    table = share_table(shares)
    if args.json:
        emit_json({"command": "calibrate pooled-predict", "covariates": region.covariates,
                   "alive_share_of_launched": table.to_dict(orient="records")})
    elif speaks(args):
        print(t("pooled.predict_head", name=scenario.spec.city.name, draws=args.draws))
        for r in table.itertuples():
            print(t("pooled.predict_row", month=r.month, median=percent(r.median), low=percent(r.p05),
                    high=percent(r.p95)))
    return 0


def add_parsers(csub, positive, seed, outputs) -> None:
    def common(p, write: str):
        p.add_argument("regions", type=Path, nargs="?", default=CALIBRATION / "pooled" / "regions.yaml",
                       help=help_text("pooled.regions_help"))
        p.add_argument("--priors", type=Path, default=CALIBRATION / "pooled" / "priors.yaml",
                       help=help_text("pooled.priors_help"))
        p.add_argument("--per-app-priors", type=Path, default=CALIBRATION / "priors.yaml",
                       help=help_text("pooled.per_app_help"))
        p.add_argument("--population", type=positive, default=60, help=help_text("pooled.population_help"))
        p.add_argument("--generations", type=positive, default=6, help=help_text("pooled.generations_help"))
        p.add_argument("--replicates", type=positive, default=3, help=help_text("pooled.replicates_help"))
        p.add_argument("--structures", nargs="+", choices=STRUCTURES, default=list(STRUCTURES),
                       help=help_text("pooled.structures_help"))
        p.add_argument("--predictive", type=positive, default=PREDICT_DRAWS, help=help_text("pooled.predictive_help"))
        p.add_argument("--workers", type=positive, default=1, help=help_text("pooled.workers_help"))
        p.add_argument("--seed", type=seed, default=20161202, help=help_text("pooled.seed_help"))
        p.add_argument("--checkpoints", type=Path, default=Path("outputs") / "pooled_checkpoints",
                       help=help_text("pooled.checkpoints_help"))
        p.add_argument("--write", type=Path, default=CALIBRATION / "pooled" / write,
                       help=help_text("pooled.write_help"))
        p.add_argument("--force", action="store_true", help=help_text("pooled.force_help"))

    p = csub.add_parser("pooled", help=help_text("pooled.help"), parents=[outputs])
    common(p, "fit")
    p.set_defaults(func=cmd_pooled)
    lo = csub.add_parser("loro", help=help_text("pooled.loro_help"), parents=[outputs])
    common(lo, "loro")
    lo.add_argument("--leave-out", nargs="+", metavar="REGION", help=help_text("pooled.leave_out_help"))
    lo.set_defaults(func=cmd_loro)
    pr = csub.add_parser("pooled-predict", help=help_text("pooled.predict_help"), parents=[outputs])
    pr.add_argument("scenario", type=Path, help=help_text("pooled.scenario_help"))
    pr.add_argument("--fit", type=Path, default=CALIBRATION / "pooled" / "fit", help=help_text("pooled.fit_help"))
    pr.add_argument("--spbe", type=float, help=help_text("pooled.spbe_help"))
    pr.add_argument("--per-app-priors", type=Path, default=CALIBRATION / "priors.yaml",
                    help=help_text("pooled.per_app_help"))
    pr.add_argument("--draws", type=positive, default=PREDICT_DRAWS, help=help_text("pooled.predictive_help"))
    pr.add_argument("--seed", type=seed, default=20161202, help=help_text("pooled.seed_help"))
    pr.set_defaults(func=cmd_predict)

