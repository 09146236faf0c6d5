"""Imported by the multiprocessing forkserver at start-up (``set_forkserver_preload``) and by
nothing else: the forkserver then gets SIGTERM when the coordinator that started it dies."""

from .procguard import set_parent_death_signal

set_parent_death_signal()
