"""Strategies: small objects that act on the model through its levers and state each month.

The fifteen strategies are the project's own catalogue: the study groups its 15 recommended
strategies into political, resource and institutional ones without listing them in the source
available to the project.
"""

from . import institutional, political, resources  # noqa: F401 - registers the strategies
from .base import LEVERS, Strategy
from .registry import REGISTRY, build_strategies

__all__ = ["LEVERS", "REGISTRY", "Strategy", "build_strategies"]
