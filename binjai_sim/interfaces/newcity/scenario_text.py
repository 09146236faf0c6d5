"""The text of a new city's scenario, profile and notes: YAML with a comment on every value
saying where it comes from, in the profile's language."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import yaml

from binjai_sim.base.calendar import format_month
from binjai_sim.base.i18n import name, number, plain, t
from binjai_sim.base.resources import ROOT

from .profile import KEYS, NATIONAL_INTERNET, Profile

NATIONAL = ROOT / "scenarios" / "national" / "indonesia.yaml"
CALIBRATED = ROOT / "calibration" / "calibrated.yaml"
COEFFICIENTS = ROOT / "calibration" / "survey_coefficients.yaml"
PRIORS = ROOT / "calibration" / "priors.yaml"
STRATEGIES = ROOT / "scenarios" / "strategies"  # the strategy packages each city gets a copy of
ID_KEYS = {"name": "nama", "description": "keterangan", "region": "wilayah", "province": "provinsi",
           "population": "penduduk",
           "annual_budget_rp": "apbd", "fiscal_capacity": "kapasitas_fiskal", "it_share": "porsi_ti", "staff": "asn",
           "city_regulation": "regulasi", "mayor_priority": "prioritas_kepala_daerah",
           "terms_served": "periode_menjabat", "elections": "pilkada", "start": "mulai", "end": "akhir",
           "checkpoints": "titik_pantau", "lang": "bahasa", "inventory": "daftar_aplikasi", "sources": "sumber"}
SCENARIO_KEYS = {  # profile value -> the scenario key it sets
    "population": "city.population", "annual_budget_rp": "city.annual_budget_rp",
    "fiscal_capacity": "city.fiscal_capacity", "it_share": "budget.it_share", "staff": "civil_service.staff",
    "city_regulation": "civil_service.city_regulation_from", "mayor_priority": "mayor.initial_priority",
    "terms_served": "mayor.initial_terms_served", "start": "horizon.start", "end": "horizon.end",
}


def q(value) -> str:
    """A YAML scalar written by the YAML emitter: a string always double-quoted with every line
    break, quote and control character escaped, so no text (a name, a source) can end the value
    and start a setting of its own."""
    style = '"' if isinstance(value, str) else None
    text = yaml.safe_dump(value, allow_unicode=True, default_style=style, width=float("inf"))
    return text.removesuffix("\n...\n").rstrip("\n")


def comment(text: object) -> str:
    """Text for a YAML comment: on one line (a line break would end the comment and begin a
    setting) and free of the control characters a YAML reader refuses."""
    return plain(text)


def sh(path: object) -> str:
    """A path as it may be pasted into a shell: quoted, so ``$(...)`` or ``;`` stay text."""
    return plain(shlex.quote(str(path)))


def md(text: object) -> str:
    """User text in Markdown: on one line, with the characters that make markup (links, HTML,
    emphasis, table cells, code) escaped."""
    return re.sub(r"([\\`*_\[\]<>|&!#~])", r"\\\1", plain(text))


def code(text: str) -> str:
    """A Markdown code span around ``text``, fenced by more backticks than any run inside it."""
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def rel(target: Path, folder: Path) -> str:
    """The relative path from ``folder`` to ``target`` as a YAML scalar (quoted only when the
    project's own path needs it)."""
    path = Path(os.path.relpath(target, folder)).as_posix()
    text = yaml.safe_dump(path, allow_unicode=True, width=float("inf"))
    return text.removesuffix("\n...\n").rstrip("\n")


def _comment(profile: Profile, key: str) -> str:
    value = profile.values[key]
    mark = t("newcity.assumption_mark") + " " if value.assumption else ""
    return f"  # {mark}{comment(value.source)}" if value.source else ""


def scenario_yaml(profile: Profile, folder: Path, slug: str, inventory: str) -> str:
    lines = (_heading(profile, folder, slug) + _city(profile, folder) + _elections(profile)
             + _inputs(profile, folder, inventory) + _sources(profile))
    lines += ["run:", "  replicates: 20", "  seed: 20161202", ""]
    return "\n".join(lines)


def _heading(p: Profile, folder: Path, slug: str) -> list[str]:
    """What the scenario is: its names, horizon, checkpoints and projection."""
    city = p["name"]
    lines = [f"# {t('newcity.yaml.head', city=comment(city))}"]
    lines += [f"# {line}" for line in t("newcity.yaml.intro").split("\n")]
    lines += [f"extends: {rel(NATIONAL, folder)}",
              f"name: {slug}",
              f"label: {q(city)}",
              f"description: {q(p.get('description') or t('newcity.yaml.description', city=city))}",
              f"lang: {p['lang']}",
              f"horizon: {{start: {format_month(p['start'])}, end: {format_month(p['end'])}}}"
              + _comment(p, "start"),
              "report:",
              f"  checkpoints: [{', '.join(format_month(m) for m in p['checkpoints'])}]"
              + _comment(p, "checkpoints")]
    return lines + [f"projection: {{from: now}}  # {t('condition.newcity_projection')}"]


def _city(p: Profile, folder: Path) -> list[str]:
    """The calibration it runs with, the city and its mayor."""
    lines = [f"# {line}" for line in t("newcity.yaml.calibrated").split("\n")]
    return lines + [f"calibrated: {rel(CALIBRATED, folder)}",
                    "city:",
                    f"  name: {q(p['name'])}",
                    f"  population: {q(p['population'])}" + _comment(p, "population"),
                    f"  annual_budget_rp: {int(round(p['annual_budget_rp']))}" + _comment(p, "annual_budget_rp"),
                    f"  fiscal_capacity: {p['fiscal_capacity']}" + _comment(p, "fiscal_capacity"),
                    "  residents_per_agent: 100",
                    "mayor:",
                    f"  initial_priority: {q(p['mayor_priority'])}" + _comment(p, "mayor_priority"),
                    f"  initial_terms_served: {q(p['terms_served'])}" + _comment(p, "terms_served"),
                    f"  term_limit: 2  # {t('newcity.yaml.term_limit')}"]


def _elections(p: Profile) -> list[str]:
    lines = [f"elections:  # {t('newcity.yaml.elections')}"]
    for e in p["elections"]:
        parts = [f"date: {format_month(e['date'])}"]
        if e.get("inauguration") is not None:
            parts.append(f"inauguration: {format_month(e['inauguration'])}")
        if e["outcome"]:
            parts.append(f"outcome: {e['outcome']}")
        parts.append(f"source: {q(e['source'])}")
        lines.append(f"  - {{{', '.join(parts)}}}")
    return lines


def _inputs(p: Profile, folder: Path, inventory: str) -> list[str]:
    """Budget, civil service, citizens, the app inventory and the survey coefficients."""
    regulation = p["city_regulation"]
    return ["budget:",
            f"  it_share: {q(p['it_share'])}" + _comment(p, "it_share"),
            "civil_service:",
            f"  staff: {q(p['staff'])}" + _comment(p, "staff"),
            f"  city_regulation_from: {format_month(regulation) if regulation is not None else 'null'}"
            + _comment(p, "city_regulation"),
            "citizens:",
            "  internet: {" + ", ".join(f"{y}: {s}" for y, s in NATIONAL_INTERNET.items()) + "}"
            + f"  # {t('newcity.assumption_mark')} {t('newcity.yaml.internet')}",
            "apps:",
            f"  inventory: {inventory}  # {t('newcity.yaml.inventory')}",
            "coefficients:",
            f"  file: {rel(COEFFICIENTS, folder)}",
            f"  use: all  # {t('newcity.yaml.coefficients')}",
            f"national: {{}}  # {t('newcity.yaml.national')}"]


def _sources(p: Profile) -> list[str]:
    """Where each value came from, an assumption marked as one."""
    lines = [f"sources:  # {t('newcity.yaml.sources')}"]
    for key, scenario_key in SCENARIO_KEYS.items():
        value = p.values[key]
        mark = t("newcity.assumption_mark") + " " if value.assumption else ""
        lines.append(f"  {scenario_key}: {q(mark + value.source)}")
    lines.append(f"  citizens.internet: {q(t('newcity.assumption_mark') + ' ' + t('newcity.yaml.internet'))}")
    return lines


def profile_yaml(profile: Profile) -> str:
    """The completed profile: given values as entries (with their sources), assumed ones as
    comments, so ``new-city --profile profile.yaml --force`` makes the same folder and an
    assumption stays one until someone writes a value."""
    lang = profile["lang"]
    key_of = (lambda k: ID_KEYS[k]) if lang == "id" else (lambda k: k)
    lines = [f"# {line}" for line in t("newcity.profile.head").split("\n")]
    sources = []
    for key in KEYS:
        if key in ("sources", "inventory") or key not in profile.values:
            continue
        value = profile.values[key]
        text = _profile_value(key, value.value, lang)
        if text is None:
            continue
        if value.assumption:
            lines.append(f"# {key_of(key)}: {comment(text)}  # {t('newcity.assumption_mark')} "
                         f"{comment(value.source)}")
        else:
            lines.append(f"{key_of(key)}: {text}")
            if value.source and value.source != t("newcity.source_given"):
                sources.append(f"  {key_of(key)}: {q(value.source)}")
    if profile.region is not None:
        lines.append(f"{key_of('region')}: {q(profile.region.code)}")
    if sources:
        lines.append(f"{key_of('sources')}:")
        lines += sources
    return "\n".join(lines) + "\n"


def _profile_value(key: str, value, lang: str = "en") -> str | None:
    """A profile value as written in the profile's language (either language is read back)."""
    if key == "elections":
        items = [format_month(e["date"]) + (f":{e['outcome']}" if e["outcome"] else "") for e in value]
        return q(", ".join(items))
    if key in ("start", "end"):
        return format_month(value)
    if key == "checkpoints":
        return q(", ".join(format_month(m) for m in value)) if value else None
    if key == "city_regulation":
        return format_month(value) if value is not None else q(t("wording.profile.none", lang))
    if key == "fiscal_capacity":
        return q(name("fiscal", value, lang))
    if key == "annual_budget_rp":
        return str(int(round(value)))
    if key == "region":
        return None
    return q(value) if isinstance(value, str) else str(value)


def readme(profile: Profile, folder: Path, inventory: str, has_apps: bool, slug: str) -> str:
    """The folder's notes: what is here, what to do next, which values are assumptions. Names and
    sources are escaped for Markdown, and every command quotes its paths for the shell."""
    city = md(profile["name"])
    lines = [f"# {t('newcity.readme.title', city=city)}", "", t("newcity.readme.intro", city=city), "",
             f"## {t('newcity.readme.files')}", ""]
    lines += [f"- {code(name)}: {t(f'newcity.readme.file.{key}')}" for name, key in (
        ("scenario.yaml", "scenario"), ("profile.yaml", "profile"), (inventory, "inventory"))]
    if not has_apps:
        other = "apps.csv" if inventory.endswith(".xlsx") else "apps.xlsx"
        lines.append(f"- {code(other)}: {t('newcity.readme.file.other', inventory=inventory)}")
    lines += [f"- `strategies/`: {t('newcity.readme.file.strategies')}",
              f"- `calibration/`: {t('newcity.readme.file.calibration')}", "",
              f"## {t('newcity.readme.next')}", ""]
    there = folder.as_posix()
    scenario = sh(f"{there}/scenario.yaml")
    steps = [] if has_apps else [t("newcity.readme.step_fill", inventory=code(plain(f"{there}/{inventory}")))]
    steps += [t("newcity.readme.step_validate") + _block(f"binjai-sim validate {scenario}"),
              t("newcity.readme.step_run") + _block(f"binjai-sim run {scenario} --report"),
              t("newcity.readme.step_compare") + _block(
                  f"binjai-sim compare {scenario} {sh(there + '/strategies')}/*.yaml --name {slug}_strategies\n"
                  f"binjai-sim report outputs/{slug} --comparison outputs/{slug}_strategies")]
    lines += [f"{i}. {step}" for i, step in enumerate(steps, start=1)]
    lines += ["", f"## {t('newcity.readme.assumptions')}", "", t("newcity.readme.assumptions_intro"), "",
              f"| {t('newcity.readme.col_value')} | {t('newcity.readme.col_setting')} | "
              f"{t('newcity.readme.col_source')} |", "|---|---|---|"]
    for key in ("population", "annual_budget_rp", "fiscal_capacity", "it_share", "staff", "city_regulation",
                "mayor_priority", "terms_served", "elections", "start"):
        value = profile.values[key]
        shown, source, assumed = _shown(key, value.value), value.source, value.assumption
        if key == "start":  # a period is read by its two ends: the start alone leaves the reader guessing
            end = profile.values["end"]
            shown = t("wordfix.newcity.period", start=shown, end=format_month(end.value))
            source = source if end.source in ("", source) else f"{source}; {end.source}"
            assumed = assumed or end.assumption
        mark = f"**{t('newcity.assumption_mark')}** " if assumed else ""
        lines.append(f"| {t(f'newcity.field.{key}')} | {md(shown)} | {mark}{md(source)} |")
    command = code(f"binjai-sim calibrate fit {sh(there + '/calibration/targets.yaml')}")
    lines += [f"| {t('newcity.field.calibrated')} | {t('newcity.readme.binjai_values')} | "
              f"**{t('newcity.readme.binjai_flag')}** |", "",
              f"## {t('newcity.readme.calibrate')}", "", t("newcity.readme.calibrate_text", command=command), ""]
    return "\n".join(lines)


def _block(commands: str) -> str:
    """A fenced code block of commands, indented under a numbered step."""
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", commands)), default=0) + 1)
    body = "\n".join(f"   {line}" for line in commands.split("\n"))
    return f"\n\n   {fence}\n{body}\n   {fence}"


def _shown(key: str, value) -> str:
    if key == "annual_budget_rp":
        return f"Rp{number(value)}"
    if key == "fiscal_capacity":
        return name("fiscal", value)
    if key == "mayor_priority":
        return number(value, 1)
    if key == "it_share":
        return f"{number(100 * value, 2)}%"
    if key == "population" or key == "staff":
        return number(value)
    if key == "elections":
        return ", ".join(format_month(e["date"]) + (f" ({t('newcity.outcome.' + e['outcome'])})" if e["outcome"]
                                                    else "") for e in value)
    if key == "city_regulation":
        return format_month(value) if value is not None else "-"
    if key == "start":
        return format_month(value)
    return str(value)
