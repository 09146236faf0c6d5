"""``binjai-sim calibrate taught``: what the data taught each fitted parameter, read from a fit's
posterior without fitting again: its prior's and its posterior's 90% intervals, the ratio of
their widths, and a flag on those narrowed to at most 0.6 of the prior's width."""

from __future__ import annotations

from pathlib import Path

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import LANGS, help_text, number, percent, t


def add_parser(csub) -> None:
    s = csub.add_parser("taught", help=help_text("taught.help"))
    s.add_argument("--lang", choices=LANGS, help=help_text("cli.lang_help"))
    s.add_argument("targets", type=Path, help=help_text("helpwords.targets"))
    s.add_argument("--priors", type=Path, help=help_text("helpwords.priors"))
    s.add_argument("--posterior", type=Path, help=help_text("helpwords.taught.posterior"))
    s.set_defaults(func=cmd_taught)


def taught_table(posterior, priors):
    from .report import parameter_table

    return parameter_table(posterior, priors, {})


def cmd_taught(args) -> int:
    import pandas as pd

    from .fit import prepare
    from .report import NARROWED, _fmt

    setup = prepare(args.targets, args.priors or args.targets.parent / "priors.yaml")
    path = args.posterior or args.targets.parent / "posterior.parquet"
    if not path.is_file():
        raise InputError(path, None, t("posterior.no_posterior"))
    posterior = pd.read_parquet(path)
    missing = [p.key for p in setup.priors if p.key not in posterior]
    if len(missing) == len(setup.priors):
        raise InputError(path, missing[0], t("taught.missing", keys=", ".join(missing)))
    if missing:
        print(t("successor.not_fitted", keys=", ".join(missing)))
    table = taught_table(posterior, setup.priors)
    head = [t("taught.parameter"), t("taught.prior"), t("taught.posterior"), t("taught.ratio"), t("taught.narrowed")]
    print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    for r in table.itertuples():
        print(f"| {r.parameter} | {t('compare.to', low=_fmt(r.prior_p05, r.kind), high=_fmt(r.prior_p95, r.kind))} | "
              f"{t('compare.to', low=_fmt(r.p05, r.kind), high=_fmt(r.p95, r.kind))} | {number(r.width_ratio, 2)} | "
              f"{t('taught.yes') if r.narrowed else ''} |")
    print(t("taught.summary", narrowed=int(table["narrowed"].sum()), total=len(table), share=percent(NARROWED),
            names=", ".join(table.loc[table["narrowed"], "parameter"]) or "-"))
    return 0
