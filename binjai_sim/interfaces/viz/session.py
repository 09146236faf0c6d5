"""One browser tab's workshop: the two cities in force, stepped one request at a time.

Every click on a step button is one message from the browser; the server handles a tab's
messages in order, so a click that arrives while a step is being drawn waits its turn and is
never dropped. The button is never disabled while stepping for the same reason (a click on a
disabled button is lost in the browser). Play runs in a thread; the lock keeps it and the
clicks from stepping the cities at the same time.
"""

from __future__ import annotations

import logging
import threading

from binjai_sim.interfaces.workshop import Config, Notice, Twin, folder
from binjai_sim.interfaces.workshop.city import build_error

log = logging.getLogger(__name__)


class Session:
    def __init__(self, config: Config | None = None):
        self.lock = threading.RLock()
        self.version = 0  # bumped on every change the page must draw
        self.error: Notice | None = None
        self.twin: Twin | None = None
        self.reset(config or Config(city=folder.default_city()))

    @property
    def notices(self) -> list[Notice]:
        found = list(self.twin.notices) if self.twin else []
        return found + ([self.error] if self.error else [])

    @property
    def finished(self) -> bool:
        return self.twin is None or self.twin.finished

    def reset(self, config: Config) -> None:
        """Build both cities again from ``config``, at the start of the horizon."""
        with self.lock:
            self.error = None
            try:
                self.twin = Twin(config)
            except Exception as exc:  # noqa: BLE001 - one sentence in the page, the cause in the server log
                log.exception("workshop: cannot build the cities")
                self.error = build_error(exc)
            self.version += 1

    def step(self, months: int = 1) -> int:
        """Advance both cities; the months actually advanced (none past the horizon)."""
        with self.lock:
            if self.twin is None:
                return 0
            try:
                done = self.twin.step(months)
            except Exception as exc:  # noqa: BLE001
                log.exception("workshop: a step failed")
                self.error = build_error(exc)
                done = 0
            self.version += 1
            return done
