"""The package's former name. ``import sim`` (and ``sim.<module>``) still work, with one
DeprecationWarning: every old module name resolves to the same module object under ``binjai_sim``.

``MOVED`` is the whole mapping from old module names to new ones; a module added after the move
has no old name and is not in it.
"""

import importlib
import importlib.abc
import importlib.util
import os
import sys
import warnings

import binjai_sim
from binjai_sim import __all__, __version__  # noqa: F401

# attributed to the line that imports `sim` (not to importlib), so Python's default filters show it there
warnings.warn("the package `sim` is now `binjai_sim`; `import sim` will stop working in a later release",
              DeprecationWarning, skip_file_prefixes=("<frozen importlib", os.path.dirname(__file__)))

MOVED = {
    'sim._forkserver_guard': 'binjai_sim.base._forkserver_guard',
    'sim.agents': 'binjai_sim.model.agents',
    'sim.argparse_words': 'binjai_sim.interfaces.argparse_words',
    'sim.calendar': 'binjai_sim.base.calendar',
    'sim.calibrate': 'binjai_sim.analysis.calibrate',
    'sim.cli': 'binjai_sim.interfaces.cli',
    'sim.coefficients': 'binjai_sim.scenario.coefficients',
    'sim.commands': 'binjai_sim.interfaces.commands',
    'sim.compare': 'binjai_sim.analysis.compare',
    'sim.compare_tables': 'binjai_sim.analysis.compare_tables',
    'sim.condition_cli': 'binjai_sim.interfaces.condition_cli',
    'sim.conditioning': 'binjai_sim.runs.conditioning',
    'sim.console': 'binjai_sim.base.console',
    'sim.data': 'binjai_sim.data',
    'sim.datadict': 'binjai_sim.outputs.datadict',
    'sim.ema': 'binjai_sim.interfaces.ema',
    'sim.engine': 'binjai_sim.model.engine',
    'sim.errors': 'binjai_sim.base.errors',
    'sim.extras': 'binjai_sim.base.extras',
    'sim.i18n': 'binjai_sim.base.i18n',
    'sim.inventory': 'binjai_sim.scenario.inventory',
    'sim.known': 'binjai_sim.scenario.known',
    'sim.limits': 'binjai_sim.runs.limits',
    'sim.locales': 'binjai_sim.locales',
    'sim.model': 'binjai_sim.model.city',
    'sim.newcity': 'binjai_sim.interfaces.newcity',
    'sim.observations': 'binjai_sim.scenario.observations',
    'sim.outcomes': 'binjai_sim.runs.outcomes',
    'sim.outlook': 'binjai_sim.runs.outlook',
    'sim.outputs': 'binjai_sim.outputs.write',
    'sim.overrides': 'binjai_sim.scenario.overrides',
    'sim.paramtable': 'binjai_sim.runs.paramtable',
    'sim.plots': 'binjai_sim.outputs.plots',
    'sim.portfolio': 'binjai_sim.analysis.portfolio',
    'sim.posterior': 'binjai_sim.analysis.posterior',
    'sim.procguard': 'binjai_sim.base.procguard',
    'sim.recorder': 'binjai_sim.runs.recorder',
    'sim.regionbook': 'binjai_sim.interfaces.regionbook',
    'sim.regions': 'binjai_sim.scenario.regions',
    'sim.report': 'binjai_sim.analysis.report',
    'sim.resources': 'binjai_sim.base.resources',
    'sim.runner': 'binjai_sim.runs.runner',
    'sim.scenario': 'binjai_sim.scenario.load',
    'sim.scenario_checks': 'binjai_sim.scenario.checks',
    'sim.scenario_schema': 'binjai_sim.schema.scenario',
    'sim.schema': 'binjai_sim.schema',
    'sim.seeds': 'binjai_sim.runs.seeds',
    'sim.spreadsheet': 'binjai_sim.scenario.spreadsheet',
    'sim.strategies': 'binjai_sim.model.strategies',
    'sim.strategy_priors': 'binjai_sim.scenario.strategy_priors',
    'sim.summary': 'binjai_sim.runs.summary',
    'sim.sweep': 'binjai_sim.analysis.sweep',
    'sim.verdicts': 'binjai_sim.analysis.verdicts',
    'sim.viz': 'binjai_sim.interfaces.viz',
    'sim.vocabulary': 'binjai_sim.base.vocabulary',
    'sim.workbook': 'binjai_sim.outputs.workbook',
    'sim.workshop': 'binjai_sim.interfaces.workshop',
    'sim.yamlfile': 'binjai_sim.scenario.yamlfile',
}


def renamed(name: str) -> str | None:
    """The new name of an old module (or of one inside a moved folder)."""
    probe = name
    while probe:
        if probe in MOVED:
            return MOVED[probe] + name[len(probe):]
        probe = probe.rpartition(".")[0]
    return None


class _Alias(importlib.abc.Loader):
    """Loads an old name as the new module itself (the same object, its own __spec__ kept)."""

    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        self.spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self.spec  # importlib set the old name's spec on the shared module


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if not name.startswith(__name__ + "."):
            return None
        new = renamed(name)
        if new is None or importlib.util.find_spec(new) is None:
            return None
        return importlib.util.spec_from_loader(name, _Alias(new))


if not any(isinstance(f, _Finder) for f in sys.meta_path):
    sys.meta_path.insert(0, _Finder())


def __getattr__(name: str):
    return getattr(binjai_sim, name)
