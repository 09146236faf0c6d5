"""Size caps checked before any work starts, so a command that cannot finish (or would exhaust
this machine's memory) is refused at once with its numbers (exit 2) instead of running for
hours or being killed.

Every cap has a default and an environment variable that replaces it (a whole number; the
variables are read when a command starts):

    BINJAI_SIM_MAX_RUNS       model runs in one command (replicates x scenarios, or sweep rows)
    BINJAI_SIM_MAX_MONTHS     months in a scenario's horizon
    BINJAI_SIM_MAX_AGENTS     citizen agents in one model (population / residents per agent)
    BINJAI_SIM_MAX_WORKERS    worker processes (--workers, --dask-local)
    BINJAI_SIM_MAX_MEMORY_MB  memory a command may plan to use (default: 80% of MemAvailable)
    BINJAI_SIM_MAX_APPS       apps in an inventory (binjai_sim/scenario/inventory.py; checked while the file is read)

Memory model (bytes), measured with ``benchmarks/measure_memory.py`` (peak RSS of real commands
in fresh processes, against these estimates; each estimate within a factor of 2, and
``tests/test_limits.py`` checks one):

- a process with the model imported: ~190 MB (PROCESS_MB); each pool worker is one more;
- citizens: ~425 B per agent at Binjai's 32 apps (1:1 scale, 292k agents: +136 MB), taken as
  13 B per agent and app (CITIZEN_BYTES);
- ``run`` keeps every replicate's app table and writes it: 330 B per app-month (200 baseline
  replicates, 1.08 M app-months: 546 MB peak) (APP_MONTH_BYTES);
- ``compare`` keeps no app table: ~500 B per month and run (series and events);
- a sweep streams its runs to disk but reads them all back for the analysis, and SALib holds the
  sample matrix: ~600 B per run row plus 8 B per parameter.

Time (printed by ``validate``, rough), on one core of the 2-core development machine: 0.45 ms per
model month, 1.7 ns per agent, app and month (55 ns per agent-month at Binjai's 32 apps) and
2.9 ns per month and pair of apps (baseline: 0.1 s per run, 2.8 s at 1:1 scale); 0.12 s more per
sweep run. The apps terms were measured with ``benchmarks/bench_apps.py``: one
run of the baseline with 1,000 / 3,000 / 10,000 apps took 1.2 / 6.3 / 55 s (estimates 1.4 / 7.0 /
57 s; before the apps terms every estimate was 0.1 s).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from binjai_sim.base.errors import InputError, env_cap
from binjai_sim.base.i18n import number, t

MAX_RUNS = 2_000_000  # about two days of baseline runs on 2 cores
MAX_MONTHS = 1200  # 100 years
MAX_AGENTS = 5_000_000  # ~17 times Binjai at one agent per resident; ~2 GB per model
MAX_WORKERS_PER_CORE = 2  # more processes than this only add memory and switching
MEMORY_SHARE = 0.8  # of MemAvailable: leave room for the rest of the machine
FALLBACK_MEMORY_MB = 4096  # when /proc/meminfo cannot be read

PROCESS_MB = 190
CITIZEN_BYTES = 13  # per agent and app
APP_MONTH_BYTES = 330
COMPARE_MONTH_BYTES = 500
SWEEP_ROW_BYTES = 600
SECONDS_PER_MONTH = 0.00045
SECONDS_PER_AGENT_APP_MONTH = 1.7e-9
SECONDS_PER_APP_PAIR_MONTH = 2.9e-9  # the time per month grows with the square of the apps (measured)
SWEEP_RUN_SECONDS = 0.12  # a sweep run also rebuilds and revalidates its scenario (Sobol example: 0.21 s a run)

MB = 1024 * 1024


def _cap(name: str, default: int) -> int:
    return env_cap(name, default)


def available_mb() -> int:
    """The memory a command may plan to use: a share of MemAvailable, or the override."""
    default = FALLBACK_MEMORY_MB
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    default = int(int(line.split()[1]) / 1024 * MEMORY_SHARE)
                    break
    except (OSError, ValueError, IndexError):
        pass
    return _cap("MAX_MEMORY_MB", default)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: Linux carries that over an
    exec from the (v)forked parent, so a child of a large process reports the parent's peak."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def max_workers() -> int:
    return _cap("MAX_WORKERS", MAX_WORKERS_PER_CORE * (os.cpu_count() or 1))


@dataclass
class Estimate:
    runs: int
    months: int  # per run
    agents: int  # per model
    memory_mb: float
    seconds: float  # on one core

    def describe(self, workers: int = 1) -> str:
        time = self.seconds / max(1, workers)
        return (t("limits.describe", runs=number(self.runs), months=number(self.months), agents=number(self.agents),
                  memory=number(self.memory_mb), time=duration(time))
                + (t("limits.on_workers", workers=workers) if workers > 1 else t("limits.on_one_core")))


def duration(seconds: float) -> str:
    if seconds < 120:
        return t("limits.seconds", n=f"{seconds:.0f}")
    if seconds < 7200:
        return t("limits.minutes", n=f"{seconds / 60:.0f}")
    if seconds < 172800:
        return t("limits.hours", n=number(seconds / 3600, 1))
    return t("limits.days", n=number(seconds / 86400))


def _model(scenario, scale: int | None) -> tuple[int, int, int, float]:
    """Months, agents, apps and the memory (bytes) of one model of ``scenario``."""
    spec = scenario.spec
    months = spec.horizon.end - spec.horizon.start + 1
    per_agent = scale or spec.city.residents_per_agent
    agents = -(-spec.city.population // per_agent)
    apps = max(1, len(scenario.inventory))
    recorder = months * apps * 100  # int8 status, 6 float64 columns and 5 factors per app-month
    return months, agents, apps, agents * apps * CITIZEN_BYTES + recorder


def _seconds(runs: int, months: int, agents: int, apps: int) -> float:
    return runs * months * (SECONDS_PER_MONTH + agents * apps * SECONDS_PER_AGENT_APP_MONTH
                            + apps * apps * SECONDS_PER_APP_PAIR_MONTH)


def _processes_mb(workers: int, model_bytes: float) -> float:
    """The coordinator plus its workers, each holding one model while it runs."""
    extra = workers if workers > 1 else 0
    return PROCESS_MB * (1 + extra) + model_bytes / MB * max(1, extra)


def run_estimate(scenario, replicates: int, scale: int | None, workers: int, keep_apps: bool = True) -> Estimate:
    months, agents, apps, model = _model(scenario, scale)
    per_run = months * apps * APP_MONTH_BYTES if keep_apps else months * COMPARE_MONTH_BYTES
    memory = _processes_mb(workers, model) + replicates * per_run / MB
    return Estimate(replicates, months, agents, memory, _seconds(replicates, months, agents, apps))


def sweep_rows(spec) -> int:
    """Sample points of a sweep, computed without sampling (SALib's own formulas)."""
    if spec.method.name == "latin":
        return spec.method.n
    grouped = {p.analysis_group or p.label for p in spec.parameters}
    d = len(grouped) if any(p.analysis_group for p in spec.parameters) else len(spec.parameters)
    if spec.method.name == "sobol":
        return spec.method.n * ((2 * d + 2) if spec.method.second_order else (d + 2))
    return spec.method.trajectories * (d + 1)


def sweep_estimate(sweep, workers: int) -> Estimate:
    spec = sweep.spec
    rows = sweep_rows(spec)
    runs = rows * spec.replicates
    months, agents, apps, model = _model(sweep.base, None)
    memory = (_processes_mb(workers, model) + runs * SWEEP_ROW_BYTES / MB
              + rows * len(spec.parameters) * 8 / MB)
    return Estimate(runs, months, agents, memory, _seconds(runs, months, agents, apps) + runs * SWEEP_RUN_SECONDS)


def check_scenario(scenario, label: object, scale: int | None = None) -> None:
    """Horizon and model size of one scenario (the schema bounds each value, not their product)."""
    months, agents, _, _ = _model(scenario, scale)
    cap = _cap("MAX_MONTHS", MAX_MONTHS)
    if months > cap:
        raise InputError(label, "horizon", t("limits.months", months=f"{months:,}", cap=f"{cap:,}"))
    cap = _cap("MAX_AGENTS", MAX_AGENTS)
    if agents > cap:
        option = "--scale" if scale else "city.residents_per_agent"
        raise InputError(label, "city.population", t("limits.agents", agents=f"{agents:,}",
                                                     population=f"{scenario.spec.city.population:,}", option=option,
                                                     scale=scale or scenario.spec.city.residents_per_agent,
                                                     cap=f"{cap:,}"))


def check_workers(workers: int | None, option: str = "--workers") -> None:
    if workers is None:
        return
    cap = max_workers()
    if workers > cap:
        raise InputError(None, option, t("limits.workers", workers=f"{workers:,}", cap=cap,
                                         per_core=MAX_WORKERS_PER_CORE))


def check_estimate(estimate: Estimate, label: object, what: str) -> None:
    """Refuse an estimate over the run cap or the memory this machine can give."""
    cap = _cap("MAX_RUNS", MAX_RUNS)
    if estimate.runs > cap:
        raise InputError(label, what, t("limits.runs", runs=f"{estimate.runs:,}", cap=f"{cap:,}"))
    memory = available_mb()
    if estimate.memory_mb > memory:
        raise InputError(label, what, t("limits.memory", memory=f"{estimate.memory_mb:,.0f}",
                                        runs=f"{estimate.runs:,}", cap=f"{memory:,}"))
