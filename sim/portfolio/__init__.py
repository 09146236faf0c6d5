"""The cheapest robust package of strategies under a budget (``binjai-sim plan-package``)."""

from .plan import Plan, plan_package
from .target import Target, parse_budget, parse_target

__all__ = ["Plan", "Target", "parse_budget", "parse_target", "plan_package"]
