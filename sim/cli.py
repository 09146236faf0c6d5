"""Command-line front end: ``binjai-sim`` (also ``python run.py``)."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import __version__
from .console import Renamed, output_options
from .errors import InputError
from .i18n import DEFAULT, LANGS, help_text, plain, t, use

# the commands in the order `--help` lists them, with the one-line help shown there; a command's
# own options are built only when that command runs (its module may import numpy, pandas or the
# model), so `binjai-sim --help` and `binjai-sim run --help` stay fast
COMMANDS = {
    "run": "run a scenario and write tables, summary and figures",
    "compare": "run scenarios side by side with common random numbers",
    "calibrate": "estimate survey coefficients or fit free parameters",
    "sensitivity": "global sensitivity analysis (Sobol, Morris, Latin hypercube) and scenario discovery",
    "viz": "serve the workshop page in a browser (the same city without and with strategies)",
    "validate": "check a scenario or sweep file and report every problem",
    "new-city": None,  # from the catalogue: newcity.help
    "report": None,  # report.help
}


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{value} must be between 0 and 2^63-1")
    return value


def _argv_lang(argv: list[str]) -> str:
    """The ``--lang`` on the command line, read before parsing so that help speaks it too."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGS:
            return value
    return DEFAULT


def lang_option() -> argparse.ArgumentParser:
    """``--lang``, shared by every command a planner reads the output of."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGS, help=help_text("cli.lang_help"))
    return common


def _chosen(argv: list[str] | None) -> str | None:
    """The command named on the command line (None: none, so only the list of commands is needed)."""
    if argv is None:
        return None
    return next((arg for arg in argv if not arg.startswith("-")), None)


def build_parser(argv: list[str] | None = None, full: bool = True) -> argparse.ArgumentParser:
    """The parser; with ``full=False`` only the command ``argv`` names gets its options (the
    others are listed with their help), which keeps heavy modules out of ``--help``."""
    parser = argparse.ArgumentParser(prog="binjai-sim", description=help_text("cli.description"))
    parser.add_argument("--version", action="version", version=f"binjai-sim {__version__}",
                        help=help_text("cli.version_help"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = _chosen(argv)
    for name, text in COMMANDS.items():
        if full or name == chosen:
            BUILDERS[name](sub)
        else:
            help_key = {"new-city": "newcity.help", "report": "report.help"}.get(name)
            sub.add_parser(name, help=help_text(help_key) if help_key else text)
    return parser


def _add_run(sub) -> None:
    run = sub.add_parser("run", help=COMMANDS["run"], parents=[lang_option(), output_options()],
                         description="Run replicates of a scenario; write outputs to OUT/<scenario-name>/.")
    run.add_argument("scenario", type=Path, help="scenario YAML file")
    run.add_argument("--replicates", type=_positive, help="number of replicates (default: the scenario's)")
    run.add_argument("--seed", type=_seed, help="master seed (default: the scenario's)")
    run.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs/)")
    run.add_argument("--scale", type=_positive, help="residents per citizen agent (1 = one per resident)")
    run.add_argument("--workers", type=_positive, default=1, help="processes for replicates (same results)")
    run.add_argument("--force", action="store_true", help="replace an existing output folder")
    run.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    run.add_argument("--report", action="store_true", help=help_text("cli.report_help"))
    from .commands.run import cmd_run

    run.set_defaults(func=cmd_run)


def _add_compare(sub) -> None:
    comp = sub.add_parser("compare", help=COMMANDS["compare"], parents=[lang_option(), output_options()],
                          description="Run every scenario with the same replicate seeds; the first is the "
                                      "reference. Writes OUT/<name>/ with tables and figures.")
    comp.add_argument("scenarios", type=Path, nargs="+", metavar="SCENARIO", help="scenario YAML files")
    comp.add_argument("--replicates", type=_positive, help="replicates per scenario (default: the first's)")
    comp.add_argument("--seed", type=_seed, help="master seed (default: the first scenario's)")
    comp.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs/)")
    comp.add_argument("--name", default="comparison", help="name of the result folder (default: comparison)")
    comp.add_argument("--workers", type=_positive, default=1, help="processes (same results)")
    comp.add_argument("--force", action="store_true", help="replace an existing result folder")
    comp.add_argument("--posterior", type=_positive, metavar="N",
                      help="run every scenario over N draws from the calibration's posterior (paired by draw)")
    comp.add_argument("--draw-structures", dest="structures", action="store_true",
                      help="with --posterior: draw the survival structure too, by its posterior probability")
    # `--structures NAME...` names structures in `calibrate structures`; here it was a switch
    comp.add_argument("--structures", dest="structures", action=Renamed, nargs=0, new="--draw-structures")
    from .verdicts.rule import DEFAULT_CAP

    comp.add_argument("--max-draws", type=_positive, default=DEFAULT_CAP, metavar="N",
                      help=f"with --posterior: add N more draws at a time while a verdict is undecided, up to "
                           f"this many (default {DEFAULT_CAP})")
    comp.add_argument("--fixed-strategy-effects", dest="strategy_effects", action="store_false",
                      help="with --posterior: keep every strategy's effect sizes and costs at the catalogue's "
                           "values instead of drawing them from calibration/strategy_priors.yaml")
    from .commands.run import cmd_compare

    comp.set_defaults(func=cmd_compare)


def _add_calibrate(sub) -> None:
    from .calibrate.commands import add_parsers

    add_parsers(sub, _positive, _seed, output_options())


def _add_sensitivity(sub) -> None:
    from .sweep.command import add_parser

    add_parser(sub, _positive, _seed, [lang_option(), output_options()])


def _add_viz(sub) -> None:
    viz = sub.add_parser("viz", help=COMMANDS["viz"],
                         description="Serve the workshop page; open http://HOST:PORT in a browser. The page "
                                     "offers the scenario files directly inside the scenario folder, and the "
                                     "strategy packages in its strategies/ subfolder.")
    viz.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any free port)")
    viz.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    viz.add_argument("--scenarios", type=Path, metavar="DIR",
                     help="scenario folder to serve (default: the repository's scenarios/)")
    from .commands.viz import cmd_viz

    viz.set_defaults(func=cmd_viz)


def _add_validate(sub) -> None:
    validate = sub.add_parser("validate", help=COMMANDS["validate"], parents=[lang_option()])
    validate.add_argument("scenario", type=Path, metavar="FILE",
                          help="a scenario, or a sweep file (one with 'base:' and 'parameters:')")
    from .commands.validate import cmd_validate

    validate.set_defaults(func=cmd_validate)


def _add_new_city(sub) -> None:
    from .newcity.command import add_parser

    add_parser(sub, lang_option())


def _add_report(sub) -> None:
    from .report.command import add_parser

    add_parser(sub, lang_option())


BUILDERS = {"run": _add_run, "compare": _add_compare, "calibrate": _add_calibrate, "sensitivity": _add_sensitivity,
            "viz": _add_viz, "validate": _add_validate, "new-city": _add_new_city, "report": _add_report}


def choose_lang(args) -> str:
    """``--lang``, else the ``lang:`` of the scenario the command reads, else English."""
    lang = getattr(args, "lang", None)
    if lang is None:
        from .scenario import peek_lang

        listed = getattr(args, "scenarios", None)  # compare's files; viz's --scenarios is a folder
        paths = [getattr(args, "scenario", None), *(listed[:1] if isinstance(listed, list) else [])]
        lang = next((found for p in paths if isinstance(p, Path) and (found := peek_lang(p))), None)
        folder = getattr(args, "folder", None)
        if lang is None and isinstance(folder, Path) and (folder / "manifest.json").is_file():
            lang = _manifest_lang(folder / "manifest.json")  # a report speaks its run's language
    return lang or DEFAULT


def _manifest_lang(path: Path) -> str | None:
    import json

    try:
        lang = json.loads(path.read_text(encoding="utf-8")).get("lang")
    except (OSError, ValueError, AttributeError):
        return None
    return lang if lang in LANGS else None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    with use(_argv_lang(argv)):
        args = build_parser(argv, full=False).parse_args(argv)
    with use(choose_lang(args)):
        return _dispatch(args)


def _dispatch(args) -> int:
    from . import limits

    try:
        limits.check_workers(getattr(args, "workers", None))
        limits.check_workers(getattr(args, "dask_local", None), "--dask-local")
        return args.func(args)
    except InputError as exc:
        for problem in exc.problems:  # one line each, whatever names or paths the problem quotes
            print(f"{t('cli.error')}: {plain(str(problem))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - last resort: report, never a bare traceback as the only output
        traceback.print_exc()
        print(t("cli.internal_error"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
