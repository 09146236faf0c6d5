"""The ``calibrate fit`` and ``calibrate survey`` commands."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from binjai_sim.base.i18n import current, help_text, t
from binjai_sim.outputs.write import atomic_directory, check_output_file, check_target, versions

from .observation import OBSERVED
from .targets import describe_dates


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # a fresh name opened exclusively: a link planted at a predictable name is never written through
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared coefficients file from colleagues
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def calibrated_yaml(result, targets_path: Path, priors_path: Path, seed: int, workers: int, population: int,
                    priors, checks, fitted_to: str = "Binjai", posterior_sha256: str | None = None) -> str:
    from .fit import file_sha256
    from .targets import as_changes

    scenario_values = as_changes(result.point, priors)
    body = {
        "method": "ABC-SMC with MCMC moves (binjai_sim/analysis/calibrate/smc.py) on each app's fate",
        "fitted_to": fitted_to,  # the city whose apps' fates were fitted (scenarios compare it with their own)
        "point": result.point_rule,
        "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": " ".join(["binjai-sim", *sys.argv[1:]]),
        "seed": seed,
        "workers": workers,
        "population_size": population,
        "generations": result.generations,
        "simulations": result.simulations,
        "epsilons": [round(e, 6) for e in result.epsilons],
        "mcmc_acceptance": [round(a, 4) for a in result.acceptance],
        "targets": {"file": targets_path.name, "sha256": file_sha256(targets_path)},
        "priors": {"file": priors_path.name, "sha256": file_sha256(priors_path)},
        "posterior_file": "posterior.parquet",
        "posterior_sha256": posterior_sha256,  # loading pairs this file with that posterior only
        "fit_checks_at_point": _plain(checks),
        "observation": {k: round(float(v), 6) for k, v in result.point.items() if k.startswith("observation.")},
        "versions": versions(),
        "parameters": {k: (round(v, 6) if isinstance(v, float) else v) for k, v in scenario_values.items()},
    }
    header = ("# Calibrated free parameters, written by `binjai-sim calibrate fit`; do not edit by hand.\n"
              "# Scenarios use them through `calibrated: <this file>`; they apply over the file that names it.\n")
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)


def _plain(checks: list[dict]) -> list[dict]:
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in c.items()} for c in checks]


# long: one pass from targets to report; each step is a call, and splitting would only pass the same dozen values
def cmd_fit(args) -> int:
    from binjai_sim.base.console import bar, emit_json, speaks

    from .fit import file_sha256, fit, prepare
    from .point import choose_point, relative_weights
    from .predictive import fit_checks, predictive
    from .report import correlations, parameter_table, strongest_pairs, write_report
    from .validation import cross_validate, held_out_scores, launch_year_model, scores

    priors_path = args.priors or args.targets.parent / "priors.yaml"
    setup = prepare(args.targets, priors_path)
    target = check_target(args.out, "calibration", args.force)
    write = args.write or args.targets.parent / "calibrated.yaml"
    for path in (write, write.with_name("posterior.parquet")):  # a fit's pair is replaced only when asked
        check_output_file(path, args.force, "--write")
    total = args.budget * (1 + 2 * args.folds)
    with bar(args, total=total, desc="ABC-SMC", unit="sim") as progress:
        result = fit(setup, args.seed, args.population, args.generations, args.budget, args.workers, progress.update,
                     quantile=args.quantile)
        result.point, result.point_rule = choose_point(setup, result.posterior, args.seed, args.workers)
        cv = (cross_validate(setup, args.folds, args.seed, args.cv_population, args.cv_generations,
                             args.budget // 4, args.predictive // 2, args.workers, progress.update)
              if args.folds > 1 else None)
    pred = predictive(setup, result.posterior, args.predictive, args.seed)
    point_pred = predictive(setup, None, args.predictive, args.seed, point=result.point)
    checks, point_checks = fit_checks(pred, setup), fit_checks(point_pred, setup)
    observed = setup.observed
    app_table = pd.DataFrame({"app": observed.names, "observed": [OBSERVED[c] for c in observed.classes],
                              "p_observed": pred.p_observed(observed.classes), "p_live": pred.live,
                              **{f"p_{c}": pred.report[:, k] for k, c in enumerate(OBSERVED)}})
    everyone = np.ones(observed.classes.size, dtype=bool)
    in_sample = pd.DataFrame([
        {"model": setup.scenario.spec.hazard.structure, **scores(pred.report, observed.classes)},
        {"model": "launch_year", **scores(launch_year_model(observed.classes, observed.launch_years, everyone),
                                          observed.classes)}])
    held = held_out_scores(cv) if cv is not None else None
    if cv is not None:
        mine = cv[cv.model == setup.scenario.spec.hazard.structure].set_index("app")["p_observed"]
        app_table["p_observed_held_out"] = app_table["app"].map(mine)
    params = parameter_table(result.posterior, setup.priors, result.point)
    corr = correlations(result.posterior, [p.key for p in setup.priors])
    context = {"result": result, "parameters": params, "priors": setup.priors, "posterior": result.posterior,
               "correlations": corr, "pairs": strongest_pairs(corr), "pred": pred, "targets": setup.targets,
               "observed_counts": observed.counts(), "app_table": app_table, "inventory": setup.scenario.inventory,
               "checks": checks, "point_checks": point_checks, "in_sample": in_sample, "held_out": held,
               "cv": cv, "folds": args.folds, "verdict": verdict(cv, setup.scenario.spec.hazard.structure),
               "weight_rows": relative_weights(result.posterior, setup), "national_exact": pred.national_exact,
               "replicates": args.predictive, "seed": args.seed, "workers": args.workers,
               "dates": describe_dates(setup.targets)}
    with atomic_directory(target, args.force) as work:
        result.posterior.to_parquet(work / "posterior.parquet", index=False)
        text = calibrated_yaml(result, args.targets, priors_path, args.seed, args.workers, args.population,
                               setup.priors, point_checks, fitted_to=setup.scenario.spec.city.name,
                               posterior_sha256=file_sha256(work / "posterior.parquet"))
        (work / "calibrated.yaml").write_text(text, encoding="utf-8")
        write_report(work, context)
        # the pair beside the targets: the posterior first, then the file that names its hash, so a
        # kill between them leaves a pair that loading refuses, never one it misreads
        shutil.copyfile(work / "posterior.parquet", write.with_name(".posterior.parquet.tmp"))
        os.replace(write.with_name(".posterior.parquet.tmp"), write.with_name("posterior.parquet"))
        write_text_atomic(write, text)
    if args.json:
        emit_json({"command": "calibrate fit", "written": str(write), "report": str(target),
                   "simulations": int(result.simulations), "generations": int(result.generations),
                   "final_epsilon": float(result.epsilons[-1]), "parameters": params.to_dict(orient="records"),
                   "checks": _plain(point_checks), "verdict": context["verdict"]})
        return 0
    if not speaks(args):
        return 0
    _summary(result, params, in_sample, held, pred, point_checks, write, target,
             verdict(cv, setup.scenario.spec.hazard.structure, current()))
    return 0


def _summary(result, params, in_sample, held, pred, point_checks, write, target, sentence: str) -> None:
    """What the terminal shows after a fit, in the language in force."""
    from binjai_sim.base.i18n import number, percent

    from .report import _fmt

    print(t("helpwords.fit.done", simulations=result.simulations, generations=result.generations,
            epsilon=number(result.epsilons[-1], 3)))
    for r in params.itertuples():
        print(f"  {r.parameter}: {_fmt(r.median, r.kind)} [{_fmt(r.p05, r.kind)}, {_fmt(r.p95, r.kind)}]"
              + ("" if r.informed else t("helpwords.fit.not_informed")))
    for title, table in (("helpwords.fit.in_sample", in_sample), ("helpwords.fit.held_out", held)):
        if table is not None:
            print(t(title))
            for r in table.itertuples():
                print(t("helpwords.fit.score", model=r.model, log_score=number(r.log_score, 3),
                        brier=number(r.brier, 3), auc=number(r.auc, 3)))
    if sentence:
        print(sentence)
    counts = pred.counts.median()
    print(t("helpwords.fit.counts", counts=", ".join(f"{g} {counts[g]:g}" for g in counts.index)))
    print(t("helpwords.fit.national", share=percent(pred.national_exact)))
    for c in point_checks:
        extra = f" [{c['in_sample']}]" if "fit's distance" not in c["in_sample"] else ""
        print(t("helpwords.fit.check_pass" if c["pass"] else "helpwords.fit.check_fail", check=c["check"],
                observed=c["observed"], simulated=c["median"]) + extra)
    print(t("helpwords.fit.wrote", path=write, posterior=write.with_name("posterior.parquet"), report=target))


def verdict(cv, structure: str, lang: str = "en") -> str:
    """Plain sentences: does the calibrated model beat each rival on apps it did not see, by more
    than the luck of which apps there are (a 90% bootstrap interval of the paired difference)?
    In English for the report and the JSON; the terminal prints it in the language in force."""
    from .validation import paired_difference

    if cv is None:
        return ""
    lines, undecided = [], False
    for rival in [m for m in cv["model"].unique() if m != structure]:
        mean, low, high = paired_difference(cv, structure, rival)
        kind = "better" if low > 0 else "worse" if high < 0 else "apart"
        undecided |= kind == "apart" and "constant" in (structure, rival)
        lines.append(t(f"helpwords.verdict.{kind}", lang, structure=structure, rival=rival,
                       mean=_signed(mean, lang), low=_signed(low, lang), high=_signed(high, lang)))
    if undecided:
        lines.append(t("helpwords.verdict.fates_alone", lang))
    return " ".join(lines)


def _signed(value: float, lang: str) -> str:
    from binjai_sim.base.i18n import number

    return ("+" if value >= 0 else "-") + number(abs(value), 3, lang)


def _open_unit(text: str) -> float:
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("msg.calibrate.not_number", value=repr(text))) from None
    if not (math.isfinite(value) and 0.0 < value < 1.0):
        raise argparse.ArgumentTypeError(t("msg.calibrate.open_unit", value=text))
    return value


def add_parsers(sub, positive, seed, outputs=None) -> None:
    """``outputs``: the parent parser of ``--json`` and ``--quiet`` (binjai_sim.base.console.output_options)."""
    from binjai_sim.base.console import Renamed, output_options

    outputs = outputs or output_options()
    cal = sub.add_parser("calibrate", help=help_text("helpwords.calibrate.help"),
                         description=help_text("helpwords.calibrate.description"))
    csub = cal.add_subparsers(dest="calibrate_command", required=True, metavar="KIND")
    f = csub.add_parser("fit", help=help_text("helpwords.fit.help"), parents=[outputs])
    f.add_argument("targets", type=Path, help=help_text("helpwords.targets"))
    f.add_argument("--priors", type=Path, help=help_text("helpwords.priors"))
    f.add_argument("--workers", type=positive, default=1,
                   help=help_text("helpwords.fit.workers"))
    f.add_argument("--population", type=positive, default=400, help=help_text("helpwords.fit.population"))
    f.add_argument("--generations", type=positive, default=12, help=help_text("helpwords.generations"))
    f.add_argument("--quantile", type=_open_unit, default=0.5,
                   help=help_text("helpwords.fit.quantile"))
    f.add_argument("--max-evaluations", dest="budget", type=positive, default=20000, metavar="N",
                   help=help_text("helpwords.fit.max_evaluations"))
    # `--budget` is rupiah in new-city; here it was this count
    f.add_argument("--budget", dest="budget", type=positive, action=Renamed, new="--max-evaluations")
    f.add_argument("--predictive", type=positive, default=200,
                   help=help_text("helpwords.fit.predictive"))
    f.add_argument("--folds", type=int, default=3,
                   help=help_text("helpwords.fit.folds"))
    f.add_argument("--cv-population", type=positive, default=200, help=help_text("helpwords.fit.cv_population"))
    f.add_argument("--cv-generations", type=positive, default=8, help=help_text("helpwords.fit.cv_generations"))
    f.add_argument("--seed", type=seed, default=20161202, help=help_text("helpwords.fit.seed"))
    f.add_argument("--out", type=Path, default=Path("outputs"), help=help_text("helpwords.report_out"))
    f.add_argument("--write", type=Path, help=help_text("helpwords.fit.write"))
    f.add_argument("--force", action="store_true",
                   help=help_text("helpwords.fit.force"))
    f.set_defaults(func=cmd_fit)
    from .structures_report import add_parser as add_structures

    add_structures(csub, positive, seed, outputs)
    from .taught import add_parser as add_taught

    add_taught(csub)
    from .pooled_commands import add_parsers as add_pooled

    add_pooled(csub, positive, seed, outputs)
    s = csub.add_parser("survey", help=help_text("helpwords.survey.help"),
                        parents=[outputs])
    s.add_argument("responses", type=Path, help=help_text("helpwords.survey.responses"))
    s.add_argument("--spec", type=Path, required=True, help=help_text("helpwords.survey.spec"))
    s.add_argument("--out", type=Path, default=Path("outputs") / "survey_coefficients.yaml",
                   help=help_text("helpwords.survey.out"))
    s.add_argument("--force", action="store_true", help=help_text("helpwords.survey.force"))
    s.set_defaults(func=cmd_survey)


def cmd_survey(args) -> int:
    from binjai_sim.base.console import emit_json, speaks
    from binjai_sim.base.extras import require

    from .survey import estimate, load_responses, load_spec, to_coefficients_yaml

    require("survey")
    spec = load_spec(args.spec)
    data = load_responses(args.responses, spec)
    check_output_file(args.out, args.force)
    est = estimate(data, spec)
    write_text_atomic(args.out, to_coefficients_yaml(est, args.responses, args.spec))
    if args.json:
        emit_json({"command": "calibrate survey", "written": str(args.out), "description": est.describe()})
    elif speaks(args):
        print(est.describe())
        print(t("msg.calibrate.wrote", path=args.out))
    return 0
