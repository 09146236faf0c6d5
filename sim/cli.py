"""Command-line front end: ``binjai-sim`` (also ``python run.py``)."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import __version__
from .console import Renamed, bar, emit_json, output_options, speaks
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
    "plan-package": None,  # portfolio.help
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
            help_key = {"new-city": "newcity.help", "report": "report.help", "plan-package": "portfolio.help"}.get(name)
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
    viz.set_defaults(func=cmd_viz)


def _add_validate(sub) -> None:
    validate = sub.add_parser("validate", help=COMMANDS["validate"], parents=[lang_option()])
    validate.add_argument("scenario", type=Path, metavar="FILE",
                          help="a scenario, or a sweep file (one with 'base:' and 'parameters:')")
    validate.set_defaults(func=cmd_validate)


def _add_new_city(sub) -> None:
    from .newcity.command import add_parser

    add_parser(sub, lang_option())


def _add_report(sub) -> None:
    from .report.command import add_parser

    add_parser(sub, lang_option())


def _add_plan_package(sub) -> None:
    from .portfolio.command import add_parser

    add_parser(sub, [lang_option(), output_options()], _seed)


BUILDERS = {"run": _add_run, "compare": _add_compare, "calibrate": _add_calibrate, "sensitivity": _add_sensitivity,
            "viz": _add_viz, "validate": _add_validate, "new-city": _add_new_city, "report": _add_report,
            "plan-package": _add_plan_package}


def cmd_run(args) -> int:
    from . import limits
    from .outputs import check_name, check_target, write_run
    from .runner import run_scenario
    from .scenario import load_scenario

    scenario = load_scenario(args.scenario)
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
    from .report import write_report

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
    return 0


def cmd_compare(args) -> int:
    from . import limits
    from .compare import compare, markdown_table, paired_markdown, write_comparison
    from .outputs import check_name, check_target
    from .scenario import load_scenario
    from .verdicts.sequential import with_prior
    from .verdicts.taught import lesson

    check_name(args.name, None, "--name")
    if args.structures and not args.posterior:
        raise InputError(None, "--draw-structures", t("posterior.structures_need_posterior"))
    scenarios = [load_scenario(path) for path in args.scenarios]
    first = scenarios[0].spec.run
    seed = first.seed if args.seed is None else args.seed
    replicates = (first.replicates if not args.posterior else 1) if args.replicates is None else args.replicates
    for path, scenario in zip(args.scenarios, scenarios, strict=True):
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
    print(t("summary.outputs", path=target))
    return 0


def _print_summary(target: Path) -> None:
    import json

    from .summary import describe

    summary = json.loads((target / "summary.json").read_text(encoding="utf-8"))
    with use(summary.get("lang")):
        print("\n".join(describe(summary)))
        print("  " + t("summary.outputs", path=target))


def _free_port(host: str) -> int:
    """A port the OS says is free now (solara cannot report the one it picks for port 0)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            return sock.getsockname()[1]
    except OSError as exc:
        raise InputError(None, "--host", f"cannot listen on {host}: {exc.strerror or exc}") from None


def _answers(host: str, port: int) -> bool:
    import socket

    try:
        with socket.create_connection((host if host not in ("0.0.0.0", "::") else "127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _workshop_folder(folder: Path | None) -> Path | None:
    """The folder to serve, checked before the server starts: it must hold a scenario that loads."""
    if folder is None:
        return None
    from .scenario import load_scenario
    from .workshop import folder as workshop_folder

    if not folder.is_dir():
        raise InputError(str(folder), "--scenarios", "is not a folder", "a folder of scenario files (*.yaml)")
    folder = folder.resolve()
    first = workshop_folder.default_city(folder)
    load_scenario(workshop_folder.cities(folder)[first])  # a file that cannot be read is named now, not in the page
    return folder


def cmd_viz(args) -> int:
    import os
    import signal
    import subprocess
    import time

    from .extras import require
    from .procguard import set_parent_death_signal
    from .workshop.folder import FOLDER_ENV

    require("workshop")
    if not 0 <= args.port <= 65535:
        raise InputError(None, "--port", f"{args.port} is not a port", "0 to 65535")
    folder = _workshop_folder(args.scenarios)
    port = args.port or _free_port(args.host)
    app = Path(__file__).resolve().parent / "viz" / "app.py"
    solara = Path(sys.executable).with_name("solara")
    command = [str(solara), "run", str(app), "--host", args.host, "--port", str(port), "--production",
               "--no-open", "--no-check-version", "--log-level", "warning"]
    # offline by design: front-end files come from solara-assets, no telemetry
    # and the page carries no English banner or loader text of solara's own
    env = dict(os.environ, SOLARA_TELEMETRY_MIXPANEL_ENABLE="False", SOLARA_THEME_SHOW_BANNER="False",
               SOLARA_THEME_LOADER="plain")
    # the server imports the same `sim` package as this command (a checkout run with run.py, not
    # whichever copy is installed in the environment)
    package_root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([package_root, *filter(None, [os.environ.get("PYTHONPATH")])])
    env.pop(FOLDER_ENV, None)
    if folder is not None:
        env[FOLDER_ENV] = str(folder)
    stopping = []

    def forward(signum, frame):  # the server must stop with this command, whoever signals it
        stopping.append(signum)
        if child.poll() is None:
            child.send_signal(signum)

    # the parent-death signal covers kill -9 of this process as well; the server's own messages go to
    # stderr, so the one line on stdout is the address below
    child = subprocess.Popen(command, env=env, stdout=sys.stderr, preexec_fn=set_parent_death_signal)  # noqa: PLW1509
    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        # announce the address only once the server listens on it, so the port printed is the one bound
        while child.poll() is None and not stopping and not _answers(args.host, port):
            time.sleep(0.2)
        if child.poll() is None and not stopping:
            print(f"serving the workshop view on http://{args.host}:{port} (Ctrl+C to stop)", flush=True)
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    if not stopping and code:
        print(f"binjai-sim viz: the server stopped with exit code {code} (is port {port} already in use?)",
              file=sys.stderr)
    return 0 if stopping else code


FILE_KINDS = (  # (kind, keys that identify it, what it needs)
    ("sweep", {"base", "parameters"}, "'base' and 'parameters'"),
    ("calibration targets", {"study_date", "apps"}, "'scenario', 'apps' and 'study_date'"),
    ("survey coefficients", {"factors", "source"}, "'source', 'status' and 'factors'"),
    ("calibrated parameters", {"parameters", "method"}, "'parameters'"),
)


def file_kind(data: object) -> str | None:
    """Which of the project's YAML files ``data`` looks like (None: a scenario, or nothing known)."""
    if isinstance(data, dict):
        for kind, keys, _ in FILE_KINDS:
            if keys <= data.keys():
                return kind
    return None


def cmd_validate(args) -> int:
    from . import limits
    from .scenario import load_scenario
    from .yamlfile import read_yaml

    path = args.scenario
    from .observations import is_observations

    if is_observations(path):
        from .observations import load_observations, summary

        records = load_observations(path)
        print(t("observations.valid", path=path, records=len(records)))
        print("\n".join("  " + line for line in summary(records).splitlines()))
        return 0
    data = read_yaml(path, "file")
    kind = file_kind(data)
    if kind == "sweep":
        from .sweep.spec import load_sweep

        sweep = load_sweep(path)
        spec = sweep.spec
        limits.check_scenario(sweep.base, path)
        estimate = limits.sweep_estimate(sweep, 1)
        limits.check_estimate(estimate, path, "method")
        print(f"{path}: OK - sweep '{spec.name}', {spec.method.name}, {len(spec.parameters)} parameters, "
              f"{estimate.runs} runs")
        from .sweep.timing import wall_time_lines

        print("\n".join(wall_time_lines(sweep, estimate.memory_mb)))
        return 0
    if kind == "calibration targets":
        from .calibrate.targets import load_targets

        targets, scenario_path = load_targets(path)
        load_scenario(scenario_path)
        print(f"{path}: OK - calibration targets for {scenario_path.name}")
        return 0
    if kind == "survey coefficients":
        from .coefficients import load_coefficients

        load_coefficients(path)
        print(f"{path}: OK - survey coefficients of the five factors")
        return 0
    if kind is not None:
        print(f"{path}: a {kind} file; it is read through the scenario that names it, not on its own")
        return 0
    if isinstance(data, dict) and "name" not in data and "extends" not in data:
        from .errors import InputError

        keys = ", ".join(map(str, list(data)[:8])) or "none"
        raise InputError(path, None, f"not a scenario file (its keys: {keys}); a scenario needs 'name' or "
                                     "'extends', a sweep needs 'base' and 'parameters', calibration targets "
                                     "need 'study_date' and 'apps'")
    scenario = load_scenario(path)
    spec = scenario.spec
    limits.check_scenario(scenario, path)
    estimate = limits.run_estimate(scenario, spec.run.replicates, None, 1)
    limits.check_estimate(estimate, path, "run.replicates")
    print(t("cli.validate_ok", path=path, name=scenario.name, apps=len(scenario.inventory),
            elections=len(spec.elections), strategies=len(scenario.strategies)))
    calibration = scenario.calibration()
    if calibration["file"]:
        key = "cli.validate_fitted" if calibration["fitted_to_this_city"] else "cli.validate_prior"
        print("  " + t(key, file=calibration["file"], fitted=calibration["fitted_to"]))
    print("  " + t("cli.validate_estimate", estimate=estimate.describe()))
    return 0


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
