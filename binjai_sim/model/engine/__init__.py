"""The engine: one city run as arrays stepped by compiled submodels (numba).

``Simulation`` is a run without Mesa agents (what sweeps, fits and comparisons use);
``binjai_sim.model.city.CityModel`` is the same run with Mesa agents as views on its arrays (what ``run``,
the workshop and the tests use). Both call the same submodels in ``month.py``.
"""

from __future__ import annotations

import importlib

import numpy as np

from binjai_sim.base.vocabulary import CAUSES, ELECTION_OUTCOMES, FACTORS, Cause, EventKind

from .compile_cache import ENGINE, engine_cache

# every submodule now, inside engine_cache(): numba fixes a function's cache folder when the
# function is decorated, so a submodule imported later would cache beside its own file again
with engine_cache():
    for _module in sorted(p.stem for p in ENGINE.glob("*.py") if p.stem != "__init__"):
        importlib.import_module(f"{__name__}.{_module}")
    del _module
from .assemble import RECORDED  # noqa: E402
from .month import advance, first_month  # noqa: E402
from .state import Built, build, plan_ref, state_ref  # noqa: E402

_FIXED_DETAIL = {
    int(Cause.TECHNICAL_FAILURE): "quality below failure threshold",
    int(Cause.ABANDONED): "no users",
    int(Cause.HANDOVER_CUT): "cut in the new mayor's portfolio review",
    int(Cause.DEFUNDED): "scheduled defunding",
    int(Cause.RETIRED): "retired in portfolio rationalisation",
}
KIND_NAMES = [k.key for k in EventKind]


class Simulation:
    """One run of a scenario from a seed. ``advance``/``run`` move it; the views below read it."""

    def __init__(self, scenario, seed: int = 0, residents_per_agent: int | None = None):
        self.scenario = scenario
        self.spec = scenario.spec
        self.seed = int(seed)
        self.built: Built = build(scenario, self.seed, residents_per_agent)
        b = self.built
        self.state, self.params, self.plan = b.state, b.params, b.plan
        self.refs = state_ref(tuple(self.state)), plan_ref(tuple(self.plan))
        first_month(self.refs[0], self.params, self.refs[1])
        self.start, self.end = self.spec.horizon.start, self.spec.horizon.end
        self.apps = AppsView(self)
        self.recorder = RecordView(self)
        self._events_seen = 0
        self._events: list[tuple[int, str, int, int, str]] = []

    # ---------------------------------------------------------------- stepping
    def run(self, until: int | None = None) -> None:
        """Step to the horizon's end, or only to month ``until`` when that is all a caller
        reads: months are drawn in order, so the months run are the same either way."""
        stop = self.end if until is None else min(int(until), self.end)
        advance(self.refs[0], self.params, self.refs[1], stop)
        if self.state.clock[4]:
            raise RuntimeError("the event log overflowed; enlarge its capacity in binjai_sim/model/engine/state.py")

    def step(self) -> None:
        self.run(until=self.month + 1)

    @property
    def month(self) -> int:
        return int(self.state.clock[0])

    @property
    def finished(self) -> bool:
        return self.month >= self.end

    # ---------------------------------------------------------------- reading
    @property
    def events(self) -> list[tuple[int, str, int, int, str]]:
        """The event log so far: (month, kind, app index or -1, cause code or -1, detail)."""
        s = self.state
        count = int(s.clock[2])
        names = self.built.detail_names
        for k in range(self._events_seen, count):
            kind = int(s.ev_kind[k])
            cause, code, value = int(s.ev_cause[k]), int(s.ev_code[k]), float(s.ev_value[k])
            self._events.append((int(s.ev_month[k]), KIND_NAMES[kind], int(s.ev_app[k]), cause,
                                 _detail(kind, cause, code, value, names)))
        self._events_seen = count
        return self._events

    @property
    def costs(self) -> dict[str, float]:
        """Rupiah each strategy has cost so far, accumulated month by month as charged."""
        charges = self.built.strategy_costs
        out: dict[str, float] = {}
        for t in range(1, int(self.state.clock[1])):
            for k, name in enumerate(self.built.strategy_names):
                if charges[t, k]:
                    out[name] = out.get(name, 0.0) + charges[t, k]
        return out

    @property
    def rotations(self) -> int:
        return int(self.state.clock[3])

    @property
    def internet_share(self) -> float:
        return float(self.plan.internet[self.month - self.start])

    @property
    def priority(self) -> float:
        return float(self.state.mayor_priority[0])

    @property
    def maintenance_available(self) -> float:
        return float(self.state.money[2])


def _detail(kind: int, cause: int, code: int, value: float, names: dict[str, list[str]]) -> str:
    if kind == EventKind.DEATH:
        if cause == Cause.DISCONTINUED:
            return f"weakest factor: {FACTORS[code]}"
        if cause == Cause.REPLACED_LOCAL:
            return names["consolidation"][code]
        if cause == Cause.POLICY_SHOCK:
            return names["shock"][code]
        if cause == Cause.REPLACED_NATIONAL:
            return names["platform"][code]
        if cause == Cause.PRUNED:
            return names["pruning"][code]
        return _FIXED_DETAIL[cause]
    if kind == EventKind.ELECTION:
        return ELECTION_OUTCOMES[code]
    if kind == EventKind.INAUGURATION:
        return f"mayor {code // 2} priority {value:.3f}" + (" (new)" if code % 2 else " (re-elected)")
    if kind == EventKind.ROTATION_WAVE:
        return f"share {value:.2f}"
    if kind in (EventKind.PLATFORM_ROLLOUT, EventKind.PARTIAL_REPLACEMENT):
        return names["platform"][code]
    if kind == EventKind.POLICY_SHOCK:
        return names["shock"][code]
    return ""


class AppsView:
    """Column arrays of all apps (row i is app i of the inventory)."""

    def __init__(self, sim: Simulation):
        self._s = sim.state
        inv = sim.scenario.inventory
        self.n = len(inv)
        self.names = [a.name for a in inv]
        self.sectors = [a.sector for a in inv]

    def __getattr__(self, name):
        alias = {"partial_replaced": "partial", "idle_months": "idle"}.get(name, name)
        try:
            return getattr(self._s, alias)
        except AttributeError:
            raise AttributeError(name) from None

    def live(self) -> np.ndarray:
        from binjai_sim.base.vocabulary import is_live

        return is_live(self._s.status)


class RecordView:
    """The monthly record so far: arrays of ``rows`` months from ``t0``."""

    FIELDS = {name: series.field for name, series in RECORDED.items()}  # declared by each submodel

    def __init__(self, sim: Simulation):
        self._s = sim.state
        self.t0 = sim.start

    @property
    def rows(self) -> int:
        return int(self._s.clock[1])

    def __getattr__(self, name):
        field = RecordView.FIELDS.get(name)
        if field is None:
            raise AttributeError(name)
        return getattr(self._s, field)

    def months(self) -> np.ndarray:
        return np.arange(self.t0, self.t0 + self.rows)


__all__ = ["CAUSES", "Simulation"]
