"""The cheapest robust package of strategies under a budget (``binjai-sim plan-package``):
``plan_package`` (binjai_sim.analysis.portfolio.plan) searches,
``write_plan`` (binjai_sim.analysis.portfolio.output) writes."""

__all__ = ["Plan", "Target", "parse_budget", "parse_target", "plan_package"]


def __getattr__(name: str):
    # loaded on first use, so that the command's parser (binjai_sim.analysis.portfolio.command) stays light
    if name in ("Plan", "plan_package"):
        from . import plan

        return getattr(plan, name)
    if name in ("Target", "parse_budget", "parse_target"):
        from . import target

        return getattr(target, name)
    raise AttributeError(name)
