"""The ``new-city`` command: a profile (flags, a file or questions) into a city's folder.

The folder is written to a temporary sibling and moved into place only when every file is
written and the scenario validates, so bad input leaves nothing behind.
"""

from __future__ import annotations

import re
import shutil
import sys
import unicodedata
from pathlib import Path

from ..errors import InputError
from ..i18n import help_text, number, t, use
from ..regions import find
from .profile import PARSERS, Profile, Value, complete, load_profile_file, read_profile
from .scenario_text import (
    CALIBRATED,
    COEFFICIENTS,
    NATIONAL,
    PRIORS,
    STRATEGIES,
    profile_yaml,
    readme,
    scenario_yaml,
)
from .templates import fates_csv, inventory_csv, inventory_xlsx, priors_yaml, strategy_packages, targets_yaml

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
    p.add_argument("--interactive", action="store_true", help=help_text("newcity.opt.interactive"))
    p.add_argument("--no-input", action="store_true", help=help_text("newcity.opt.no_input"))
    p.add_argument("--force", action="store_true", help=help_text("newcity.opt.force"))
    p.set_defaults(func=cmd_new_city)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "city"


def cmd_new_city(args) -> int:
    lang = args.lang or (_profile_lang(args.profile) if args.profile else None) or "en"
    with use(lang):
        values = load_profile_file(args.profile) if args.profile else {}
        return _make(args, values, lang)


def _profile_lang(path: Path) -> str | None:
    """A profile file's language, read first so that the file's own messages speak it."""
    from ..yamlfile import read_yaml

    try:
        data = read_yaml(path)
    except InputError:
        return None  # reading it again reports the problem
    if not isinstance(data, dict):
        return None
    lang = data.get("lang", data.get("bahasa"))
    return lang if lang in ("en", "id") else None


def _make(args, values: dict[str, Value], lang: str) -> int:
    flags = {k: getattr(args, k) for k in FLAGS if getattr(args, k) is not None}
    values.update(read_profile(flags, None, FLAGS, _sources(args.source)))
    values["lang"] = Value(lang, "")
    asking = args.interactive or (sys.stdin.isatty() and not args.no_input)
    region_text = args.region or (values.pop("region").value if "region" in values else None)
    region = find(region_text) if region_text else None
    if asking and region is None and "name" not in values:
        region = _ask_region(values)
    if asking:
        _ask(values, region)  # says which region it found before asking
    profile = complete(values, region)
    start = _strategies_from(args.strategies_from, profile)
    for path in (NATIONAL, CALIBRATED, COEFFICIENTS, PRIORS, STRATEGIES / "political.yaml"):
        if not path.is_file():
            raise InputError(path, None, t("newcity.no_checkout"))
    name = slug(args.folder.name) if args.folder else slug(profile["name"])  # the folder names the scenario
    folder = args.folder or CITIES / name
    inventory_in = profile.get("inventory")
    apps = _given_inventory(inventory_in) if inventory_in else None
    target = _target(folder, args.force)
    inventory = f"apps{inventory_in.suffix.lower()}" if inventory_in else f"apps.{args.format}"
    _write(target, profile, name, inventory, inventory_in, apps, args.force, lang, start)
    _report(target, profile, inventory, apps, asking)
    return 0


def _sources(given: list[str]) -> dict[str, str]:
    """``--source apbd="Perda APBD 2024"``: where a value given by a flag comes from."""
    from .profile import ALIASES, KEYS, _word

    found, problems = {}, []
    for item in given:
        key, sep, text = item.partition("=")
        key = ALIASES.get(_word(key), _word(key))
        if not sep or not text.strip() or key not in KEYS:
            problems.append(InputError(None, "--source", t("newcity.bad_source", value=item),
                                       t("newcity.source_allowed")))
            continue
        found[key] = text.strip()
    if problems:
        from ..errors import combine

        raise combine(problems)
    return found


def _given_inventory(path: Path) -> list[str]:
    """The names of the apps of a given inventory, read (and every problem reported) first."""
    from ..inventory import load_inventory

    return [a.name for a in load_inventory(path)]


def _target(folder: Path, force: bool) -> Path:
    from ..outputs import check_name, check_writable

    check_name(folder.name, None, "FOLDER")
    check_writable(folder.parent, "FOLDER")
    if folder.exists() and not force:
        raise InputError(folder, None, t("outputs.folder_exists"))
    return folder


def _strategies_from(text: str | None, profile: Profile) -> str:
    """The month the strategy packages start: given, or three months into the horizon (as
    Binjai's, from its grand launch)."""
    from ..calendar import format_month, parse_month

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
           apps: list[str] | None, force: bool, lang: str, start: str) -> None:
    from ..outputs import atomic_directory
    from ..scenario import load_scenario

    with atomic_directory(target, force, out_dir=target.parent) as work:
        (work / "scenario.yaml").write_text(scenario_yaml(profile, target, name, inventory), encoding="utf-8")
        (work / "profile.yaml").write_text(profile_yaml(profile), encoding="utf-8")
        if inventory_in is not None:
            shutil.copyfile(inventory_in, work / inventory)
        else:
            (work / "apps.csv").write_text(inventory_csv(lang), encoding="utf-8")
            inventory_xlsx(work / "apps.xlsx", lang)
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
        for path in [work / "scenario.yaml", *sorted(packages.glob("*.yaml"))]:
            try:  # every scenario a planner will run must load, before the folder appears
                load_scenario(path, inventory=apps is not None)
            except InputError as exc:
                raise exc.at(target / path.relative_to(work)) from None


def _report(target: Path, profile: Profile, inventory: str, apps: list[str] | None, asked: bool) -> None:
    if profile.region is not None and not asked:
        r = profile.region
        print(t("newcity.found", region=r.describe(), population=number(r.population_2020)))
    print(t("newcity.written", folder=target))
    assumed = [t(f"newcity.field.{k}") for k, v in profile.values.items()
               if v.assumption and k not in ("lang", "end")]
    if assumed:
        print("  " + t("newcity.assumed", fields=", ".join(assumed)))
    print("  " + t("newcity.prior_flag"))
    print(t("newcity.next"))
    step = 1
    if apps is None:
        print(f"  {step}. " + t("newcity.next_fill", inventory=target / inventory))
        step += 1
    else:
        print(f"  {step}. " + t("newcity.next_apps", n=len(apps), inventory=target / inventory))
        step += 1
    print(f"  {step}. binjai-sim run {target / 'scenario.yaml'} --report")


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
