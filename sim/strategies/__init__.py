"""Strategies: small objects that act on the model through its mechanisms each month."""

from .base import Levers, Strategy
from .registry import REGISTRY, build_strategies

__all__ = ["Levers", "REGISTRY", "Strategy", "build_strategies"]
