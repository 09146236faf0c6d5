"""The report as it may be shown: every text in it (names, labels, sources, app names from the
run's files) passed through ``binjai_sim.base.i18n.plain``, so that no name drives a terminal, hides itself
behind bidi overrides or carries characters a workbook cannot hold."""

from __future__ import annotations

import dataclasses

from binjai_sim.base.i18n import plain


def printable(node):
    """``node`` (a Report, or any part of one) with every string made plain; images untouched."""
    if isinstance(node, str):
        return plain(node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return dataclasses.replace(node, **{f.name: printable(getattr(node, f.name))
                                            for f in dataclasses.fields(node) if f.init})
    if isinstance(node, list):
        return [printable(item) for item in node]
    if isinstance(node, tuple):
        return tuple(printable(item) for item in node)
    if isinstance(node, dict):
        return {printable(k): printable(v) for k, v in node.items()}
    return node
