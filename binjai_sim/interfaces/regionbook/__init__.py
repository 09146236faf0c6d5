"""A whole region in one Excel workbook: read in place of a scenario file (``run``, ``compare``,
``report``), written by ``new-city --workbook``, and several regions side by side
(``neighbours``).

``sheets.py`` names the sheets and columns and says where a problem sits; ``reader.py`` reads a
workbook into scenarios, ``settings.py`` its profile's scenario settings (projection,
candidates); ``writer.py`` writes one; ``pipeline.py`` is ``report WORKBOOK``;
``neighbours.py`` is the ``neighbours`` command.
"""

from __future__ import annotations

from pathlib import Path

from .sheets import is_region_workbook


def load_scenario(path: str | Path, inventory: bool = True):
    """A scenario file, or a region workbook's baseline."""
    if is_region_workbook(Path(path)):
        from .reader import load_region

        return load_region(Path(path)).baseline
    from binjai_sim.scenario.load import load_scenario as load_file

    return load_file(path, inventory)


def expand(paths: list[Path]) -> tuple[list[Path], list]:
    """The scenarios named on a command line: a region workbook gives its baseline and then each
    of its strategy packages. Returns each scenario's file beside it."""
    from binjai_sim.scenario.load import load_scenario as load_file

    files, scenarios = [], []
    for path in paths:
        if is_region_workbook(Path(path)):
            from .reader import load_region

            region = load_region(Path(path))
            files += [path] * len(region.scenarios)
            scenarios += region.scenarios
        else:
            files.append(path)
            scenarios.append(load_file(path))
    return files, scenarios


def validate_workbook(path: Path) -> int:
    """``validate WORKBOOK``: every scenario the workbook holds loads, and what each is."""
    from binjai_sim.base.i18n import t
    from binjai_sim.runs import limits

    from .reader import load_region

    region = load_region(Path(path))
    for scenario in region.scenarios:
        limits.check_scenario(scenario, path)
        print(t("cli.validate_ok", path=path, name=scenario.name, apps=len(scenario.inventory),
                elections=len(scenario.spec.elections), strategies=len(scenario.strategies)))
    return 0


def peek_lang(path: str | Path) -> str | None:
    """The language a scenario file or a region workbook asks for (binjai_sim.scenario.load.peek_lang)."""
    if is_region_workbook(Path(path)):
        from .reader import peek_lang as workbook_lang

        return workbook_lang(Path(path))
    from binjai_sim.scenario.load import peek_lang as file_lang

    return file_lang(path)
