"""``binjai-sim calibrate structures``: fit the survival structures together, write each one's
posterior and their probabilities (``calibration/structures/``, read by ``compare --draw-structures``)
and a report."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from binjai_sim.base.i18n import help_text, t
from binjai_sim.outputs.write import atomic_directory, check_target, versions, write_json

from .structures import STRUCTURES, compare_structures, verdict

METHOD = """All structures are fitted in one ABC-SMC with MCMC moves (binjai_sim/analysis/calibrate/smc.py) under one
tolerance schedule (each tolerance the median of all structures' current distances), on the
same per-app distance as `calibrate fit`. A structure's evidence is the estimated prior
probability that its run falls within the final tolerance (the product over generations of the
share of its particles within each tolerance); with equal prior weights, the posterior
probability of a structure is its evidence over their sum. The whole fit is repeated with
independent seeds; the range across repeats is the Monte Carlo uncertainty (the delta-method
standard error of each log evidence is given too, a lower bound as it ignores the dependence
between generations).

pyabc's multi-model ABC-SMC was the first choice; it is not used because its importance
weights collapsed in this model's 27 dimensions (an effective sample size of 1-7 of 200 after
one generation, measured), so its model probabilities would rest on a handful of particles.
The method is checked on studies the model wrote itself (tests/test_structures.py): with 128
apps whose score varies between them, the structure that wrote the fates is favoured (the
five-factor score with probability >= 0.9, the constant hazard >= 0.6)."""


def add_parser(csub, positive, seed, outputs=None) -> None:
    from binjai_sim.base.console import Renamed, output_options

    s = csub.add_parser("structures", help=help_text("helpwords.structures.help"),
                        parents=[outputs or output_options()])
    s.add_argument("targets", type=Path, help=help_text("helpwords.targets"))
    s.add_argument("--priors", type=Path, help=help_text("helpwords.priors"))
    s.add_argument("--structures", nargs="+", choices=STRUCTURES, default=list(STRUCTURES), metavar="NAME",
                   help=t("helpwords.structures.structures", names=", ".join(STRUCTURES)).replace("%", "%%"))
    s.add_argument("--population", type=positive, default=200, help=help_text("helpwords.structures.population"))
    s.add_argument("--generations", type=positive, default=12, help=help_text("helpwords.generations"))
    s.add_argument("--max-evaluations", dest="budget", type=positive, default=10000, metavar="N",
                   help=help_text("helpwords.structures.max_evaluations"))
    s.add_argument("--budget", dest="budget", type=positive, action=Renamed, new="--max-evaluations")
    s.add_argument("--repeats", type=positive, default=3, help=help_text("helpwords.structures.repeats"))
    s.add_argument("--workers", type=positive, default=1, help=help_text("helpwords.structures.workers"))
    s.add_argument("--seed", type=seed, default=20161202, help=help_text("helpwords.structures.seed"))
    s.add_argument("--out", type=Path, default=Path("outputs"), help=help_text("helpwords.report_out"))
    s.add_argument("--write", type=Path,
                   help=help_text("helpwords.structures.write"))
    s.add_argument("--force", action="store_true", help=help_text("helpwords.structures.force"))
    s.set_defaults(func=cmd_structures)


PRINTED = ("structure", "parameters", "log_evidence", "probability", "probability_min", "probability_max")


def printout(table: pd.DataFrame) -> str:
    """The table and the verdict as the command prints them, in the language in force."""
    shown = table[list(PRINTED)].rename(columns={c: t(f"archdocs.structures.column.{c}") for c in PRINTED})
    return shown.to_string(index=False, float_format=lambda x: f"{x:.3f}") + "\n" + verdict(table)


def cmd_structures(args) -> int:
    from binjai_sim.base.console import bar, emit_json, speaks

    from .fit import prepare

    priors_path = args.priors or args.targets.parent / "priors.yaml"
    setup = prepare(args.targets, priors_path)
    target = check_target(args.out, "structures", args.force)
    write = args.write or args.targets.parent / "structures"
    total = args.budget * len(args.structures) * args.repeats
    with bar(args, total=total, desc="structures", unit="sim") as progress:
        result = compare_structures(setup, args.structures, args.seed, args.population, args.generations,
                                    args.budget, args.workers, args.repeats, progress=progress.update)
    table = result.table
    sentence = verdict(table, lang="en")  # the files' and --json's; the printout speaks the reader's language
    posteriors = {}
    for j, name in enumerate(result.structures):
        pooled = pd.concat([repeat[j].posterior for repeat in result.fits], ignore_index=True)
        pooled["weight"] = 1.0 / len(pooled)
        posteriors[name] = pooled
    in_sample = sample_scores(setup, result.structures, posteriors, args.seed)
    manifest = {"command": " ".join(["binjai-sim", *sys.argv[1:]]), "seed": args.seed, "repeats": args.repeats,
                "population": args.population, "structures": result.structures, "verdict": sentence,
                "simulations": [int(repeat[0].simulations) for repeat in result.fits],
                "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "versions": versions()}
    with atomic_directory(target, args.force) as work:
        _write(work, table, posteriors, manifest)
        in_sample.to_csv(work / "in_sample_scores.csv", index=False, float_format="%.6g")
        (work / "report.md").write_text(report(table, sentence, result, args, in_sample), encoding="utf-8")
    with atomic_directory(write, True) as work:  # the posteriors compare --structures draws from
        _write(work, table, posteriors, manifest)
    if args.json:
        emit_json({"command": "calibrate structures", "written": str(write), "report": str(target),
                   "verdict": sentence, "table": table.to_dict(orient="records")})
        return 0
    if not speaks(args):
        return 0
    print(printout(table))
    print(t("helpwords.structures.wrote", path=write, report=target))
    return 0


def _write(folder: Path, table: pd.DataFrame, posteriors: dict[str, pd.DataFrame], manifest: dict) -> None:
    table.to_csv(folder / "probabilities.csv", index=False, float_format="%.6g")
    for name, frame in posteriors.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    write_json(folder / "manifest.json", manifest)


def sample_scores(setup, structures: list[str], posteriors: dict[str, pd.DataFrame], seed: int,
                  replicates: int = 200) -> pd.DataFrame:
    """Each structure's posterior predicting the apps it was fitted on (per-app scores)."""
    from .predictive import predictive
    from .structures import structure_setup
    from .validation import scores

    rows = []
    for name in structures:
        pred = predictive(structure_setup(setup, name), posteriors[name], replicates, seed)
        rows.append({"structure": name, **scores(pred.report, setup.observed.classes)})
    return pd.DataFrame(rows)


def report(table: pd.DataFrame, sentence: str, result, args, in_sample: pd.DataFrame | None = None) -> str:
    lines = ["# Competing survival structures", "", sentence, "",
             "| structure | fitted parameters | log evidence (mean of repeats) | sd across repeats | "
             "delta-method se | posterior probability | range across repeats | Bayes factor vs best |",
             "|---|---|---|---|---|---|---|---|"]
    for r in table.itertuples():
        lines.append(f"| {r.structure} | {r.parameters} | {r.log_evidence:.2f} | {r.log_evidence_sd_repeats:.2f} | "
                     f"{r.log_evidence_se_delta:.2f} | {r.probability:.3f} | {r.probability_min:.3f}-"
                     f"{r.probability_max:.3f} | {r.bayes_factor_vs_best:.3g} |")
    schedule = ", ".join(f"{e:.1f}" for e in result.fits[0][0].epsilons)
    lines += ["", f"{args.repeats} repeats (seeds {args.seed} to {args.seed + args.repeats - 1}), "
              f"{args.population} particles per structure; tolerances of the first repeat: {schedule}.", "",
              "## Method", "", METHOD, ""]
    if in_sample is not None:
        lines[-4:-4] = ["## Per-app scores in sample", "",
                        "Each structure's pooled posterior predicting the apps it was fitted on (200 replicates; "
                        "held-out scores are in docs/calibration/report.md):", "",
                        "| structure | log score (higher is better) | Brier (lower is better) | AUC live vs dead |",
                        "|---|---|---|---|",
                        *(f"| {r.structure} | {r.log_score:.3f} | {r.brier:.3f} | {r.auc:.3f} |"
                          for r in in_sample.itertuples()), ""]
    return "\n".join(lines)
