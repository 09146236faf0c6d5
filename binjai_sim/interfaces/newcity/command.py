"""The ``new-city`` command: a profile (flags, a file or questions) into a city's folder.

The folder is written to a temporary sibling and moved into place only when every file is
written and the scenario validates, so bad input leaves nothing behind.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from binjai_sim.base.errors import InputError, collecting, combine, did_you_mean, one_of, short
from binjai_sim.base.i18n import help_text, number, plain, t, use
from binjai_sim.scenario.regions import find

from .folder import FROM_PROFILE, Kept, carry_over, check_target, slug, write_marker
from .profile import PARSERS, Profile, Value, complete, load_profile_file, read_profile
from .scenario_text import (
    CALIBRATED,
    COEFFICIENTS,
    NATIONAL,
    PRIORS,
    SCENARIO_KEYS,
    STRATEGIES,
    profile_yaml,
    readme,
    scenario_yaml,
    sh,
)
from .templates import (
    fates_csv,
    inventory_csv,
    inventory_xlsx,
    is_regency,
    priors_yaml,
    strategy_packages,
    targets_yaml,
)

FLAGS = {  # profile key -> option
    "name": "--name", "description": "--description", "province": "--province", "population": "--population",
    "annual_budget_rp": "--budget", "fiscal_capacity": "--fiscal-capacity", "it_share": "--it-share",
    "staff": "--staff", "city_regulation": "--regulation", "mayor_priority": "--mayor-priority",
    "terms_served": "--terms-served", "elections": "--elections", "start": "--start", "end": "--end",
    "checkpoints": "--checkpoints", "inventory": "--inventory",
}
QUESTIONS = ("annual_budget_rp", "fiscal_capacity", "it_share", "elections", "terms_served", "mayor_priority",
             "city_regulation")  # asked in this order when not given; the rest keep their defaults
CITIES = Path("scenarios") / "cities"


def add_parser(sub, lang_parent) -> None:
    p = sub.add_parser("new-city", parents=[lang_parent], help=help_text("newcity.help"),
                       description=help_text("newcity.description"))
    p.add_argument("folder", nargs="?", type=Path, help=help_text("newcity.opt.folder"))
    p.add_argument("--region", help=help_text("newcity.opt.region"))
    p.add_argument("--profile", type=Path, help=help_text("newcity.opt.profile"))
    for key, option in FLAGS.items():
        p.add_argument(option, dest=key, help=help_text(f"newcity.opt.{key}"))
    p.add_argument("--source", action="append", default=[], metavar="KEY=TEXT", help=help_text("newcity.opt.source"))
    p.add_argument("--strategies-from", help=help_text("newcity.opt.strategies_from"))
    p.add_argument("--format", choices=("xlsx", "csv"), default="xlsx", help=help_text("newcity.opt.format"))
    p.add_argument("--workbook", action="store_true", help=help_text("workbook.opt_workbook"))
    p.add_argument("--interactive", action="store_true", help=help_text("newcity.opt.interactive"))
    p.add_argument("--no-input", action="store_true", help=help_text("newcity.opt.no_input"))
    p.add_argument("--force", action="store_true", help=help_text("newcity.opt.force"))
    p.add_argument("--discard-edits", action="store_true", help=help_text("newcity.opt.discard_edits"))
    p.set_defaults(func=cmd_new_city)


def cmd_new_city(args) -> int:
    lang = args.lang or (_profile_lang(args.profile) if args.profile else None) or "en"
    with use(lang):
        return _make(args, lang)


def _profile_lang(path: Path) -> str | None:
    """A profile file's language, read first so that the file's own messages speak it."""
    from binjai_sim.scenario.yamlfile import read_yaml

    try:
        data = read_yaml(path)
    except InputError:
        return None  # reading it again reports the problem
    if not isinstance(data, dict):
        return None
    lang = data.get("lang", data.get("bahasa"))
    return lang if lang in ("en", "id") else None


def _make(args, lang: str) -> int:
    """Every problem of the flags, the region, the profile, the inventory and the target folder
    is collected and reported together; nothing is written unless there is none."""
    problems: list[InputError] = []

    attempt = collecting(problems)

    failed: set[str] = set()  # keys given but not read: not "missing" as well
    values = (attempt(load_profile_file, args.profile, problems, failed) or {}) if args.profile else {}
    from_profile = set(values)
    flags = {k: getattr(args, k) for k in FLAGS if getattr(args, k) is not None}
    values.update(read_profile(flags, None, FLAGS, attempt(_sources, args.source) or {}, problems, failed))
    values["lang"] = Value(lang, "")
    region_text = args.region or (values.pop("region").value if "region" in values else None)
    region = attempt(find, region_text) if region_text else None
    asking = not problems and (args.interactive or (sys.stdin.isatty() and not args.no_input))
    if asking and region is None and "name" not in values:
        region = _ask_region(values)
    if asking:
        _ask(values, region)  # says which region it found before asking
    unknown = (region_text is not None and region is None) or (region is None and failed & {"name", "population"})
    profile = None if unknown else attempt(complete, values, region)
    start = attempt(_strategies_from, args.strategies_from, profile) if profile is not None else None
    inventory_in = (profile.get("inventory") if profile is not None
                    else values["inventory"].value if "inventory" in values else None)
    apps = attempt(_given_inventory, inventory_in) if inventory_in else None
    name = slug(args.folder.name) if args.folder else slug(profile["name"]) if profile is not None else None
    # one workbook (binjai_sim/interfaces/regionbook)
    if args.workbook or (args.folder and args.folder.suffix.lower() == ".xlsx"):
        from binjai_sim.interfaces.regionbook.writer import made

        return made(args.folder, name, profile, lang, start, inventory_in, problems, attempt)
    folder = args.folder or (CITIES / name if name else None)
    target = attempt(_target, folder, args.force) if folder is not None else None
    if problems:
        raise combine(problems)
    for path in (NATIONAL, CALIBRATED, COEFFICIENTS, PRIORS, STRATEGIES / "political.yaml"):
        if not path.is_file():
            raise InputError(path, None, t("newcity.no_checkout"))
    inventory = _inventory_name(inventory_in, args.format)
    inputs = [p for p in (args.profile, inventory_in) if p is not None]
    given = {k: (str(args.profile), k) for k in from_profile} | {k: (None, FLAGS[k]) for k in flags}
    kept = _write(target, profile, name, inventory, inventory_in, apps, lang, start, inputs,
                  args.discard_edits, given)
    _report(target, profile, inventory, apps, asking, kept)
    return 0


def _inventory_name(given: Path | None, template: str) -> str:
    """The inventory's name in the folder: a given workbook stays a workbook; anything else is
    read as CSV, and named so (never after an arbitrary suffix of the given file's name)."""
    if given is None:
        return f"apps.{template}"
    return f"apps{given.suffix.lower()}" if given.suffix.lower() in (".xlsx", ".xlsm") else "apps.csv"


def _sources(given: list[str]) -> dict[str, str]:
    """``--source apbd="Perda APBD 2024"``: where a value given by a flag comes from."""
    from .profile import ALIASES, KEYS, _word, visible

    found, problems = {}, []
    for item in given:
        key, sep, text = item.partition("=")
        key = ALIASES.get(_word(key), _word(key))
        if not sep or not text.strip():
            problems.append(InputError(None, "--source", t("newcity.bad_source", value=plain(item)),
                                       t("newcity.source_allowed")))
            continue
        if key not in KEYS or key == "sources":
            unknown = t("newcity.unknown_source_key", key=plain(short(item.partition("=")[0])))
            problems.append(InputError(None, "--source", unknown + did_you_mean(key, [*KEYS, *ALIASES]),
                                       one_of(k for k in KEYS if k != "sources")))
            continue
        try:
            visible(text)
        except ValueError as exc:
            problems.append(InputError(None, "--source", str(exc)))
            continue
        found[key] = text.strip()
    if problems:
        raise combine(problems)
    return found


def _given_inventory(path: Path) -> list[str]:
    """The names of the apps of a given inventory, read (and every problem reported) first."""
    from binjai_sim.scenario.inventory import load_inventory

    return [a.name for a in load_inventory(path)]


def _target(folder: Path, force: bool) -> Path:
    from binjai_sim.outputs.write import check_name, check_writable

    check_target(folder, force)  # first: "." or ".." is the current folder, not a bad name
    check_name(folder.name, None, "FOLDER")
    check_writable(folder.parent, "FOLDER")
    return folder


def _strategies_from(text: str | None, profile: Profile) -> str:
    """The month the strategy packages start: given, or three months into the horizon (as
    Binjai's, from its grand launch)."""
    from binjai_sim.base.calendar import format_month, parse_month

    if text is None:
        return format_month(profile["start"] + 3)
    try:
        month = parse_month(text)
    except ValueError as exc:
        raise InputError(None, "--strategies-from", str(exc)) from None
    if not profile["start"] <= month <= profile["end"]:
        raise InputError(None, "--strategies-from", t("scenario.outside_horizon", month=format_month(month)),
                         t("errors.range", low=format_month(profile["start"]), high=format_month(profile["end"])))
    return format_month(month)


def _write(target: Path, profile: Profile, name: str, inventory: str, inventory_in: Path | None,
           apps: list[str] | None, lang: str, start: str, inputs: list[Path], discard: bool,
           given: dict[str, tuple[str | None, str]]) -> Kept:
    from binjai_sim.outputs.write import atomic_directory
    from binjai_sim.scenario.load import load_scenario

    kept = Kept()
    remake = target.is_dir()  # a city folder of this command: check_target refused anything else
    with atomic_directory(target, remake, out_dir=target.parent) as work:
        (work / "scenario.yaml").write_text(scenario_yaml(profile, target, name, inventory), encoding="utf-8")
        (work / "profile.yaml").write_text(profile_yaml(profile), encoding="utf-8")
        if inventory_in is not None:
            shutil.copyfile(inventory_in, work / inventory)
        else:
            (work / "apps.csv").write_text(inventory_csv(lang, is_regency(profile)), encoding="utf-8")
            inventory_xlsx(work / "apps.xlsx", lang, regency=is_regency(profile))
        kit = work / "calibration"
        kit.mkdir()
        (kit / "targets.yaml").write_text(targets_yaml(), encoding="utf-8")
        (kit / "fates.csv").write_text(fates_csv(apps or []), encoding="utf-8")
        (kit / "priors.yaml").write_text(priors_yaml(PRIORS.read_text(encoding="utf-8")), encoding="utf-8")
        packages = work / "strategies"
        packages.mkdir()
        for filename, text in strategy_packages(name, start, STRATEGIES).items():
            (packages / filename).write_text(text, encoding="utf-8")
        (work / "README.md").write_text(readme(profile, target, inventory, apps is not None, name),
                                        encoding="utf-8")
        write_marker(work)  # before the planner's files come back: it records only what was written
        if remake and not discard:
            regenerated = set(FROM_PROFILE) | ({inventory} if inventory_in is not None else set())
            consumed = {_inside(p, target) for p in inputs} - {None}
            kept = carry_over(target, work, regenerated, consumed)
        for path in [work / "scenario.yaml", *sorted(packages.glob("*.yaml"))]:
            try:  # every scenario a planner will run must load, before the folder appears
                load_scenario(path, inventory=apps is not None)
            except InputError as exc:
                raise _as_given(exc, work, target, given) from None
    return kept


# scenario keys that new-city writes from one profile value, beyond SCENARIO_KEYS (longest first)
WRITTEN_FROM = {**{v: k for k, v in SCENARIO_KEYS.items()}, "report.checkpoints": "checkpoints",
                "elections": "elections", "label": "name", "city.name": "name", "description": "description"}


def _profile_key(scenario_key: str | None) -> str | None:
    for written in sorted(WRITTEN_FROM, key=len, reverse=True):
        if scenario_key == written or (scenario_key or "").startswith(written + "."):
            return WRITTEN_FROM[written]
    return None


def _as_given(exc: InputError, work: Path, target: Path, given: dict[str, tuple[str | None, str]]) -> InputError:
    """The problems of the scenario new-city generated, as the planner gave them: under the flag
    or profile key they typed (the generated file lives in a temporary folder they never saw).
    A problem of a value derived from one they gave (a budget or staff from too large a
    population) is the same mistake again, and is dropped when the given value's is reported."""
    own, derived, seen, of_given = [], [], set(), False
    for problem in exc.problems:
        file = Path(problem.file) if problem.file else None
        key = _profile_key(problem.key) if file == work / "scenario.yaml" else None
        if key in given:
            where, shown = given[key]
            new = InputError(where, shown, problem.problem, problem.allowed)
        else:
            inside = file is not None and file.is_relative_to(work)
            new = InputError(plain(target / file.relative_to(work)) if inside else problem.file, problem.key,
                             problem.problem, problem.allowed)
        if str(new) not in seen:  # the name is written twice (label, city.name): one problem
            seen.add(str(new))
            of_given |= key in given
            (derived if key is not None and key not in given else own).append(new)
    return combine(own if of_given else own + derived)


def _inside(path: Path, folder: Path) -> str | None:
    """``path`` relative to ``folder`` when it is one of the folder's own files."""
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return None


def _report(target: Path, profile: Profile, inventory: str, apps: list[str] | None, asked: bool,
            kept: Kept) -> None:
    if profile.region is not None and not asked:
        r = profile.region
        print(t("newcity.found", region=r.describe(), population=number(r.population_2020)))
    print(t("newcity.written", folder=plain(target)))
    if kept.files:
        print("  " + t("newcity.kept", files=", ".join(plain(f) for f in kept.files)))
    for edited, copy in kept.set_aside:
        print("  " + t("newcity.set_aside", file=plain(edited), copy=plain(copy)))
    assumed = [t(f"newcity.field.{k}") for k, v in profile.values.items()
               if v.assumption and k not in ("lang", "end")]
    if assumed:
        print("  " + t("newcity.assumed", fields=", ".join(assumed)))
    print("  " + t("newcity.prior_flag"))
    print(t("newcity.next"))
    step = 1
    if apps is None:
        print(f"  {step}. " + t("newcity.next_fill", inventory=plain(target / inventory)))
        step += 1
    else:
        print(f"  {step}. " + t("newcity.next_apps", n=len(apps), inventory=plain(target / inventory)))
        step += 1
    print(f"  {step}. binjai-sim run {sh(target / 'scenario.yaml')} --report")


# --- questions ---------------------------------------------------------------------------------

def _input(prompt: str) -> str | None:
    try:
        return input(prompt)
    except EOFError:
        return None


def _ask_region(values: dict[str, Value]):
    while True:
        answer = _input(t("newcity.ask.region") + ": ")
        if answer is None or not answer.strip():
            for key in ("name", "population"):
                _ask_one(values, key, None, required=True)
            return None
        try:
            return find(answer)
        except InputError as exc:
            print(f"  {exc.problem}" + (t("errors.allowed", allowed=exc.allowed) if exc.allowed else ""))


def _ask(values: dict[str, Value], region) -> None:
    if region is not None:
        print(t("newcity.found", region=region.describe(), population=number(region.population_2020)))
    for key in QUESTIONS:
        if key not in values:
            _ask_one(values, key, region)


def _ask_one(values: dict[str, Value], key: str, region, required: bool = False) -> None:
    default = t(f"newcity.ask.default.{key}")
    while True:
        answer = _input(f"{t(f'newcity.ask.{key}')} [{default}]: ")
        if answer is None:
            if required:
                raise InputError(None, FLAGS.get(key, key), t("newcity.missing", keys=key))
            return
        if not answer.strip():
            if required:
                continue
            return
        try:
            values[key] = Value(PARSERS[key](answer), t("newcity.source_answer"))
            return
        except ValueError as exc:
            print(f"  {exc}")
