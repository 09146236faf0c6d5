"""Strategies: small objects that act on the model through its levers and state each month.

The catalogue is the project's own: the study groups its 15 recommended strategies into political,
resources and institutional ones without listing them in the source available to the project.
Everything that counts or lists the strategies, their levers or their texts reads ``REGISTRY``
and ``LEVERS`` here.
"""

from . import institutional, political, resources  # noqa: F401 - registers the strategies
from .base import Strategy
from .levers import Lever, declared
from .registry import GROUPS, REGISTRY, build_strategies, expand, in_catalogue_order, message_keys

LEVERS: tuple[Lever, ...] = declared()  # the Plan's lever fields, in the order declared

__all__ = ["GROUPS", "LEVERS", "REGISTRY", "Lever", "Strategy", "build_strategies", "expand", "in_catalogue_order",
           "message_keys"]
