"""The ``validate`` command: which kind of file it is, and every problem in it."""

from __future__ import annotations

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t

FILE_KINDS = (  # (kind, keys that identify it, what it needs); msg.validate.kind.<kind> names it
    ("sweep", {"base", "parameters"}, "'base' and 'parameters'"),
    ("calibration_targets", {"study_date", "apps"}, "'scenario', 'apps' and 'study_date'"),
    ("survey_coefficients", {"factors", "source"}, "'source', 'status' and 'factors'"),
    ("calibrated_parameters", {"parameters", "method"}, "'parameters'"),
)


def file_kind(data: object) -> str | None:
    """Which of the project's YAML files ``data`` looks like (None: a scenario, or nothing known)."""
    if isinstance(data, dict):
        for kind, keys, _ in FILE_KINDS:
            if keys <= data.keys():
                return kind
    return None


def cmd_validate(args) -> int:
    from binjai_sim.scenario.observations import is_observations
    from binjai_sim.scenario.yamlfile import read_yaml

    path = args.scenario
    from binjai_sim.interfaces.regionbook import is_region_workbook, validate_workbook

    if is_region_workbook(path):
        return validate_workbook(path)
    if is_observations(path):
        from binjai_sim.scenario.observations import load_observations, summary

        records = load_observations(path)
        print(t("observations.valid", path=path, records=len(records)))
        print("\n".join("  " + line for line in summary(records).splitlines()))
        return 0
    data = read_yaml(path, "file")
    kind = file_kind(data)
    if kind is not None:
        return _validate_other(path, kind)
    if isinstance(data, dict) and "name" not in data and "extends" not in data:
        keys = ", ".join(map(str, list(data)[:8])) or "none"
        raise InputError(path, None, t("msg.validate.not_a_scenario", keys=keys))
    return _validate_scenario(path)


def _validate_other(path, kind: str) -> int:
    """A sweep, calibration targets or survey coefficients file, each checked as its command reads it."""
    from binjai_sim.runs import limits
    from binjai_sim.scenario.load import load_scenario

    if kind == "sweep":
        from binjai_sim.analysis.sweep.spec import load_sweep
        from binjai_sim.analysis.sweep.timing import wall_time_lines

        sweep = load_sweep(path)
        spec = sweep.spec
        limits.check_scenario(sweep.base, path)
        estimate = limits.sweep_estimate(sweep, 1)
        limits.check_estimate(estimate, path, "method")
        print(t("msg.validate.sweep_ok", path=path, name=spec.name, method=spec.method.name,
                parameters=len(spec.parameters), runs=estimate.runs))
        print("\n".join(wall_time_lines(sweep, estimate.memory_mb)))
    elif kind == "calibration_targets":
        from binjai_sim.analysis.calibrate.targets import load_targets

        _, scenario_path = load_targets(path)
        load_scenario(scenario_path)
        print(t("msg.validate.targets_ok", path=path, scenario=scenario_path.name))
    elif kind == "survey_coefficients":
        from binjai_sim.scenario.coefficients import load_coefficients

        load_coefficients(path)
        print(t("msg.validate.coefficients_ok", path=path))
    else:
        print(t("msg.validate.read_through_scenario", path=path, kind=t(f"msg.validate.kind.{kind}")))
    return 0


def _validate_scenario(path) -> int:
    from binjai_sim.runs import limits
    from binjai_sim.scenario.load import load_scenario

    scenario = load_scenario(path)
    spec = scenario.spec
    limits.check_scenario(scenario, path)
    from binjai_sim.scenario.known import known_facts

    known_facts(scenario)  # bad known statuses are refused here too, before any run
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
