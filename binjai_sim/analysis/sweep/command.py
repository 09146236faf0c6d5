"""The ``sensitivity`` command: sample, evaluate (resumably), analyse, discover, print."""

from __future__ import annotations

from pathlib import Path

from binjai_sim.base.i18n import help_text, t


def add_parser(sub, positive, seed=None, parents=()) -> None:
    """``seed``: the argparse type of a seed; ``parents``: shared options (--lang, --json, --quiet)."""
    p = sub.add_parser("sensitivity", help=help_text("helpwords.sensitivity.help"), parents=list(parents),
                       description=help_text("helpwords.sensitivity.description"))
    p.add_argument("sweep", type=Path, help=help_text("helpwords.sensitivity.sweep"))
    p.add_argument("--method", choices=("sobol", "morris", "latin"), help=help_text("helpwords.sensitivity.method"))
    p.add_argument("--seed", type=seed or int, help=help_text("helpwords.sensitivity.seed"))
    p.add_argument("--replicates", type=positive, help=help_text("helpwords.sensitivity.replicates"))
    p.add_argument("--out", type=Path, default=Path("outputs"), help=help_text("msg.cli.out"))
    p.add_argument("--workers", type=positive, default=1, help=help_text("helpwords.sensitivity.workers"))
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help=help_text("helpwords.sensitivity.scheduler"))
    where.add_argument("--dask-local", type=positive, metavar="N", help=help_text("helpwords.sensitivity.dask_local"))
    p.add_argument("--resume", action="store_true", help=help_text("helpwords.sensitivity.resume"))
    p.add_argument("--force", action="store_true", help=help_text("helpwords.sensitivity.force"))
    p.add_argument("--flush-every", type=positive, default=64, metavar="RUNS",
                   help=help_text("helpwords.sensitivity.flush_every"))
    p.add_argument("--pilot", type=positive, metavar="POINTS",
                   help=help_text("helpwords.sensitivity.pilot"))
    p.add_argument("--pilot-replicates", type=positive, default=10, metavar="N",
                   help=help_text("helpwords.sensitivity.pilot_replicates"))
    p.set_defaults(func=cmd_sensitivity)


def cmd_sensitivity(args) -> int:
    from binjai_sim.base.console import emit_json, speaks

    from .api import load, run

    if args.pilot:
        from .pilot import pilot, pilot_lines

        sweep = load(args.sweep, method=args.method, seed=args.seed)
        lines = pilot_lines(sweep, pilot(sweep, args.pilot, args.pilot_replicates, args.workers))
        if args.json:
            emit_json({"command": "sensitivity --pilot", "sweep": sweep.name, "lines": lines})
        elif speaks(args):
            print("\n".join(lines))
        return 0
    result = run(args.sweep, out=args.out, workers=args.workers, scheduler=args.scheduler,
                 dask_local=args.dask_local, resume=args.resume, force=args.force, method=args.method,
                 progress=speaks(args), flush_rows=args.flush_every, seed=args.seed, replicates=args.replicates)
    if args.json:
        emit_json(json_summary(result))
    elif speaks(args):
        print("\n".join(summary_lines(result)))
    return 0


def json_summary(result) -> dict:
    """What ``--json`` prints: the folder, the design, the indices or feature scores, discovery."""
    spec = result.sweep.spec
    found = result.discovery
    boxes = {name: ({"coverage": found[name]["coverage"], "density": found[name]["density"],
                     "limits": found[name]["limits"].to_dict(orient="records")} if found.get(name) else None)
             for name in ("prim", "cart")}
    return {"command": "sensitivity", "folder": str(result.folder), "sweep": result.sweep.name,
            "method": spec.method.name, "seed": spec.seed, "replicates": spec.replicates, "runs": len(result.runs),
            "indices": result.indices.to_dict(orient="records"),
            "feature_scores": result.feature_scores.to_dict(orient="records"),
            "noise": result.noise.to_dict(orient="records"),
            "discovery": {"outcome": found["outcome"], "threshold": found["threshold"], "reason": found["reason"],
                          **boxes}}


def summary_lines(result) -> list[str]:
    """What the command prints: the leading inputs per outcome (ties marked ``=``, in brackets),
    the noise they were measured against, and what discovery found."""
    from .ties import describe, with_interval

    spec = result.sweep.spec
    method = spec.method.name
    crn = t("archdocs.sensitivity.crn") if spec.common_random_numbers else ""
    lines = [t("archdocs.sensitivity.header", sweep=result.sweep.name, runs=len(result.runs), method=method,
               replicates=spec.replicates, crn=crn)]
    noise = result.noise.set_index("outcome")
    for outcome in dict.fromkeys(spec.outcomes):
        if method == "latin":
            part = result.feature_scores[result.feature_scores.outcome == outcome]
            ranked = describe(part, "score")
            key = t("archdocs.sensitivity.feature_score")
        else:
            key = "ST" if method == "sobol" else "mu_star"
            part = result.indices[result.indices.outcome == outcome]
            ranked = describe(with_interval(part, key, f"{key}_conf"), key)
        lines.append(t("archdocs.sensitivity.ranked", outcome=outcome, key=key, ranked=ranked))
        row = noise.loc[outcome]
        text = t("archdocs.sensitivity.noise", share=f"{row.noise_share:.1%}")
        if method == "morris" and row.floor_max == row.floor_max:
            text += t("archdocs.sensitivity.noise_floor", median=f"{row.floor_median:.3g}",
                      largest=f"{row.floor_max:.3g}")
        lines.append(f"    {text}")
    found = result.discovery
    if found["reason"]:
        key, values = found["why"]  # the files keep found["reason"] in English
        lines.append(t("archdocs.sensitivity.discovery_none", reason=t(key, **values)))
    else:
        for name in ("prim", "cart"):
            box = found[name]
            limits = ", ".join(box["limits"]["parameter"]) or t("archdocs.sensitivity.no_restriction")
            lines.append(t("archdocs.sensitivity.discovery_box", box=name.upper(), outcome=found["outcome"],
                           threshold=f"{found['threshold']:g}", coverage=f"{box['coverage']:.2f}",
                           density=f"{box['density']:.2f}", limits=limits))
    lines.append(t("archdocs.sensitivity.outputs", folder=result.folder))
    return lines
