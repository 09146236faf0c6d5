"""The ``validate`` command: which kind of file it is, and every problem in it."""

from __future__ import annotations

from ..errors import InputError
from ..i18n import t

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
    from .. import limits
    from ..scenario import load_scenario
    from ..yamlfile import read_yaml

    path = args.scenario
    from ..observations import is_observations

    if is_observations(path):
        from ..observations import load_observations, summary

        records = load_observations(path)
        print(t("observations.valid", path=path, records=len(records)))
        print("\n".join("  " + line for line in summary(records).splitlines()))
        return 0
    data = read_yaml(path, "file")
    kind = file_kind(data)
    if kind == "sweep":
        from ..sweep.spec import load_sweep

        sweep = load_sweep(path)
        spec = sweep.spec
        limits.check_scenario(sweep.base, path)
        estimate = limits.sweep_estimate(sweep, 1)
        limits.check_estimate(estimate, path, "method")
        print(f"{path}: OK - sweep '{spec.name}', {spec.method.name}, {len(spec.parameters)} parameters, "
              f"{estimate.runs} runs")
        from ..sweep.timing import wall_time_lines

        print("\n".join(wall_time_lines(sweep, estimate.memory_mb)))
        return 0
    if kind == "calibration targets":
        from ..calibrate.targets import load_targets

        targets, scenario_path = load_targets(path)
        load_scenario(scenario_path)
        print(f"{path}: OK - calibration targets for {scenario_path.name}")
        return 0
    if kind == "survey coefficients":
        from ..coefficients import load_coefficients

        load_coefficients(path)
        print(f"{path}: OK - survey coefficients of the five factors")
        return 0
    if kind is not None:
        print(f"{path}: a {kind} file; it is read through the scenario that names it, not on its own")
        return 0
    if isinstance(data, dict) and "name" not in data and "extends" not in data:
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
