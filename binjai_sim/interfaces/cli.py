"""Command-line front end: ``binjai-sim`` (also ``python run.py``)."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from binjai_sim import __version__
from binjai_sim.base.console import Renamed, output_options
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import DEFAULT, LANGS, help_text, plain, t, use

from .condition_cli import add_from

# the commands in the order `--help` lists them, with the one-line help shown there; a command's
# own options are built only when that command runs (its module may import numpy, pandas or the
# model), so `binjai-sim --help` and `binjai-sim run --help` stay fast
COMMANDS = {  # command -> the catalogue key of its one-line help
    "run": "msg.cli.run", "compare": "msg.cli.compare", "calibrate": "msg.cli.calibrate",
    "sensitivity": "msg.cli.sensitivity", "viz": "msg.cli.viz", "validate": "msg.cli.validate",
    "new-city": "newcity.help", "report": "report.help", "neighbours": "workbook.neighbours_help",
    "plan-package": "portfolio.help",
}


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("msg.cli.not_whole", value=repr(text))) from None
    if value < 1:
        raise argparse.ArgumentTypeError(t("msg.cli.at_least_one", value=value))
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("msg.cli.not_whole", value=repr(text))) from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(t("msg.cli.seed_range", value=value))
    return value


def _argv_lang(argv: list[str]) -> str:
    """The last ``--lang`` on the command line, read before parsing so that help speaks it too
    (the last, as after parsing: a command's ``--lang`` wins over one before the command)."""
    chosen = DEFAULT
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGS:
            chosen = value
    return chosen


def lang_option() -> argparse.ArgumentParser:
    """``--lang``, shared by every command a planner reads the output of."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGS, help=help_text("cli.lang_help"))
    return common


def _chosen(argv: list[str] | None) -> str | None:
    """The command named on the command line (None: none, so only the list of commands is needed)."""
    if argv is None:
        return None
    # `--lang id run ...`: the word after a top-level `--lang` is its value, not the command
    return next((arg for i, arg in enumerate(argv) if not arg.startswith("-")
                 and not (i and argv[i - 1] == "--lang")), None)


def build_parser(argv: list[str] | None = None, full: bool = True) -> argparse.ArgumentParser:
    """The parser; with ``full=False`` only the command ``argv`` names gets its options (the
    others are listed with their help), which keeps heavy modules out of ``--help``."""
    parser = argparse.ArgumentParser(prog="binjai-sim", description=help_text("cli.description"))
    parser.add_argument("--version", action="version", version=f"binjai-sim {__version__}",
                        help=help_text("cli.version_help"))
    # its own dest: a command's parser fills its `lang` with None when not given, which would
    # otherwise overwrite the value given before the command
    parser.add_argument("--lang", dest="top_lang", choices=LANGS, help=help_text("lang.top_help"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = _chosen(argv)
    for name, key in COMMANDS.items():
        if full or name == chosen:
            BUILDERS[name](sub)
        else:
            sub.add_parser(name, help=help_text(key))
    for command in commands(parser):
        if not any("--lang" in action.option_strings for action in command._actions):
            command.add_argument("--lang", choices=LANGS, help=help_text("cli.lang_help"))
    return parser


def commands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every command's parser under ``parser``, subcommands (``calibrate fit``) included, each once."""
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):  # an alias maps to the same parser
                found += [child, *commands(child)]
    return found


def _add_run(sub) -> None:
    run = sub.add_parser("run", help=help_text(COMMANDS["run"]), parents=[lang_option(), output_options()],
                         description=help_text("msg.cli.run_description"))
    run.add_argument("scenario", type=Path, help=help_text("msg.cli.scenario"))
    run.add_argument("--replicates", type=_positive, help=help_text("msg.cli.run_replicates"))
    run.add_argument("--seed", type=_seed, help=help_text("msg.cli.run_seed"))
    run.add_argument("--out", type=Path, default=Path("outputs"), help=help_text("msg.cli.out"))
    run.add_argument("--scale", type=_positive, help=help_text("msg.cli.scale"))
    run.add_argument("--workers", type=_positive, default=1, help=help_text("msg.cli.run_workers"))
    run.add_argument("--force", action="store_true", help=help_text("msg.cli.run_force"))
    run.add_argument("--no-figures", action="store_true", help=help_text("msg.cli.no_figures"))
    run.add_argument("--report", action="store_true", help=help_text("cli.report_help"))
    add_from(run)
    from .commands.run import cmd_run

    run.set_defaults(func=cmd_run)


def _add_compare(sub) -> None:
    comp = sub.add_parser("compare", help=help_text(COMMANDS["compare"]), parents=[lang_option(), output_options()],
                          description=help_text("msg.cli.compare_description"))
    comp.add_argument("scenarios", type=Path, nargs="+", metavar="SCENARIO", help=help_text("msg.cli.scenarios"))
    comp.add_argument("--replicates", type=_positive, help=help_text("msg.cli.compare_replicates"))
    comp.add_argument("--seed", type=_seed, help=help_text("msg.cli.compare_seed"))
    comp.add_argument("--out", type=Path, default=Path("outputs"), help=help_text("msg.cli.out"))
    comp.add_argument("--name", default="comparison", help=help_text("msg.cli.compare_name"))
    comp.add_argument("--workers", type=_positive, default=1, help=help_text("msg.cli.compare_workers"))
    comp.add_argument("--force", action="store_true", help=help_text("msg.cli.compare_force"))
    comp.add_argument("--posterior", type=_positive, metavar="N",
                      help=help_text("msg.cli.posterior"))
    comp.add_argument("--draw-structures", dest="structures", action="store_true",
                      help=help_text("msg.cli.draw_structures"))
    # `--structures NAME...` names structures in `calibrate structures`; here it was a switch
    comp.add_argument("--structures", dest="structures", action=Renamed, nargs=0, new="--draw-structures")
    from binjai_sim.analysis.verdicts.rule import DEFAULT_CAP

    comp.add_argument("--max-draws", type=_positive, default=DEFAULT_CAP, metavar="N",
                      help=t("msg.cli.max_draws", cap=DEFAULT_CAP).replace("%", "%%"))
    comp.add_argument("--fixed-strategy-effects", dest="strategy_effects", action="store_false",
                      help=help_text("msg.cli.fixed_strategy_effects"))
    add_from(comp)
    from .commands.run import cmd_compare

    comp.set_defaults(func=cmd_compare)


def _add_calibrate(sub) -> None:
    from binjai_sim.analysis.calibrate.commands import add_parsers

    add_parsers(sub, _positive, _seed, output_options())


def _add_sensitivity(sub) -> None:
    from binjai_sim.analysis.sweep.command import add_parser

    add_parser(sub, _positive, _seed, [lang_option(), output_options()])


def _add_viz(sub) -> None:
    viz = sub.add_parser("viz", help=help_text(COMMANDS["viz"]),
                         description=help_text("msg.cli.viz_description"))
    viz.add_argument("--port", type=int, default=8765, help=help_text("msg.cli.port"))
    viz.add_argument("--host", default="127.0.0.1", help=help_text("msg.cli.host"))
    viz.add_argument("--scenarios", type=Path, metavar="DIR",
                     help=help_text("msg.cli.viz_scenarios"))
    from .commands.viz import cmd_viz

    viz.set_defaults(func=cmd_viz)


def _add_validate(sub) -> None:
    validate = sub.add_parser("validate", help=help_text(COMMANDS["validate"]), parents=[lang_option()])
    validate.add_argument("scenario", type=Path, metavar="FILE",
                          help=help_text("msg.cli.validate_file"))
    from .commands.validate import cmd_validate

    validate.set_defaults(func=cmd_validate)


def _add_new_city(sub) -> None:
    from .newcity.command import add_parser

    add_parser(sub, lang_option())


def _add_report(sub) -> None:
    from binjai_sim.analysis.report.command import add_parser

    add_parser(sub, lang_option())
    from .regionbook.pipeline import extend_report

    extend_report(sub.choices["report"])


def _add_plan_package(sub) -> None:
    from binjai_sim.analysis.portfolio.command import add_parser

    add_parser(sub, [lang_option(), output_options()], _seed, _positive)
    from .regionbook import load_scenario  # a scenario file or a region workbook (its baseline)

    sub.choices["plan-package"].set_defaults(load=load_scenario)


def _add_neighbours(sub) -> None:
    from .regionbook.neighbours import add_parser

    add_parser(sub, [lang_option()])


BUILDERS = {"run": _add_run, "compare": _add_compare, "calibrate": _add_calibrate, "sensitivity": _add_sensitivity,
            "viz": _add_viz, "validate": _add_validate, "new-city": _add_new_city, "report": _add_report,
            "neighbours": _add_neighbours, "plan-package": _add_plan_package}


def choose_lang(args) -> str:
    """``--lang`` (the command's, else one before the command: see ``parse_args``), else the
    ``lang:`` of the scenario the command reads (or of the run a report reads), else English."""
    lang = getattr(args, "lang", None)
    if lang is None:
        from .regionbook import peek_lang

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


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line read, its help and refusals in the language it names; a ``--lang`` before
    the command becomes the command's ``lang`` unless the command has its own."""
    with use(_argv_lang(argv)):
        args = build_parser(argv, full=False).parse_args(argv)
    if getattr(args, "lang", None) is None:
        args.lang = args.top_lang
    del args.top_lang  # one place to read the language from: the commands read `args.lang`
    return args


def main(argv: list[str] | None = None) -> int:
    from .argparse_words import install

    install()
    argv = sys.argv[1:] if argv is None else list(argv)
    with use(choose_lang(args := parse_args(argv))):
        return _dispatch(args)


def _dispatch(args) -> int:
    from binjai_sim.runs import limits

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
