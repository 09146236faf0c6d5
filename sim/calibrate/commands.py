"""The ``calibrate fit`` and ``calibrate survey`` commands."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import yaml

from ..outputs import atomic_directory, check_output_file, check_target, versions


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def calibrated_yaml(result, checks, point_checks, targets_path: Path, priors_path: Path, seed: int, workers: int,
                    population: int) -> str:
    from .fit import file_sha256

    body = {
        "method": "ABC-SMC (pyabc)",
        "point": result.point_rule,
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": " ".join(["binjai-sim", *sys.argv[1:]]),
        "seed": seed,
        "workers": workers,
        "sampler": "SingleCoreSampler (reproducible)" if workers <= 1 else "MulticoreEvalParallelSampler",
        "population_size": population,
        "generations": result.generations,
        "simulations": result.simulations,
        "epsilons": [round(e, 6) for e in result.epsilons],
        "targets": {"file": targets_path.name, "sha256": file_sha256(targets_path)},
        "priors": {"file": priors_path.name, "sha256": file_sha256(priors_path)},
        "posterior_file": "posterior.parquet",
        "fit_quality": {"posterior_predictive": _plain(checks), "calibrated_point": _plain(point_checks)},
        "versions": versions(),
        "parameters": {k: round(float(v), 6) for k, v in result.point.items()},
    }
    header = ("# Calibrated free parameters, written by `binjai-sim calibrate fit`; do not edit by hand.\n"
              "# Scenarios use them through `calibrated: <this file>`; a scenario's own keys take precedence.\n")
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)


def _plain(checks: list[dict]) -> list[dict]:
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in c.items()} for c in checks]


def cmd_fit(args) -> int:
    from tqdm import tqdm

    from ..scenario import load_scenario
    from .fit import fit
    from .predictive import fit_quality, predictive
    from .report import write_report
    from .targets import load_priors, load_targets

    targets, scenario_path = load_targets(args.targets)
    scenario = load_scenario(scenario_path)
    priors_path = args.priors or args.targets.parent / "priors.yaml"
    priors = load_priors(priors_path, scenario)
    target = check_target(args.out, "calibration", args.force)
    write = args.write or args.targets.parent / "calibrated.yaml"
    with tqdm(total=args.budget, desc="ABC-SMC", unit="sim", file=sys.stderr, disable=None, leave=False) as bar:
        result = fit(scenario, targets, priors, seed=args.seed, population=args.population,
                     generations=args.generations, budget=args.budget, workers=args.workers, progress=bar.update)
    pred = predictive(scenario, targets, result.posterior, args.predictive, seed=args.seed)
    checks = fit_quality(pred, targets)
    point_checks = fit_quality(predictive(scenario.with_overrides(result.point), targets, None, args.predictive,
                                          seed=args.seed), targets)
    with atomic_directory(target, args.force) as work:
        result.posterior.to_parquet(work / "posterior.parquet", index=False)
        text = calibrated_yaml(result, checks, point_checks, args.targets, priors_path, args.seed, args.workers,
                               args.population)
        (work / "calibrated.yaml").write_text(text, encoding="utf-8")
        write_report(work, result, checks, pred, targets, priors, scenario.inventory, args.seed, args.workers,
                     args.predictive, point_checks)
    result.posterior.to_parquet(write.with_name(".posterior.parquet.tmp"), index=False)
    os.replace(write.with_name(".posterior.parquet.tmp"), write.with_name("posterior.parquet"))
    write_text_atomic(write, text)
    print(f"{result.simulations} simulations in {result.generations} generations; final epsilon "
          f"{result.epsilons[-1]:.3f}")
    for key, value in result.point.items():
        print(f"  {key} = {value:.4g}")
    for title, rows in ((f"fit quality over {args.predictive} posterior-predictive replicates:", checks),
                        (f"at the calibrated point ({args.predictive} replicates):", point_checks)):
        print(title)
        for c in rows:
            spread = "" if c["p05"] is None else f" [{c['p05']:g}-{c['p95']:g}]"
            print(f"  {'PASS' if c['pass'] else 'FAIL'} {c['check']}: observed {c['observed']}, "
                  f"simulated {c['median']}{spread}")
    print(f"wrote {write} and {write.with_name('posterior.parquet')}; report in {target}")
    return 0


def add_parsers(sub, positive, seed) -> None:
    cal = sub.add_parser("calibrate", help="estimate survey coefficients or fit free parameters",
                         description="Calibration: 'survey' estimates factor coefficients from questionnaire "
                                     "data (SEM); 'fit' fits free parameters to observed patterns (ABC-SMC).")
    csub = cal.add_subparsers(dest="calibrate_command", required=True, metavar="KIND")
    f = csub.add_parser("fit", help="fit free parameters to targets by ABC-SMC (pyabc)")
    f.add_argument("targets", type=Path, help="targets YAML, e.g. calibration/targets.yaml")
    f.add_argument("--priors", type=Path, help="priors YAML (default: priors.yaml beside the targets)")
    f.add_argument("--workers", type=positive, default=1,
                   help="processes; 1 (default) is reproducible, more are faster but not byte-reproducible")
    f.add_argument("--population", type=positive, default=200, help="particles per generation (default 200)")
    f.add_argument("--generations", type=positive, default=6, help="maximum generations (default 6)")
    f.add_argument("--budget", type=positive, default=8000, help="maximum simulations in all (default 8000)")
    f.add_argument("--predictive", type=positive, default=100,
                   help="posterior-predictive replicates for the report (default 100)")
    f.add_argument("--seed", type=seed, default=20161202, help="master seed")
    f.add_argument("--out", type=Path, default=Path("outputs"), help="report folder parent (default outputs/)")
    f.add_argument("--write", type=Path, help="calibrated parameter file (default: calibrated.yaml beside targets)")
    f.add_argument("--force", action="store_true", help="replace an existing report folder")
    f.set_defaults(func=cmd_fit)
    s = csub.add_parser("survey", help="estimate the five factor coefficients from survey responses (SEM)")
    s.add_argument("responses", type=Path, help="CSV of questionnaire answers, one row per respondent")
    s.add_argument("--spec", type=Path, required=True, help="YAML naming the items of each construct and the scale")
    s.add_argument("--out", type=Path, default=Path("outputs") / "survey_coefficients.yaml",
                   help="coefficients file to write (default outputs/survey_coefficients.yaml)")
    s.add_argument("--force", action="store_true", help="replace an existing coefficients file")
    s.set_defaults(func=cmd_survey)


def cmd_survey(args) -> int:
    from .survey import estimate, load_responses, load_spec, to_coefficients_yaml

    spec = load_spec(args.spec)
    data = load_responses(args.responses, spec)
    check_output_file(args.out, args.force)
    est = estimate(data, spec)
    write_text_atomic(args.out, to_coefficients_yaml(est, args.responses, args.spec))
    print(est.describe())
    print(f"wrote {args.out}")
    return 0
